"""Periodic jobs of the task queue itself (see ``scheduler.periodic``)."""

from __future__ import annotations

from smedt.taskqueue.scheduler import periodic
from smedt.taskqueue.services import tasks_reap_stale

REAP_EVERY_SECONDS = 30


@periodic(REAP_EVERY_SECONDS, name="taskqueue.reap_stale")
def reap_stale_tasks() -> None:
    tasks_reap_stale()
