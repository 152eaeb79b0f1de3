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


def test_two_subsidy_approvals_race_for_the_last_money(
    api: Any,
    budget: Any,
    campaign: Any,
    city_admin: Any,
    county_a_officer: Any,
    county_b_officer: Any,
    enterprise_a: Any,
    enterprise_a_user: Any,
    enterprise_b: Any,
    enterprise_b_user: Any,
    provider_org: Any,
) -> None:
    """The real approval path (公示期满 → 入选 → commitment) for two enterprises, 150,000 each, with 200,000 left."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from smedt.applications.models import Submission
    from smedt.applications.services.review import submission_finalize
    from smedt.funds.models import SubsidyClaim
    from smedt.funds.tests.conftest import accepted_project
    from smedt.funds.tests.test_subsidies import _apply

    with transaction.atomic():  # the assessment factory locks rows: PostgreSQL needs a transaction around it
        accepted_project(enterprise_a, enterprise_a_user, provider_org, invoice_prefix="A")
        accepted_project(enterprise_b, enterprise_b_user, provider_org, invoice_prefix="B")
    # room for one subsidy, not two: 200,000 left on the city line, nothing on 红旗区's own line
    services.entry_commit(actor=city_admin, line=budget.transformation, enterprise=enterprise_a, amount="800000")
    services.entry_commit(actor=city_admin, line=budget.county_line, enterprise=enterprise_a, amount="200000")
    ids = []
    for user, county in ((enterprise_a_user, county_a_officer), (enterprise_b_user, county_b_officer)):
        sid, res = _apply(api, user, campaign)
        assert res.status_code == 200, res.json()
        review_id = Submission.objects.get(pk=sid).review_id
        for reviewer in (county, city_admin):
            assert api(reviewer).post(f"/api/reviews/{review_id}/approve", {}).status_code == 200
        ids.append(sid)
    Submission.objects.filter(pk__in=ids).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    barrier = threading.Barrier(2)
    results: list[str] = []

    def finalize(sid: int) -> None:
        try:
            app = Submission.objects.get(pk=sid)
            barrier.wait(timeout=10)
            submission_finalize(actor=city_admin, submission=app)
            results.append("ok")
        except ApplicationError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=finalize, args=(sid,)) for sid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["funds.over_allocated", "ok"]
    line = BudgetLine.objects.get(pk=budget.transformation.pk)
    assert line.committed == Decimal("950000.00") <= line.allocated
    assert SubsidyClaim.objects.filter(commitment__isnull=False).count() == 1
    # the loser's finalize rolled back whole: still in 公示, no commitment, ready to be decided again
    assert sorted(Submission.objects.filter(pk__in=ids).values_list("status", flat=True)) == ["approved", "publicity"]
    assert ledger_verify().ok
