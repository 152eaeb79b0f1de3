"""/api/insights — the results dashboard (one endpoint per widget), the progress report and its export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.insights import config, selectors
from smedt.insights.api.schemas import (
    DurationsOut,
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


@router.get("/progress", response=Page[ProgressRowOut])
def progress(request: HttpRequest, filters: Query[ProgressFilter], page: Query[PageParams]) -> dict[str, Any]:
    selectors.dashboard_require(_u(request))
    selectors.progress_filters_check(filters)
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


@router.get("/map", response=MapOut)
def city_map(request: HttpRequest) -> dict[str, Any]:
    selectors.dashboard_require(_u(request))
    return config.city_map()


@router.get("/public", response=PublicSummaryOut, auth=None)
def public_summary(request: HttpRequest) -> dict[str, Any]:
    return selectors.public_summary()
