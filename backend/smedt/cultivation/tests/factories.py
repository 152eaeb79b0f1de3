"""Factories: complete answers for a self-assessment, a recognition recorded directly."""

from __future__ import annotations

from datetime import date
from typing import Any

from smedt.cultivation.models import CriteriaSet, LibraryEntry, Recognition, SelfAssessment, TierStanding
from smedt.orgs.models import Organization


def answers(**changes: Any) -> dict[str, Any]:
    """JSON answers (as the form sends them) of a mid-sized enterprise close to 专精特新."""
    data: dict[str, Any] = {
        "revenue_y1": "3000.00",
        "revenue_y2": "2700.00",
        "revenue_y3": "2500.00",
        "main_revenue_y1": "2700.00",
        "main_revenue_y2": "2400.00",
        "main_revenue_y3": "2200.00",
        "net_profit_y1": "200.00",
        "total_assets_y1": "4000.00",
        "total_liabilities_y1": "2000.00",
        "employees_y1": 120,
        "equity_financing_2y": "0",
        "equity_financing_3y": "0",
        "segment_years": 5,
        "market_share_pct": "3",
        "rd_expense_y1": "100.00",
        "rd_expense_y2": "90.00",
        "rd_staff_y1": 15,
        "ip_class1": 1,
        "ip_class1_self": 1,
        "ip_class1_high_value": 0,
        "ip_class1_applied": 1,
        "ip_class2": 6,
        "rd_institution_level": 2,
        "digital_level": 2,
        "dev_score": "45",
        "quality_items": ["iso9001"],
        "product_field": 0,
        "strategic_emerging": False,
        "sci_award_3y": False,
        "sci_award_province_top3_3y": False,
        "sci_award_national_top5_3y": False,
        "sci_award_national_top3_3y": False,
        "honor_high_tech": False,
        "tech_sme_valid": False,
        "maker_china_500_3y": False,
        "maker_china_50_3y": False,
        "info_system": True,
        "mgmt_certification": True,
        "own_brand": True,
        "market_leading": True,
        "market_top3": False,
        "key_chain": False,
        "key_field": False,
        "holds_innovative": True,
        "holds_specialized": False,
    }
    data.update(changes)
    return data


def make_recognition(
    org: Organization,
    tier: str = "innovative",
    *,
    on: date | None = None,
    until: date | None = None,
    no: str | None = None,
) -> Recognition:
    from smedt.cultivation.services.library import entry_sync

    on = on or date(2025, 6, 1)
    rec = Recognition.objects.create(
        org=org,
        region=org.region,
        tier=tier,
        certificate_no=no or f"CERT-{org.pk}-{tier}",
        recognized_on=on,
        valid_until=until or date(on.year + 3, on.month, on.day),
        criteria_set=CriteriaSet.objects.get(version="v2022"),
    )
    from django.db import transaction

    with transaction.atomic():
        entry_sync(org=org)
    return rec


def make_standing(
    org: Organization, *, tier: str = "specialized", gap: str = "4", status: str = "fail"
) -> TierStanding:
    sa = SelfAssessment.objects.create(
        org=org,
        region=org.region,
        criteria_set=CriteriaSet.objects.get(version="v2022"),
        answers={},
        result={"tiers": [], "next_tier": tier, "criteria": {}},
        as_of=date(2026, 1, 1),
    )
    return TierStanding.objects.create(
        org=org, tier=tier, self_assessment=sa, region=org.region, status=status, points_gap=gap, is_next=True
    )


__all__ = ["LibraryEntry", "answers", "make_recognition", "make_standing"]
