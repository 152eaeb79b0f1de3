"""后台任务 screen: list and inspect tasks, see live workers, retry a failed task."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from ninja import Query, Router

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.rbac.services import require
from smedt.taskqueue.api.schemas import TaskDetailOut, TaskFilter, TaskOut, WorkerOut
from smedt.taskqueue.models import FailureKind, TaskAttemptLog
from smedt.taskqueue.selectors import (
    STATUS_LABELS,
    task_attempt_list,
    task_attempts,
    task_get,
    task_last_error,
    task_list,
    task_name,
    task_run_after,
    worker_list,
)
from smedt.taskqueue.services import lease_seconds, task_retry

router = Router(tags=["后台任务"])


def task_out(row: DBTaskResult[Any, Any]) -> dict[str, Any]:
    return {
        "id": row.pk,
        "task_name": task_name(row),
        "task_path": row.task_path,
        "queue_name": row.queue_name,
        "priority": row.priority,
        "status": row.status,
        "status_label": STATUS_LABELS.get(row.status, row.status),
        "args": row.args_kwargs.get("args", []),
        "kwargs": row.args_kwargs.get("kwargs", {}),
        "attempts": task_attempts(row),
        "last_error": task_last_error(row),
        "enqueued_at": row.enqueued_at,
        "run_after": task_run_after(row),
        "started_at": row.started_at,
        "finished_at": row.finished_at,
        "retry_id": getattr(row, "retry_id", None),
        "retry_of_id": getattr(row, "retry_of_id", None),
    }


def attempt_out(log: TaskAttemptLog) -> dict[str, Any]:
    return {
        "attempt": log.attempt,
        "worker_id": log.worker_id,
        "kind": log.kind,
        "kind_label": FailureKind(log.kind).label,
        "exception_class_path": log.exception_class_path,
        "message": log.message,
        "traceback": log.traceback,
        "started_at": log.started_at,
        "failed_at": log.failed_at,
        "retry_at": log.retry_at,
    }


@router.get("", response=Page[TaskOut])
def tasks(request: HttpRequest, filters: Query[TaskFilter], page: Query[PageParams]) -> dict[str, Any]:
    require(request_user(request), "taskqueue.view_task")
    return paginate(
        task_list(status=filters.status, q=filters.q),
        page,
        allowed_ordering=("enqueued_at", "started_at", "finished_at", "priority", "status"),
        default_ordering=("-enqueued_at",),
        transform=lambda rows: [task_out(r) for r in rows],
    )


@router.get("/workers", response=list[WorkerOut])
def workers(request: HttpRequest) -> list[dict[str, Any]]:
    require(request_user(request), "taskqueue.view_task")
    cutoff = timezone.now() - timedelta(seconds=lease_seconds())
    return [
        {
            "worker_id": w.worker_id,
            "hostname": w.hostname,
            "pid": w.pid,
            "started_at": w.started_at,
            "last_seen_at": w.last_seen_at,
            "alive": w.last_seen_at >= cutoff,
        }
        for w in worker_list()
    ]


@router.get("/{uuid:task_id}", response=TaskDetailOut)
def task_detail(request: HttpRequest, task_id: UUID) -> dict[str, Any]:
    require(request_user(request), "taskqueue.view_task")
    row = task_get(task_result_id=task_id)
    return {
        **task_out(row),
        "worker_ids": row.worker_ids,
        "exception_class_path": row.exception_class_path,
        "traceback": row.traceback,
        "return_value": row.return_value,
        "failed_attempts": [attempt_out(log) for log in task_attempt_list(task_result=row)],
    }


@router.post("/{uuid:task_id}/retry", response={201: TaskOut})
def task_retry_view(request: HttpRequest, task_id: UUID) -> tuple[int, dict[str, Any]]:
    retry = task_retry(task_result_id=task_id, actor=request_user(request))
    return 201, task_out(task_get(task_result_id=retry.pk))
