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
