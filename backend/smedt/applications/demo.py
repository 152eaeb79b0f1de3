"""Demo data of the application engine (idempotent, called from load_demo): the 数字化转型标杆企业 award
template (6 quantitative indicators, 3 evidence types, published) and an open 专项申报 campaign."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from smedt.applications.models import Campaign

DATA = Path(__file__).parent / "data" / "digital-benchmark-award.json"
CAMPAIGN_NAME = "2026年度数字化转型标杆企业专项申报"


def applications_demo_load() -> int:
    from smedt.accounts.models import User
    from smedt.applications.services.campaigns import campaign_create, campaign_open
    from smedt.applications.services.templates import template_published_or_create

    city = User.objects.filter(username="city_admin").first()
    if city is None or Campaign.objects.filter(name=CAMPAIGN_NAME).exists():
        return 0
    doc: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    version = template_published_or_create(
        actor=city, name=doc["name"], description=doc["description"], schema=doc["form"]
    )
    now = timezone.now()
    campaign = campaign_create(
        actor=city,
        values={
            "name": CAMPAIGN_NAME,
            "description": "面向全市中小企业，评选数字化转型成效突出的标杆企业，入选企业将在门户网站公布。",
            "template_version_id": version.pk,
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=30),
            "quota": 5,
            "eligibility_rule": "enterprise.operating_revenue >= 500",
            "eligibility_text": "上年度营业收入不低于 500 万元",
            "publicity_days": 5,
        },
    )
    campaign_open(actor=city, campaign=campaign)
    return 1
