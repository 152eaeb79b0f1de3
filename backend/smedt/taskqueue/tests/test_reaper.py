"""tasks_reap_stale: a RUNNING task whose worker stopped heartbeating goes back to READY."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings as SettingsWrapper

from smedt.taskqueue.errors import WORKER_LOST_PATH
from smedt.taskqueue.models import FailureKind, TaskAttemptLog, WorkerHeartbeat
from smedt.taskqueue.services import heartbeat_beat, tasks_reap_stale
from smedt.taskqueue.tests.tasks_for_tests import flaky, record

pytestmark = pytest.mark.django_db

LEASE = 300


@pytest.fixture(autouse=True)
def _lease(settings: SettingsWrapper) -> None:
    settings.SMEDT_TASK_LEASE_SECONDS = LEASE
    settings.SMEDT_TASK_MAX_ATTEMPTS = 5


def running_task(effects: str, *, worker_id: str, started_at: datetime, retrying: bool = False) -> DBTaskResult:
    """A task claimed by ``worker_id`` at ``started_at``: a plain @task, or a @retrying_task(max_attempts=3)."""
    result = flaky.enqueue(effects, 0) if retrying else record.enqueue(effects, "x")
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=started_at)
    row.refresh_from_db()
    return row


def beat(worker_id: str, at: datetime) -> None:
    heartbeat_beat(worker_id=worker_id, hostname="host", pid=1, started_at=at, now=at)


def test_task_of_a_worker_with_a_fresh_heartbeat_is_left_alone(effects: str) -> None:
    # given a task started long ago by a worker that still beats
    now = timezone.now()
    row = running_task(effects, worker_id="alive", started_at=now - timedelta(hours=2))
    beat("alive", now - timedelta(seconds=10))

    # when the reaper runs, then nothing changes
    assert tasks_reap_stale(now=now) == 0
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING
    assert WorkerHeartbeat.objects.filter(pk="alive").exists()


def test_task_of_a_worker_with_a_stale_heartbeat_goes_back_to_ready(effects: str) -> None:
    # given a worker whose last beat is older than the lease
    now = timezone.now()
    row = running_task(effects, worker_id="dead", started_at=now - timedelta(seconds=LEASE + 60))
    beat("dead", now - timedelta(seconds=LEASE + 1))

    # when the reaper runs
    assert tasks_reap_stale(now=now) == 1

    # then the task is READY for the next worker, the lost run counts as an attempt,
    # the dead worker's heartbeat is gone, and the loss is on record
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.started_at is None
    assert row.worker_ids == ["dead"]
    assert not WorkerHeartbeat.objects.filter(pk="dead").exists()
    log = TaskAttemptLog.objects.get(task_result=row)
    assert (log.attempt, log.kind, log.worker_id) == (1, FailureKind.WORKER_LOST, "dead")
    assert log.retry_at == now

    # and running it again changes nothing (idempotent)
    assert tasks_reap_stale(now=now) == 0
    assert TaskAttemptLog.objects.count() == 1


def test_task_without_any_heartbeat_is_reaped_once_older_than_the_lease(effects: str) -> None:
    # given tasks claimed by a worker that never had a heartbeat (e.g. a plain db_worker)
    now = timezone.now()
    old = running_task(effects, worker_id="plain", started_at=now - timedelta(seconds=LEASE + 1))
    young = running_task(effects, worker_id="plain", started_at=now - timedelta(seconds=LEASE - 60))

    # when the reaper runs, then only the one older than the lease is reaped
    assert tasks_reap_stale(now=now) == 1
    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.status, young.status) == (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def test_task_on_its_last_attempt_fails_with_worker_lost(effects: str, settings: SettingsWrapper) -> None:
    # given a plain task that has already used all its attempts (it keeps killing its worker)
    settings.SMEDT_TASK_MAX_ATTEMPTS = 2
    now = timezone.now()
    row = running_task(effects, worker_id="w1", started_at=now - timedelta(seconds=LEASE + 1))
    row.claim("w2")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=now - timedelta(seconds=LEASE + 1))

    # when the reaper runs
    assert tasks_reap_stale(now=now) == 1

    # then it stays FAILED with a clear error instead of running again
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == WORKER_LOST_PATH
    assert "w2" in row.traceback
    assert TaskAttemptLog.objects.get(task_result=row).retry_at is None


def test_retrying_task_uses_its_own_attempt_limit(effects: str) -> None:
    # given a @retrying_task(max_attempts=3) lost on its third attempt
    now = timezone.now()
    row = running_task(effects, worker_id="w1", started_at=now, retrying=True)
    row.claim("w2")
    row.claim("w3")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=now - timedelta(seconds=LEASE + 1))

    # when the reaper runs, then its limit (3), not the setting (5), applies
    assert tasks_reap_stale(now=now) == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED


def test_dead_heartbeats_are_deleted_and_live_ones_kept() -> None:
    now = timezone.now()
    beat("gone", now - timedelta(seconds=LEASE + 1))
    beat("here", now)
    tasks_reap_stale(now=now)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["here"]
