"""Thin background tasks: load by id, call one service. Idempotent (dedupe key per timeline event)."""

from __future__ import annotations

from smedt.taskqueue.retry import retrying_task


@retrying_task(max_attempts=5)
def project_event_notify(*, event_id: int) -> int:
    from smedt.projects.services import event_notify

    return event_notify(event_id=event_id)
