"""Policies test setup: enterprises with 一企一档 figures in two counties."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from smedt.enterprises.models import FactSource
from smedt.enterprises.services.profile import figure_apply, profile_apply, profile_for_org
from smedt.orgs.models import Organization

POLICY = {
    "title": "新乡市中小企业数字化转型奖补政策",
    "issuer": "新乡市工业和信息化局",
    "doc_number": "新工信〔2026〕12号",
    "level": "city",
    "department": "miit",
    "support_type": "subsidy",
    "amount_max": "200.00",
    "window_start": "2026-01-01",
    "window_end": "2099-12-31",
    "keywords": ["数字化转型", "奖补"],
    "body": "申报企业须为制造业企业。上年度营业收入不低于2000万元，从业人员1000人以下。",
}


@pytest.fixture
def with_figures() -> Callable[..., Organization]:
    def make(org: Organization, *, revenue: str | None, employees: int | None, industry: str = "C3432") -> Organization:
        profile = profile_for_org(org=org)
        profile_apply(
            profile=profile,
            values={"industry_code": industry, "founded_on": date(2015, 3, 1)},
            source=FactSource.GOVERNMENT_IMPORT,
            actor=None,
            evidence=None,
        )
        figures: dict[str, Any] = {}
        if revenue is not None:
            figures["operating_revenue"] = Decimal(revenue)
        if employees is not None:
            figures["employees"] = employees
        figure_apply(
            profile=profile, year=2025, values=figures, source=FactSource.GOVERNMENT_IMPORT, actor=None, evidence=None
        )
        return org

    return make
