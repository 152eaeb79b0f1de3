"""Demo data for the cultivation screens: ``cultivation_demo_load()`` (called by ``manage.py load_demo``).

Idempotent. Recognitions are recorded through the city's service and self-assessments through the
enterprise's own, as the demo users, so the audit trail, library rows and standings are the real ones.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from smedt.accounts.models import User
from smedt.cultivation.models import CultivationAction, Recognition, SelfAssessment
from smedt.cultivation.services.criteria import criteria_sets_load
from smedt.cultivation.services.library import action_log, recognition_record
from smedt.cultivation.services.self_assessment import self_assessment_run
from smedt.orgs.models import Organization
from smedt.rbac.models import RoleAssignment

COMMON: dict[str, Any] = {
    "sci_award_3y": False,
    "sci_award_province_top3_3y": False,
    "sci_award_national_top5_3y": False,
    "sci_award_national_top3_3y": False,
    "honor_high_tech": False,
    "tech_sme_valid": False,
    "maker_china_500_3y": False,
    "maker_china_50_3y": False,
    "market_top3": False,
    "key_chain": False,
    "key_field": False,
}

# enterprise → (recognitions: (tier, certificate, days ago), answers not in the fact base)
PLANS: dict[str, tuple[list[tuple[str, str, int]], dict[str, Any]]] = {
    "长垣华瑞起重装备有限公司": (
        [("innovative", "豫创新〔2023〕0412", 1200), ("specialized", "豫专精〔2024〕1187", 700)],
        {
            **COMMON,
            "revenue_y3": "16200.00",
            "main_revenue_y1": "20100.00",
            "main_revenue_y2": "17500.00",
            "main_revenue_y3": "15300.00",
            "net_profit_y1": "1310.00",
            "total_liabilities_y1": "13900.00",
            "equity_financing_2y": "0",
            "equity_financing_3y": "0",
            "segment_years": 16,
            "market_share_pct": "8.5",
            "ip_class1_self": 8,
            "ip_class1_high_value": 1,
            "ip_class1_applied": 3,
            "rd_institution_level": 3,
            "dev_score": "57",
            "quality_items": ["iso9001", "own_brand", "standards"],
            "product_field": 1,
            "strategic_emerging": False,
            "info_system": True,
            "mgmt_certification": True,
            "own_brand": True,
            "market_leading": True,
        },
    ),
    "新乡红旗汽车零部件有限公司": (
        [("innovative", "豫创新〔2025〕0877", 300)],
        {
            **COMMON,
            "revenue_y2": "5900.00",
            "revenue_y3": "5400.00",
            "rd_expense_y2": "210.00",
            "main_revenue_y1": "5300.00",
            "main_revenue_y2": "4900.00",
            "main_revenue_y3": "4500.00",
            "net_profit_y1": "190.00",
            "total_liabilities_y1": "2100.00",
            "equity_financing_2y": "0",
            "equity_financing_3y": "0",
            "segment_years": 9,
            "market_share_pct": "2",
            "ip_class1_self": 1,
            "ip_class1_high_value": 0,
            "ip_class2": 15,
            "ip_class1_applied": 1,
            "rd_institution_level": 2,
            "dev_score": "46",
            "quality_items": ["iso9001"],
            "product_field": 0,
            "strategic_emerging": False,
            "info_system": True,
            "mgmt_certification": True,
            "own_brand": False,
            "market_leading": True,
        },
    ),
}


def _user(org: Organization, role: str) -> Any:
    a = RoleAssignment.objects.filter(org=org, role__code=role).select_related("user").order_by("id").first()
    return a.user if a else None


def cultivation_demo_load() -> None:
    criteria_sets_load()
    city = User.objects.filter(username="city_admin").first()
    officer = User.objects.filter(username="changyuan_officer").first()
    today = timezone.localdate()
    for name, (recognitions, answers) in PLANS.items():
        org = Organization.objects.filter(name=name).first()
        if org is None or city is None:
            continue
        for tier, cert, days in recognitions:
            if not Recognition.objects.filter(tier=tier, certificate_no=cert).exists():
                recognition_record(
                    actor=city,
                    org_id=org.pk,
                    tier=tier,
                    certificate_no=cert,
                    recognized_on=today - timedelta(days=days),
                )
        user = _user(org, "enterprise_user")
        if user is not None and not SelfAssessment.objects.filter(org=org).exists():
            self_assessment_run(actor=user, org_id=org.pk, answers=answers)
        if (
            officer is not None
            and org.region.code == "410783"
            and not CultivationAction.objects.filter(org=org).exists()
        ):
            action_log(
                actor=officer,
                org_id=org.pk,
                kind="visit",
                title="走访了解小巨人申报准备情况",
                content="企业细分市场占有率待第三方佐证，建议补充研发机构认定材料。",
                happened_on=today - timedelta(days=20),
            )


__all__ = ["cultivation_demo_load", "date"]
