"""Thin tasks: load by id, call one service. Idempotent (messages are de-duplicated)."""

from __future__ import annotations

from smedt.reviews.services.notifications import review_action_notify
from smedt.taskqueue.retry import retrying_task


@retrying_task()
def notify_review_action(*, action_id: int) -> int:
    return review_action_notify(action_id=action_id)
