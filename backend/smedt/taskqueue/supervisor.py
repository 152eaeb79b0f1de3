"""A small process supervisor for the embedded run (``manage.py run_all`` / ``make run``).

Starts each program (web, worker, scheduler) as a child in its own process group and keeps it
running: a child that dies is started again after a backoff (1 s, 2 s, 4 s … up to 30 s; the
backoff resets once a run has lasted ``stable_seconds``) while the other children keep serving.
Every start, exit and restart is logged. SIGTERM / SIGINT stop all children (SIGTERM to the
group, SIGKILL after ``stop_timeout``) and then the supervisor itself.

Production uses systemd instead (``deploy/systemd/*.service``, ``Restart=on-failure``); this
module is the same policy for one machine without systemd. Standard library only.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import FrameType

logger = logging.getLogger("smedt.supervisor")

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Program:
    """One supervised command line."""

    name: str
    argv: Sequence[str]
    cwd: str | None = None
    env: dict[str, str] | None = None
    log_path: str | None = None  # append stdout and stderr there instead of the supervisor's own


@dataclass
class _Child:
    program: Program
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    failures: int = 0  # consecutive short-lived runs, drives the backoff
    restarts: int = 0
    next_start_at: float = 0.0
    history: list[int] = field(default_factory=list)  # pids, oldest first


def backoff_seconds(failures: int, *, base: float = 1.0, cap: float = 30.0) -> float:
    """Delay before the next start after ``failures`` consecutive short runs (0 → start at once)."""
    if failures <= 0:
        return 0.0
    return float(min(cap, base * 2 ** (failures - 1)))


def _die_with_parent() -> None:
    """In the child, before exec: own process group, and SIGTERM when the supervisor dies (Linux)."""
    os.setsid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervisor:
    """Run ``programs`` until stopped, restarting any that exits."""

    def __init__(
        self,
        programs: Sequence[Program],
        *,
        stable_seconds: float = 60.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        stop_timeout: float = 20.0,
        poll_interval: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        names = [p.name for p in programs]
        if len(set(names)) != len(names):
            raise ValueError("program names must be unique")
        self.children = [_Child(program=p) for p in programs]
        self.stable_seconds = stable_seconds
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.stop_timeout = stop_timeout
        self.poll_interval = poll_interval
        self.clock = clock
        self._stop = threading.Event()

    # ------------------------------------------------------------------ children

    def _start(self, child: _Child) -> None:
        program = child.program
        env = dict(os.environ if program.env is None else program.env)
        output = open(program.log_path, "ab") if program.log_path else None  # noqa: SIM115 - closed below
        try:
            child.process = subprocess.Popen(  # noqa: S603 - argv built by run_all, never from user input
                list(program.argv),
                cwd=program.cwd,
                env=env,
                preexec_fn=_die_with_parent,
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
            )
        except OSError as exc:
            child.process = None
            child.failures += 1
            delay = backoff_seconds(child.failures, base=self.backoff_base, cap=self.backoff_cap)
            child.next_start_at = self.clock() + delay
            logger.error("%s could not start (%s); retrying in %.0f s", program.name, exc, delay)
            return
        finally:
            if output is not None:
                output.close()  # the child holds its own descriptor
        child.started_at = self.clock()
        child.history.append(child.process.pid)
        logger.info("%s started (pid %d)", program.name, child.process.pid)

    def _reap(self, child: _Child, returncode: int) -> None:
        ran = self.clock() - child.started_at
        pid = child.process.pid if child.process else -1
        child.process = None
        child.restarts += 1
        child.failures = 0 if ran >= self.stable_seconds else child.failures + 1
        delay = backoff_seconds(child.failures, base=self.backoff_base, cap=self.backoff_cap)
        child.next_start_at = self.clock() + delay
        how = f"signal {-returncode}" if returncode < 0 else f"code {returncode}"
        logger.warning(
            "%s (pid %d) exited with %s after %.1f s; restart %d in %.0f s",
            child.program.name,
            pid,
            how,
            ran,
            child.restarts,
            delay,
        )

    def pids(self) -> dict[str, int | None]:
        return {c.program.name: (c.process.pid if c.process else None) for c in self.children}

    # ------------------------------------------------------------------ loop

    def step(self) -> None:
        """Reap exited children and start the ones whose backoff has elapsed."""
        now = self.clock()
        for child in self.children:
            if child.process is not None:
                code = child.process.poll()
                if code is not None:
                    self._reap(child, code)
            if child.process is None and now >= child.next_start_at and not self._stop.is_set():
                self._start(child)

    def run(self) -> int:
        """Supervise until ``stop()`` (or SIGTERM/SIGINT when run from the main thread)."""
        previous: dict[signal.Signals, object] = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.getsignal(sig)
                signal.signal(sig, self._on_signal)
        try:
            while not self._stop.is_set():
                self.step()
                self._stop.wait(self.poll_interval)
        finally:
            self.shutdown()
            for restored, handler in previous.items():
                signal.signal(restored, handler)  # type: ignore[arg-type]  # restoring what getsignal returned
        return 0

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        logger.info("received signal %d; stopping all programs", signum)
        self.stop()

    def stop(self) -> None:
        self._stop.set()

    def shutdown(self) -> None:
        """SIGTERM every child's process group, wait, then SIGKILL what is left."""
        running = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in running:
            assert child.process is not None
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                logger.warning("%s did not stop in %.0f s; killing it", child.program.name, self.stop_timeout)
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(child.process.pid, signal.SIGKILL)
                child.process.wait()
            logger.info("%s stopped", child.program.name)
            child.process = None
