"""/api/insights — the results dashboard (one endpoint per widget), the progress report and its export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.errors import NotFound, ValidationFailed
from smedt.insights import config, selectors, services
from smedt.insights.api.schemas import (
    DurationsOut,
    ExportJobOut,
    ExportStartIn,
    ForecastOut,
    FunnelOut,
    KpiBelowFilter,
    KpiBelowRowOut,
    KpiOut,
    MapOut,
    PilotLevelsOut,
    PilotsOut,
    ProgressFilter,
    ProgressRowOut,
    ProjectsStageOut,
    ProjectsTrendOut,
    ProvidersOut,
    PublicSummaryOut,
    SigningOut,
    SubsidiesOut,
)
from smedt.insights.models import ExportJob, ExportStatus

router = Router(tags=["试点成效展示"])


def _u(request: HttpRequest) -> Any:
    return request.user


def _widget(request: HttpRequest, name: str, func: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    user = _u(request)
    selectors.dashboard_require(user)
    return selectors.cached(name, selectors.scope_key(user), lambda: func(user=user))


@router.get("/widgets/projects-stage", response=ProjectsStageOut)
def projects_stage(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "projects_stage", selectors.projects_stage)


@router.get("/widgets/projects-trend", response=ProjectsTrendOut)
def projects_trend(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "projects_trend", selectors.projects_trend)


@router.get("/widgets/pilots", response=PilotsOut)
def pilots(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "pilots", selectors.pilots)


@router.get("/widgets/pilot-levels", response=PilotLevelsOut)
def pilot_levels(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "pilot_levels", selectors.pilot_levels)


@router.get("/widgets/subsidies", response=SubsidiesOut)
def subsidies(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "subsidies", selectors.subsidies)


@router.get("/widgets/providers", response=ProvidersOut)
def providers(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "providers", selectors.providers)


@router.get("/widgets/signing", response=SigningOut)
def signing(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "signing", selectors.signing)


@router.get("/widgets/funnel", response=FunnelOut)
def funnel(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "funnel", selectors.funnel)


@router.get("/widgets/kpi", response=KpiOut)
def kpi(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "kpi", selectors.kpi)


@router.get("/widgets/durations", response=DurationsOut)
def durations(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "durations", selectors.durations)


@router.get("/widgets/forecast", response=ForecastOut)
def forecast(request: HttpRequest) -> dict[str, Any]:
    return _widget(request, "forecast", selectors.forecast)


def _check_choice(field: str, value: str | None, allowed: Any, label: str) -> None:
    if value and value not in allowed:
        raise ValidationFailed(
            code="insights.invalid_filter", message=f"{label}取值无效", details={"fields": {field: f"{label}取值无效"}}
        )


@router.get("/progress", response=Page[ProgressRowOut])
def progress(request: HttpRequest, filters: Query[ProgressFilter], page: Query[PageParams]) -> dict[str, Any]:
    selectors.dashboard_require(_u(request))
    _check_choice("milestone", filters.milestone, selectors.MILESTONE_LABELS, "当前进度")
    _check_choice("reached", filters.reached, set(selectors.MILESTONE_LABELS) - {"pilot"}, "到达环节")
    qs = selectors.progress_queryset(user=_u(request), filters=filters)
    return paginate(qs, page, default_ordering=("region__code", "org__name", "id"), transform=selectors.progress_rows)


@router.get("/kpi/below", response=Page[KpiBelowRowOut])
def kpi_below(request: HttpRequest, filters: Query[KpiBelowFilter], page: Query[PageParams]) -> dict[str, Any]:
    selectors.dashboard_require(_u(request))
    qs = selectors.kpi_below_queryset(user=_u(request), filters=filters)
    return paginate(
        qs,
        page,
        default_ordering=("org__region__code", "org__name", "id"),
        transform=lambda rows: [selectors.kpi_below_row(p) for p in rows],
    )


def _job_out(job: ExportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": ExportStatus(job.status).label,
        "total": job.total,
        "progress": job.progress,
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _own_job(request: HttpRequest, job_id: int) -> ExportJob:
    job = ExportJob.objects.filter(pk=job_id, created_by_id=_u(request).pk).first()
    if job is None:
        raise NotFound("导出任务不存在或无权访问")
    return job


@router.post("/progress/exports", response={202: ExportJobOut})
def export_start(request: HttpRequest, payload: ExportStartIn) -> Status[dict[str, Any]]:
    _check_choice("milestone", payload.milestone, selectors.MILESTONE_LABELS, "当前进度")
    _check_choice("reached", payload.reached, set(selectors.MILESTONE_LABELS) - {"pilot"}, "到达环节")
    return Status(202, _job_out(services.export_start(actor=_u(request), filters=payload.dict())))


@router.get("/progress/exports/{export_id}", response=ExportJobOut)
def export_get(request: HttpRequest, export_id: int) -> dict[str, Any]:
    return _job_out(_own_job(request, export_id))


@router.get("/progress/exports/{export_id}/download")
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    from urllib.parse import quote

    from django.utils import timezone

    job = _own_job(request, export_id)
    if job.status != ExportStatus.SUCCEEDED or job.content is None:
        raise NotFound("报表尚未生成完成")
    name = f"试点企业进度统计报表-{timezone.localtime(job.finished_at).strftime('%Y%m%d%H%M%S')}.xlsx"
    response = HttpResponse(
        bytes(job.content), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


@router.get("/map", response=MapOut)
def city_map(request: HttpRequest) -> dict[str, Any]:
    selectors.dashboard_require(_u(request))
    return config.city_map()


@router.get("/public", response=PublicSummaryOut, auth=None)
def public_summary(request: HttpRequest) -> dict[str, Any]:
    return selectors.public_summary()
