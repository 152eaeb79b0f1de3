"""Periodic jobs: a registry (``@periodic``) and the loop ``run_scheduler`` drives.

An app declares jobs in its ``periodic.py`` (imported by ``run_scheduler`` at start)::

    from smedt.taskqueue.scheduler import periodic

    @periodic(3600, name="notify.send_reminders")
    def send_reminders() -> None:
        reminders_enqueue_due()   # quick: look up what is due and enqueue tasks

A job runs in the scheduler process, so keep it short and let it enqueue tasks for the
real work. Like tasks, jobs must be idempotent: the schedule lives in memory, so a
restarted or newly elected scheduler runs every job at once, and when a scheduler stalls
past its lease another one takes over and may run a job a second time.

Only one scheduler is active: it holds a row lease (``SchedulerLease``) renewed before
every job; others wait on standby and take over once it expires. That works the same on
SQLite and PostgreSQL (compare-and-set under a row lock / SQLite's write lock). Hosts'
clocks must agree to well under the lease.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django.utils.module_loading import autodiscover_modules

from smedt.taskqueue.services import scheduler_lease_acquire, scheduler_lease_release

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[[], object])


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: float
    func: Callable[[], object]


_registry: dict[str, PeriodicJob] = {}


def periodic(every_seconds: float, *, name: str | None = None) -> Callable[[F], F]:
    """Register ``func`` to run every ``every_seconds`` in the active scheduler."""
    if every_seconds <= 0:
        raise ValueError("every_seconds must be positive")

    def decorator(func: F) -> F:
        job_name = name or f"{func.__module__}.{func.__qualname__}"
        _registry[job_name] = PeriodicJob(name=job_name, every_seconds=float(every_seconds), func=func)
        return func

    return decorator


def registered_jobs() -> list[PeriodicJob]:
    return sorted(_registry.values(), key=lambda job: job.name)


def jobs_discover() -> list[PeriodicJob]:
    """Import every installed app's ``periodic`` module, then list what they registered."""
    autodiscover_modules("periodic")
    return registered_jobs()


def generate_holder_id() -> str:
    return f"{socket.gethostname()[:80]}-{os.getpid()}-{get_random_string(8)}"


class Scheduler:
    """Runs due jobs while it holds the lease. ``clock`` is monotonic seconds (a test can fake it)."""

    def __init__(
        self,
        *,
        jobs: Iterable[PeriodicJob],
        lease_seconds: float,
        holder: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.jobs = list(jobs)
        self.lease_seconds = lease_seconds
        self.holder = holder or generate_holder_id()
        self.clock = clock
        self.is_leader = False
        self._last_run: dict[str, float] = {}
        self._stop = threading.Event()

    def _hold_lease(self) -> bool:
        try:
            held = scheduler_lease_acquire(holder=self.holder, lease_seconds=self.lease_seconds)
        except Exception:
            logger.exception("scheduler %s could not reach the lease; standing by", self.holder)
            close_old_connections()
            held = False
        if held != self.is_leader:
            logger.info("scheduler %s is now %s", self.holder, "active" if held else "on standby")
        if not held:
            # Whoever held the lease ran the jobs meanwhile; on taking over, run them all.
            self._last_run.clear()
        self.is_leader = held
        return held

    def tick(self) -> list[str]:
        """Run every job that is due; return their names."""
        ran: list[str] = []
        for job in self.jobs:
            if self._stop.is_set():
                break
            last = self._last_run.get(job.name)
            if last is not None and self.clock() - last < job.every_seconds:
                continue
            if not self._hold_lease():
                break
            self._last_run[job.name] = self.clock()
            try:
                job.func()
            except Exception:
                logger.exception("periodic job %s failed", job.name)
            finally:
                close_old_connections()
            ran.append(job.name)
        return ran

    def run(self, *, interval: float) -> None:
        """Tick every ``interval`` seconds until ``stop()``; hand the lease over on the way out."""
        try:
            while not self._stop.is_set():
                self._hold_lease()
                if self.is_leader:
                    self.tick()
                self._stop.wait(interval)
        finally:
            self.release()

    def stop(self) -> None:
        self._stop.set()

    def release(self) -> None:
        if not self.is_leader:
            return
        try:
            scheduler_lease_release(holder=self.holder)
        except Exception:
            logger.exception("scheduler %s could not release its lease; it will expire", self.holder)
        self.is_leader = False
