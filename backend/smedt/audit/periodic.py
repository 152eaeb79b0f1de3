"""Periodic job of the audit trail: a signed checkpoint of the chain outside the database."""

from __future__ import annotations

from django.conf import settings

from smedt.taskqueue.scheduler import periodic


@periodic(float(getattr(settings, "SMEDT_AUDIT_CHECKPOINT_SECONDS", 600)), name="audit.checkpoint")
def audit_checkpoint() -> None:
    from smedt.audit.checkpoints import checkpoint_write

    checkpoint_write()
