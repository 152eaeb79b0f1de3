"""Background work of the identity app: thin tasks that call one service."""

from __future__ import annotations

from smedt.identity.services.sync import provider_pull
from smedt.taskqueue.retry import retrying_task


@retrying_task()
def identity_pull_task(provider_id: int) -> None:
    provider_pull(provider_id=provider_id)
