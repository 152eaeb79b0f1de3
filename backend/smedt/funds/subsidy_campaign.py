"""The shipped subsidy application template and the helper that opens a subsidy campaign on the engine."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from smedt.funds.config import DATA_DIR, finance_review
from smedt.funds.subsidies import HANDLER

TEMPLATE_FILE = DATA_DIR / "subsidy-application.json"


def subsidy_template_version(actor: Any) -> Any:
    """The published version of the shipped template (created and published once)."""
    from smedt.applications.services.templates import template_published_or_create

    doc: dict[str, Any] = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return template_published_or_create(
        actor=actor, name=doc["name"], description=doc["description"], schema=doc["form"]
    )


def subsidy_campaign_open(
    *,
    actor: Any,
    name: str,
    opens_at: datetime,
    closes_at: datetime,
    quota: int = 100,
    publicity_days: int = 5,
    finance: bool | None = None,
) -> Any:
    """A subsidy campaign: enterprises, county → city (→ finance) review, 公示, then the commitment (result
    handler). ``finance`` None follows ``SMEDT_FUNDS_FINANCE_REVIEW``; the chain is kept by the campaign."""
    from smedt.applications.services.campaigns import campaign_create, campaign_open
    from smedt.applications.workflow import CHAIN_COUNTY_CITY, CHAIN_COUNTY_CITY_FINANCE

    with_finance = finance_review() if finance is None else finance

    version = subsidy_template_version(actor)
    campaign = campaign_create(
        actor=actor,
        values={
            "name": name,
            "description": "改造项目验收通过的试点企业申请数字化改造补贴；补贴金额按规则自动测算，批准后承诺资金、分批拨付。",
            "template_version_id": version.pk,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "quota": quota,
            "org_kinds": ["enterprise"],
            "review_chain": CHAIN_COUNTY_CITY_FINANCE if with_finance else CHAIN_COUNTY_CITY,
            "result_handler": HANDLER,
            "eligibility_rule": "subsidy.eligible_amount > 0",
            "eligibility_text": "有验收通过的数字化改造项目，且测算补贴金额大于 0",
            "publicity_days": publicity_days,
        },
    )
    return campaign_open(actor=actor, campaign=campaign)
