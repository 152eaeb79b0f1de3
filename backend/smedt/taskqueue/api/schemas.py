from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class TaskFilter(InSchema):
    status: str | None = Field(None, max_length=16, description="READY / RUNNING / SUCCESSFUL / FAILED")
    q: str | None = Field(None, max_length=100, description="任务名、参数或任务编号")


class TaskOut(Schema):
    id: UUID
    task_name: str
    task_path: str
    queue_name: str
    priority: int
    status: str
    status_label: str
    args: list[Any]
    kwargs: dict[str, Any]
    attempts: int
    last_error: str
    enqueued_at: datetime
    run_after: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    retry_id: UUID | None = Field(None, description="人工重试生成的新任务")
    retry_of_id: UUID | None = Field(None, description="本任务是哪个任务的人工重试")


class TaskAttemptOut(Schema):
    attempt: int
    worker_id: str
    kind: str
    kind_label: str
    exception_class_path: str
    message: str
    traceback: str
    started_at: datetime | None
    failed_at: datetime
    retry_at: datetime | None


class TaskDetailOut(TaskOut):
    worker_ids: list[str]
    exception_class_path: str
    traceback: str
    return_value: Any = None
    failed_attempts: list[TaskAttemptOut]


class WorkerOut(Schema):
    worker_id: str
    hostname: str
    pid: int
    started_at: datetime
    last_seen_at: datetime
    alive: bool = Field(..., description="最近心跳在租约时间内")
