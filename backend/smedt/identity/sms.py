"""SMS gateway adapters (interface + the console/outbox stand-in).

Lives here until the notify module owns SMS; `SMEDT_SMS_BACKEND` names the backend:
`console` (default: writes to the SmsOutbox table, visible to the system administrator, and
to the log) or a dotted path to an `SmsBackend` subclass for a real gateway.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsBackend:
    name = "base"

    def send(self, *, mobile: str, content: str, purpose: str) -> str | None:
        """Send one SMS; returns the gateway's message id when it gives one (for delivery receipts)."""
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    """Sends nothing: records the message in the outbox (and the log, masked)."""

    name = "console"

    def send(self, *, mobile: str, content: str, purpose: str) -> None:
        from smedt.accounts.services.users import mask_mobile
        from smedt.identity.models import SmsOutbox

        row = SmsOutbox(mobile_masked=mask_mobile(mobile), purpose=purpose, content=content, backend=self.name)
        row.mobile = mobile
        row.save()
        logger.info("sms (console) to %s: %s", row.mobile_masked, purpose)


def sms_backend() -> SmsBackend:
    name = str(getattr(settings, "SMEDT_SMS_BACKEND", "console") or "console")
    if name == "console":
        return ConsoleSmsBackend()
    backend = import_string(name)()
    if not isinstance(backend, SmsBackend):
        raise TypeError(f"{name} is not an SmsBackend")
    return backend
