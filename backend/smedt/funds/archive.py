"""Contribution to the enterprise archive (试点企业档案): part 四、资金拨付, read from the ledger."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from smedt.enterprises.archive import ArchivePart
from smedt.funds.models import EntryKind, LedgerEntry, SubsidyDisbursement


def funds_part(pilot: Any) -> ArchivePart:
    rows: list[dict[str, Any]] = []
    entries = (
        LedgerEntry.objects.dangerously_unscoped()
        .filter(enterprise_id=pilot.org_id)
        .select_related("line", "project", "reverses")
        .order_by("id")
    )
    for e in entries:
        what = EntryKind(e.kind).label
        if e.kind == EntryKind.REVERSE and e.reverses is not None:
            what = f"冲销{EntryKind(e.reverses.kind).label}（{e.reason}）"
        rows.append(
            {
                "日期": f"{timezone.localtime(e.created_at):%Y-%m-%d}",
                "类型": what,
                "金额（元）": f"{e.amount:,.2f}",
                "预算科目": e.line.name,
                "项目": e.project.title if e.project else "—",
                "凭证号/文号": e.reference or "—",
            }
        )
    vouchers = [
        d.voucher
        for d in SubsidyDisbursement.objects.filter(claim__enterprise_id=pilot.org_id).select_related("voucher")
    ]
    return ArchivePart(rows=rows, attachments=vouchers)
