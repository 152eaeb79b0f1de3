"""Hypothesis: under any sequence of allocate / commit / disburse / reverse (valid or not) the balances
keep committed ≤ allocated, disbursed ≤ committed, nothing negative, equal the sums of the entries and the
chain verifies; a refused operation writes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from smedt.core.errors import ApplicationError
from smedt.funds import services
from smedt.funds.ledger import cents, ledger_verify
from smedt.funds.models import BudgetLine, Commitment, FundSource, LedgerEntry
from smedt.regions.models import Region

pytestmark = pytest.mark.django_db

amounts = st.decimals(min_value=Decimal("-5"), max_value=Decimal("300"), places=2)


class LedgerMachine(RuleBasedStateMachine):
    actor: Any = None
    enterprises: list[Any] = []

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        city = Region.objects.get(code="410700")
        self.source = services.source_create(
            actor=self.actor, kind="central", name="中央资金", year=2026, amount="1000", region=city
        )
        self.lines = [
            services.line_create(actor=self.actor, source=self.source, purpose="transformation", name="改造"),
            services.line_create(actor=self.actor, source=self.source, purpose="platform", name="平台"),
        ]

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _try(self, func: Any, **kw: Any) -> None:
        before = LedgerEntry.objects.count()
        try:
            func(actor=self.actor, **kw)
        except ApplicationError as exc:
            assert 400 <= exc.status_code < 500
            assert LedgerEntry.objects.count() == before  # a refusal writes nothing
        else:
            assert LedgerEntry.objects.count() == before + 1

    @rule(i=st.integers(0, 1), amount=amounts)
    def allocate(self, i: int, amount: Decimal) -> None:
        self._try(services.entry_allocate, line=self.lines[i], amount=amount)

    @rule(i=st.integers(0, 1), e=st.integers(0, 1), amount=amounts)
    def commit(self, i: int, e: int, amount: Decimal) -> None:
        self._try(services.entry_commit, line=self.lines[i], enterprise=self.enterprises[e], amount=amount)

    @rule(n=st.integers(0, 50), amount=amounts)
    def disburse(self, n: int, amount: Decimal) -> None:
        commitments = list(Commitment.objects.order_by("id"))
        if commitments:
            self._try(services.entry_disburse, commitment=commitments[n % len(commitments)], amount=amount)

    @rule(n=st.integers(0, 50))
    def reverse(self, n: int) -> None:
        entries = list(LedgerEntry.objects.order_by("id"))
        if entries:
            self._try(services.entry_reverse, entry=entries[n % len(entries)], reason="测试冲销")

    @invariant()
    def balances_hold(self) -> None:
        zero = Decimal(0)
        source = FundSource.objects.get(pk=self.source.pk)
        assert zero <= source.other_allocated <= source.other_purpose_cap == Decimal("200.00")
        assert zero <= source.allocated <= source.amount
        for line in BudgetLine.objects.filter(source=self.source):
            assert zero <= line.disbursed <= line.committed <= line.allocated
            sums = LedgerEntry.objects.filter(line=line).aggregate(
                a=Sum("allocated_delta"), c=Sum("committed_delta"), d=Sum("disbursed_delta")
            )
            assert (line.allocated, line.committed, line.disbursed) == (
                cents(sums["a"]),
                cents(sums["c"]),
                cents(sums["d"]),
            )
        for c in Commitment.objects.all():
            assert zero <= c.disbursed <= c.committed

    @invariant()
    def chain_verifies(self) -> None:
        assert ledger_verify().ok


def test_ledger_invariants_under_random_operations(city_admin: Any, enterprise_a: Any, make_org: Any) -> None:
    LedgerMachine.actor = city_admin
    LedgerMachine.enterprises = [enterprise_a, make_org("410783")]
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
