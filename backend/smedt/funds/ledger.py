"""The ledger's HMAC-SM3 chain and its verification (the audit chain's design, under a derived key).

Each entry's hash is HMAC-SM3 over its canonical JSON (including the previous hash); the head keeps the
count and last hash under a MAC, so neither editing, deleting nor truncating entries goes unnoticed.
`ledger_verify` also proves that every balance row equals the SQL sum of its entries' deltas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from smedt.gmcrypto.hmac_sm3 import hmac_sm3, hmac_sm3_hex, hmac_sm3_verify
from smedt.gmcrypto.keys import audit_key

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def cents(value: Any) -> Decimal:
    """A SQL sum of money as exact yuan and fen. SQLite adds DECIMAL columns as binary floats (0.1 + 0.2 →
    0.30000000000000004), so every aggregate is rounded back to the two places every stored amount has;
    PostgreSQL's numeric sums are exact already."""
    return ZERO if value is None else Decimal(value).quantize(CENT)


def ledger_key() -> bytes:
    """A key of its own, derived from the audit key (no new secret to manage)."""
    return hmac_sm3(audit_key(), b"smedt-funds-ledger-key")


def _money(value: Any) -> str:
    return f"{Decimal(value):.2f}"


def canonical(entry: Any) -> bytes:
    body = {
        "created_at": entry.created_at.isoformat(),
        "kind": entry.kind,
        "source_id": entry.source_id,
        "line_id": entry.line_id,
        "commitment_id": entry.commitment_id,
        "enterprise_id": entry.enterprise_id,
        "project_id": entry.project_id,
        "region_id": entry.region_id,
        "amount": _money(entry.amount),
        "allocated_delta": _money(entry.allocated_delta),
        "committed_delta": _money(entry.committed_delta),
        "disbursed_delta": _money(entry.disbursed_delta),
        "reverses_id": entry.reverses_id,
        "reason": entry.reason,
        "reference": entry.reference,
        "note": entry.note,
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def entry_hash(entry: Any) -> str:
    return hmac_sm3_hex(ledger_key(), canonical(entry))


def head_mac(*, count: int, last_hash: str) -> str:
    return hmac_sm3_hex(ledger_key(), f"smedt-funds-head|{count}|{last_hash}".encode())


@dataclass(frozen=True)
class LedgerReport:
    """The result of one integrity check, with the message an administrator reads."""

    ok: bool
    checked: int
    message: str
    first_bad_id: int | None = None
    mismatches: list[dict[str, Any]] = field(default_factory=list)


def _balance_mismatches() -> list[dict[str, Any]]:
    """Rows whose stored balances differ from the sums of their entries (three GROUP BY queries)."""
    from smedt.funds.models import BudgetLine, Commitment, FundSource, LedgerEntry

    entries = LedgerEntry.objects.order_by()
    out: list[dict[str, Any]] = []
    sums: dict[int, dict[str, Any]] = {
        row["line_id"]: dict(row)
        for row in entries.values("line_id").annotate(
            a=Sum("allocated_delta"), c=Sum("committed_delta"), d=Sum("disbursed_delta")
        )
    }
    for line in BudgetLine.objects.order_by("id").only("id", "name", "allocated", "committed", "disbursed"):
        s: dict[str, Any] = sums.get(line.pk, {})
        want = (cents(s.get("a")), cents(s.get("c")), cents(s.get("d")))
        if (line.allocated, line.committed, line.disbursed) != want:
            out.append({"kind": "line", "id": line.pk, "name": line.name})
    csums: dict[int, dict[str, Any]] = {
        row["commitment_id"]: dict(row)
        for row in entries.filter(commitment__isnull=False)
        .values("commitment_id")
        .annotate(c=Sum("committed_delta"), d=Sum("disbursed_delta"))
    }
    for c in Commitment.objects.order_by("id").only("id", "committed", "disbursed"):
        s = csums.get(c.pk, {})
        if (c.committed, c.disbursed) != (cents(s.get("c")), cents(s.get("d"))):
            out.append({"kind": "commitment", "id": c.pk, "name": str(c)})
    ssums = {row["source_id"]: row["a"] for row in entries.values("source_id").annotate(a=Sum("allocated_delta"))}
    for src in FundSource.objects.order_by("id").only("id", "name", "year", "allocated"):
        if src.allocated != cents(ssums.get(src.pk)):
            out.append({"kind": "source", "id": src.pk, "name": str(src)})
    return out


def ledger_verify() -> LedgerReport:
    """Walk the chain in order, check the MAC-signed head, then compare every balance with its entries."""
    from smedt.funds.models import LedgerEntry, LedgerHead

    prev = ""
    checked = 0
    for entry in LedgerEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev or entry_hash(entry) != entry.hash:
            return LedgerReport(
                False, checked, f"资金台账在第 {entry.pk} 号分录处断开：该分录或其前一条分录被修改或删除。", entry.pk
            )
        prev = entry.hash
        checked += 1
    head = LedgerHead.objects.filter(pk=1).first()
    if head is None:
        if checked:
            return LedgerReport(False, checked, "资金台账链头缺失：链头记录被删除。")
    else:
        if not hmac_sm3_verify(ledger_key(), f"smedt-funds-head|{head.count}|{head.last_hash}".encode(), head.mac):
            return LedgerReport(False, checked, "资金台账链头的校验码不符：链头被改写，最新的分录可能已被删除。")
        if head.count != checked or head.last_hash != prev:
            return LedgerReport(
                False, checked, f"资金台账链头记录了 {head.count} 条分录，当前只能校验 {checked} 条：分录被删除。"
            )
    mismatches = _balance_mismatches()
    if mismatches:
        names = "、".join(m["name"] for m in mismatches[:5])
        return LedgerReport(
            False, checked, f"有 {len(mismatches)} 项余额与台账分录合计不符（{names}）。", None, mismatches
        )
    return LedgerReport(True, checked, f"资金台账完整：已校验 {checked} 条分录，各项余额与分录合计一致。")
