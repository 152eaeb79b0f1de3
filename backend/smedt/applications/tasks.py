"""Thin tasks: load by id, call one service. Idempotent (messages are de-duplicated per campaign)."""

from __future__ import annotations

from smedt.applications.services.campaigns import campaign_opened_notify
from smedt.taskqueue.retry import retrying_task


@retrying_task()
def campaign_opened_notify_task(*, campaign_id: int) -> int:
    return campaign_opened_notify(campaign_id)
