"""task_retry: an administrator re-enqueues a FAILED task as a new one, once, with an audit record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from smedt.audit.models import AuditRecord
from smedt.core.errors import Conflict, NotFound, PermissionDenied
from smedt.taskqueue.errors import TaskqueueErrorCode
from smedt.taskqueue.models import TaskManualRetry
from smedt.taskqueue.services import task_retry
from smedt.taskqueue.tests.tasks_for_tests import always_fails, read_lines, record

# run_ready_tasks works inside the test's transaction, so no test here needs transaction=True.
pytestmark = pytest.mark.django_db


def failed_task(effects: str, run_worker_batch: Callable[[], None]) -> DBTaskResult[Any, Any]:
    result = always_fails.enqueue(effects)
    run_worker_batch()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    return row


def test_sys_admin_retries_a_failed_task_as_a_new_one(
    sys_admin: Any, effects: str, run_worker_batch: Callable[[], None]
) -> None:
    # given a task that used up its attempts
    original = failed_task(effects, run_worker_batch)

    # when the administrator retries it
    retry = task_retry(task_result_id=str(original.pk), actor=sys_admin)

    # then a new task with the same arguments waits to run, linked to the original and audited
    assert retry.pk != original.pk
    assert retry.status == TaskResultStatus.READY
    assert retry.task_path == original.task_path
    assert retry.args_kwargs == original.args_kwargs
    assert retry.worker_ids == []
    link = TaskManualRetry.objects.get(original=original)
    assert (link.retry_id, link.requested_by_id) == (retry.pk, sys_admin.pk)
    audit = AuditRecord.objects.get(action="taskqueue.task_retry")
    assert audit.target_id == str(original.pk)
    assert audit.after["retry_id"] == str(retry.pk)

    # and it runs its own three attempts
    run_worker_batch()
    assert len(read_lines(effects)) == 6


def test_a_failed_task_is_retried_only_once(sys_admin: Any, effects: str, run_worker_batch: Callable[[], None]) -> None:
    original = failed_task(effects, run_worker_batch)
    retry = task_retry(task_result_id=original.pk, actor=sys_admin)

    with pytest.raises(Conflict) as exc:
        task_retry(task_result_id=original.pk, actor=sys_admin)

    assert exc.value.code == TaskqueueErrorCode.ALREADY_RETRIED
    assert exc.value.details["retry_id"] == str(retry.pk)


def test_only_a_failed_task_can_be_retried(sys_admin: Any, effects: str) -> None:
    waiting = DBTaskResult.objects.get(pk=record.enqueue(effects, "x").id)

    with pytest.raises(Conflict) as exc:
        task_retry(task_result_id=waiting.pk, actor=sys_admin)

    assert exc.value.code == TaskqueueErrorCode.NOT_FAILED
    assert DBTaskResult.objects.count() == 1


@pytest.mark.parametrize("task_result_id", ["7b0f7a5e-3c1d-4c39-9a49-6f1d2d0c2a11", "not-a-uuid"])
def test_unknown_task_is_not_found(sys_admin: Any, task_result_id: str) -> None:
    with pytest.raises(NotFound):
        task_retry(task_result_id=task_result_id, actor=sys_admin)


def test_user_without_the_permission_cannot_retry(
    city_admin: Any, outsider: Any, effects: str, run_worker_batch: Callable[[], None]
) -> None:
    original = failed_task(effects, run_worker_batch)

    for actor in (city_admin, outsider):
        with pytest.raises(PermissionDenied):
            task_retry(task_result_id=original.pk, actor=actor)

    assert DBTaskResult.objects.count() == 1
    assert not TaskManualRetry.objects.exists()
