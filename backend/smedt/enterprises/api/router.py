"""/api/enterprises: 一企一档, import, pilot selection, pilot library, recruitment."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.errors import NotFound
from smedt.core.export import xlsx_response
from smedt.enterprises import selectors as sel
from smedt.enterprises.api import outputs as out
from smedt.enterprises.api.schemas import (
    ApplicationCreateIn,
    ApplicationDetailOut,
    ApplicationFilter,
    ApplicationRowOut,
    ApplicationUpdateIn,
    FactsConfirmIn,
    FigureIn,
    ImportJobOut,
    PilotFilter,
    PilotOut,
    PilotScoreIn,
    PostCreateIn,
    PostFilter,
    PostOut,
    PostPublicOut,
    PostUpdateIn,
    PrefillOut,
    ProfileDetailOut,
    ProfileFilter,
    ProfileRowOut,
    ProfileUpdateIn,
    PublicityOut,
    PublicPostFilter,
    ReasonIn,
    ResubmitIn,
    ScoreOut,
    ScoreSheetIn,
    ScoreSheetOut,
    SelectionBatchCreateIn,
    SelectionBatchFilter,
    SelectionBatchOut,
)
from smedt.enterprises.archive import archive_build
from smedt.enterprises.models.pilot import pilot_level_label
from smedt.enterprises.services import imports, pilot, profile, recruitment
from smedt.enterprises.services.common import dict_values
from smedt.rbac.services import require
from smedt.reviews.api.publicity import ObjectionFilter, ObjectionHandleIn, ObjectionIn, ObjectionOut, ObjectionRowOut

router = Router(tags=["企业档案与试点企业"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _u(request: HttpRequest) -> Any:
    return request_user(request)


# --- 一企一档 ----------------------------------------------------------------------------------------------


@router.get("/profiles", response=Page[ProfileRowOut])
def profiles(request: HttpRequest, filters: Query[ProfileFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.profile_list(user=_u(request), filters=filters)
    return paginate(
        qs, page, allowed_ordering=("id", "org__name"), transform=lambda rows: [sel.profile_row(p) for p in rows]
    )


@router.get("/profiles/{org_id}", response=ProfileDetailOut)
def profile_detail(request: HttpRequest, org_id: int) -> dict[str, Any]:
    return sel.profile_detail(*sel.profile_get(user=_u(request), org_id=org_id))


@router.patch("/profiles/{org_id}", response=ProfileDetailOut)
def profile_update(request: HttpRequest, org_id: int, payload: ProfileUpdateIn) -> dict[str, Any]:
    org = sel.profile_scope_org(user=_u(request), org_id=org_id, action="edit")
    data = payload.dict(exclude_unset=True)
    profile.profile_update(
        actor=_u(request),
        org=org,
        changes=data,
        evidence_id=data.pop("evidence_id", None),
    )
    return sel.profile_detail(*sel.profile_get(user=_u(request), org_id=org_id))


@router.put("/profiles/{org_id}/figures/{year}", response=ProfileDetailOut)
def figure_upsert(request: HttpRequest, org_id: int, year: int, payload: FigureIn) -> dict[str, Any]:
    org = sel.profile_scope_org(user=_u(request), org_id=org_id, action="edit")
    data = payload.dict(exclude_unset=True)
    evidence = data.pop("evidence_id", None)
    profile.figure_upsert(actor=_u(request), org=org, year=year, values=data, evidence_id=evidence)
    return sel.profile_detail(*sel.profile_get(user=_u(request), org_id=org_id))


@router.post("/profiles/{org_id}/confirm", response=ProfileDetailOut)
def facts_confirm(request: HttpRequest, org_id: int, payload: FactsConfirmIn) -> dict[str, Any]:
    _org, prof = sel.profile_get(user=_u(request), org_id=org_id)
    if prof is None:
        raise NotFound("该企业尚未建档，暂无可确认的数据")
    profile.facts_confirm(
        actor=_u(request), profile=prof, year=payload.year, fields=payload.fields, evidence_id=payload.evidence_id
    )
    return sel.profile_detail(*sel.profile_get(user=_u(request), org_id=org_id))


# --- 批量导入 ----------------------------------------------------------------------------------------------


@router.get("/imports/template")
def import_template(request: HttpRequest) -> HttpResponse:
    require(_u(request), "enterprises.import_enterprise")
    response = HttpResponse(imports.import_template(), content_type=XLSX)
    response["Content-Disposition"] = (
        "attachment; filename=\"enterprise-import.xlsx\"; filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@router.post("/imports", response={202: ImportJobOut})
def import_start(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    return Status(202, out.job_out(imports.import_start(actor=_u(request), upload=file)))


@router.get("/imports", response=Page[ImportJobOut])
def import_jobs(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(sel.import_job_list(user=_u(request)), page, transform=lambda rows: [out.job_out(j) for j in rows])


@router.get("/imports/{job_id}", response=ImportJobOut)
def import_job(request: HttpRequest, job_id: int) -> dict[str, Any]:
    return out.job_out(sel.import_job_get(user=_u(request), job_id=job_id))


# --- 遴选批次与评分表 --------------------------------------------------------------------------------------


@router.get("/score-sheets", response=Page[ScoreSheetOut])
def score_sheets(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    require(_u(request), "enterprises.manage_batch")
    return paginate(sel.score_sheet_list(), page, transform=lambda rows: [out.sheet_out(s) for s in rows])


@router.post("/score-sheets", response={201: ScoreSheetOut})
def score_sheet_create(request: HttpRequest, payload: ScoreSheetIn) -> Status[Any]:
    items = [i.dict() for i in payload.items]
    return Status(
        201,
        out.sheet_out(pilot.score_sheet_create(actor=_u(request), code=payload.code, name=payload.name, items=items)),
    )


@router.get("/batches", response=Page[SelectionBatchOut])
def batches(request: HttpRequest, filters: Query[SelectionBatchFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.batch_list(user=_u(request), filters=filters)
    return paginate(
        qs, page, allowed_ordering=("id", "deadline"), transform=lambda rows: [out.batch_out(b) for b in rows]
    )


@router.post("/batches", response={201: SelectionBatchOut})
def batch_create(request: HttpRequest, payload: SelectionBatchCreateIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    return Status(201, out.batch_out(pilot.batch_create(actor=_u(request), **data)))


@router.get("/batches/{batch_id}", response=SelectionBatchOut)
def batch_detail(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    return out.batch_out(sel.batch_get(user=_u(request), batch_id=batch_id))


@router.post("/batches/{batch_id}/close", response=SelectionBatchOut)
def batch_close(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    batch = sel.batch_get(user=_u(request), batch_id=batch_id, action="manage")
    return out.batch_out(pilot.batch_close(actor=_u(request), batch=batch))


# --- 试点申报 ----------------------------------------------------------------------------------------------


@router.get("/pilot-applications", response=Page[ApplicationRowOut])
def applications(request: HttpRequest, filters: Query[ApplicationFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.application_list(user=_u(request), filters=filters)
    return paginate(
        qs, page, allowed_ordering=("id", "submitted_at"), transform=lambda rows: [out.application_row(a) for a in rows]
    )


@router.get("/pilot-applications/prefill", response=PrefillOut)
def application_prefill(request: HttpRequest, org_id: int | None = None) -> dict[str, Any]:
    return {"snapshot": sel.application_prefill(user=_u(request), org_id=org_id)}


@router.post("/pilot-applications", response={201: ApplicationDetailOut})
def application_create(request: HttpRequest, payload: ApplicationCreateIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    batch = sel.batch_get(user=_u(request), batch_id=data.pop("batch_id"))
    return Status(201, out.application_detail(pilot.application_create(actor=_u(request), batch=batch, **data)))


@router.get("/pilot-applications/{app_id}", response=ApplicationDetailOut)
def application_detail(request: HttpRequest, app_id: int) -> dict[str, Any]:
    return out.application_detail(sel.application_get(user=_u(request), application_id=app_id))


@router.patch("/pilot-applications/{app_id}", response=ApplicationDetailOut)
def application_update(request: HttpRequest, app_id: int, payload: ApplicationUpdateIn) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return out.application_detail(
        pilot.application_update(actor=_u(request), application=app, changes=payload.dict(exclude_unset=True))
    )


@router.post("/pilot-applications/{app_id}/submit", response=ApplicationDetailOut)
def application_submit(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return out.application_detail(pilot.application_submit(actor=_u(request), application=app))


@router.post("/pilot-applications/{app_id}/resubmit", response=ApplicationDetailOut)
def application_resubmit(request: HttpRequest, app_id: int, payload: ResubmitIn) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return out.application_detail(pilot.application_resubmit(actor=_u(request), application=app, note=payload.note))


@router.post("/pilot-applications/{app_id}/withdraw", response=ApplicationDetailOut)
def application_withdraw(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return out.application_detail(pilot.application_withdraw(actor=_u(request), application=app))


@router.post("/pilot-applications/{app_id}/scores", response={201: ScoreOut})
def score_submit(request: HttpRequest, app_id: int, payload: PilotScoreIn) -> Status[Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return Status(
        201, pilot.score_submit(actor=_u(request), application=app, marks=payload.marks, opinion=payload.opinion)
    )


@router.post("/pilot-applications/{app_id}/finalize", response=PilotOut)
def application_finalize(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = sel.application_get(user=_u(request), application_id=app_id)
    return out.pilot_out(pilot.application_finalize(actor=_u(request), application=app))


# --- 公示与异议 --------------------------------------------------------------------------------------------


@router.get("/publicity", response=Page[PublicityOut], auth=None)
def publicity(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Public notice (no login); filing an objection needs a signed-in user."""
    return paginate(sel.publicity_list(), page, transform=out.publicity_rows)


