"""SMS gateway interface and the console stand-in. Sending goes through `smedt.notify.sms.sms_send`
(which picks the backend `SMEDT_SMS_BACKEND` names and records every message in the SmsOutbox); the real
gateways are in `smedt.notify.sms_gateways`."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


class SmsBackend:
    name = "base"

    def send(self, *, mobile: str, content: str, purpose: str) -> str | None:
        """Send one SMS; returns the gateway's message id when it gives one (for delivery receipts)."""
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    """Sends nothing: `notify.sms.sms_send` records every message in the outbox; this only logs it."""

    name = "console"

    def send(self, *, mobile: str, content: str, purpose: str) -> None:
        from smedt.accounts.services.users import mask_mobile

        logger.info("sms (console) to %s: %s", mask_mobile(mobile), purpose)
