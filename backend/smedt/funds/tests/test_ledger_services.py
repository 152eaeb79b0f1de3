"""The ledger services: movements, refusals in Chinese with nothing written, reversals, integrity."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from smedt.core.errors import ApplicationError
from smedt.funds import services
from smedt.funds.ledger import ledger_verify
from smedt.funds.models import BudgetLine, Commitment, FundSource, LedgerEntry
from smedt.regions.models import Region

pytestmark = pytest.mark.django_db


def test_commit_disburse_and_balances(budget: Any, city_admin: Any, enterprise_a: Any) -> None:
    c = services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount="300000.50")
    d = services.entry_disburse(actor=city_admin, commitment=c.commitment, amount="100000.25", reference="拨付凭证1")
    line = BudgetLine.objects.get(pk=budget.transformation.pk)
    assert (line.allocated, line.committed, line.disbursed) == (
        Decimal("1000000.00"),
        Decimal("300000.50"),
        Decimal("100000.25"),
    )
    commitment = Commitment.objects.get(pk=c.commitment_id)
    assert (commitment.committed, commitment.disbursed) == (Decimal("300000.50"), Decimal("100000.25"))
    assert d.region_id == enterprise_a.region_id and d.enterprise_id == enterprise_a.pk
    assert ledger_verify().ok


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-1", "金额必须大于 0"), ("0", "金额必须大于 0"), ("1.001", "两位小数"), ("abc", "格式不正确")],
)
def test_bad_amounts_are_refused_and_nothing_written(
    budget: Any, city_admin: Any, enterprise_a: Any, amount: str, message: str
) -> None:
    before = LedgerEntry.objects.count()
    with pytest.raises(ApplicationError) as exc:
        services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount=amount)
    assert exc.value.status_code == 422 and message in exc.value.message
    assert LedgerEntry.objects.count() == before
    assert Commitment.objects.count() == 0


def test_over_budget_commit_and_over_commitment_disbursement(budget: Any, city_admin: Any, enterprise_a: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.entry_commit(
            actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount="1000000.01"
        )
    assert exc.value.code == "funds.over_allocated" and "1,000,000.00" in exc.value.message
    c = services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount="500")
    before = LedgerEntry.objects.count()
    with pytest.raises(ApplicationError) as exc:
        services.entry_disburse(actor=city_admin, commitment=c.commitment, amount="500.01")
    assert exc.value.code == "funds.over_committed" and exc.value.status_code == 409
    assert "500.00" in exc.value.message
    assert LedgerEntry.objects.count() == before
    assert BudgetLine.objects.get(pk=budget.transformation.pk).disbursed == 0


def test_source_cannot_be_allocated_beyond_its_amount(budget: Any, city_admin: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.entry_allocate(actor=city_admin, line=budget.transformation, amount="4000000.01")
    assert exc.value.code == "funds.source_exceeded"
    services.entry_allocate(actor=city_admin, line=budget.transformation, amount="4000000")
    assert FundSource.objects.get(pk=budget.central.pk).allocated == Decimal("5000000.00")


def test_central_share_rule_caps_other_purposes(budget: Any, city_admin: Any, settings: Any) -> None:
    platform = services.line_create(actor=city_admin, source=budget.central, purpose="platform", name="平台建设")
    # 20 % of 5,000,000 may go to other purposes
    services.entry_allocate(actor=city_admin, line=platform, amount="600000")
    with pytest.raises(ApplicationError) as exc:
        services.entry_allocate(actor=city_admin, line=platform, amount="400000.01")
    assert exc.value.code == "funds.central_share" and "80%" in exc.value.message
    services.entry_allocate(actor=city_admin, line=platform, amount="400000")
    # the rule is configuration: a source set under 90 % gets a 10 % cap
    settings.SMEDT_FUNDS_CENTRAL_TRANSFORMATION_MIN_PCT = 90
    src = services.source_create(
        actor=city_admin,
        kind="central",
        name="中央资金（第二批）",
        year=2026,
        amount="1000000",
        region=budget.central.region,
    )
    assert src.other_purpose_cap == Decimal("100000.00")
    # other sources are not bound by the central rule
    muni = services.source_create(
        actor=city_admin, kind="municipal", name="市级配套", year=2026, amount="100", region=budget.central.region
    )
    training = services.line_create(actor=city_admin, source=muni, purpose="training", name="培训")
    services.entry_allocate(actor=city_admin, line=training, amount="100")


def test_reversal_is_a_new_entry_and_keeps_order(budget: Any, city_admin: Any, enterprise_a: Any) -> None:
    c = services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount="1000")
    d = services.entry_disburse(actor=city_admin, commitment=c.commitment, amount="400")
    # the commitment cannot be reversed while money is disbursed on it
    with pytest.raises(ApplicationError) as exc:
        services.entry_reverse(actor=city_admin, entry=c, reason="审批撤销")
    assert exc.value.code == "funds.reversal_breaks_balance"
    with pytest.raises(ApplicationError) as exc:
        services.entry_reverse(actor=city_admin, entry=d, reason="  ")
    assert exc.value.status_code == 422
    r = services.entry_reverse(actor=city_admin, entry=d, reason="账户信息有误，退回")
    assert r.kind == "reverse" and r.reverses_id == d.pk and r.disbursed_delta == Decimal("-400.00")
    with pytest.raises(ApplicationError) as exc:
        services.entry_reverse(actor=city_admin, entry=d, reason="再次冲销")
    assert exc.value.code == "funds.already_reversed"
    with pytest.raises(ApplicationError) as exc:
        services.entry_reverse(actor=city_admin, entry=r, reason="冲销冲销")
    assert exc.value.code == "funds.not_reversible"
    services.entry_reverse(actor=city_admin, entry=c, reason="审批撤销")
    line = BudgetLine.objects.get(pk=budget.transformation.pk)
    assert (line.committed, line.disbursed) == (0, 0)
    # the originals are untouched
    assert LedgerEntry.objects.get(pk=d.pk).amount == Decimal("400.00")
    assert ledger_verify().ok


def test_allocation_reversal_cannot_undercut_commitments(budget: Any, city_admin: Any, enterprise_a: Any) -> None:
    first = LedgerEntry.objects.filter(line=budget.transformation, kind="allocate").get()
    services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount="1")
    with pytest.raises(ApplicationError) as exc:
        services.entry_reverse(actor=city_admin, entry=first, reason="下达有误")
    assert exc.value.code == "funds.reversal_breaks_balance"


def test_county_line_commits_only_to_its_county(budget: Any, city_admin: Any, enterprise_b: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.entry_commit(actor=city_admin, line=budget.county_line, enterprise=enterprise_b, amount="10")
    assert exc.value.status_code == 422


def test_only_the_city_manages(budget: Any, county_a_officer: Any, enterprise_a: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.entry_commit(actor=county_a_officer, line=budget.county_line, enterprise=enterprise_a, amount="10")
    assert exc.value.status_code == 403
    with pytest.raises(ApplicationError):
        services.source_create(
            actor=county_a_officer,
            kind="county",
            name="x",
            year=2026,
            amount="1",
            region=Region.objects.get(code="410702"),
        )


def test_database_refuses_broken_balances(budget: Any) -> None:
    line = budget.transformation
    for update in ({"committed": Decimal("1000000.01")}, {"disbursed": Decimal("1")}, {"allocated": Decimal("-1")}):
        with pytest.raises(IntegrityError), transaction.atomic():
            BudgetLine.objects.filter(pk=line.pk).update(**update)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundSource.objects.filter(pk=budget.central.pk).update(allocated=Decimal("5000000.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        FundSource.objects.filter(pk=budget.central.pk).update(other_allocated=Decimal("1000000.01"))


def test_entries_are_append_only(budget: Any) -> None:
    entry = LedgerEntry.objects.first()
    assert entry is not None
    entry.note = "改写"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_integrity_check_detects_tampering(budget: Any, city_admin: Any, enterprise_a: Any) -> None:
    c = services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount="100")
    assert ledger_verify().ok
    # an edited amount breaks the chain
    LedgerEntry.objects.filter(pk=c.pk).update(amount=Decimal("1"))
    report = ledger_verify()
    assert not report.ok and report.first_bad_id == c.pk
    LedgerEntry.objects.filter(pk=c.pk).update(amount=Decimal("100"))
    assert ledger_verify().ok
    # a balance edited behind the ledger's back is found
    BudgetLine.objects.filter(pk=budget.transformation.pk).update(committed=Decimal("50"))
    report = ledger_verify()
    assert not report.ok and "改造补贴" in report.message
    BudgetLine.objects.filter(pk=budget.transformation.pk).update(committed=Decimal("100"))
    # deleting the newest entry (bypassing the model) is found by the head
    LedgerEntry.objects.filter(pk=c.pk)._raw_delete(LedgerEntry.objects.db)
    assert not ledger_verify().ok
