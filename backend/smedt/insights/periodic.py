"""Scheduler jobs of the insights module (imported by run_scheduler)."""

from __future__ import annotations

from smedt.insights import summary
from smedt.taskqueue.scheduler import periodic


@periodic(summary.every_seconds(), name="insights.refresh_summary")
def refresh_summary() -> None:
    """Quick: enqueue the refresh; the worker does the GROUP BYs."""
    from smedt.insights.tasks import refresh_summary as task

    task.enqueue()
