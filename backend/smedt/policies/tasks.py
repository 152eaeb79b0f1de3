"""Thin background tasks: load by id, call one service. Idempotent."""

from __future__ import annotations

from smedt.policies.services.matching import match_run_execute, org_rematch
from smedt.taskqueue.retry import retrying_task


@retrying_task(max_attempts=3)
def run_matching(*, run_id: int) -> dict[str, int]:
    return match_run_execute(run_id=run_id)


@retrying_task(max_attempts=3)
def rematch_enterprise(*, org_id: int) -> int:
    return org_rematch(org_id=org_id)


def on_facts_changed(org_id: int) -> None:
    """Subscribed to 一企一档 changes: re-match the enterprise against the live policies in the background."""
    rematch_enterprise.enqueue(org_id=org_id)


@retrying_task(max_attempts=3)
def send_campaign(*, campaign_id: int) -> dict[str, int]:
    from smedt.policies.services.push import campaign_send

    return campaign_send(campaign_id=campaign_id)


@retrying_task(max_attempts=5)
def send_push_batch(*, campaign_id: int, first_id: int, last_id: int) -> dict[str, int]:
    from smedt.policies.services.push import campaign_send_batch

    return campaign_send_batch(campaign_id=campaign_id, first_id=first_id, last_id=last_id)
