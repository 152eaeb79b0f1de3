"""Organization reads, always from the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from smedt.accounts.services.users import mask_mobile
from smedt.core.errors import NotFound
from smedt.orgs.models import Organization


def org_list(*, user: Any, filters: Any, action: str = "view") -> QuerySet[Organization]:
    qs = Organization.objects.visible_to(user, action).select_related("region")
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(credit_code__icontains=filters.q.upper()))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.region_code:
        qs = qs.filter(region__code=filters.region_code)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if getattr(filters, "id", None):
        qs = qs.filter(pk=filters.id)
    return qs


def org_get(*, user: Any, org_id: int, action: str = "view") -> Organization:
    org = Organization.objects.visible_to(user, action).select_related("region").filter(pk=org_id).first()
    if org is None:
        raise NotFound("组织机构不存在或无权访问")
    return org


def phone_masked(value: str | None) -> str:
    value = value or ""
    return mask_mobile(value) if len(value) == 11 else (value[:4] + "****" if value else "")


def org_out(org: Organization) -> dict[str, Any]:
    return {
        "id": org.pk,
        "name": org.name,
        "credit_code": org.credit_code,
        "kind": org.kind,
        "kind_label": org.get_kind_display(),
        "region": {"code": org.region.code, "name": org.region.display_name},
        "status": org.status,
        "status_label": org.get_status_display(),
        "status_reason": org.status_reason,
        "contact_name": org.contact_name,
        "contact_phone_masked": phone_masked(org.contact_phone),
        "address": org.address,
        "industry_code": org.industry_code,
        "created_at": org.created_at,
    }
