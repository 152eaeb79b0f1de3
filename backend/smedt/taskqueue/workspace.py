"""The operator's share of the 工作台: failed background tasks to look into (a to-do each, newest first)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from smedt.core.workspace import Alert, WorkItem, WorkspacePart
from smedt.rbac.grants import user_grants
from smedt.taskqueue.selectors import task_name

RECENT_DAYS = 7


def tasks_workspace(user: Any, limit: int) -> WorkspacePart:
    part = WorkspacePart()
    if user_grants(user).grant("taskqueue.view_task").empty:
        return part
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, enqueued_at__gte=since)
    rows = list(failed.order_by("-enqueued_at")[:limit])
    for r in rows:
        part.todos.append(
            WorkItem(
                kind="后台任务",
                title=task_name(r),
                status_label="失败",
                link="/system/tasks",
                at=r.finished_at or r.enqueued_at,
                action="查看原因并重试",
            )
        )
    total = failed.count() if rows else 0
    part.counters["近 7 天失败任务"] = total
    if total:
        part.alerts.append(Alert("error", f"近 7 天有 {total} 个后台任务失败，请查看原因并重试", "/system/tasks"))
    return part
