"""Two officers approve at the same moment for the last money of a line: exactly one commitment lands."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import close_old_connections, connection

from smedt.core.errors import ApplicationError
from smedt.funds import services
from smedt.funds.ledger import ledger_verify
from smedt.funds.models import BudgetLine, Commitment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs row locks (SELECT … FOR UPDATE) and concurrent writers: run with DATABASE_URL=postgres://…",
    ),
]


def test_two_commits_race_for_the_last_money(budget: Any, city_admin: Any, enterprise_a: Any) -> None:
    line = budget.transformation  # 1,000,000.00 allocated
    services.entry_commit(actor=city_admin, line=line, enterprise=enterprise_a, amount="400000")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def approve() -> None:
        try:
            barrier.wait(timeout=10)
            services.entry_commit(actor=city_admin, line=line, enterprise=enterprise_a, amount="600000")
            results.append("ok")
        except ApplicationError as exc:
            results.append(exc.code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["funds.over_allocated", "ok"]
    line.refresh_from_db()
    assert line.committed == line.allocated == Decimal("1000000.00")
    assert Commitment.objects.count() == 2
    assert ledger_verify().ok


def test_two_disbursements_race_for_the_last_commitment_money(budget: Any, city_admin: Any, enterprise_a: Any) -> None:
    c = services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount="1000")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def pay() -> None:
        try:
            barrier.wait(timeout=10)
            services.entry_disburse(actor=city_admin, commitment=c.commitment, amount="700")
            results.append("ok")
        except ApplicationError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["funds.over_committed", "ok"]
    assert BudgetLine.objects.get(pk=budget.transformation.pk).disbursed == Decimal("700.00")
    assert ledger_verify().ok
