"""A worker killed with SIGKILL mid-task: its heartbeat goes stale, the reaper re-queues, a second worker finishes."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings as SettingsWrapper

from smedt.taskqueue.models import TaskAttemptLog, WorkerHeartbeat
from smedt.taskqueue.services import tasks_reap_stale
from smedt.taskqueue.tests.tasks_for_tests import read_lines, slow_first_time

pytestmark = pytest.mark.django_db(transaction=True)

LEASE = 1.5
HEARTBEAT = 0.2


def wait_for(condition: Callable[[], object], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_task_of_a_killed_worker_is_requeued_and_completes_once_on_another_worker(
    effects: str,
    tmp_path: Path,
    settings: SettingsWrapper,
    subprocess_env: dict[str, str],
    manage_cmd: list[str],
) -> None:
    settings.SMEDT_TASK_LEASE_SECONDS = LEASE
    result = slow_first_time.enqueue(effects, 60.0)
    worker_opts = ["--no-startup-delay", "--interval", "0.05", "--heartbeat-interval", str(HEARTBEAT)]

    # given a worker process running the task
    with open(tmp_path / "worker1.log", "wb") as log:
        first = subprocess.Popen(
            [*manage_cmd, "run_worker", "--worker-id", "first", *worker_opts],
            env=subprocess_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: read_lines(effects) == ["start"], timeout=30, what="the task to start")

        # when the task outlives the lease while its worker is alive, it is not reaped
        time.sleep(LEASE + 0.5)
        assert tasks_reap_stale() == 0
        assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

        # when the worker is killed outright
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()

    # then its heartbeat stays behind, and once it is older than the lease the reaper re-queues the task
    assert WorkerHeartbeat.objects.filter(pk="first").exists()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    wait_for(lambda: tasks_reap_stale() == 1, timeout=LEASE + 10, what="the reaper to re-queue the task")
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY
    assert not WorkerHeartbeat.objects.filter(pk="first").exists()
    assert TaskAttemptLog.objects.get(task_result=row).worker_id == "first"

    # when a second worker runs what is ready
    second = subprocess.run(
        [*manage_cmd, "run_worker", "--worker-id", "second", "--batch", *worker_opts],
        env=subprocess_env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert second.returncode == 0, second.stdout.decode() + second.stderr.decode()

    # then the task completed once, on the second worker, which left no heartbeat behind
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["first", "second"]
    assert read_lines(effects) == ["start", "start", "done"]
    assert WorkerHeartbeat.objects.count() == 0


def test_worker_stopped_with_sigterm_exits_cleanly_and_removes_its_heartbeat(
    tmp_path: Path, subprocess_env: dict[str, str], manage_cmd: list[str]
) -> None:
    # given an idle worker process that has announced itself
    with open(tmp_path / "worker.log", "wb") as log:
        worker = subprocess.Popen(
            [*manage_cmd, "run_worker", "--worker-id", "polite", "--no-startup-delay", "--heartbeat-interval", "0.2"],
            env=subprocess_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: WorkerHeartbeat.objects.filter(pk="polite").exists(), timeout=30, what="the first heartbeat")

        # when it is asked to stop
        worker.send_signal(signal.SIGTERM)
        returncode = worker.wait(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    # then it exits normally and leaves nothing for the reaper
    assert returncode == 0, (tmp_path / "worker.log").read_text()
    assert not WorkerHeartbeat.objects.filter(pk="polite").exists()
