"""/api/industry scenario endpoints (产业链场景库): the city's curation (scenarios, candidate problems, the
background aggregate), reporting enterprises in scope, raising a need, providers' demand ranking, the portal."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.industry import scenario_selectors as sel
from smedt.industry import scenarios as services
from smedt.industry.api.scenario_schemas import (
    ScenarioCandidateAcceptIn,
    ScenarioCandidateFilter,
    ScenarioCandidateOut,
    ScenarioCreateIn,
    ScenarioDetailOut,
    ScenarioFilter,
    ScenarioLatestRunOut,
    ScenarioNeedIn,
    ScenarioNeedOut,
    ScenarioOut,
    ScenarioPublicDetailOut,
    ScenarioPublicFilter,
    ScenarioPublicOut,
    ScenarioReporterFilter,
    ScenarioReporterOut,
    ScenarioRunOut,
    ScenarioRunStartIn,
    ScenarioUpdateIn,
)
from smedt.industry.models import Chain
from smedt.industry.scenario_models import RunStatus, ScenarioRun
from smedt.industry.selectors import chain_get
from smedt.rbac.services import require

router = Router(tags=["产业链场景库"])


def _u(request: HttpRequest) -> Any:
    return request_user(request)


def _detail(request: HttpRequest, scenario_id: int) -> dict[str, Any]:
    user = _u(request)
    return sel.scenario_detail(user, sel.scenario_get(user=user, scenario_id=scenario_id))


@router.get("/scenarios", response=Page[ScenarioOut])
def scenario_list(request: HttpRequest, filters: Query[ScenarioFilter], page: Query[PageParams]) -> dict[str, Any]:
    require(_u(request), "industry.view_scenario")
    return paginate(
        sel.scenario_list(user=_u(request), **filters.model_dump()),
        page,
        allowed_ordering=("id", "reporter_count"),
        default_ordering=("chain__sort", "id"),
        transform=sel.rows_out,
    )


@router.post("/scenarios", response={201: ScenarioDetailOut})
def scenario_create(request: HttpRequest, payload: ScenarioCreateIn) -> Status[dict[str, Any]]:
    data = payload.model_dump()
    chain: Chain = chain_get(user=_u(request), chain_id=data.pop("chain_id"))
    s = services.scenario_create(actor=_u(request), chain=chain, **data)
    return Status(201, _detail(request, s.pk))


@router.get("/scenarios/{scenario_id}", response=ScenarioDetailOut)
def scenario_get(request: HttpRequest, scenario_id: int) -> dict[str, Any]:
    return _detail(request, scenario_id)


@router.patch("/scenarios/{scenario_id}", response=ScenarioDetailOut)
def scenario_update(request: HttpRequest, scenario_id: int, payload: ScenarioUpdateIn) -> dict[str, Any]:
    s = sel.scenario_get(user=_u(request), scenario_id=scenario_id, action="manage")
    services.scenario_update(actor=_u(request), scenario=s, changes=payload.model_dump(exclude_unset=True))
    return _detail(request, scenario_id)


@router.get("/scenarios/{scenario_id}/reporters", response=Page[ScenarioReporterOut])
def reporter_list(
    request: HttpRequest, scenario_id: int, filters: Query[ScenarioReporterFilter], page: Query[PageParams]
) -> dict[str, Any]:
    user = _u(request)
    require(user, "industry.view_scenario_reporters")
    s = sel.scenario_get(user=user, scenario_id=scenario_id)
    names = services.scene_names()
    return paginate(
        sel.reporter_list(user=user, scenario=s, source=filters.source),
        page,
        default_ordering=("-id",),
        transform=lambda rows: [sel.reporter_out(r, names) for r in rows],
    )


@router.get("/scenario-demand", response=list[ScenarioOut])
def demand(request: HttpRequest) -> list[dict[str, Any]]:
    require(_u(request), "industry.view_scenario")
    return sel.rows_out(sel.demand_ranking(user=_u(request)))


@router.post("/scenario-needs", response={201: ScenarioNeedOut})
def need_raise(request: HttpRequest, payload: ScenarioNeedIn) -> Status[dict[str, Any]]:
    user = _u(request)
    s = sel.scenario_get(user=user, scenario_id=payload.scenario_id)
    need = services.scenario_need_raise(
        actor=user, scenario=s, org_id=payload.org_id, title=payload.title, problem=payload.problem, scene=payload.scene
    )
    return Status(201, {"need_id": need.pk, "title": need.title, "status": need.status})


@router.get("/scenario-candidates", response=Page[ScenarioCandidateOut])
def candidate_list(
    request: HttpRequest, filters: Query[ScenarioCandidateFilter], page: Query[PageParams]
) -> dict[str, Any]:
    require(_u(request), services.MANAGE)
    names = services.scene_names()
    return paginate(
        sel.candidate_list(user=_u(request), chain_id=filters.chain_id, status=filters.status),
        page,
        allowed_ordering=("enterprise_count", "id"),
        default_ordering=("-enterprise_count", "id"),
        transform=lambda rows: [sel.candidate_out(c, names) for c in rows],
    )


@router.post("/scenario-candidates/{candidate_id}/accept", response=ScenarioDetailOut)
def candidate_accept(request: HttpRequest, candidate_id: int, payload: ScenarioCandidateAcceptIn) -> dict[str, Any]:
    c = sel.candidate_get(user=_u(request), candidate_id=candidate_id)
    s = services.candidate_accept(actor=_u(request), candidate=c, scenario_id=payload.scenario_id, title=payload.title)
    return _detail(request, s.pk)


@router.post("/scenario-candidates/{candidate_id}/dismiss", response=ScenarioCandidateOut)
def candidate_dismiss(request: HttpRequest, candidate_id: int) -> dict[str, Any]:
    c = services.candidate_dismiss(
        actor=_u(request), candidate=sel.candidate_get(user=_u(request), candidate_id=candidate_id)
    )
    return sel.candidate_out(sel.candidate_get(user=_u(request), candidate_id=c.pk), services.scene_names())


def _run_out(run: ScenarioRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": RunStatus(run.status).label,
        "total": run.total,
        "progress": run.progress,
        "reporters": run.reporters,
        "candidates": run.candidates,
        "error": run.error,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
    }


@router.post("/scenario-runs", response={202: ScenarioRunOut})
def run_start(request: HttpRequest, payload: ScenarioRunStartIn) -> Status[dict[str, Any]]:
    return Status(202, _run_out(services.run_start(actor=_u(request), region_code=payload.region_code)))


@router.get("/scenario-runs/latest", response=ScenarioLatestRunOut)
def run_latest(request: HttpRequest) -> dict[str, Any]:
    require(_u(request), services.MANAGE)
    run = sel.run_latest(user=_u(request))
    return {"run": _run_out(run) if run else None}


@router.get("/scenario-runs/{run_id}", response=ScenarioRunOut)
def run_get(request: HttpRequest, run_id: int) -> dict[str, Any]:
    return _run_out(sel.run_get(user=_u(request), run_id=run_id))


# --- the portal (anonymous, the list cached by core.publiccache) ---------------------------------------


@router.get("/public/scenarios", response=Page[ScenarioPublicOut], auth=None)
def public_list(request: HttpRequest, filters: Query[ScenarioPublicFilter], page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        sel.public_list(chain_id=filters.chain_id, q=filters.q),
        page,
        allowed_ordering=("id", "reporter_count"),
        default_ordering=("chain__sort", "id"),
        transform=sel.rows_out,
    )


@router.get("/public/scenarios/{scenario_id}", response=ScenarioPublicDetailOut, auth=None)
def public_get(request: HttpRequest, scenario_id: int) -> dict[str, Any]:
    return sel.public_detail(sel.public_get(scenario_id=scenario_id))
