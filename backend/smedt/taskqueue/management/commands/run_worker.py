"""``manage.py run_worker``: django-tasks-db's ``db_worker`` with a heartbeat, so the reaper can tell it died.

All of ``db_worker``'s options apply (``--batch``, ``--queue-name``, ``--interval``,
``--max-tasks``, ``--worker-id`` …); the worker id defaults to ``host-pid-random``.
``--reload`` is refused: the heartbeat belongs to one process.
"""

from __future__ import annotations

import signal
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import valid_interval

from smedt.taskqueue.heartbeat import Heartbeat, generate_worker_id

_SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s is not None)


class Command(DBWorkerCommand):
    help = "Run a background task worker that sends heartbeats (stale tasks of dead workers are re-queued)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--heartbeat-interval",
            type=valid_interval,
            default=5.0,
            help="Seconds between heartbeats; keep well under SMEDT_TASK_LEASE_SECONDS (default: %(default)r)",
        )
        # Generated per process in handle(), not once at import as db_worker does.
        parser.set_defaults(worker_id=None, reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        if options.pop("reload"):
            raise CommandError("run_worker does not support --reload (a heartbeat belongs to one process)")
        interval: float = options.pop("heartbeat_interval")
        if interval <= 0:
            raise CommandError("--heartbeat-interval must be positive")
        if interval * 3 > settings.SMEDT_TASK_LEASE_SECONDS:
            self.stderr.write(
                f"warning: heartbeat every {interval}s is too slow for a lease of "
                f"{settings.SMEDT_TASK_LEASE_SECONDS}s; live tasks may be re-queued"
            )
        worker_id: str = options.pop("worker_id") or generate_worker_id()
        # db_worker installs its own signal handlers; give the caller's back afterwards.
        previous = {sig: signal.getsignal(sig) for sig in _SIGNALS}
        heartbeat = Heartbeat(worker_id=worker_id, interval=interval)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, reload=False, **options)
        finally:
            heartbeat.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