@router.post("/publicity/{app_id}/objections", response={201: ObjectionOut})
def objection_file(request: HttpRequest, app_id: int, payload: ObjectionIn) -> Status[Any]:
    app = sel.publicity_get(application_id=app_id)
    o = pilot.objection_file(
        actor=_u(request), application=app, content=payload.content, evidence_id=payload.evidence_id
    )
    return Status(201, {**o.__dict__, "status_label": o.get_status_display()})


@router.get("/objections", response=Page[ObjectionRowOut])
def objections(request: HttpRequest, filters: Query[ObjectionFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.objection_list(user=_u(request), filters=filters)
    return paginate(qs, page, transform=lambda rows: [out.objection_row(o) for o in rows])


@router.post("/objections/{objection_id}/handle", response=ObjectionOut)
def objection_handle(request: HttpRequest, objection_id: int, payload: ObjectionHandleIn) -> dict[str, Any]:
    o = sel.objection_get(user=_u(request), objection_id=objection_id)
    o = pilot.objection_handle(actor=_u(request), objection=o, upheld=payload.upheld, resolution=payload.resolution)
    return {**o.__dict__, "status_label": o.get_status_display()}


# --- 试点企业库 --------------------------------------------------------------------------------------------


@router.get("/pilots", response=Page[PilotOut])
def pilots(request: HttpRequest, filters: Query[PilotFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.pilot_list(user=_u(request), filters=filters)
    return paginate(
        qs, page, allowed_ordering=("id", "entered_at"), transform=lambda rows: [out.pilot_out(p) for p in rows]
    )


@router.get("/pilots/export")
def pilots_export(request: HttpRequest, filters: Query[PilotFilter]) -> FileResponse:
    require(_u(request), "enterprises.export_pilot")
    qs = sel.pilot_list(user=_u(request), filters=filters, action="export").order_by("id")
    sub_labels = dict_values("pilot_sub_industry")
    return xlsx_response(
        filename="试点企业库",
        sheet="试点企业库",
        columns=[
            ("企业名称", lambda p: p.org.name),
            ("统一社会信用代码", lambda p: p.org.credit_code),
            ("所在县区", lambda p: p.region.name),
            ("细分行业", lambda p: sub_labels.get(p.sub_industry, p.sub_industry)),
            ("数字化水平等级", lambda p: pilot_level_label(p.level)),
            ("状态", lambda p: p.get_status_display()),
            ("状态说明", lambda p: p.status_reason),
            ("遴选批次", lambda p: p.batch.name if p.batch else ""),
            ("入库时间", lambda p: p.entered_at),
        ],
        rows=qs.iterator(chunk_size=2000),
    )


@router.get("/pilots/{pilot_id}", response=PilotOut)
def pilot_detail(request: HttpRequest, pilot_id: int) -> dict[str, Any]:
    return out.pilot_out(sel.pilot_get(user=_u(request), pilot_id=pilot_id))


@router.post("/pilots/{pilot_id}/disable", response=PilotOut)
def pilot_disable(request: HttpRequest, pilot_id: int, payload: ReasonIn) -> dict[str, Any]:
    p = sel.pilot_get(user=_u(request), pilot_id=pilot_id, action="manage")
    return out.pilot_out(pilot.pilot_set_active(actor=_u(request), pilot=p, active=False, reason=payload.reason))


@router.post("/pilots/{pilot_id}/enable", response=PilotOut)
def pilot_enable(request: HttpRequest, pilot_id: int, payload: ReasonIn) -> dict[str, Any]:
    p = sel.pilot_get(user=_u(request), pilot_id=pilot_id, action="manage")
    return out.pilot_out(pilot.pilot_set_active(actor=_u(request), pilot=p, active=True, reason=payload.reason))


@router.get("/pilots/{pilot_id}/archive")
def pilot_archive(request: HttpRequest, pilot_id: int) -> HttpResponse:
    p = sel.pilot_get(user=_u(request), pilot_id=pilot_id, action="archive")
    response = HttpResponse(archive_build(p), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="pilot-archive-{p.pk}.zip"'
    return response


# --- 招聘信息 ----------------------------------------------------------------------------------------------


@router.get("/recruitment/public", response=Page[PostPublicOut], auth=None)
def posts_public(request: HttpRequest, filters: Query[PublicPostFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.post_public_list(q=filters.q, region_code=filters.region_code)
    return paginate(
        qs,
        page,
        allowed_ordering=("published_at", "valid_until"),
        default_ordering=("-published_at", "-pk"),
        transform=lambda rows: [out.post_public_out(p) for p in rows],
    )


@router.get("/recruitment", response=Page[PostOut])
def posts(request: HttpRequest, filters: Query[PostFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.post_list(user=_u(request), filters=filters)
    return paginate(qs, page, transform=lambda rows: [out.post_out(p) for p in rows])


@router.post("/recruitment", response={201: PostOut})
def post_create(request: HttpRequest, payload: PostCreateIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    org_id = data.pop("org_id")
    return Status(201, out.post_out(recruitment.post_create(actor=_u(request), data=data, org_id=org_id)))


@router.patch("/recruitment/{post_id}", response=PostOut)
def post_update(request: HttpRequest, post_id: int, payload: PostUpdateIn) -> dict[str, Any]:
    p = sel.post_get(user=_u(request), post_id=post_id)
    return out.post_out(recruitment.post_update(actor=_u(request), post=p, changes=payload.dict(exclude_unset=True)))


@router.post("/recruitment/{post_id}/submit", response=PostOut)
def post_submit(request: HttpRequest, post_id: int) -> dict[str, Any]:
    p = sel.post_get(user=_u(request), post_id=post_id)
    return out.post_out(recruitment.post_submit(actor=_u(request), post=p))


@router.post("/recruitment/{post_id}/withdraw", response=PostOut)
def post_withdraw(request: HttpRequest, post_id: int) -> dict[str, Any]:
    p = sel.post_get(user=_u(request), post_id=post_id)
    return out.post_out(recruitment.post_withdraw(actor=_u(request), post=p))
