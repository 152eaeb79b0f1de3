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
    ProviderApplicationCreateIn,
    ProviderApplicationFilter,
    ProviderApplicationOut,
    ProviderApplicationUpdateIn,
    ProviderBatchCreateIn,
    ProviderBatchOut,
    ProviderCatalogueFilter,
    ProviderPoolActionIn,
    ProviderPoolFilter,
    ProviderPoolOut,
    ProviderPublicityOut,
    ProviderResubmitIn,
    ProviderScenarioOut,
    ProviderScoreIn,
    ProviderScoreOut,
)
from smedt.reviews.api.publicity import (
    ObjectionFilter,
    ObjectionHandleIn,
    ObjectionIn,
    ObjectionOut,
    ObjectionRowOut,
)
from smedt.reviews.publicity import objection_row

router = Router(tags=["服务商"])
rating_routes.mount(router)  # scheme, scorecards, appeals, complaints: smedt/providers/api/ratings.py


def _u(request: HttpRequest) -> Any:
    return request_user(request)


@router.get("/batches", response=Page[ProviderBatchOut])
def batches(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(sel.batch_list(user=_u(request)), page)


@router.post("/batches", response={201: ProviderBatchOut})
def batch_create(request: HttpRequest, payload: ProviderBatchCreateIn) -> Status[Any]:
    data = payload.dict()
    return Status(201, services.batch_create(actor=_u(request), **data))


@router.get("/applications", response=Page[ProviderApplicationOut])
def applications(
    request: HttpRequest, filters: Query[ProviderApplicationFilter], page: Query[PageParams]
) -> dict[str, Any]:
    return paginate(
        sel.application_list(user=_u(request), filters=filters),
        page,
        transform=lambda rows: [out.app_out(a, _u(request)) for a in rows],
    )


@router.post("/applications", response={201: ProviderApplicationOut})
def application_create(request: HttpRequest, payload: ProviderApplicationCreateIn) -> Status[Any]:
    data = payload.dict()
    batch = sel.batch_get(user=_u(request), batch_id=data.pop("batch_id"))
    org_id = data.pop("org_id")
    return Status(
        201,
        out.app_out(services.application_create(actor=_u(request), batch=batch, data=data, org_id=org_id), _u(request)),
    )


@router.get("/applications/{app_id}", response=ProviderApplicationOut)
def application_detail(request: HttpRequest, app_id: int) -> dict[str, Any]:
    return out.app_out(sel.application_get(user=_u(request), application_id=app_id), _u(request))


@router.post("/applications/{app_id}/submit", response=ProviderApplicationOut)
def application_submit(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return out.app_out(services.application_submit(actor=_u(request), application=app), _u(request))


@router.patch("/applications/{app_id}", response=ProviderApplicationOut)
def application_update(request: HttpRequest, app_id: int, payload: ProviderApplicationUpdateIn) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    data = payload.dict(exclude_unset=True)
    return out.app_out(services.application_update(actor=_u(request), application=app, changes=data), _u(request))


@router.post("/applications/{app_id}/resubmit", response=ProviderApplicationOut)
def application_resubmit(request: HttpRequest, app_id: int, payload: ProviderResubmitIn) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return out.app_out(
        services.application_resubmit(actor=_u(request), application=app, note=payload.note), _u(request)
    )


@router.post("/applications/{app_id}/withdraw", response=ProviderApplicationOut)
def application_withdraw(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return out.app_out(services.application_withdraw(actor=_u(request), application=app), _u(request))


@router.post("/applications/{app_id}/scores", response={201: ProviderScoreOut})
def score_submit(request: HttpRequest, app_id: int, payload: ProviderScoreIn) -> Status[Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return Status(
        201, services.score_submit(actor=_u(request), application=app, marks=payload.marks, opinion=payload.opinion)
    )


@router.post("/applications/{app_id}/finalize", response=ProviderPoolOut)
def application_finalize(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return out.pool_out(services.application_finalize(actor=_u(request), application=app), _u(request))


# --- 公示与异议 (rules shared with the pilot selection: smedt/reviews/publicity.py) -------------------------


@router.get("/publicity", response=Page[ProviderPublicityOut], auth=None)
def publicity(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Public notice (no login); filing an objection needs a signed-in user."""
    return paginate(sel.publicity_list(), page, transform=out.publicity_rows)


@router.post("/publicity/{app_id}/objections", response={201: ObjectionOut})
def objection_file(request: HttpRequest, app_id: int, payload: ObjectionIn) -> Status[Any]:
    app = sel.publicity_get(application_id=app_id)
    o = services.objection_file(
        actor=_u(request), application=app, content=payload.content, evidence_id=payload.evidence_id
    )
    return Status(201, {**o.__dict__, "status_label": o.get_status_display()})


@router.get("/objections", response=Page[ObjectionRowOut])
def objections(request: HttpRequest, filters: Query[ObjectionFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.objection_list(user=_u(request), filters=filters)
    return paginate(qs, page, transform=lambda rows: [objection_row(o) for o in rows])


@router.post("/objections/{objection_id}/handle", response=ObjectionOut)
def objection_handle(request: HttpRequest, objection_id: int, payload: ObjectionHandleIn) -> dict[str, Any]:
    o = sel.objection_get(user=_u(request), objection_id=objection_id)
    o = services.objection_handle(actor=_u(request), objection=o, upheld=payload.upheld, resolution=payload.resolution)
    return {**o.__dict__, "status_label": o.get_status_display()}


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
