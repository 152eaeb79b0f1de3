"""服务商遴选 as a campaign of the application engine: the shipped 数字化服务商入库申请书 template (the former
provider application form as a template version), the campaign kind "provider" with the presets of a new
campaign, and the result handler that enters a selected provider into the
provider pool (re-activating a former member) and notifies it. Registered in apps.ready."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from smedt.applications.workflow import CHAIN_CITY

PROVIDER_KIND = "provider"
PROVIDER_KIND_LABEL = "服务商遴选"
POOL_HANDLER = "providers.pool"
POOL_HANDLER_LABEL = "进入数字化服务商库"
# the expert score sheet a new provider selection campaign starts from (the city may edit it)
SCORE_ITEMS: tuple[tuple[str, str], ...] = (
    ("技术能力与产品成熟度", "40"),
    ("行业案例与服务经验", "30"),
    ("服务保障与本地化能力", "30"),
)
TEMPLATE_FILE = Path(__file__).parent / "data" / "provider-application-template.json"
# what a provider selection campaign is: providers apply, the city reviews, experts score, 公示, then the pool.
# The kind registration (apps.ready) carries these as the city form's presets; services and the demo use them too.
PROVIDER_ORG_KINDS = ("provider",)
CAMPAIGN_DEFAULTS: dict[str, Any] = {
    "kind": PROVIDER_KIND,
    "org_kinds": list(PROVIDER_ORG_KINDS),
    "review_chain": CHAIN_CITY,
    "result_handler": POOL_HANDLER,
    "expert_scoring": True,
}


def register_provider_kind() -> None:
    """The campaign kind 服务商遴选 with its presets (called in apps.ready)."""
    from smedt.applications.kinds import register_campaign_kind

    register_campaign_kind(
        PROVIDER_KIND,
        PROVIDER_KIND_LABEL,
        result_handler=POOL_HANDLER,
        org_kinds=PROVIDER_ORG_KINDS,
        review_chain=CHAIN_CITY,
        expert_scoring=True,
        score_items=SCORE_ITEMS,
    )


def provider_template() -> dict[str, Any]:
    """{name, description, form} of the shipped provider application template."""
    doc: dict[str, Any] = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return doc


def pool_enter(submission: Any, actor: Any) -> None:
    """A selected submission enters (or re-activates) the provider in the pool; its published products are
    listed again and the provider is told. Runs inside the engine's finalize transaction."""
    from smedt.audit.services import audit_record
    from smedt.providers.models import PoolStatus, ProviderPoolMember
    from smedt.providers.services import notify_org_users, pool_products_search_sync

    data = submission.data or {}
    subs = [str(s) for s in data.get("sub_industries") or []]
    member, _ = ProviderPoolMember.objects.update_or_create(
        org_id=submission.org_id,
        defaults={
            "region": submission.region,
            "submission": submission,
            "provider_type": str(data.get("provider_type") or ""),
            "sub_industries": subs,
            "status": PoolStatus.ACTIVE,
            "status_reason": "",
        },
    )
    pool_products_search_sync(org_id=submission.org_id, listed=True)  # back in the pool: its products too
    notify_org_users(
        submission.org_id,
        "贵单位已入选数字化服务商库",
        submission.campaign.name,
        dedupe_key=f"provider-enter-submission-{submission.pk}",
    )
    audit_record(
        actor=actor,
        action="providers.pool_enter",
        target=member,
        region=submission.region,
        org_id=submission.org_id,
        after={"submission": submission.pk},
    )
