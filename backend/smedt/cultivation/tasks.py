"""Thin background tasks: load by id, call one service. Idempotent."""

from __future__ import annotations

from smedt.cultivation.services.library import expiry_sweep
from smedt.cultivation.services.self_assessment import self_assessment_refresh
from smedt.taskqueue.retry import retrying_task


@retrying_task(max_attempts=3)
def refresh_self_assessment(*, org_id: int) -> int | None:
    return self_assessment_refresh(org_id=org_id)


@retrying_task(max_attempts=3)
def sweep_expiry() -> dict[str, int]:
    return expiry_sweep()


def on_facts_changed(org_id: int) -> None:
    """Subscribed to 一企一档 changes: recompute the enterprise's self-assessment in the background."""
    refresh_self_assessment.enqueue(org_id=org_id)
