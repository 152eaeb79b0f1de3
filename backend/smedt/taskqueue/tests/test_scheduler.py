"""run_scheduler: periodic jobs, the reaper among them, run by one active scheduler."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings as SettingsWrapper

from smedt.taskqueue.models import SchedulerLease
from smedt.taskqueue.scheduler import PeriodicJob, Scheduler, jobs_discover, periodic, registered_jobs
from smedt.taskqueue.services import scheduler_lease_acquire
from smedt.taskqueue.tests.tasks_for_tests import record

# The scheduler closes "old" connections after each job, which would end a test wrapped in a
# transaction: tests that run jobs use transaction=True.
job_test = pytest.mark.django_db(transaction=True)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@job_test
def test_scheduler_once_runs_the_reaper(effects: str, settings: SettingsWrapper) -> None:
    # given a task left RUNNING by a worker that never heartbeated, started before the lease
    settings.SMEDT_TASK_LEASE_SECONDS = 60
    row = DBTaskResult.objects.get(pk=record.enqueue(effects, "x").id)
    row.claim("vanished")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(seconds=61))

    # when the scheduler runs once
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)

    # then the reaper ran and the task is READY; the scheduler handed its lease back
    assert "taskqueue.reap_stale" in out.getvalue()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert SchedulerLease.objects.count() == 0


@job_test
def test_scheduler_once_does_nothing_while_another_holds_the_lease(effects: str) -> None:
    # given another scheduler holding a live lease
    assert scheduler_lease_acquire(holder="other", lease_seconds=60)
    row = DBTaskResult.objects.get(pk=record.enqueue(effects, "x").id)
    row.claim("vanished")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(days=1))

    # when this one runs once, then it stands by and the other's lease stays
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "another scheduler" in out.getvalue()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING
    assert SchedulerLease.objects.get().holder == "other"


@pytest.mark.django_db
def test_only_one_holder_until_the_lease_expires() -> None:
    now = timezone.now()
    assert scheduler_lease_acquire(holder="a", lease_seconds=30, now=now)
    assert not scheduler_lease_acquire(holder="b", lease_seconds=30, now=now + timedelta(seconds=10))
    assert scheduler_lease_acquire(holder="a", lease_seconds=30, now=now + timedelta(seconds=20))  # renewal
    assert not scheduler_lease_acquire(holder="b", lease_seconds=30, now=now + timedelta(seconds=45))
    assert scheduler_lease_acquire(holder="b", lease_seconds=30, now=now + timedelta(seconds=51))  # a went silent
    assert not scheduler_lease_acquire(holder="a", lease_seconds=30, now=now + timedelta(seconds=52))


@job_test
def test_jobs_run_when_due_and_a_failing_job_does_not_stop_the_others() -> None:
    calls: list[str] = []

    def boom() -> None:
        calls.append("boom")
        raise RuntimeError("job failed")

    clock = FakeClock()
    scheduler = Scheduler(
        jobs=[
            PeriodicJob(name="fast", every_seconds=10, func=lambda: calls.append("fast")),
            PeriodicJob(name="boom", every_seconds=10, func=boom),
            PeriodicJob(name="slow", every_seconds=60, func=lambda: calls.append("slow")),
        ],
        lease_seconds=120,
        clock=clock,
    )

    # every job runs on the first tick, a failure notwithstanding
    assert scheduler.tick() == ["fast", "boom", "slow"]
    clock.now += 5
    assert scheduler.tick() == []
    clock.now += 5
    assert scheduler.tick() == ["fast", "boom"]
    clock.now += 50
    assert scheduler.tick() == ["fast", "boom", "slow"]
    assert calls.count("slow") == 2
    scheduler.release()
    assert SchedulerLease.objects.count() == 0


def test_periodic_registers_a_job_and_discovery_finds_the_reaper() -> None:
    @periodic(15, name="tests.sample")
    def sample() -> None:
        pass

    try:
        assert any(job.name == "tests.sample" and job.every_seconds == 15 for job in registered_jobs())
        assert "taskqueue.reap_stale" in {job.name for job in jobs_discover()}
    finally:
        from smedt.taskqueue import scheduler

        scheduler._registry.pop("tests.sample", None)
