"""The embedded run survives the death of one of its processes (``manage.py run_all``).

Regression test for issue 12, defect 3: killing the worker used to take the web server and the
scheduler down with it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from smedt.taskqueue.supervisor import Program, Supervisor, backoff_seconds
from smedt.taskqueue.tests.tasks_for_tests import read_lines, record


def wait_for(condition: Callable[[], object], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_backoff_doubles_up_to_the_cap() -> None:
    assert [backoff_seconds(n, base=1, cap=30) for n in range(8)] == [0, 1, 2, 4, 8, 16, 30, 30]


def test_a_crashing_program_is_restarted_with_backoff_while_the_other_keeps_running(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given a supervisor with a long-running program and one that exits at once
    sleeper = Program(name="sleeper", argv=[sys.executable, "-c", "import time; time.sleep(60)"])
    crasher = Program(name="crasher", argv=[sys.executable, "-c", "raise SystemExit(3)"])
    supervisor = Supervisor(
        [sleeper, crasher], backoff_base=0.1, backoff_cap=0.4, stable_seconds=30, poll_interval=0.02
    )
    caplog.set_level("INFO", logger="smedt.supervisor")
    thread = threading.Thread(target=supervisor.run)
    thread.start()
    try:
        wait_for(lambda: supervisor.pids()["sleeper"] is not None, timeout=10, what="the sleeper to start")
        sleeper_pid = supervisor.pids()["sleeper"]
        # when the crasher has died several times
        wait_for(lambda: supervisor.children[1].restarts >= 4, timeout=20, what="four restarts")
        # then the sleeper was never touched
        assert supervisor.pids()["sleeper"] == sleeper_pid
    finally:
        supervisor.stop()
        thread.join(timeout=30)
    assert not thread.is_alive()
    # and each death was logged with its exit code and the growing delay before the restart
    exits = [r.getMessage() for r in caplog.records if "exited with code 3" in r.getMessage()]
    assert len(exits) >= 4
    assert "in 0 s" in exits[0]  # 0.1 s, rounded
    assert any("restart 4 in 0 s" in m for m in exits)
    assert supervisor.children[1].failures >= 4
    # and stopping the supervisor stopped the sleeper
    assert supervisor.pids() == {"sleeper": None, "crasher": None}
    with pytest.raises(ProcessLookupError):
        os.kill(sleeper_pid or 0, 0)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _started_pids(log: Path, name: str) -> list[int]:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return [int(pid) for pid in re.findall(rf"\b{name} started \(pid (\d+)\)", text)]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - a local test server
            return int(resp.status)
    except Exception:
        return 0


@pytest.mark.django_db(transaction=True)
def test_killed_worker_is_restarted_while_web_and_scheduler_keep_serving(
    effects: str, tmp_path: Path, subprocess_env: dict[str, str], manage_cmd: list[str]
) -> None:
    # given the whole embedded stack on a free port and this test's database
    port = _free_port()
    log_path = tmp_path / "run_all.log"
    health = f"http://127.0.0.1:{port}/api/health/live"
    with open(log_path, "wb") as log:
        stack = subprocess.Popen(
            [
                *manage_cmd,
                "run_all",
                "--port",
                str(port),
                "--web-workers",
                "1",
                "--worker-arg=--no-startup-delay",
                "--worker-arg=--interval=0.1",
            ],
            env=subprocess_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: _get(health) == 200, timeout=90, what="the web server")
        wait_for(lambda: _started_pids(log_path, "worker"), timeout=30, what="the worker")
        [worker_pid] = _started_pids(log_path, "worker")
        [web_pid] = _started_pids(log_path, "web")
        [scheduler_pid] = _started_pids(log_path, "scheduler")

        # when the worker is killed outright
        os.kill(worker_pid, signal.SIGKILL)

        # then the web server keeps answering every request while the worker is down and restarted
        answers: list[int] = []
        deadline = time.monotonic() + 60
        while len(_started_pids(log_path, "worker")) < 2 and time.monotonic() < deadline:
            answers.append(_get(health))
            time.sleep(0.1)
        assert len(_started_pids(log_path, "worker")) == 2, log_path.read_text()
        assert answers and set(answers) == {200}

        # and the restarted worker runs a task
        result = record.enqueue(effects, "after restart")
        wait_for(lambda: read_lines(effects) == ["after restart"], timeout=60, what="the task to run")
        wait_for(
            lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL,
            timeout=30,
            what="the task result",
        )

        # and neither the web server nor the scheduler was restarted; the death was logged
        assert _started_pids(log_path, "web") == [web_pid]
        assert _started_pids(log_path, "scheduler") == [scheduler_pid]
        text = log_path.read_text()
        assert f"worker (pid {worker_pid}) exited with signal {signal.SIGKILL.value}" in text
    finally:
        # when the stack is stopped, every process goes with it
        stack.send_signal(signal.SIGTERM)
        try:
            returncode = stack.wait(timeout=40)
        except subprocess.TimeoutExpired:
            stack.kill()
            returncode = stack.wait()
    assert returncode == 0, log_path.read_text()
    for pid in _started_pids(log_path, "web") + _started_pids(log_path, "worker"):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
