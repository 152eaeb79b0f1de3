"""A worker's heartbeat: a thread that keeps its ``WorkerHeartbeat`` row fresh while it lives."""

from __future__ import annotations

import logging
import os
import socket
import threading
from types import TracebackType

from django.db import connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from smedt.taskqueue.services import heartbeat_beat, heartbeat_delete

logger = logging.getLogger(__name__)

WORKER_ID_MAX = 64


def generate_worker_id() -> str:
    """Readable and unique: ``host-pid-random``, within django-tasks-db's 64 characters."""
    suffix = f"-{os.getpid()}-{get_random_string(8)}"
    host = socket.gethostname().split(".")[0] or "worker"
    return host[: WORKER_ID_MAX - len(suffix)] + suffix


class Heartbeat:
    """Beat once at start (in the caller's thread), then every ``interval`` seconds from a thread.

    The thread has its own database connection (Django's are per thread) and closes it on
    the way out. ``stop()`` deletes the row: a worker that exits gracefully leaves no task
    behind. A process killed outright leaves the row to go stale, which is what the
    reaper looks for.
    """

    def __init__(self, *, worker_id: str, interval: float) -> None:
        if interval <= 0:
            raise ValueError("heartbeat interval must be positive")
        self.worker_id = worker_id
        self.interval = interval
        self.hostname = socket.gethostname()
        self.pid = os.getpid()
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def beat(self) -> None:
        heartbeat_beat(worker_id=self.worker_id, hostname=self.hostname, pid=self.pid, started_at=self.started_at)

    def start(self) -> None:
        self.beat()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{self.worker_id}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.beat()
                except Exception:
                    # A database hiccup: drop the connection so the next beat opens a new one.
                    logger.exception("heartbeat of worker %s failed; retrying", self.worker_id)
                    connections.close_all()
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 30)
            self._thread = None
        try:
            heartbeat_delete(worker_id=self.worker_id)
        except Exception:
            logger.exception("could not delete the heartbeat of worker %s; the reaper will", self.worker_id)

    def __enter__(self) -> Heartbeat:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
