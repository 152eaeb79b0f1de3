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

    cultivation_applications_demo_load()


# --- applications: one open 专精特新 campaign, one 创新型 campaign with an application in review -----------------------

SPECIALIZED_CAMPAIGN = "2026年度专精特新中小企业认定申报"
INNOVATIVE_CAMPAIGN = "2026年度创新型中小企业评价申报"
# enterprise → (campaign, figures typed differently from the platform: the reviewers see the finding)
APPLICANTS: dict[str, tuple[str, dict[str, Any]]] = {
    "新乡卫滨医用卫材有限公司": (INNOVATIVE_CAMPAIGN, {"rd_expense_y1": "106.00"}),
}
WEIBIN_ANSWERS: dict[str, Any] = {
    **COMMON,
    "revenue_y1": "2300.00",
    "revenue_y2": "2050.00",
    "revenue_y3": "1900.00",
    "rd_expense_y1": "96.00",
    "rd_expense_y2": "80.00",
    "main_revenue_y1": "2100.00",
    "main_revenue_y2": "1880.00",
    "total_assets_y1": "2600.00",
    "employees_y1": 86,
    "rd_staff_y1": 14,
    "ip_class1": 2,
    "ip_class1_self": 2,
    "ip_class1_high_value": 0,
    "ip_class2": 9,
    "rd_institution_level": 2,
    "equity_financing_3y": "0",
    "segment_years": 6,
    "info_system": True,
    "holds_innovative": False,
    "holds_specialized": False,
}


def _demo_pdf(user: Any, name: str) -> str:
    from django.core.files.base import ContentFile

    from smedt.files.services import attachment_upload

    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return str(attachment_upload(actor=user, upload=ContentFile(body, name=name), purpose="applications").pk)


def _form_data(schema: dict[str, Any], answers: dict[str, Any], user: Any) -> dict[str, Any]:
    from smedt.cultivation.campaigns import EVIDENCE, NO, YES

    data: dict[str, Any] = {"contact": "申报联系人 13800000000"}
    for s in schema["sections"]:
        for f in s["fields"]:
            key = f["key"]
            if key in EVIDENCE:
                data[key] = [_demo_pdf(user, f"{EVIDENCE[key][0]}.pdf")]
            elif key in answers and answers[key] is not None:
                v = answers[key]
                data[key] = (YES if v else NO) if isinstance(v, bool) else (v if isinstance(v, list) else str(v))
    return data


def cultivation_applications_demo_load() -> int:
    """The tiers' templates (built from the 2号文 criteria), two open campaigns, a 创新型 application in review."""
    from smedt.applications.models import Campaign, Submission
    from smedt.applications.services.campaigns import campaign_create, campaign_open
    from smedt.applications.services.submissions import submission_create, submission_submit
    from smedt.cultivation.campaigns import RESULT_HANDLER
    from smedt.cultivation.services.applications import application_template_publish

    city = User.objects.filter(username="city_admin").first()
    if city is None or Campaign.objects.filter(name=SPECIALIZED_CAMPAIGN).exists():
        return 0
    now = timezone.now()
    campaigns = {}
    for name, tier, expert in ((SPECIALIZED_CAMPAIGN, "specialized", True), (INNOVATIVE_CAMPAIGN, "innovative", False)):
        version = application_template_publish(actor=city, criteria_version="v2026", tier=tier)
        c = campaign_create(
            actor=city,
            values={
                "name": name,
                "description": "按《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号）组织申报，"
                "填报数据将与一企一档、数字化水平评测和梯度培育自评自动比对。",
                "template_version_id": version.pk,
                "opens_at": now - timedelta(days=2),
                "closes_at": now + timedelta(days=40),
                "quota": 30,
                "org_kinds": ["enterprise"],
                "result_handler": RESULT_HANDLER,
                "expert_scoring": expert,
                "min_expert_scores": 1,
                "score_items": [
                    {"key": "specialization", "name": "专业化与精细化水平", "max_score": "50"},
                    {"key": "innovation", "name": "特色化与创新能力", "max_score": "50"},
                ]
                if expert
                else [],
                "publicity_days": 5,
            },
        )
        campaigns[name] = campaign_open(actor=city, campaign=c)
    for org_name, (campaign_name, typed) in APPLICANTS.items():
        org = Organization.objects.filter(name=org_name).first()
        user = _user(org, "enterprise_user") if org else None
        if org is None or user is None:
            continue
        campaign = campaigns[campaign_name]
        latest = SelfAssessment.objects.filter(org=org).order_by("-id").first()
        if latest is None and org_name == "新乡卫滨医用卫材有限公司":
            latest = self_assessment_run(actor=user, org_id=org.pk, answers=WEIBIN_ANSWERS)
        answers = {k: v["value"] for k, v in (latest.answers if latest else {}).items()} | typed
        data = _form_data(campaign.template_version.schema, answers, user)
        sub = submission_create(
            actor=user, campaign=campaign, template_version_id=campaign.template_version_id, data=data
        )
        if not Submission.objects.filter(pk=sub.pk, status="draft").exists():
            continue
        submission_submit(actor=user, submission=sub, template_version_id=campaign.template_version_id, data=data)
    return 1


__all__ = ["cultivation_applications_demo_load", "cultivation_demo_load", "date"]
