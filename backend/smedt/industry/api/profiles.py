"""/api/industry/profiles: 企业画像 (one enterprise, scoped like 一企一档) and 行业画像 (a chain, a 试点细分行业
or a 国民经济行业 code, aggregated inside the reader's region)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from smedt.core.api.auth import request_user
from smedt.industry import profiles
from smedt.industry.api.profile_schemas import EnterprisePortraitOut, IndustryProfileFilter, IndustryProfileOut
from smedt.rbac.services import require

router = Router(tags=["产业服务"])


@router.get("/enterprises/{org_id}", response=EnterprisePortraitOut)
def enterprise_portrait(request: HttpRequest, org_id: int) -> dict[str, Any]:
    user = request_user(request)
    return profiles.enterprise_portrait(user=user, org=profiles.portrait_org(user=user, org_id=org_id))


@router.get("/industry", response=IndustryProfileOut)
def industry_profile(request: HttpRequest, filters: Query[IndustryProfileFilter]) -> dict[str, Any]:
    user = request_user(request)
    require(user, "industry.view_monitoring")
    return profiles.industry_profile(user=user, dimension=filters.dimension, key=filters.key)
