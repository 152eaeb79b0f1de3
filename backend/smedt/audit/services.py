"""audit_record: call it inside the service's transaction; it refuses to run outside one."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.utils import timezone

from smedt.audit.models import AuditChainHead, AuditRecord
from smedt.core.middleware import current_client_ip, current_request_id
from smedt.gmcrypto.hmac_sm3 import hmac_sm3_hex
from smedt.gmcrypto.keys import audit_key


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def _canonical(record: AuditRecord) -> bytes:
    body = {
        "created_at": record.created_at.isoformat(),
        "actor_id": record.actor_id,
        "actor_name": record.actor_name,
        "action": record.action,
        "target_type": record.target_type,
        "target_id": record.target_id,
        "target_repr": record.target_repr,
        "region_name": record.region_name,
        "region_path": record.region_path,
        "org_id": record.org_id,
        "before": record.before,
        "after": record.after,
        "request_id": record.request_id,
        "ip": record.ip,
        "prev_hash": record.prev_hash,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def compute_hash(record: AuditRecord) -> str:
    return hmac_sm3_hex(audit_key(), _canonical(record))


def _region_of(target: Any, region: Any) -> Any:
    if region is not None:
        return region
    for attr in ("region",):
        value = getattr(target, attr, None)
        if value is not None and hasattr(value, "path"):
            return value
    return None


def audit_record(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    region: Any = None,
    org_id: int | None = None,
) -> AuditRecord:
    """Append one record to the chain. Must run inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    reg = _region_of(target, region)
    if org_id is None and target is not None:
        org_id = getattr(target, "org_id", None)
        if org_id is None and isinstance(target, models.Model) and target._meta.label_lower == "orgs.organization":
            org_id = target.pk
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    record = AuditRecord(
        created_at=timezone.now(),
        actor=actor_obj,
        actor_name=(getattr(actor_obj, "display_name", "") or getattr(actor_obj, "username", ""))
        if actor_obj
        else "系统",
        action=action,
        target_type=target._meta.label_lower if isinstance(target, models.Model) else "",
        target_id=str(target.pk) if isinstance(target, models.Model) else "",
        target_repr=str(target)[:255] if target is not None else "",
        region_path=reg.path if reg is not None else "",
        region_name=reg.name if reg is not None else "",
        org_id=org_id,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        request_id=current_request_id(),
        ip=current_client_ip(),
        prev_hash=head.last_hash,
    )
    record.hash = compute_hash(record)
    record.save()
    head.last_hash = record.hash
    head.count += 1
    head.save(update_fields=["last_hash", "count"])
    return record


def audit_verify_chain() -> tuple[bool, int, int | None]:
    """Walk the chain in order. Returns (ok, records checked, id of the first bad record)."""
    prev = ""
    checked = 0
    for record in AuditRecord.objects.order_by("id").iterator(chunk_size=1000):
        if record.prev_hash != prev or compute_hash(record) != record.hash:
            return False, checked, record.pk
        prev = record.hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != prev:
        return False, checked, None
    return True, checked, None
