"""Stable error codes of the task queue, and the error recorded for a task whose worker vanished."""

from __future__ import annotations


class TaskqueueErrorCode:
    INVALID_STATUS = "taskqueue.invalid_status"
    NOT_FAILED = "taskqueue.not_failed"
    ALREADY_RETRIED = "taskqueue.already_retried"
    TASK_MISSING = "taskqueue.task_missing"


class WorkerLost(Exception):
    """Stored as the error of a task whose worker stopped heartbeating on its last allowed attempt."""


WORKER_LOST_PATH = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
