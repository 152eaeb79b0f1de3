"""The application templates of the tiers: built from the criteria (``campaigns.criteria_form``) and
published on the application engine, once per regime and tier."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from smedt.applications.models import TemplateVersion
from smedt.core.errors import ValidationFailed
from smedt.cultivation.campaigns import criteria_form, template_name
from smedt.cultivation.criteria import TIER_LABELS, TIERS
from smedt.cultivation.errors import CultivationErrorCode
from smedt.cultivation.services.criteria import criteria_compiled, criteria_get


@transaction.atomic
def application_template_publish(*, actor: Any, criteria_version: str, tier: str) -> TemplateVersion:
    """The published template of a tier under a regime (created and published on first use). The form is
    the criteria's own; the city may still add fields in the designer, which makes a new version."""
    from smedt.applications.services.templates import template_published_or_create
    from smedt.rbac.services import require

    require(actor, "applications.manage_template")  # before looking at the request
    if tier not in TIERS:
        raise ValidationFailed(
            code=CultivationErrorCode.INVALID_ANSWERS, message="梯度不正确", details={"fields": {"tier": "梯度不正确"}}
        )
    criteria = criteria_compiled(criteria_get(version=criteria_version)).criteria
    name = template_name(criteria, tier)
    description = f"按{criteria.name}（{criteria.document_no}）生成：认定条件、评分指标与直通条件由认定标准自动测算。"
    return template_published_or_create(
        actor=actor, name=name, description=f"{TIER_LABELS[tier]}：{description}", schema=criteria_form(criteria, tier)
    )
