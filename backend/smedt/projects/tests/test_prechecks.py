"""Pre-checks, each proven by a case that fires it and one that does not (pure, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from smedt.projects.prechecks import AcceptanceFacts, Investment, io_ratio, run_prechecks

DAY = date(2026, 5, 1)


def item(**kw: object) -> Investment:
    base = {"name": "许可", "amount": Decimal("100.00"), "invoice_no": "A1", "invoice_date": DAY, "payment_date": DAY,
            "has_invoice": True, "has_payment_proof": True}  # fmt: skip
    base.update(kw)
    return Investment(**base)  # type: ignore[arg-type]


CLEAN = AcceptanceFacts(
    contract_amount=Decimal("100.00"), contract_signed_on=DAY, investments=[item()], invoices_used_elsewhere={},
    provider_in_pool=True, materials={"effectiveness": "好"}, material_labels={"effectiveness": "应用成效"},
    level_before=1, level_after=2, has_after_assessment=True, has_before_assessment=True,
)  # fmt: skip


def codes(facts: AcceptanceFacts) -> set[str]:
    return {f["code"] for f in run_prechecks(facts)}


def test_clean_application_has_no_findings() -> None:
    assert run_prechecks(CLEAN) == []


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (replace(CLEAN, invoices_used_elsewhere={"A1": ["其他项目"]}), "duplicate_invoice"),
        (replace(CLEAN, investments=[item(invoice_date=date(2026, 4, 30))]), "invoice_before_contract"),
        (replace(CLEAN, investments=[item(payment_date=date(2026, 4, 30))]), "payment_before_contract"),
        (replace(CLEAN, investments=[item(amount=Decimal("99.99"))]), "amount_mismatch"),
        (replace(CLEAN, provider_in_pool=False), "provider_not_in_pool"),
        (replace(CLEAN, materials={"effectiveness": " "}), "missing_document"),
        (replace(CLEAN, investments=[item(has_payment_proof=False)]), "missing_document"),
        (replace(CLEAN, has_after_assessment=False), "missing_document"),
        (replace(CLEAN, level_after=1), "level_not_improved"),
        (replace(CLEAN, has_before_assessment=False, level_before=None), "missing_before_assessment"),
    ],
)
def test_each_precheck_fires(facts: AcceptanceFacts, code: str) -> None:
    assert codes(facts) == {code}


def test_amounts_add_up_exactly_with_decimal() -> None:
    parts = [item(invoice_no=str(i), amount=Decimal("0.10")) for i in range(10)]
    assert codes(replace(CLEAN, contract_amount=Decimal("1.00"), investments=parts)) == set()


def test_io_ratio() -> None:
    assert io_ratio(benefit=Decimal("250000"), investment=Decimal("100000")) == Decimal("2.50")
    assert io_ratio(benefit=Decimal("1"), investment=Decimal("3")) == Decimal("0.33")
    assert io_ratio(benefit=Decimal("1"), investment=Decimal("0")) is None


def test_missing_before_assessment_is_reported_not_skipped() -> None:
    findings = run_prechecks(replace(CLEAN, has_before_assessment=False, level_before=None, level_after=1))
    assert [f["code"] for f in findings] == ["missing_before_assessment"]
    assert findings[0]["message"] == "缺少改造前评估，无法比对"


def test_invoice_and_payment_on_the_contract_day_are_fine_the_day_before_is_not() -> None:
    on_the_day = replace(CLEAN, investments=[item(invoice_date=DAY, payment_date=DAY)])
    assert codes(on_the_day) == set()
    day_before = date(2026, 4, 30)
    early = replace(CLEAN, investments=[item(invoice_date=day_before, payment_date=day_before)])
    assert codes(early) == {"invoice_before_contract", "payment_before_contract"}
