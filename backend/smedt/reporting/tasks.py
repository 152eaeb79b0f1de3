"""Thin background tasks of the reporting module: load by id, call one service. Idempotent."""

from __future__ import annotations

from smedt.reporting import services
from smedt.taskqueue.retry import retrying_task


@retrying_task(max_attempts=6, base_delay=30, max_delay=3600)
def send_outbox_record(*, record_id: int) -> str:
    """Send one record; a temporary failure raises and is retried with exponential backoff (30 s … 1 h)."""
    return services.outbox_send_once(record_id=record_id)


@retrying_task(max_attempts=3)
def send_outbox_pending() -> dict[str, int]:
    """Send the queued records batch by batch; each record that fails for a while gets its own retrying task."""
    return services.outbox_send_pending()


@retrying_task(max_attempts=3)
def collect_outbox() -> dict[str, int]:
    return services.collect_all()


@retrying_task(max_attempts=2)
def compute_snapshot(*, snapshot_id: int) -> str:
    return services.snapshot_compute(snapshot_id=snapshot_id)
