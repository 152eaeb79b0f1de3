"""/api/industry: chains (产业链), operating reports (数据上线), monitoring (线上监测), benchmarking
(线上对标分析) and results (成效展示)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.errors import ValidationFailed
from smedt.industry import config, imports, services
from smedt.industry import selectors as sel
from smedt.industry.api.schemas import (
    IndustryBenchmarkFilter,
    IndustryBenchmarkOut,
    IndustryChainCreateIn,
    IndustryChainDetailOut,
    IndustryChainOut,
    IndustryChainUpdateIn,
    IndustryImportOut,
    IndustryLinkCreateIn,
    IndustryLinkOut,
    IndustryMemberFilter,
    IndustryMemberIn,
    IndustryMemberOut,
    IndustryMemberUpdateIn,
    IndustryMetaOut,
    IndustryMonitorFilter,
    IndustryMonitorMemberFilter,
    IndustryMonitorMemberOut,
    IndustryMonitorOut,
    IndustryNoteIn,
    IndustryReportDetailOut,
    IndustryReportFilter,
    IndustryReportOut,
    IndustryReportSaveIn,
    IndustryResultsFilter,
    IndustryResultsOut,
)
from smedt.industry.models import Chain, ChainLink, ImportStatus, MemberRole, ReportImport, ReportStatus, Stage
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require

router = Router(tags=["产业服务"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _u(request: HttpRequest) -> Any:
    return request_user(request)


def _options(choices: Any) -> list[dict[str, str]]:
    return [{"value": v, "label": str(label)} for v, label in choices]


@router.get("/meta", response=IndustryMetaOut)
def meta(request: HttpRequest) -> dict[str, Any]:
    user = _u(request)
    require(user, "industry.view_chain")
    current = config.period_current_due(timezone.localdate())
    recent = config.periods_back(current, 12)
    report_orgs = sorted(user_grants(user).grant("industry.report").org_ids)
    return {
        "version": config.version(),
        "frequency": config.frequency(),
        "indicators": [
            {"code": i.code, "name": i.name, "unit": i.unit, "kind": i.kind, "signed": i.signed}
            for i in config.indicators()
        ],
        "stages": _options(Stage.choices),
        "roles": _options(MemberRole.choices),
        "statuses": _options(ReportStatus.choices),
        "jump_pct": config.jump_pct(),
        "drop_pct": config.drop_pct(),
        "due_days": config.due_days(),
        "current_period": current.code,
        "current_period_label": current.label,
        "recent_periods": [{"value": p.code, "label": p.label} for p in reversed(recent)],
        "my_org_id": report_orgs[0] if len(report_orgs) == 1 else None,
    }


# --- 产业链 ----------------------------------------------------------------------------------------------


def _chain_out(c: Chain) -> dict[str, Any]:
    return {
        "id": c.pk,
        "code": c.code,
        "name": c.name,
        "sub_industry": c.sub_industry,
        "description": c.description,
        "region_name": c.region.name,
        "is_active": c.is_active,
        "member_count": getattr(c, "member_count", 0),
        "model_count": getattr(c, "model_count", 0),
        "follower_count": getattr(c, "follower_count", 0),
        "data_version": c.data_version,
    }


def _link_out(link: ChainLink, members: int) -> dict[str, Any]:
    return {
        "id": link.pk,
        "stage": link.stage,
        "stage_label": Stage(link.stage).label,
        "name": link.name,
        "members": members,
    }


@router.get("/chains", response=Page[IndustryChainOut])
def chain_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        sel.chain_list(user=_u(request)),
        page,
        allowed_ordering=("sort", "name", "id"),
        default_ordering=("sort", "id"),
        transform=lambda rows: [_chain_out(c) for c in rows],
    )


@router.post("/chains", response={201: IndustryChainDetailOut})
def chain_create(request: HttpRequest, payload: IndustryChainCreateIn) -> Status[dict[str, Any]]:
    chain = services.chain_create(actor=_u(request), **payload.model_dump())
    return Status(201, _chain_detail(request, chain.pk))


def _chain_detail(request: HttpRequest, chain_id: int) -> dict[str, Any]:
    user = _u(request)
    chain = sel.chain_list(user=user).filter(pk=chain_id).first() or sel.chain_get(user=user, chain_id=chain_id)
    counts = dict(
        sel.member_list(user=user, chain=chain).values("link_id").annotate(n=Count("id")).values_list("link_id", "n")
    )
    return _chain_out(chain) | {"links": [_link_out(link, counts.get(link.pk, 0)) for link in chain.links.all()]}


@router.get("/chains/{chain_id}", response=IndustryChainDetailOut)
def chain_get(request: HttpRequest, chain_id: int) -> dict[str, Any]:
    return _chain_detail(request, chain_id)


@router.patch("/chains/{chain_id}", response=IndustryChainDetailOut)
def chain_update(request: HttpRequest, chain_id: int, payload: IndustryChainUpdateIn) -> dict[str, Any]:
    chain = sel.chain_get(user=_u(request), chain_id=chain_id, action="manage")
    changes = payload.model_dump(exclude_none=True)
    if changes:
        services.chain_update(actor=_u(request), chain=chain, changes=changes)
    return _chain_detail(request, chain_id)


@router.post("/chains/{chain_id}/links", response={201: IndustryLinkOut})
def link_create(request: HttpRequest, chain_id: int, payload: IndustryLinkCreateIn) -> Status[dict[str, Any]]:
    chain = sel.chain_get(user=_u(request), chain_id=chain_id, action="manage")
    link = services.link_create(actor=_u(request), chain=chain, stage=payload.stage, name=payload.name)
    return Status(201, _link_out(link, 0))


@router.delete("/chains/{chain_id}/links/{link_id}", response={204: None})
def link_delete(request: HttpRequest, chain_id: int, link_id: int) -> Status[None]:
    chain = sel.chain_get(user=_u(request), chain_id=chain_id, action="manage")
    services.link_delete(actor=_u(request), link=sel.link_get(user=_u(request), chain=chain, link_id=link_id))
    return Status(204, None)


@router.get("/chains/{chain_id}/members", response=Page[IndustryMemberOut])
def member_list(
    request: HttpRequest, chain_id: int, filters: Query[IndustryMemberFilter], page: Query[PageParams]
) -> dict[str, Any]:
    chain = sel.chain_get(user=_u(request), chain_id=chain_id)
    qs = sel.member_list(user=_u(request), chain=chain, link_id=filters.link_id, role=filters.role, q=filters.q)
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "role"),
        default_ordering=("link__sort", "id"),
        transform=lambda rows: [sel.member_out(m) for m in rows],
    )


@router.post("/chains/{chain_id}/members", response={201: IndustryMemberOut})
def member_add(request: HttpRequest, chain_id: int, payload: IndustryMemberIn) -> Status[dict[str, Any]]:
    chain = sel.chain_get(user=_u(request), chain_id=chain_id, action="manage")
    member = services.member_add(actor=_u(request), chain=chain, **payload.model_dump())
    return Status(201, sel.member_out(sel.member_get(user=_u(request), member_id=member.pk)))


@router.put("/members/{member_id}", response=IndustryMemberOut)
def member_update(request: HttpRequest, member_id: int, payload: IndustryMemberUpdateIn) -> dict[str, Any]:
    member = sel.member_get(user=_u(request), member_id=member_id, action="manage")
    services.member_update(actor=_u(request), member=member, **payload.model_dump())
    return sel.member_out(sel.member_get(user=_u(request), member_id=member_id))


@router.delete("/members/{member_id}", response={204: None})
def member_remove(request: HttpRequest, member_id: int) -> Status[None]:
    member = sel.member_get(user=_u(request), member_id=member_id, action="manage")
    services.member_remove(actor=_u(request), member=member)
    return Status(204, None)


# --- 数据上线 ----------------------------------------------------------------------------------------------


@router.get("/reports", response=Page[IndustryReportOut])
def report_list(request: HttpRequest, filters: Query[IndustryReportFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.report_list(user=_u(request), **filters.model_dump())
    return paginate(
        qs,
        page,
        allowed_ordering=("period_start", "submitted_at", "flagged", "id"),
        default_ordering=("-period_start", "-id"),
        transform=lambda rows: [sel.report_out(r) for r in rows],
    )


@router.post("/reports", response=IndustryReportDetailOut)
def report_save(request: HttpRequest, payload: IndustryReportSaveIn) -> dict[str, Any]:
    report = services.report_save(
        actor=_u(request),
        org_id=payload.org_id,
        period=payload.period,
        values=[services.ValueIn(v.indicator, v.value, v.explanation) for v in payload.values],
    )
    return sel.report_detail(_u(request), sel.report_get(user=_u(request), report_id=report.pk))


@router.get("/reports/{report_id}", response=IndustryReportDetailOut)
def report_get(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return sel.report_detail(_u(request), sel.report_get(user=_u(request), report_id=report_id))


@router.post("/reports/{report_id}/submit", response=IndustryReportDetailOut)
def report_submit(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = sel.report_get(user=_u(request), report_id=report_id)
    services.report_submit(actor=_u(request), report=report)
    return sel.report_detail(_u(request), sel.report_get(user=_u(request), report_id=report_id))


@router.post("/reports/{report_id}/confirm", response=IndustryReportDetailOut)
def report_confirm(request: HttpRequest, report_id: int, payload: IndustryNoteIn) -> dict[str, Any]:
    report = sel.report_get(user=_u(request), report_id=report_id)
    services.report_confirm(actor=_u(request), report=report, note=payload.note)
    return sel.report_detail(_u(request), sel.report_get(user=_u(request), report_id=report_id))


@router.post("/reports/{report_id}/return", response=IndustryReportDetailOut)
def report_return(request: HttpRequest, report_id: int, payload: IndustryNoteIn) -> dict[str, Any]:
    report = sel.report_get(user=_u(request), report_id=report_id)
    services.report_return(actor=_u(request), report=report, note=payload.note)
    return sel.report_detail(_u(request), sel.report_get(user=_u(request), report_id=report_id))


@router.get("/imports/template")
def import_template(request: HttpRequest) -> HttpResponse:
    require(_u(request), "industry.report")
    response = HttpResponse(imports.import_template(), content_type=XLSX)
    response["Content-Disposition"] = (
        "attachment; filename=\"operating-data.xlsx\"; filename*=UTF-8''%E7%BB%8F%E8%90%A5%E6%95%B0%E6%8D%AE%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


def _import_out(job: ReportImport) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": ImportStatus(job.status).label,
        "total": job.total,
        "progress": job.progress,
        "written": job.written,
        "errors": job.errors,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


@router.post("/imports", response={202: IndustryImportOut})
def import_start(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    return Status(202, _import_out(imports.import_start(actor=_u(request), org_id=None, upload=file)))


@router.get("/imports/{import_id}", response=IndustryImportOut)
def import_get(request: HttpRequest, import_id: int) -> dict[str, Any]:
    return _import_out(sel.import_get(user=_u(request), job_id=import_id))


# --- 线上监测 / 对标 / 成效 ----------------------------------------------------------------------------------


def _drop(value: Any) -> Any:
    return value if value is not None else config.drop_pct()


@router.get("/monitoring", response=IndustryMonitorOut)
def monitoring(request: HttpRequest, filters: Query[IndustryMonitorFilter]) -> dict[str, Any]:
    require(_u(request), "industry.view_monitoring")
    period = sel.period_or_422(filters.period)
    drop = _drop(filters.drop_pct)
    rows, updated_at = sel.monitoring_summary(
        user=_u(request), period=period, by=filters.by, drop_pct=drop, chain_id=filters.chain_id
    )
    return {
        "period": period.code,
        "period_label": period.label,
        "due_on": period.due_on,
        "drop_pct": drop,
        "rows": rows,
        "updated_at": updated_at,
    }


@router.get("/monitoring/enterprises", response=Page[IndustryMonitorMemberOut])
def monitoring_members(
    request: HttpRequest, filters: Query[IndustryMonitorMemberFilter], page: Query[PageParams]
) -> dict[str, Any]:
    require(_u(request), "industry.view_monitoring")
    qs = sel.monitoring_members(
        user=_u(request),
        period=sel.period_or_422(filters.period),
        drop_pct=_drop(filters.drop_pct),
        chain_id=filters.chain_id,
        state=filters.state,
    )
    return paginate(
        qs,
        page,
        default_ordering=("chain__sort", "id"),
        transform=lambda rows: [sel.monitoring_member_out(m) for m in rows],
    )


@router.get("/benchmark/{org_id}", response=IndustryBenchmarkOut)
def benchmark(request: HttpRequest, org_id: int, filters: Query[IndustryBenchmarkFilter]) -> dict[str, Any]:
    org = sel.benchmark_org(user=_u(request), org_id=org_id)
    return sel.benchmark(user=_u(request), org=org, chain_id=filters.chain_id, period_code=filters.period)


@router.get("/chains/{chain_id}/results", response=IndustryResultsOut)
def results(request: HttpRequest, chain_id: int, filters: Query[IndustryResultsFilter]) -> dict[str, Any]:
    require(_u(request), "industry.view_monitoring")
    if filters.indicator not in config.indicator_map():
        raise ValidationFailed(
            code="industry.invalid_field", message="指标不存在", details={"fields": {"indicator": "指标不存在"}}
        )
    chain = sel.chain_get(user=_u(request), chain_id=chain_id)
    return sel.results(user=_u(request), chain=chain, indicator=filters.indicator)
