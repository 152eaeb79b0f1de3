from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from smedt.core.api.auth import request_user
from smedt.regions.api.schemas import RegionCreateIn, RegionNode, RegionOut, RegionUpdateIn
from smedt.regions.models import Region
from smedt.regions.selectors import region_get, region_tree
from smedt.regions.services import region_create, region_update

router = Router(tags=["行政区划"])


@router.get("/tree", response=list[RegionNode], auth=None)
def tree(request: HttpRequest, include_inactive: bool = False) -> list[dict[str, Any]]:
    """Public reference data (registration form needs it): the current divisions in one query. Former
    divisions (长垣县 → 长垣市) stay resolvable by code for old records; the division administration page
    asks for them with ``include_inactive=true``."""
    return region_tree(include_inactive=include_inactive)


@router.post("", response={201: RegionOut})
def create(request: HttpRequest, payload: RegionCreateIn) -> Status[Region]:
    return Status(201, region_create(actor=request_user(request), **payload.dict()))


@router.patch("/{code}", response=RegionOut)
def update(request: HttpRequest, code: str, payload: RegionUpdateIn) -> Region:
    return region_update(
        actor=request_user(request), region=region_get(code=code), changes=payload.dict(exclude_unset=True)
    )
