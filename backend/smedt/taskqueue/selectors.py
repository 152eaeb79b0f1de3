"""Reads for the administrator's task screen (permission ``taskqueue.view_task``; tasks have no region scope)."""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from smedt.core.errors import NotFound, ValidationFailed
from smedt.taskqueue.errors import TaskqueueErrorCode
from smedt.taskqueue.models import TaskAttemptLog, WorkerHeartbeat

STATUS_LABELS = {
    TaskResultStatus.READY: "排队中",
    TaskResultStatus.RUNNING: "执行中",
    TaskResultStatus.SUCCESSFUL: "成功",
    TaskResultStatus.FAILED: "失败",
}


def _annotated() -> QuerySet[DBTaskResult[Any, Any]]:
    latest_failure = TaskAttemptLog.objects.filter(task_result=OuterRef("pk")).order_by("-attempt", "-id")
    return DBTaskResult.objects.annotate(
        last_failure_message=Subquery(latest_failure.values("message")[:1]),
        last_failure_at=Subquery(latest_failure.values("failed_at")[:1]),
        retry_id=F("manual_retry__retry_id"),
        retry_of_id=F("manual_retry_of__original_id"),
    )


def task_list(*, status: str | None = None, q: str | None = None) -> QuerySet[DBTaskResult[Any, Any]]:
    """All tasks, newest first, one query whatever the page size.

    ``q`` matches the task path, the arguments, or the exact task id. Each row carries
    ``last_failure_message`` / ``last_failure_at`` (the latest failed attempt, also for a
    task that later succeeded), ``retry_id`` (the task a manual retry created) and
    ``retry_of_id``; use ``task_attempts`` / ``task_last_error`` to present it.
    """
    qs = _annotated()
    if status:
        if status not in TaskResultStatus.values:
            raise ValidationFailed(
                code=TaskqueueErrorCode.INVALID_STATUS,
                message="任务状态不正确",
                details={"fields": {"status": "取值不在允许范围内"}, "allowed": list(TaskResultStatus.values)},
            )
        qs = qs.filter(status=status)
    term = (q or "").strip()
    if term:
        condition = Q(task_path__icontains=term) | Q(args_kwargs__icontains=term)
        with contextlib.suppress(ValueError):
            condition |= Q(pk=uuid.UUID(term))
        qs = qs.filter(condition)
    return qs.order_by("-enqueued_at", "-pk")


def task_get(*, task_result_id: str | uuid.UUID) -> DBTaskResult[Any, Any]:
    try:
        pk = task_result_id if isinstance(task_result_id, uuid.UUID) else uuid.UUID(str(task_result_id))
    except ValueError as exc:
        raise NotFound("任务不存在") from exc
    result = _annotated().filter(pk=pk).first()
    if result is None:
        raise NotFound("任务不存在")
    return result


def task_attempt_list(*, task_result: DBTaskResult[Any, Any]) -> QuerySet[TaskAttemptLog]:
    """The failed attempts of one task, first to last."""
    return TaskAttemptLog.objects.filter(task_result=task_result).order_by("attempt", "id")


def worker_list() -> QuerySet[WorkerHeartbeat]:
    return WorkerHeartbeat.objects.order_by("hostname", "pid")


# ---------------------------------------------------------------- presenting a row


def task_name(result: DBTaskResult[Any, Any]) -> str:
    """The function name, without importing the task (it may be gone)."""
    return str(result.task_path).rsplit(".", 1)[-1]


def task_attempts(result: DBTaskResult[Any, Any]) -> int:
    """Each claim by a worker appends its id, so this counts runs, including interrupted ones."""
    return len(result.worker_ids)


def task_run_after(result: DBTaskResult[Any, Any]) -> datetime | None:
    """When a waiting task may run next; None for "as soon as possible"."""
    return None if result.run_after == get_date_max() else result.run_after


def task_last_error(result: DBTaskResult[Any, Any]) -> str:
    """The error of a failed task (last line of its traceback), else that of its latest failed attempt."""
    if result.traceback:
        lines = [line for line in result.traceback.strip().splitlines() if line.strip()]
        if lines:
            return str(lines[-1].strip())
    return str(getattr(result, "last_failure_message", None) or "")
