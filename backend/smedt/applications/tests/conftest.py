from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from smedt.applications.services.campaigns import campaign_create, campaign_open
from smedt.applications.services.templates import template_create, template_version_publish
from smedt.applications.tests.forms import award_form
from smedt.enterprises.models import EnterpriseProfile, EnterpriseYearFigure


def give_revenue(org: Any, revenue: str = "1000.00", year: int = 2025) -> None:
    profile, _ = EnterpriseProfile.objects.get_or_create(org=org)
    EnterpriseYearFigure.objects.update_or_create(
        profile=profile, year=year, defaults={"operating_revenue": Decimal(revenue), "rd_expense": Decimal("40")}
    )


@pytest.fixture
def campaign(city_admin: Any, enterprise_a: Any, enterprise_b: Any) -> Any:
    """An open campaign on a published award template; both test enterprises have a revenue on file."""
    give_revenue(enterprise_a)
    give_revenue(enterprise_b, "500.00")
    version = template_create(actor=city_admin, name="数字化转型标杆企业", schema=award_form())
    template_version_publish(actor=city_admin, version=version)
    now = timezone.now()
    c = campaign_create(
        actor=city_admin,
        values={
            "name": "2026年数字化转型标杆企业申报",
            "template_version_id": version.pk,
            "opens_at": now - timedelta(hours=1),
            "closes_at": now + timedelta(days=10),
            "quota": 2,
            "publicity_days": 5,
        },
    )
    return campaign_open(actor=city_admin, campaign=c)
