"""@retrying_task: a failure is retried on the same task row, with backoff, up to max_attempts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from smedt.taskqueue.models import FailureKind, TaskAttemptLog
from smedt.taskqueue.retry import policy_for_task_path, retrying_task
from smedt.taskqueue.services import retries_apply_pending, tasks_reap_stale
from smedt.taskqueue.tests.tasks_for_tests import always_fails, fails_with_backoff, flaky, read_lines, record

# Tests that run a worker commit for real (transaction=True), as a worker process would.
worker_test = pytest.mark.django_db(transaction=True)


@worker_test
def test_task_failing_twice_then_succeeding_ends_successful_after_three_attempts(
    effects: str, run_worker_batch: Callable[[], None]
) -> None:
    # given a task that fails on its first two attempts
    result = flaky.enqueue(effects, 2)

    # when a worker runs until nothing is ready
    run_worker_batch()

    # then the same task row succeeded on the third attempt, and both failures are on record
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.task_result.attempts == 3
    assert row.return_value == 3
    assert row.traceback == ""
    assert read_lines(effects) == ["attempt 1", "attempt 2", "attempt 3"]
    logs = list(TaskAttemptLog.objects.filter(task_result=row).order_by("attempt"))
    assert [(log.attempt, log.kind, log.message) for log in logs] == [
        (1, FailureKind.ERROR, "第 1 次失败"),
        (2, FailureKind.ERROR, "第 2 次失败"),
    ]
    assert all(log.retry_at is not None and not log.retry_pending for log in logs)
    assert "RuntimeError" in logs[0].traceback


@worker_test
def test_task_that_always_fails_stops_at_max_attempts_and_stays_failed(
    effects: str, run_worker_batch: Callable[[], None]
) -> None:
    # given a task that always raises, allowed three attempts
    result = always_fails.enqueue(effects)

    # when workers run (twice: the second finds nothing more to do)
    run_worker_batch()
    run_worker_batch()

    # then it ran three times and stays FAILED with its error and traceback
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == 3
    assert row.exception_class_path == "builtins.ValueError"
    assert "总是失败" in row.traceback
    assert read_lines(effects) == ["attempt"] * 3
    logs = list(TaskAttemptLog.objects.filter(task_result=row).order_by("attempt"))
    assert [log.retry_at is not None for log in logs] == [True, True, False]
    # and the reaper's sweep does not bring it back
    assert tasks_reap_stale() == 0
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED


@worker_test
def test_retry_waits_for_its_backoff(effects: str, run_worker_batch: Callable[[], None]) -> None:
    # given a task with a 60 s base delay that fails once
    before = timezone.now()
    result = fails_with_backoff.enqueue(effects)
    run_worker_batch()

    # then it waits, READY, 30–60 s in the future, and a worker does not run it early
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY
    assert before + timedelta(seconds=30) <= row.run_after <= timezone.now() + timedelta(seconds=60)
    assert row.exception_class_path == "builtins.ValueError"  # the last error shows while it waits
    run_worker_batch()
    assert read_lines(effects) == ["attempt"]


@pytest.mark.django_db
def test_retry_decided_by_a_worker_that_died_before_saving_the_failure_is_applied_by_the_sweep(effects: str) -> None:
    # given a failed attempt whose retry was recorded but never applied (the worker died in between)
    result = always_fails.enqueue(effects)
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("dead-worker")
    row.set_failed(ValueError("总是失败"))
    TaskAttemptLog.objects.create(
        task_result=row,
        attempt=1,
        worker_id="dead-worker",
        kind=FailureKind.ERROR,
        failed_at=timezone.now(),
        retry_at=timezone.now(),
        retry_pending=True,
    )

    # when the reaper sweeps (twice: idempotent)
    tasks_reap_stale()
    assert retries_apply_pending() == 0

    # then the task is READY again and the decision is spent
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert not TaskAttemptLog.objects.filter(retry_pending=True).exists()


@pytest.mark.django_db
def test_stale_retry_decision_is_dropped_not_applied(effects: str) -> None:
    # given a FAILED task on attempt 2 and a leftover decision about attempt 1
    result = always_fails.enqueue(effects)
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("w1")
    row.claim("w2")
    row.set_failed(ValueError("总是失败"))
    TaskAttemptLog.objects.create(
        task_result=row,
        attempt=1,
        kind=FailureKind.ERROR,
        failed_at=timezone.now(),
        retry_at=timezone.now(),
        retry_pending=True,
    )

    # when pending retries are applied
    assert retries_apply_pending() == 0

    # then the task stays FAILED
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert not TaskAttemptLog.objects.filter(retry_pending=True).exists()


def test_retry_policy_is_found_from_the_task_path() -> None:
    assert policy_for_task_path(flaky.module_path) is not None
    assert policy_for_task_path(flaky.module_path).attempts_allowed == 3  # type: ignore[union-attr]
    assert policy_for_task_path(record.module_path) is None
    assert policy_for_task_path("smedt.taskqueue.tests.no_such_module.task") is None


def test_retrying_task_refuses_to_wrap_a_task() -> None:
    with pytest.raises(TypeError):
        retrying_task()(record)  # type: ignore[arg-type]
