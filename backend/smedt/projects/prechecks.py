"""Automatic pre-checks of an acceptance application (pure: values in, findings out).

They run before any human looks at the application; findings are shown to the enterprise and
to the reviewers. A finding never blocks submission by itself: reviewers decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Investment:
    name: str
    amount: Decimal
    invoice_no: str
    invoice_date: date
    payment_date: date
    has_invoice: bool
    has_payment_proof: bool


@dataclass(frozen=True)
class AcceptanceFacts:
    contract_amount: Decimal
    contract_signed_on: date | None
    investments: list[Investment]
    invoices_used_elsewhere: dict[str, list[str]]  # invoice number -> other project titles
    provider_in_pool: bool
    materials: dict[str, str]  # required material key -> text ("" when missing)
    material_labels: dict[str, str] = field(default_factory=dict)
    level_before: int | None = None
    level_after: int | None = None
    has_after_assessment: bool = False
    has_before_assessment: bool = False


def _f(code: str, message: str, **details: Any) -> dict[str, Any]:
    return {"code": code, "message": message, "details": details}


def run_prechecks(facts: AcceptanceFacts) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = []
    for number, others in sorted(facts.invoices_used_elsewhere.items()):
        findings.append(
            _f("duplicate_invoice", f"发票号码 {number} 已在其他项目中使用：{'、'.join(others)}", invoice_no=number)
        )
    # the contract takes effect when the last party signs: an invoice or payment before that day predates it
    if facts.contract_signed_on is not None:
        for item in facts.investments:
            if item.invoice_date < facts.contract_signed_on:
                findings.append(
                    _f(
                        "invoice_before_contract",
                        f"发票 {item.invoice_no} 开票日期早于合同签订日期",
                        invoice_no=item.invoice_no,
                    )
                )
            if item.payment_date < facts.contract_signed_on:
                findings.append(
                    _f(
                        "payment_before_contract",
                        f"发票 {item.invoice_no} 对应付款日期早于合同签订日期",
                        invoice_no=item.invoice_no,
                    )
                )
    total = sum((i.amount for i in facts.investments), Decimal("0.00"))
    if total != facts.contract_amount:
        findings.append(
            _f(
                "amount_mismatch",
                f"投资明细合计 {total:.2f} 元与合同金额 {facts.contract_amount:.2f} 元不一致",
                total=str(total),
                contract_amount=str(facts.contract_amount),
            )
        )
    if not facts.provider_in_pool:
        findings.append(_f("provider_not_in_pool", "服务商已不在服务商库中"))
    missing = [facts.material_labels.get(k, k) for k, v in facts.materials.items() if not (v or "").strip()]
    missing += [f"发票（{i.invoice_no}）" for i in facts.investments if not i.has_invoice]
    missing += [f"付款凭证（{i.invoice_no}）" for i in facts.investments if not i.has_payment_proof]
    if not facts.investments:
        missing.append("投资明细")
    if not facts.has_after_assessment:
        missing.append("改造后评测")
    if missing:
        findings.append(_f("missing_document", f"缺少必需材料：{'、'.join(missing)}", missing=missing))
    if not facts.has_before_assessment:
        findings.append(_f("missing_before_assessment", "缺少改造前评估，无法比对"))
    if facts.level_before is not None and facts.level_after is not None and facts.level_after <= facts.level_before:
        findings.append(
            _f(
                "level_not_improved",
                f"改造后数字化水平等级（{facts.level_after} 级）未高于改造前（{facts.level_before} 级）",
                before=facts.level_before,
                after=facts.level_after,
            )
        )
    return findings


def io_ratio(*, benefit: Decimal, investment: Decimal) -> Decimal | None:
    """投入产出比: stated yearly benefit per yuan invested, 2 places (None without investment)."""
    if investment <= 0:
        return None
    return (benefit / investment).quantize(Decimal("0.01"))
