"""Scheduler jobs of the reporting module (imported by run_scheduler)."""

from __future__ import annotations

from smedt.reporting import config
from smedt.taskqueue.scheduler import periodic


@periodic(3600, name="reporting.collect_outbox")
def collect_outbox_hourly() -> None:
    """Queue the hourly collection when a transport is configured (records nobody can send are not piled up)."""
    if config.national().transport == "off":
        return
    from smedt.reporting.tasks import collect_outbox

    collect_outbox.enqueue()
