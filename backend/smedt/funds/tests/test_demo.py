"""The funds demo loads through the services, verifies and is idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from smedt.funds.demo import funds_demo_load
from smedt.funds.ledger import ledger_verify
from smedt.funds.models import BudgetLine

pytestmark = pytest.mark.django_db


def test_demo_budget_loads_once(city_admin: Any, make_org: Any) -> None:
    make_org("410702", name="新乡红旗汽车零部件有限公司")
    assert funds_demo_load() == 4
    assert funds_demo_load() == 0
    line = BudgetLine.objects.get(purpose="transformation")
    assert (line.allocated, line.committed, line.disbursed) == (8000000, 300000, 150000)
    assert ledger_verify().ok


def test_subsidy_demo_through_the_services() -> None:
    """The whole demo (load_demo) leaves one approved, partly paid subsidy, one in review and 华瑞 ready to apply."""
    from django.core.management import call_command

    from smedt.funds.demo import subsidies_demo_load
    from smedt.funds.models import SubsidyClaim
    from smedt.funds.subsidies import compute_for
    from smedt.orgs.models import Organization

    call_command("load_demo", "--quiet-accounts", verbosity=0)
    approved = SubsidyClaim.objects.get(commitment__isnull=False)
    assert approved.commitment is not None
    assert approved.amount == 172000 and approved.commitment.disbursed == 103200  # (260k+48k+36k) × 50 %, 60 %
    # the demo's campaigns end their review at the finance bureau, and its officer decided the approved one
    assert approved.submission.campaign.review_chain == "application_review_finance"
    assert approved.submission.review is not None
    assert approved.submission.review.actions.filter(actor__username="finance_officer", action="approve").exists()
    pending = SubsidyClaim.objects.get(commitment__isnull=True)
    assert pending.submission.status == "reviewing" and pending.amount == 75000
    huarui = Organization.objects.get(name="长垣华瑞起重装备有限公司")
    assert compute_for(huarui.pk)[0].amount == 115000
    assert subsidies_demo_load() == 0
    assert ledger_verify().ok
