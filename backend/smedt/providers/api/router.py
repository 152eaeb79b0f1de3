"""/api/providers: selection, pool, products and solutions (public catalogue), ratings."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.errors import NotFound
from smedt.core.export import xlsx_response
from smedt.orgs.models import Organization
from smedt.providers import selectors as sel
from smedt.providers import services
from smedt.providers.api.schemas import (
    ProductFilter,
    ProductIn,
    ProductOut,
    ProductUpdateIn,
    ProviderAppealDecideIn,
    ProviderAppealIn,
    ProviderAppealOut,
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
    ProviderRatingFilter,
    ProviderRatingIn,
    ProviderRatingOut,
    ProviderResubmitIn,
    ProviderScenarioOut,
    ProviderScoreIn,
    ProviderScoreOut,
)
from smedt.providers.models import Product, ProviderApplication, ProviderPoolMember
from smedt.rbac.services import require

router = Router(tags=["服务商"])


def _u(request: HttpRequest) -> Any:
    return request_user(request)


def app_out(a: ProviderApplication) -> dict[str, Any]:
    return {**a.__dict__, "org_name": a.org.name}


def pool_out(m: ProviderPoolMember) -> dict[str, Any]:
    return {**m.__dict__, "org_name": m.org.name, "region_name": m.region.name, "status_label": m.get_status_display()}


def product_out(p: Product) -> dict[str, Any]:
    return {**p.__dict__, "org_name": p.org.name}


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
        sel.application_list(user=_u(request), filters=filters), page, transform=lambda rows: [app_out(a) for a in rows]
    )


@router.post("/applications", response={201: ProviderApplicationOut})
def application_create(request: HttpRequest, payload: ProviderApplicationCreateIn) -> Status[Any]:
    data = payload.dict()
    batch = sel.batch_get(user=_u(request), batch_id=data.pop("batch_id"))
    org_id = data.pop("org_id")
    return Status(201, app_out(services.application_create(actor=_u(request), batch=batch, data=data, org_id=org_id)))


@router.get("/applications/{app_id}", response=ProviderApplicationOut)
def application_detail(request: HttpRequest, app_id: int) -> dict[str, Any]:
    return app_out(sel.application_get(user=_u(request), application_id=app_id))


@router.post("/applications/{app_id}/submit", response=ProviderApplicationOut)
def application_submit(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return app_out(services.application_submit(actor=_u(request), application=app))


@router.patch("/applications/{app_id}", response=ProviderApplicationOut)
def application_update(request: HttpRequest, app_id: int, payload: ProviderApplicationUpdateIn) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    data = payload.dict(exclude_unset=True)
    return app_out(services.application_update(actor=_u(request), application=app, changes=data))


@router.post("/applications/{app_id}/resubmit", response=ProviderApplicationOut)
def application_resubmit(request: HttpRequest, app_id: int, payload: ProviderResubmitIn) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return app_out(services.application_resubmit(actor=_u(request), application=app, note=payload.note))


@router.post("/applications/{app_id}/withdraw", response=ProviderApplicationOut)
def application_withdraw(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return app_out(services.application_withdraw(actor=_u(request), application=app))


@router.post("/applications/{app_id}/scores", response={201: ProviderScoreOut})
def score_submit(request: HttpRequest, app_id: int, payload: ProviderScoreIn) -> Status[Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return Status(
        201, services.score_submit(actor=_u(request), application=app, marks=payload.marks, opinion=payload.opinion)
    )


@router.post("/applications/{app_id}/finalize", response=ProviderPoolOut)
def application_finalize(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return pool_out(services.application_finalize(actor=_u(request), application=app))


@router.get("/pool", response=Page[ProviderPoolOut])
def pool(request: HttpRequest, filters: Query[ProviderPoolFilter], page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        sel.pool_list(user=_u(request), filters=filters), page, transform=lambda rows: [pool_out(m) for m in rows]
    )


@router.get("/pool/export")
def pool_export(request: HttpRequest, filters: Query[ProviderPoolFilter]) -> FileResponse:
    require(_u(request), "providers.export_pool")
    qs = sel.pool_list(user=_u(request), filters=filters, action="export").order_by("id")
    return xlsx_response(
        filename="服务商库",
        sheet="服务商库",
        columns=[
            ("服务商名称", lambda m: m.org.name),
            ("统一社会信用代码", lambda m: m.org.credit_code),
            ("所在区域", lambda m: m.region.name),
            ("类型", lambda m: m.provider_type),
            ("服务细分行业", lambda m: "、".join(m.sub_industries)),
            ("状态", lambda m: m.get_status_display()),
            ("状态说明", lambda m: m.status_reason),
            ("入库时间", lambda m: m.entered_at),
        ],
        rows=qs.iterator(chunk_size=2000),
    )


@router.get("/pool/{member_id}", response=ProviderPoolOut)
def pool_detail(request: HttpRequest, member_id: int) -> dict[str, Any]:
    return pool_out(sel.pool_get(user=_u(request), member_id=member_id))


@router.post("/pool/{member_id}/{action}", response=ProviderPoolOut)
def pool_action(request: HttpRequest, member_id: int, action: str, payload: ProviderPoolActionIn) -> dict[str, Any]:
    member = sel.pool_get(user=_u(request), member_id=member_id, action="manage")
    return pool_out(
        services.pool_member_set_status(actor=_u(request), member=member, action=action, reason=payload.reason)
    )


@router.get("/scenarios", response=list[ProviderScenarioOut], auth=None)
def scenarios(request: HttpRequest) -> list[dict[str, str]]:
    return [{"id": k, "name": v} for k, v in services.scenario_ids().items()]


@router.get("/catalogue", response=Page[ProductOut], auth=None)
def catalogue(request: HttpRequest, filters: Query[ProviderCatalogueFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.catalogue(filters=filters)
    return paginate(
        qs, page, allowed_ordering=("published_at", "list_price"), transform=lambda rows: [product_out(p) for p in rows]
    )


@router.get("/products", response=Page[ProductOut])
def products(request: HttpRequest, filters: Query[ProductFilter], page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        sel.product_list(user=_u(request), filters=filters), page, transform=lambda rows: [product_out(p) for p in rows]
    )


@router.post("/products", response={201: ProductOut})
def product_create(request: HttpRequest, payload: ProductIn) -> Status[Any]:
    data = payload.dict()
    org_id = data.pop("org_id")
    return Status(201, product_out(services.product_create(actor=_u(request), data=data, org_id=org_id)))


@router.patch("/products/{product_id}", response=ProductOut)
def product_update(request: HttpRequest, product_id: int, payload: ProductUpdateIn) -> dict[str, Any]:
    p = sel.product_get(user=_u(request), product_id=product_id)
    return product_out(services.product_update(actor=_u(request), product=p, changes=payload.dict(exclude_unset=True)))


@router.post("/products/{product_id}/submit", response=ProductOut)
def product_submit(request: HttpRequest, product_id: int) -> dict[str, Any]:
    p = sel.product_get(user=_u(request), product_id=product_id)
    return product_out(services.product_submit(actor=_u(request), product=p))


@router.post("/products/{product_id}/offline", response=ProductOut)
def product_offline(request: HttpRequest, product_id: int, payload: ProviderPoolActionIn) -> dict[str, Any]:
    p = sel.product_get(user=_u(request), product_id=product_id)
    return product_out(services.product_offline(actor=_u(request), product=p, reason=payload.reason))


@router.get("/ratings", response=Page[ProviderRatingOut])
def ratings(request: HttpRequest, filters: Query[ProviderRatingFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.rating_list(user=_u(request), filters=filters)
    return paginate(qs, page, transform=lambda rows: [{**r.__dict__, "org_name": r.org.name} for r in rows])


@router.put("/ratings", response=ProviderRatingOut)
def rating_set(request: HttpRequest, payload: ProviderRatingIn) -> dict[str, Any]:
    org = Organization.objects.select_related("region").filter(pk=payload.org_id).first()
    if org is None:
        raise NotFound("服务商不存在")
    r = services.rating_set(
        actor=_u(request), org=org, year=payload.year, components=payload.components, note=payload.note
    )
    return {**r.__dict__, "org_name": org.name}


@router.post("/ratings/{rating_id}/appeals", response={201: ProviderAppealOut})
def rating_appeal_file(request: HttpRequest, rating_id: int, payload: ProviderAppealIn) -> Status[Any]:
    row = sel.rating_get(user=_u(request), rating_id=rating_id)
    return Status(201, services.rating_appeal_file(actor=_u(request), rating_row=row, reason=payload.reason))


@router.post("/appeals/{appeal_id}/decide", response=ProviderAppealOut)
def rating_appeal_decide(request: HttpRequest, appeal_id: int, payload: ProviderAppealDecideIn) -> Any:
    appeal = sel.appeal_get(user=_u(request), appeal_id=appeal_id)
    return services.rating_appeal_decide(
        actor=_u(request),
        appeal=appeal,
        upheld=payload.upheld,
        resolution=payload.resolution,
        components=payload.components,
    )
