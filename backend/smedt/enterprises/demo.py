"""Demo data for the enterprise and provider registries (idempotent). Called from load_demo."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.enterprises.models import FactSource, PilotEnterprise
from smedt.enterprises.services.profile import figure_apply, profile_apply, profile_for_org
from smedt.orgs.models import Organization, OrgKind

# name → (basic data, {year: figures})
ENTERPRISES: dict[str, tuple[dict[str, Any], dict[int, dict[str, Any]]]] = {
    "长垣华瑞起重装备有限公司": (
        {
            "registered_capital": Decimal("5000.00"),
            "founded_on": date(2008, 4, 18),
            "legal_representative": "张华瑞",
            "industry_code": "C3432",
            "sub_industries": ["lifting_equipment"],
            "contact_name": "张经理",
        },
        {
            2024: {
                "operating_revenue": Decimal("18600.00"),
                "rd_expense": Decimal("720.00"),
                "profit": Decimal("1350.00"),
                "total_assets": Decimal("24100.00"),
                "employees": 420,
                "rd_staff": 56,
                "invention_patents": 6,
                "utility_patents": 41,
            },
            2025: {
                "operating_revenue": Decimal("21300.00"),
                "rd_expense": Decimal("860.00"),
                "profit": Decimal("1580.00"),
                "total_assets": Decimal("26800.00"),
                "employees": 455,
                "rd_staff": 61,
                "invention_patents": 8,
                "utility_patents": 47,
            },
        },
    ),
    "新乡红旗汽车零部件有限公司": (
        {
            "registered_capital": Decimal("1200.00"),
            "founded_on": date(2013, 9, 2),
            "legal_representative": "刘红旗",
            "industry_code": "C3670",
            "sub_industries": ["auto_parts"],
            "contact_name": "刘主管",
        },
        {
            2025: {
                "operating_revenue": Decimal("6400.00"),
                "rd_expense": Decimal("260.00"),
                "profit": Decimal("410.00"),
                "total_assets": Decimal("7200.00"),
                "employees": 168,
                "rd_staff": 22,
                "invention_patents": 2,
                "utility_patents": 15,
            }
        },
    ),
    "新乡卫滨医用卫材有限公司": (
        {
            "registered_capital": Decimal("800.00"),
            "founded_on": date(2016, 3, 11),
            "legal_representative": "王卫滨",
            "industry_code": "C2770",
            "sub_industries": ["medical_devices"],
            "contact_name": "王女士",
        },
        {
            2025: {
                "operating_revenue": Decimal("1850.00"),
                "rd_expense": Decimal("95.00"),
                "profit": Decimal("120.00"),
                "total_assets": Decimal("2300.00"),
                "employees": 64,
                "rd_staff": 9,
                "utility_patents": 6,
            }
        },
    ),
}
BATCH_NAME = "2026年新乡市中小企业数字化转型试点企业遴选（第一批）"
PILOT = "新乡红旗汽车零部件有限公司"


@transaction.atomic
def pilot_campaign_demo_load() -> int:
    """The open 试点企业遴选 round: a campaign of the application engine on the shipped 试点企业申报书
    template, narrowed to four 细分行业, with an optional expert score sheet. Idempotent."""
    from smedt.accounts.models import User
    from smedt.applications.models import Campaign
    from smedt.applications.services.campaigns import campaign_create, campaign_open
    from smedt.applications.services.templates import template_published_or_create
    from smedt.enterprises.pilot_campaign import PILOT_KIND, pilot_template

    city = User.objects.filter(username="city_admin").first()
    if city is None or Campaign.objects.filter(name=BATCH_NAME).exists():
        return 0
    doc = pilot_template()
    version = template_published_or_create(
        actor=city, name=doc["name"], description=doc["description"], schema=doc["form"]
    )
    now = timezone.now()
    campaign = campaign_create(
        actor=city,
        values={
            "name": BATCH_NAME,
            "description": "面向起重装备、高端医疗器械及卫材、汽车零部件、新型化工等细分行业。",
            "template_version_id": version.pk,
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=60),
            "quota": 50,
            "kind": PILOT_KIND,
            "field_options": {"sub_industry": ["lifting_equipment", "medical_devices", "auto_parts", "new_chemicals"]},
            "expert_scoring": True,
            "min_expert_scores": 0,
            "score_items": [
                {"key": "basis", "name": "数字化基础", "max_score": "30.00"},
                {"key": "plan", "name": "改造方案可行性", "max_score": "40.00"},
                {"key": "benefit", "name": "预期成效与示范性", "max_score": "30.00"},
            ],
            "publicity_days": 5,
        },
    )
    campaign_open(actor=city, campaign=campaign)
    return 1


def registries_demo_load() -> int:
    """Profiles and yearly figures for the demo enterprises, one open selection round (a campaign), one pilot
    enterprise in the library, the demo providers in the pool with a published product each."""
    changed = 0
    for name, (basic, years) in ENTERPRISES.items():
        org = Organization.objects.filter(name=name, kind=OrgKind.ENTERPRISE).select_related("region").first()
        if org is None:
            continue
        profile = profile_for_org(org=org)
        changed += len(
            profile_apply(profile=profile, values=basic, source=FactSource.GOVERNMENT_IMPORT, actor=None, evidence=None)
        )
        for year, values in years.items():
            _, diff = figure_apply(
                profile=profile,
                year=year,
                values=values,
                source=FactSource.GOVERNMENT_IMPORT,
                actor=None,
                evidence=None,
            )
            changed += len(diff)
    changed += pilot_campaign_demo_load()
    pilot_org = Organization.objects.filter(name=PILOT).select_related("region").first()
    if pilot_org is not None and not PilotEnterprise.objects.filter(org=pilot_org).exists():
        PilotEnterprise.objects.create(org=pilot_org, region=pilot_org.region, sub_industry="auto_parts", level=2)
        changed += 1
    from smedt.providers.demo import providers_demo_load

    return changed + providers_demo_load()
