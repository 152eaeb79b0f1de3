"""Periodic jobs of the cultivation library (run by the scheduler; idempotent)."""

from __future__ import annotations

from smedt.cultivation.tasks import sweep_expiry
from smedt.taskqueue.scheduler import periodic

EXPIRY_SWEEP_EVERY_SECONDS = 6 * 3600


@periodic(EXPIRY_SWEEP_EVERY_SECONDS, name="cultivation.expiry_sweep")
def enqueue_expiry_sweep() -> None:
    sweep_expiry.enqueue()
