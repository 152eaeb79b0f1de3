"""audit_record: call it inside the service's transaction; it refuses to run outside one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.utils import timezone

from smedt.audit.models import AuditChainHead, AuditRecord
from smedt.core.middleware import current_client_ip, current_request_id
from smedt.gmcrypto.hmac_sm3 import hmac_sm3_hex, hmac_sm3_verify
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


def head_mac(*, count: int, last_hash: str) -> str:
    """HMAC-SM3 of the chain head: without the key nobody can rewind it to an earlier record."""
    return hmac_sm3_hex(audit_key(), f"smedt-audit-head|{count}|{last_hash}".encode())


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
    head.mac = head_mac(count=head.count, last_hash=head.last_hash)
    head.save(update_fields=["last_hash", "count", "mac"])
    return record


@dataclass(frozen=True)
class ChainReport:
    """The result of one verification, with the message an administrator reads."""

    ok: bool
    checked: int
    first_bad_id: int | None
    message: str
    checkpoints_checked: int = 0
    checkpoint_seq: int | None = None


def audit_verify() -> ChainReport:
    """Walk the chain in order, then check the MAC-protected head and the latest signed
    checkpoints kept outside the database (see `audit.checkpoints`): editing a record, deleting
    one in the middle, or deleting the newest ones and rewinding the head all fail."""
    from smedt.audit.checkpoints import CheckpointError, checkpoints_latest

    try:
        checkpoints = checkpoints_latest()
    except CheckpointError as exc:
        return ChainReport(False, 0, None, str(exc))
    wanted = {cp.record_id: cp for cp in checkpoints}
    seen: dict[int, tuple[int, str]] = {}  # record id -> (position, hash), for checkpointed ids
    prev = ""
    checked = 0
    for record in AuditRecord.objects.order_by("id").iterator(chunk_size=1000):
        if record.prev_hash != prev or compute_hash(record) != record.hash:
            return ChainReport(
                False,
                checked,
                record.pk,
                f"日志链在第 {record.pk} 号记录处断开：该记录或其前一条记录被修改或删除，请立即上报。",
            )
        prev = record.hash
        checked += 1
        if record.pk in wanted:
            seen[record.pk] = (checked, record.hash)
    head = AuditChainHead.objects.filter(pk=1).first()
    if checked and head is None:
        return ChainReport(False, checked, None, "日志链头缺失：链头记录被删除，请立即上报。")
    if head is not None:
        if not head.mac or not hmac_sm3_verify(
            audit_key(), f"smedt-audit-head|{head.count}|{head.last_hash}".encode(), head.mac
        ):
            return ChainReport(
                False, checked, None, "日志链头的校验码不符：链头被改写，最新的记录可能已被删除，请立即上报。"
            )
        if head.last_hash != prev or head.count != checked:
            return ChainReport(
                False,
                checked,
                None,
                f"日志链头记录了 {head.count} 条，当前只能校验 {checked} 条：最新的记录已被删除，请立即上报。",
            )
    for cp in sorted(checkpoints, key=lambda c: -c.seq):
        found = seen.get(cp.record_id)
        when = cp.at_display
        if found is None or found[0] != cp.seq:
            return ChainReport(
                False,
                checked,
                None,
                f"日志被截断或回滚：{when} 的签名检查点记录了 {cp.seq} 条（至第 {cp.record_id} 号），"
                f"当前只有 {checked} 条与之相符，请立即上报。",
                len(checkpoints),
                cp.seq,
            )
        if found[1] != cp.hash:
            return ChainReport(
                False,
                checked,
                cp.record_id,
                f"第 {cp.record_id} 号记录与 {when} 的签名检查点不符：日志被替换，请立即上报。",
                len(checkpoints),
                cp.seq,
            )
    latest = max((cp.seq for cp in checkpoints), default=None)
    suffix = f"，并与最近 {len(checkpoints)} 个签名检查点一致" if checkpoints else "（尚无签名检查点）"
    return ChainReport(
        True, checked, None, f"已校验 {checked} 条记录，日志链完整{suffix}，未发现篡改。", len(checkpoints), latest
    )


def audit_verify_chain() -> tuple[bool, int, int | None]:
    """`audit_verify` as (ok, records checked, id of the first bad record)."""
    report = audit_verify()
    return report.ok, report.checked, report.first_bad_id
