"""The one SMS service: every SMS of the platform — login codes, business notices (review results,
reminders) and policy pushes — goes through `sms_send`, which picks the backend for the message's kind,
enforces consent where the law needs it, records the message in the SMS outbox and returns the row;
`sms_receipt_apply` applies a gateway's delivery receipt to it (docs/integrations/sms.md).

Kinds, as the vendors classify templates (验证码 / 短信通知 / 推广短信):
- ``code`` — verification codes: no consent needed; with a real gateway the digits are not stored;
- ``notice`` — service notices the user's own business calls for (审核结果, 到期提醒): no consent needed;
- ``marketing`` — unsolicited information pushed to an enterprise (政策推送): only with the enterprise's
  recorded consent (`notify.SmsConsent`); otherwise `SmsConsentMissing` and nothing is sent.

`SMEDT_SMS_BACKEND` names the backend; `SMEDT_SMS_BACKEND_CODE` / `_NOTICE` / `_MARKETING` may route a
kind elsewhere (vendors require separate templates, and often separate accounts, per kind).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from smedt.identity.sms import ConsoleSmsBackend, SmsBackend

if TYPE_CHECKING:
    from smedt.identity.models import SmsOutbox

CODE, NOTICE, MARKETING = "code", "notice", "marketing"
KINDS = (CODE, NOTICE, MARKETING)
SENT, DELIVERED, FAILED = "sent", "delivered", "failed"


class SmsConsentMissing(Exception):
    """A promotional-type SMS to an enterprise that has not agreed to receive them."""


class SmsNotSent(Exception):
    """The gateway refused or could not be reached; the outbox row keeps the reason."""


def backend_for(kind: str) -> SmsBackend:
    name = str(
        getattr(settings, f"SMEDT_SMS_BACKEND_{kind.upper()}", "")
        or getattr(settings, "SMEDT_SMS_BACKEND", "console")
        or "console"
    )
    if name == "console":
        return ConsoleSmsBackend()
    backend = import_string(name)()
    if not isinstance(backend, SmsBackend):
        raise TypeError(f"{name} is not an SmsBackend")
    return backend


def has_consent(org_id: int) -> bool:
    from smedt.notify.models import SmsConsent

    return SmsConsent.objects.filter(org_id=org_id).exists()


def consent_set(*, org_id: int, user_id: int | None, consented: bool) -> bool:
    from smedt.notify.models import SmsConsent

    if consented:
        SmsConsent.objects.get_or_create(org_id=org_id, defaults={"given_by_id": user_id})
    else:
        SmsConsent.objects.filter(org_id=org_id).delete()
    return consented


def _stored(kind: str, backend: SmsBackend, content: str) -> str:
    if kind == CODE and backend.name != "console":
        return re.sub(r"\d{4,8}", lambda m: "*" * len(m.group(0)), content)
    return content


def sms_send(*, mobile: str, content: str, purpose: str, kind: str, org_id: int | None = None) -> SmsOutbox:
    """Send one SMS and record it (`identity.SmsOutbox`, returned). Raises `SmsConsentMissing` for a
    promotional-type SMS without consent, `SmsNotSent` when the gateway refuses (the row says why)."""
    from smedt.accounts.services.users import mask_mobile
    from smedt.identity.models import SmsOutbox

    if kind not in KINDS:
        raise ValueError(kind)
    if kind == MARKETING and (org_id is None or not has_consent(org_id)):
        raise SmsConsentMissing("未同意接收推送短信")
    backend = backend_for(kind)
    row = SmsOutbox(
        mobile_masked=mask_mobile(mobile),
        purpose=purpose[:32],
        kind=kind,
        content=_stored(kind, backend, content)[:500],
        backend=backend.name,
    )
    row.mobile = mobile
    try:
        provider_id = backend.send(mobile=mobile, content=content, purpose=purpose)
    except Exception as exc:
        row.status, row.error = FAILED, str(exc)[:300]
        row.save()
        raise SmsNotSent(row.error) from exc
    row.status, row.provider_id = SENT, str(provider_id or "")[:64]
    row.save()
    return row


# ---- delivery receipts


@dataclass(frozen=True)
class Receipt:
    provider_id: str
    delivered: bool
    code: str = ""
    message: str = ""


_RECEIPT_LISTENERS: list[Callable[[str, Receipt], int]] = []


def receipt_subscribe(listener: Callable[[str, Receipt], int]) -> None:
    """`listener(backend_name, receipt)` updates the caller's own rows (e.g. a push delivery); idempotent."""
    if listener not in _RECEIPT_LISTENERS:
        _RECEIPT_LISTENERS.append(listener)


@transaction.atomic
def sms_receipts_apply(*, backend: str, receipts: list[Receipt]) -> int:
    """Apply a batch of delivery receipts: a sent SMS becomes delivered or failed (with the vendor's
    code). A receipt for an unknown or already settled message changes nothing. Returns rows changed."""
    from smedt.identity.models import SmsOutbox

    now = timezone.now()
    changed = 0
    for r in receipts:
        if not r.provider_id:
            continue
        rows = SmsOutbox.objects.filter(backend=backend, provider_id=r.provider_id, status=SENT)
        changed += rows.update(
            status=DELIVERED if r.delivered else FAILED,
            receipt_code=r.code[:64],
            error="" if r.delivered else f"{r.code} {r.message}".strip()[:300],
            delivered_at=now,
        )
        for listener in _RECEIPT_LISTENERS:
            changed += listener(backend, r)
    return changed
