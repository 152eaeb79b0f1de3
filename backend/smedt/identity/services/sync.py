"""Account sync from the provincial platform: signed push events and the periodic pull.

Push: `POST /api/identity/{provider}/events`, headers `X-Smedt-Timestamp` (unix seconds),
`X-Smedt-Nonce`, `X-Smedt-Signature` = hex HMAC-SM3(events secret, "<timestamp>\\n<nonce>\\n<body>").
Body `{"events": [{"type": ..., "subject": ..., ...}]}` with types `user.updated` (name, mobile),
`user.disabled`, `user.enabled`, `org.changed` (credit_code, org_name).
"""

from __future__ import annotations

import hmac
import json
import time
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from smedt.accounts.services.sessions import sessions_end_for_user
from smedt.audit.services import audit_record
from smedt.core.errors import ApplicationError
from smedt.gmcrypto.fields import blind_index
from smedt.gmcrypto.hmac_sm3 import hmac_sm3_hex
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.identity.errors import IdentityError
from smedt.identity.models import IdentityBinding, IdentityProvider, PersonType, ReplayGuard
from smedt.identity.providers.base import ExternalIdentity
from smedt.identity.providers.registry import adapter_for, provider_secrets
from smedt.identity.services.binding import MOBILE_RE, _member_of, _org_for

MAX_SKEW_SECONDS = 300
EVENT_TYPES = ("user.updated", "user.disabled", "user.enabled", "org.changed")


def push_signature(secret: str, timestamp: str, nonce: str, body: bytes) -> str:
    return hmac_sm3_hex(secret.encode("utf-8"), f"{timestamp}\n{nonce}\n".encode() + body)


def _refuse(code: str, message: str, status: int = 401) -> ApplicationError:
    return ApplicationError(code=code, message=message, status_code=status)


def events_verify(*, request: HttpRequest, provider: IdentityProvider) -> list[dict[str, Any]]:
    """Check signature, freshness and nonce of a push; return its events."""
    secret = provider_secrets(provider).get("events_secret", "")
    timestamp = str(request.headers.get("X-Smedt-Timestamp", ""))
    nonce = str(request.headers.get("X-Smedt-Nonce", ""))
    signature = str(request.headers.get("X-Smedt-Signature", ""))
    if not secret or not timestamp.isdigit() or not nonce or len(nonce) > 64:
        raise _refuse("identity.bad_signature", "推送请求缺少签名信息")
    if abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
        raise _refuse("identity.push_expired", "推送请求已过期（时间戳超出允许范围）")
    if not hmac.compare_digest(push_signature(secret, timestamp, nonce, request.body), signature.lower()):
        raise _refuse("identity.bad_signature", "推送请求签名校验失败")
    try:
        with transaction.atomic():
            ReplayGuard.objects.create(provider=provider, kind="push", value_hash=sm3_hex(nonce.encode("utf-8")))
    except IntegrityError as exc:
        raise _refuse("identity.push_replayed", "推送请求重复（nonce 已使用）", 409) from exc
    try:
        data = json.loads(request.body)
    except ValueError as exc:
        raise _refuse("identity.bad_payload", "推送内容不是有效的 JSON", 400) from exc
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise _refuse("identity.bad_payload", '推送内容应为 {"events": [...]}', 400)
    return events


@transaction.atomic
def event_apply(*, provider: IdentityProvider, event: dict[str, Any]) -> bool:
    """Apply one change to the bound user; False when nobody here is bound to that subject."""
    kind = str(event.get("type", ""))
    subject = str(event.get("subject", ""))
    binding = (
        IdentityBinding.objects.select_for_update()
        .select_related("user", "provider")
        .filter(provider=provider, subject=subject)
        .first()
    )
    if binding is None or kind not in EVENT_TYPES:
        return False
    user = binding.user
    before = {"display_name": user.display_name, "is_active": user.is_active, "org": binding.org_id}
    if kind == "user.updated":
        fields = []
        if event.get("name"):
            user.display_name = str(event["name"])[:64]
            fields.append("display_name")
        mobile = str(event.get("mobile") or "")
        if MOBILE_RE.match(mobile):
            user.mobile, user.mobile_index = mobile, blind_index(mobile)
            fields += ["mobile", "mobile_index"]
        if fields:
            user.save(update_fields=fields)
    elif kind in ("user.disabled", "user.enabled"):
        user.is_active = kind == "user.enabled"
        user.save(update_fields=["is_active"])
        if not user.is_active:
            sessions_end_for_user(user=user)
    elif kind == "org.changed":
        identity = ExternalIdentity(
            subject=subject,
            person_type=PersonType.LEGAL,
            name=user.display_name,
            credit_code=str(event.get("credit_code", "")),
            org_name=str(event.get("org_name", "")),
        )
        org = _org_for(provider, identity, user=user)
        _member_of(user, org)
        binding.org = org
        binding.save(update_fields=["org"])
    audit_record(
        actor=None,
        action=f"identity.sync_{kind.replace('.', '_')}",
        target=user,
        before=before,
        after={
            "display_name": user.display_name,
            "is_active": user.is_active,
            "org": binding.org_id,
            "provider": provider.slug,
        },
    )
    return True


def events_apply(*, provider: IdentityProvider, events: list[dict[str, Any]]) -> dict[str, int]:
    applied = ignored = failed = 0
    for event in events:
        try:
            if event_apply(provider=provider, event=event):
                applied += 1
            else:
                ignored += 1
        except (ApplicationError, IdentityError):
            failed += 1
    return {"applied": applied, "ignored": ignored, "failed": failed}


def provider_pull(*, provider_id: int) -> dict[str, int]:
    """Fetch changes since the last pull and apply them (idempotent: events are absolute states)."""
    provider = IdentityProvider.objects.get(pk=provider_id)
    adapter = adapter_for(provider)
    if not provider.enabled or not adapter.supports_pull:
        return {"applied": 0, "ignored": 0, "failed": 0}
    started = timezone.now()
    result = events_apply(provider=provider, events=adapter.pull_changes(since=provider.last_pulled_at))
    IdentityProvider.objects.filter(pk=provider.pk).update(last_pulled_at=started)
    return result
