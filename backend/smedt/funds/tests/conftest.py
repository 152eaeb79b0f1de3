"""Funds test setup: a central source with a transformation line, and a county's matching funds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from smedt.funds import services
from smedt.funds.models import BudgetLine, FundSource
from smedt.regions.models import Region


@dataclass
class Budget:
    central: FundSource
    transformation: BudgetLine  # central, city-wide, 1,000,000.00 allocated
    county_source: FundSource
    county_line: BudgetLine  # 红旗区 matching funds, 200,000.00 allocated


@pytest.fixture
def budget(city_admin: Any) -> Budget:
    city = Region.objects.get(code="410700")
    county = Region.objects.get(code="410702")
    central = services.source_create(
        actor=city_admin, kind="central", name="中央中小企业发展专项资金", year=2026, amount="5000000", region=city
    )
    line = services.line_create(actor=city_admin, source=central, purpose="transformation", name="改造补贴")
    services.entry_allocate(actor=city_admin, line=line, amount="1000000")
    county_source = services.source_create(
        actor=city_admin, kind="county", name="红旗区配套资金", year=2026, amount="500000", region=county
    )
    county_line = services.line_create(
        actor=city_admin, source=county_source, purpose="transformation", name="红旗区改造补贴"
    )
    services.entry_allocate(actor=city_admin, line=county_line, amount=Decimal("200000"))
    line.refresh_from_db()
    county_line.refresh_from_db()
    return Budget(central, line, county_source, county_line)
