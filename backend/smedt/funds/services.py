"""Writes of the funds module: one function per movement, atomic, locked, checked, audited.

Lock order (always): fund source → budget line → commitment → ledger head. The service checks every
invariant on the locked rows and answers in Chinese; the CHECK constraints on the balance rows are the
database's own guarantee behind it.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, ValidationFailed
from smedt.funds import config
from smedt.funds.errors import FundsErrorCode as E
from smedt.funds.ledger import entry_hash, head_mac
from smedt.funds.models import BudgetLine, Commitment, EntryKind, FundSource, LedgerEntry, LedgerHead, SourceKind
from smedt.orgs.models import Organization, OrgKind
from smedt.rbac.services import require
from smedt.regions.models import Region, RegionLevel

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999999999.99")
ZERO = Decimal("0.00")


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(code=E.INVALID_FIELD, message=message, details={"fields": {field: message}})


def money(value: Any, *, field: str = "amount") -> Decimal:
    """A positive amount in yuan with at most two decimals; anything else is refused, never rounded."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise _invalid(field, "金额格式不正确") from None
    if not amount.is_finite():
        raise _invalid(field, "金额格式不正确")
    if amount <= 0:
        raise _invalid(field, "金额必须大于 0")
    if amount > MAX_AMOUNT:
        raise _invalid(field, "金额超出可记录的范围")
    if amount != amount.quantize(CENT):
        raise _invalid(field, "金额最多保留两位小数（分）")
    return amount.quantize(CENT)


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def _text(value: str, *, field: str, limit: int, label: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise _invalid(field, f"{label}不能超过 {limit} 个字")
    return value


# --- sources and lines -------------------------------------------------------------------------------------


def source_create(
    *, actor: Any, kind: str, name: str, year: int, amount: Any, region: Region, document_no: str = ""
) -> FundSource:
    """Record one year's money of one level. County matching funds sit on a county, the rest on the city."""
    require(actor, "funds.manage_funds", region_path=region.path)
    if kind not in SourceKind.values:
        raise _invalid("kind", "资金类别不正确")
    want_level = RegionLevel.COUNTY if kind == SourceKind.COUNTY else RegionLevel.CITY
    if region.level != want_level:
        raise _invalid("region_code", "县（市、区）配套资金须选择县区，其他资金须选择市级区划")
    name = _text(name, field="name", limit=200, label="资金名称")
    if not name:
        raise _invalid("name", "请填写资金名称")
    if not 2000 <= int(year) <= 2100:
        raise _invalid("year", "年度须在 2000–2100 之间")
    total = money(amount)
    cap = total
    if kind == SourceKind.CENTRAL:
        other_pct = Decimal(100) - config.central_transformation_min_pct()
        cap = (total * other_pct / Decimal(100)).quantize(CENT, rounding=ROUND_DOWN)
    with transaction.atomic():
        source = FundSource.objects.create(
            kind=kind,
            name=name,
            year=int(year),
            amount=total,
            region=region,
            document_no=_text(document_no, field="document_no", limit=100, label="文号"),
            other_purpose_cap=cap,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="funds.source_create",
            target=source,
            after={"kind": kind, "name": name, "year": source.year, "amount": total, "other_purpose_cap": cap},
        )
    return source


def line_create(*, actor: Any, source: FundSource, purpose: str, name: str, region: Region | None = None) -> BudgetLine:
    """Set aside part of a source for one purpose (and, optionally, one county); money arrives by allocation."""
    region = region or source.region
    require(actor, "funds.manage_funds", region_path=region.path)
    if purpose not in config.purposes():
        raise _invalid("purpose", "用途类别不正确")
    if not region.path.startswith(source.region.path):
        raise _invalid("region_code", "预算科目的区划须在资金来源的区划范围内")
    name = _text(name, field="name", limit=200, label="科目名称")
    if not name:
        raise _invalid("name", "请填写科目名称")
    with transaction.atomic():
        line = BudgetLine.objects.create(
            source=source, purpose=purpose, name=name, region=region, year=source.year, created_by=actor
        )
        audit_record(
            actor=actor,
            action="funds.line_create",
            target=line,
            after={"source": source.pk, "purpose": purpose, "name": name, "region": region.code},
        )
    return line


# --- the ledger --------------------------------------------------------------------------------------------


def _append(*, actor: Any, **fields: Any) -> LedgerEntry:
    """Append one entry to the chain (the caller holds the row locks and runs in its transaction)."""
    head, _ = LedgerHead.objects.select_for_update().get_or_create(pk=1)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    entry = LedgerEntry(
        created_at=timezone.now(),
        actor=actor_obj,
        actor_name=(getattr(actor_obj, "display_name", "") or getattr(actor_obj, "username", ""))
        if actor_obj
        else "系统",
        prev_hash=head.last_hash,
        **fields,
    )
    entry.hash = entry_hash(entry)
    entry.save()
    head.last_hash = entry.hash
    head.count += 1
    head.mac = head_mac(count=head.count, last_hash=head.last_hash)
    head.save(update_fields=["last_hash", "count", "mac"])
    audit_record(
        actor=actor,
        action=f"funds.entry_{entry.kind}",
        target=entry,
        region=entry.region,
        org_id=entry.enterprise_id,
        after={
            "line": entry.line_id,
            "amount": entry.amount,
            "commitment": entry.commitment_id,
            "reverses": entry.reverses_id,
            "reason": entry.reason,
            "reference": entry.reference,
        },
    )
    return entry


def entry_allocate(*, actor: Any, line: BudgetLine, amount: Any, reference: str = "", note: str = "") -> LedgerEntry:
    """下达: money of the source arrives on the budget line."""
    value = money(amount)
    reference = _text(reference, field="reference", limit=100, label="凭证号/文号")
    note = _text(note, field="note", limit=500, label="说明")
    with transaction.atomic():
        source = FundSource.objects.select_for_update().get(pk=line.source_id)
        line = BudgetLine.objects.select_for_update().select_related("region").get(pk=line.pk)
        require(actor, "funds.manage_funds", region_path=line.region.path)
        if source.allocated + value > source.amount:
            raise Conflict(
                code=E.SOURCE_EXCEEDED,
                message=f"下达金额超出资金来源余额：“{source.name}”尚可下达 {yuan(source.amount - source.allocated)} 元",
                details={"available": str(source.amount - source.allocated)},
            )
        other = source.kind == SourceKind.CENTRAL and line.purpose != config.TRANSFORMATION
        if other and source.other_allocated + value > source.other_purpose_cap:
            pct = config.central_transformation_min_pct()
            raise Conflict(
                code=E.CENTRAL_SHARE,
                message=(
                    f"中央资金用于数字化改造补贴的比例不得低于 {pct.normalize():f}%：其他用途合计最多 "
                    f"{yuan(source.other_purpose_cap)} 元，尚可下达 {yuan(source.other_purpose_cap - source.other_allocated)} 元"
                ),
                details={"available": str(source.other_purpose_cap - source.other_allocated)},
            )
        source.allocated += value
        fields = ["allocated"]
        if other:
            source.other_allocated += value
            fields.append("other_allocated")
        source.save(update_fields=fields)
        line.allocated += value
        line.save(update_fields=["allocated"])
        return _append(
            actor=actor,
            kind=EntryKind.ALLOCATE,
            source=source,
            line=line,
            region=line.region,
            amount=value,
            allocated_delta=value,
            reference=reference,
            note=note,
        )


def entry_commit(
    *,
    actor: Any,
    line: BudgetLine,
    enterprise: Organization,
    amount: Any,
    project: Any = None,
    reference: str = "",
    note: str = "",
) -> LedgerEntry:
    """承诺: part of the line's allocated money is promised to one enterprise (e.g. on approval)."""
    value = money(amount)
    reference = _text(reference, field="reference", limit=100, label="凭证号/文号")
    note = _text(note, field="note", limit=500, label="说明")
    if enterprise.kind != OrgKind.ENTERPRISE:
        raise _invalid("enterprise_id", "资金只能承诺给企业")
    if project is not None and project.enterprise_id != enterprise.pk:
        raise _invalid("project_id", "该项目不属于所选企业")
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update().select_related("region").get(pk=line.pk)
        region = Region.objects.get(pk=enterprise.region_id)
        require(actor, "funds.manage_funds", region_path=region.path)
        if not region.path.startswith(line.region.path):
            raise _invalid("enterprise_id", "该企业不在预算科目的区划范围内")
        available = line.allocated - line.committed
        if value > available:
            raise Conflict(
                code=E.OVER_ALLOCATED,
                message=f"承诺金额超出预算科目可用额度：“{line.name}”尚可承诺 {yuan(available)} 元",
                details={"available": str(available)},
            )
        line.committed += value
        line.save(update_fields=["committed"])
        commitment = Commitment.objects.create(
            line=line, enterprise=enterprise, project=project, region=region, committed=value
        )
        return _append(
            actor=actor,
            kind=EntryKind.COMMIT,
            source_id=line.source_id,
            line=line,
            commitment=commitment,
            enterprise=enterprise,
            project=project,
            region=region,
            amount=value,
            committed_delta=value,
            reference=reference,
            note=note,
        )


def entry_disburse(
    *, actor: Any, commitment: Commitment, amount: Any, reference: str = "", note: str = ""
) -> LedgerEntry:
    """拨付: money promised to an enterprise is paid out (never more than the commitment's remainder)."""
    value = money(amount)
    reference = _text(reference, field="reference", limit=100, label="凭证号/文号")
    note = _text(note, field="note", limit=500, label="说明")
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update().get(pk=commitment.line_id)
        commitment = Commitment.objects.select_for_update().select_related("region").get(pk=commitment.pk)
        require(actor, "funds.manage_funds", region_path=commitment.region.path)
        remaining = commitment.committed - commitment.disbursed
        if value > remaining:
            raise Conflict(
                code=E.OVER_COMMITTED,
                message=f"拨付金额超出承诺余额：该笔承诺尚可拨付 {yuan(remaining)} 元",
                details={"available": str(remaining)},
            )
        commitment.disbursed += value
        commitment.save(update_fields=["disbursed"])
        line.disbursed += value
        line.save(update_fields=["disbursed"])
        return _append(
            actor=actor,
            kind=EntryKind.DISBURSE,
            source_id=line.source_id,
            line=line,
            commitment=commitment,
            enterprise_id=commitment.enterprise_id,
            project_id=commitment.project_id,
            region=commitment.region,
            amount=value,
            disbursed_delta=value,
            reference=reference,
            note=note,
        )


def entry_reverse(*, actor: Any, entry: LedgerEntry, reason: str, reference: str = "") -> LedgerEntry:
    """冲销: a new entry undoing one earlier movement in full, with the reason; the original stays as it was."""
    reason = _text(reason, field="reason", limit=500, label="冲销原因")
    if not reason:
        raise _invalid("reason", "请填写冲销原因")
    reference = _text(reference, field="reference", limit=100, label="凭证号/文号")
    if entry.kind == EntryKind.REVERSE:
        raise Conflict(code=E.NOT_REVERSIBLE, message="冲销分录不能再次冲销；如需恢复，请重新登记一笔")
    with transaction.atomic():
        source = FundSource.objects.select_for_update().get(pk=entry.source_id)
        line = BudgetLine.objects.select_for_update().get(pk=entry.line_id)
        commitment = Commitment.objects.select_for_update().get(pk=entry.commitment_id) if entry.commitment_id else None
        entry = LedgerEntry.objects.select_related("region").get(pk=entry.pk)
        require(actor, "funds.manage_funds", region_path=entry.region.path)
        if LedgerEntry.objects.filter(reverses_id=entry.pk).exists():
            raise Conflict(code=E.ALREADY_REVERSED, message="该分录已冲销，不能重复冲销")
        value = entry.amount
        if entry.kind == EntryKind.ALLOCATE:
            if line.allocated - value < line.committed:
                raise Conflict(
                    code=E.REVERSAL_BREAKS_BALANCE,
                    message=f"冲销后已下达将少于已承诺的 {yuan(line.committed)} 元：请先冲销相应的承诺",
                )
            source.allocated -= value
            fields = ["allocated"]
            if source.kind == SourceKind.CENTRAL and line.purpose != config.TRANSFORMATION:
                source.other_allocated -= value
                fields.append("other_allocated")
            source.save(update_fields=fields)
            line.allocated -= value
            line.save(update_fields=["allocated"])
        elif entry.kind == EntryKind.COMMIT:
            assert commitment is not None
            if commitment.committed - value < commitment.disbursed:
                raise Conflict(
                    code=E.REVERSAL_BREAKS_BALANCE,
                    message=f"该笔承诺已拨付 {yuan(commitment.disbursed)} 元：请先冲销相应的拨付",
                )
            commitment.committed -= value
            commitment.save(update_fields=["committed"])
            line.committed -= value
            line.save(update_fields=["committed"])
            from smedt.core.publiccache import public_content_changed

            public_content_changed()  # a reversed subsidy commitment leaves the portal's 奖补名单
        else:  # disburse
            assert commitment is not None
            commitment.disbursed -= value
            commitment.save(update_fields=["disbursed"])
            line.disbursed -= value
            line.save(update_fields=["disbursed"])
        return _append(
            actor=actor,
            kind=EntryKind.REVERSE,
            source=source,
            line=line,
            commitment=commitment,
            enterprise_id=entry.enterprise_id,
            project_id=entry.project_id,
            region=entry.region,
            amount=value,
            allocated_delta=-entry.allocated_delta,
            committed_delta=-entry.committed_delta,
            disbursed_delta=-entry.disbursed_delta,
            reverses=entry,
            reason=reason,
            reference=reference,
        )
