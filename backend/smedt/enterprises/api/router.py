"""/api/enterprises: 一企一档, import, pilot library, recruitment (pilot selection runs on /api/applications)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.errors import NotFound
from smedt.enterprises import selectors as sel
from smedt.enterprises.api import outputs as out
from smedt.enterprises.api.schemas import (
    FactsConfirmIn,
    FigureIn,
    ImportJobOut,
    PilotFilter,
    PilotOut,
    PostCreateIn,
    PostFilter,
    PostOut,
    PostPublicOut,
    PostUpdateIn,
    ProfileDetailOut,
    ProfileFilter,
    ProfileRowOut,
    ProfileUpdateIn,
    PublicPostFilter,
    ReasonIn,
)
from smedt.enterprises.archive import archive_build
from smedt.enterprises.services import imports, pilot, profile, recruitment
from smedt.rbac.services import require

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


# --- 试点企业库 --------------------------------------------------------------------------------------------


@router.get("/pilots", response=Page[PilotOut])
def pilots(request: HttpRequest, filters: Query[PilotFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.pilot_list(user=_u(request), filters=filters)
    return paginate(
        qs, page, allowed_ordering=("id", "entered_at"), transform=lambda rows: [out.pilot_out(p) for p in rows]
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
