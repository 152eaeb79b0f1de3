"""Organization reads, always from the user's scope."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from smedt.accounts.services.users import mask_mobile
from smedt.core.dbcompat import NameContains
from smedt.core.errors import NotFound
from smedt.orgs.models import Organization

_CREDIT_CODE_CHARS = re.compile(r"[0-9A-Z]+")


def org_name_q(q: str, path: str = "") -> Q:
    """The one organization-name search: 名称 contains `q` (case-insensitive), through the relation `path`
    (e.g. "org", "enterprise"). Exactly `name__icontains`; on PostgreSQL answered by the CJK-capable name
    index (`core.dbcompat.NameContains`)."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}name__{NameContains.lookup_name}": q})


def org_search_q(q: str, path: str = "") -> Q:
    """名称 or 统一社会信用代码 contains `q` — the `q=` of every organization list.

    A credit code holds only digits and capital letters: a query with any other character (Chinese, a
    space) cannot be part of one, so only the name is searched then (the trigram index of the code would
    otherwise have nothing to narrow and be read whole).
    """
    prefix = f"{path}__" if path else ""
    code = q.upper()
    if code and _CREDIT_CODE_CHARS.fullmatch(code):
        return org_name_q(q, path) | Q(**{f"{prefix}credit_code__icontains": code})
    return org_name_q(q, path)


def org_list(*, user: Any, filters: Any, action: str = "view") -> QuerySet[Organization]:
    qs = Organization.objects.visible_to(user, action).select_related("region")
    if filters.q:
        qs = qs.filter(org_search_q(filters.q))
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
