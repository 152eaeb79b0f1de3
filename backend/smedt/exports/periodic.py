"""Scheduler jobs of the exports: the expired files are deleted (imported by run_scheduler)."""

from __future__ import annotations

from smedt.taskqueue.scheduler import periodic

EXPIRE_EVERY_SECONDS = 3600


@periodic(EXPIRE_EVERY_SECONDS, name="exports.expire")
def expire_exports() -> None:
    """Quick: enqueue the cleanup; the worker deletes the files."""
    from smedt.exports.tasks import expire_exports as task

    task.enqueue()
