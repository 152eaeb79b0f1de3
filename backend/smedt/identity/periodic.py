"""Periodic pull of account changes from providers that offer it (see taskqueue.scheduler)."""

from __future__ import annotations

from smedt.taskqueue.scheduler import periodic

PULL_EVERY_SECONDS = 15 * 60


@periodic(PULL_EVERY_SECONDS, name="identity.pull_changes")
def identity_pull_changes() -> None:
    from smedt.identity.models import IdentityProvider
    from smedt.identity.providers.registry import adapter_for
    from smedt.identity.tasks import identity_pull_task

    for provider in IdentityProvider.objects.filter(enabled=True):
        if adapter_for(provider).supports_pull:
            identity_pull_task.enqueue(provider.pk)
