"""Apply a retry as soon as the worker has saved the failure of a ``@retrying_task``."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend

from smedt.taskqueue.services import retries_apply_pending

logger = logging.getLogger(__name__)


@receiver(task_finished, dispatch_uid="smedt.taskqueue.apply_retry")
def apply_retry_on_failure(sender: Any, task_result: TaskResult[Any], **kwargs: Any) -> None:
    if task_result.status != TaskResultStatus.FAILED:
        return
    if not (isinstance(sender, type) and issubclass(sender, DatabaseBackend)):
        return
    try:
        retries_apply_pending(task_result_id=task_result.id)
    except Exception:
        # Raising here would stop the worker; the reaper applies the retry later.
        logger.exception("could not re-queue task %s now; the reaper will", task_result.id)
