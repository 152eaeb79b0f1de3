"""/api/providers: selection, pool, products and solutions (public catalogue), ratings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.providers import selectors as sel
from smedt.providers import services
from smedt.providers.api import outputs as out
from smedt.providers.api.ratings import router as rating_routes
from smedt.providers.api.schemas import (
    CatalogueProductOut,
    ProductFilter,
    ProductIn,
    ProductOut,
    ProductUpdateIn,
    ProviderCatalogueFilter,
    ProviderPoolActionIn,
    ProviderPoolFilter,
    ProviderPoolOut,
    ProviderScenarioOut,
)

router = Router(tags=["服务商"])
rating_routes.mount(router)  # scheme, scorecards, appeals, complaints: smedt/providers/api/ratings.py


def _u(request: HttpRequest) -> Any:
    return request_user(request)


@router.get("/pool", response=Page[ProviderPoolOut])
def pool(request: HttpRequest, filters: Query[ProviderPoolFilter], page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        sel.pool_list(user=_u(request), filters=filters),
        page,
        transform=lambda rows: [out.pool_out(m, _u(request)) for m in rows],
    )


@router.get("/pool/{member_id}", response=ProviderPoolOut)
def pool_detail(request: HttpRequest, member_id: int) -> dict[str, Any]:
    return out.pool_out(sel.pool_get(user=_u(request), member_id=member_id), _u(request))


@router.post("/pool/{member_id}/{action}", response=ProviderPoolOut)
def pool_action(request: HttpRequest, member_id: int, action: str, payload: ProviderPoolActionIn) -> dict[str, Any]:
    member = sel.pool_get(user=_u(request), member_id=member_id, action="manage")
    return out.pool_out(
        services.pool_member_set_status(actor=_u(request), member=member, action=action, reason=payload.reason),
        _u(request),
    )


@router.get("/scenarios", response=list[ProviderScenarioOut], auth=None)
def scenarios(request: HttpRequest) -> list[dict[str, str]]:
    return [{"id": k, "name": v} for k, v in services.scenario_ids().items()]


@router.get("/catalogue", response=Page[ProductOut], auth=None)
def catalogue(request: HttpRequest, filters: Query[ProviderCatalogueFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.catalogue(filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=("published_at", "list_price"),
        transform=lambda rows: [out.product_out(p, None) for p in rows],
    )


@router.get("/catalogue/{product_id}", response=CatalogueProductOut, auth=None)
def catalogue_detail(request: HttpRequest, product_id: int) -> dict[str, Any]:
    p = sel.catalogue_get(product_id=product_id)
    return out.catalogue_detail_out(p, sel.catalogue_siblings(product=p), services.scenario_ids())


@router.get("/products", response=Page[ProductOut])
def products(request: HttpRequest, filters: Query[ProductFilter], page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        sel.product_list(user=_u(request), filters=filters),
        page,
        transform=lambda rows: [out.product_out(p, _u(request)) for p in rows],
    )


@router.post("/products", response={201: ProductOut})
def product_create(request: HttpRequest, payload: ProductIn) -> Status[Any]:
    data = payload.dict()
    org_id = data.pop("org_id")
    return Status(
        201, out.product_out(services.product_create(actor=_u(request), data=data, org_id=org_id), _u(request))
    )


@router.patch("/products/{product_id}", response=ProductOut)
def product_update(request: HttpRequest, product_id: int, payload: ProductUpdateIn) -> dict[str, Any]:
    p = sel.product_get(user=_u(request), product_id=product_id)
    return out.product_out(
        services.product_update(actor=_u(request), product=p, changes=payload.dict(exclude_unset=True)), _u(request)
    )


@router.post("/products/{product_id}/submit", response=ProductOut)
def product_submit(request: HttpRequest, product_id: int) -> dict[str, Any]:
    p = sel.product_get(user=_u(request), product_id=product_id)
    return out.product_out(services.product_submit(actor=_u(request), product=p), _u(request))


@router.post("/products/{product_id}/offline", response=ProductOut)
def product_offline(request: HttpRequest, product_id: int, payload: ProviderPoolActionIn) -> dict[str, Any]:
    p = sel.product_get(user=_u(request), product_id=product_id)
    return out.product_out(services.product_offline(actor=_u(request), product=p, reason=payload.reason), _u(request))
