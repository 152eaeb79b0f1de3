"""The operator's share of the 工作台: failed background tasks waiting for a look."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from smedt.core.workspace import Alert, WorkspacePart
from smedt.rbac.grants import user_grants

RECENT_DAYS = 7


def tasks_workspace(user: Any, limit: int) -> WorkspacePart:
    part = WorkspacePart()
    if user_grants(user).grant("taskqueue.view_task").empty:
        return part
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, enqueued_at__gte=since).count()
    part.counters["近 7 天失败任务"] = failed
    if failed:
        part.alerts.append(Alert("error", f"近 7 天有 {failed} 个后台任务失败，请查看原因并重试", "/system/tasks"))
    return part
