"""``manage.py run_scheduler``: the one process that runs periodic jobs (the task reaper among them)."""

from __future__ import annotations

import signal
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from smedt.taskqueue.scheduler import Scheduler, jobs_discover

_SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s is not None)


class Command(BaseCommand):
    help = "Run periodic jobs; only one scheduler is active at a time (the others stand by)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between ticks (default: %(default)r)")
        parser.add_argument(
            "--lease-seconds",
            type=float,
            default=60.0,
            help="How long the active scheduler's lease lasts without renewal (default: %(default)r)",
        )
        parser.add_argument("--once", action="store_true", help="Run every job once (if the lease is free) and exit")

    def handle(self, *args: Any, interval: float, lease_seconds: float, once: bool, **options: Any) -> None:
        if interval <= 0 or lease_seconds <= 0:
            raise CommandError("--interval and --lease-seconds must be positive")
        if lease_seconds < 2 * interval:
            raise CommandError("--lease-seconds must be at least twice --interval, or the lease lapses between ticks")
        jobs = jobs_discover()
        scheduler = Scheduler(jobs=jobs, lease_seconds=lease_seconds)
        verbose = int(options.get("verbosity", 1)) >= 1
        if once:
            try:
                ran = scheduler.tick()
                active = scheduler.is_leader
            finally:
                scheduler.release()
            if verbose:
                if not jobs:
                    self.stdout.write("no periodic jobs registered")
                elif active:
                    self.stdout.write("ran: " + ", ".join(ran))
                else:
                    self.stdout.write("another scheduler holds the lease; nothing ran")
            return
        if verbose:
            names = ", ".join(f"{job.name} (every {job.every_seconds:g}s)" for job in jobs)
            self.stdout.write(f"scheduler {scheduler.holder}: {names}")

        def stop(signum: int, frame: FrameType | None) -> None:
            scheduler.stop()

        previous = {sig: signal.getsignal(sig) for sig in _SIGNALS}
        for sig in _SIGNALS:
            signal.signal(sig, stop)
        try:
            scheduler.run(interval=interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
