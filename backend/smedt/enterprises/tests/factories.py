"""Factories for the enterprises tests (plain functions). Pilot selection is a campaign of the engine."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from smedt.applications.models import Campaign, Submission
from smedt.enterprises.models import PilotEnterprise

SCORE_ITEMS = [
    {"key": "basis", "name": "数字化基础", "max_score": "40.00"},
    {"key": "plan", "name": "实施方案", "max_score": "60.00"},
]


def make_pilot_campaign(city_admin: Any, **values: Any) -> Campaign:
    """An open 试点企业遴选 round on the shipped template, narrowed to two 细分行业."""
    from smedt.applications.services.campaigns import campaign_create, campaign_open
    from smedt.applications.services.templates import template_create, template_version_publish
    from smedt.enterprises.pilot_campaign import PILOT_KIND, pilot_template

    doc = pilot_template()
    version = template_version_publish(
        actor=city_admin, version=template_create(actor=city_admin, name=doc["name"], schema=doc["form"])
    )
    now = timezone.now()
    campaign = campaign_create(
        actor=city_admin,
        values={
            "name": "2026年第一批试点企业遴选",
            "template_version_id": version.pk,
            "opens_at": now - timedelta(hours=1),
            "closes_at": now + timedelta(days=30),
            "quota": 10,
            "kind": PILOT_KIND,
            "field_options": {"sub_industry": ["lifting_equipment", "auto_parts"]},
            **values,
        },
    )
    return campaign_open(actor=city_admin, campaign=campaign)


def make_pilot(org: Any, *, sub_industry: str = "auto_parts", status: str = "active") -> PilotEnterprise:
    return PilotEnterprise.objects.create(org=org, region=org.region, sub_industry=sub_industry, status=status)


def make_submission(org: Any, campaign: Campaign, status: str = "reviewing", **kw: Any) -> Submission:
    return Submission.objects.create(
        campaign=campaign,
        template_version=campaign.template_version,
        org=org,
        region=org.region,
        status=status,
        data={"sub_industry": "auto_parts", "contact_name": "王经理", "plan_summary": "设备联网", **kw.pop("data", {})},
        **kw,
    )
