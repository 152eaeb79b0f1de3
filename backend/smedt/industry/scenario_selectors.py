"""Reads of 产业链场景库: lists and details narrowed by scope, the matching catalogue products and typical cases,
the reporting enterprises (a county sees its county's, an enterprise only itself), the scenarios with the most
unmet demand (for providers), candidate problems and aggregate runs, and the public library."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet

from smedt.core.errors import NotFound
from smedt.industry.scenario_matching import Candidate, ScenarioProfile, rank
from smedt.industry.scenario_models import (
    CandidateStatus,
    ReporterSource,
    Scenario,
    ScenarioCandidate,
    ScenarioReporter,
    ScenarioRun,
    ScenarioStatus,
)
from smedt.industry.scenarios import OPEN_NEED_STATES, scene_names
from smedt.rbac.grants import user_grants

MATCH_POOL = 60  # catalogue rows considered per scenario (newest first), ranked in Python
MATCH_LIMIT = 8
DEMAND_LIMIT = 20


def can_manage(user: Any) -> bool:
    return not user_grants(user).grant("industry.manage_scenario").empty


def _open_needs() -> Any:
    from smedt.portal.models import Need

    return Need.objects.filter(status__in=OPEN_NEED_STATES, outcome="").values("pk")


def _with_counts(qs: QuerySet[Scenario]) -> QuerySet[Scenario]:
    """Unmet demand: needs reporting the scenario that are in review or published with no outcome yet."""
    return qs.annotate(
        unmet_count=Count(
            "reporters__ref_id",
            filter=Q(reporters__source=ReporterSource.NEED, reporters__ref_id__in=_open_needs()),
            distinct=True,
        )
    )


def scenario_list(
    *,
    user: Any,
    chain_id: int | None = None,
    link_id: int | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Scenario]:
    qs = Scenario.objects.visible_to(user, "view").select_related("chain", "link")
    if not can_manage(user):
        qs = qs.filter(status=ScenarioStatus.PUBLISHED)
    elif status:
        qs = qs.filter(status=status)
    if chain_id:
        qs = qs.filter(chain_id=chain_id)
    if link_id:
        qs = qs.filter(link_id=link_id)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return _with_counts(qs)


def scenario_get(*, user: Any, scenario_id: int, action: str = "view") -> Scenario:
    qs = scenario_list(user=user) if action == "view" else Scenario.objects.visible_to(user, action)
    found = qs.select_related("chain__region", "link").filter(pk=scenario_id).first()
    if found is None:
        raise NotFound("场景不存在或无权访问")
    return found


def public_list(*, chain_id: int | None = None, q: str | None = None) -> QuerySet[Scenario]:
    qs = Scenario.objects.filter(status=ScenarioStatus.PUBLISHED, chain__is_active=True).select_related("chain", "link")
    if chain_id:
        qs = qs.filter(chain_id=chain_id)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return _with_counts(qs)


def public_get(*, scenario_id: int) -> Scenario:
    found = public_list().select_related("chain__region").filter(pk=scenario_id).first()
    if found is None:
        raise NotFound("场景不存在或未发布")
    return found


def demand_ranking(*, user: Any) -> list[Scenario]:
    """供需对接: the published scenarios with the most unmet demand (then the most reporting enterprises)."""
    qs = scenario_list(user=user).filter(status=ScenarioStatus.PUBLISHED)
    return list(qs.order_by(F("unmet_count").desc(), "-reporter_count", "id")[:DEMAND_LIMIT])


# --- output --------------------------------------------------------------------------------------------


def _scenes(ids: list[str], names: dict[str, str]) -> list[dict[str, str]]:
    return [{"id": s, "name": names.get(s, s)} for s in ids]


def scenario_out(s: Scenario, names: dict[str, str] | None = None) -> dict[str, Any]:
    names = names if names is not None else scene_names()
    return {
        "id": s.pk,
        "chain_id": s.chain_id,
        "chain_name": s.chain.name,
        "link_id": s.link_id,
        "link_name": s.link.name if s.link else "",
        "code": s.code,
        "title": s.title,
        "description": s.description,
        "scenes": _scenes(list(s.scenes), names),
        "keywords": list(s.keywords),
        "status": s.status,
        "status_label": ScenarioStatus(s.status).label,
        "inferred": s.inferred,
        "reporter_count": s.reporter_count,
        "unmet_count": getattr(s, "unmet_count", 0),
        "refreshed_at": s.refreshed_at,
    }


def rows_out(rows: list[Scenario]) -> list[dict[str, Any]]:
    names = scene_names()
    return [scenario_out(s, names) for s in rows]


def matches(s: Scenario) -> dict[str, Any]:
    """The catalogue's listed products and the published typical cases that fit the scenario (bounded queries)."""
    from smedt.portal.models import TypicalCase
    from smedt.providers.models import Product
    from smedt.providers.selectors import catalogue_listed_q

    scenes = [str(x) for x in s.scenes]
    profile = ScenarioProfile(scenes, s.chain.sub_industry, list(s.keywords))
    any_scene = Q(pk__in=[])
    case_scene = Q(pk__in=[])
    for scene in scenes:
        any_scene |= Q(scenarios__icontains=f'"{scene}"')  # JSON containment is not portable to SQLite
        case_scene |= Q(scenario_codes__icontains=f'"{scene}"')
    products = list(
        Product.objects.filter(catalogue_listed_q())
        .filter(any_scene)
        .select_related("org")
        .order_by("-published_at", "-id")[:MATCH_POOL]
    )
    ranked = rank(
        profile,
        [Candidate(p.pk, list(p.scenarios), list(p.sub_industries), f"{p.name} {p.summary}") for p in products],
        limit=MATCH_LIMIT,
    )
    by_id = {p.pk: p for p in products}
    cases = list(TypicalCase.objects.public().filter(case_scene).order_by("-published_at", "-id")[:MATCH_POOL])
    ranked_cases = rank(
        profile,
        [Candidate(c.pk, list(c.scenario_codes), [c.sub_industry] if c.sub_industry else [], c.title) for c in cases],
        limit=MATCH_LIMIT,
    )
    cases_by_id = {c.pk: c for c in cases}
    names = scene_names()
    return {
        "products": [
            {
                "id": m.key,
                "name": by_id[m.key].name,
                "kind": by_id[m.key].kind,
                "provider_name": by_id[m.key].org.name,
                "score": m.score,
                "reasons": list(m.reasons),
                "shared_scenes": _scenes(list(m.shared_scenes), names),
            }
            for m in ranked
        ],
        "cases": [
            {
                "id": m.key,
                "title": cases_by_id[m.key].title,
                "enterprise_name": cases_by_id[m.key].enterprise_name,
                "level_before": cases_by_id[m.key].level_before,
                "level_after": cases_by_id[m.key].level_after,
                "shared_scenes": _scenes(list(m.shared_scenes), names),
            }
            for m in ranked_cases
        ],
    }


def source_counts(s: Scenario) -> list[dict[str, Any]]:
    """How many enterprises reported the scenario by each source (counts only: public)."""
    rows = dict(
        ScenarioReporter.objects.filter(scenario=s)
        .values("source")
        .annotate(n=Count("org_id", distinct=True))
        .values_list("source", "n")
    )
    return [{"source": k, "label": str(label), "count": rows.get(k, 0)} for k, label in ReporterSource.choices]


def scenario_detail(user: Any, s: Scenario) -> dict[str, Any]:
    actions: list[str] = []
    if can_manage(user):
        actions.append("edit")
    grants = user_grants(user)
    if s.status == ScenarioStatus.PUBLISHED and not grants.grant("portal.post_need").empty:
        actions.append("raise_need")
    if not grants.grant("industry.view_scenario_reporters").empty:
        actions.append("view_reporters")
    return scenario_out(s) | matches(s) | {"by_source": source_counts(s), "allowed_actions": actions}


def public_detail(s: Scenario) -> dict[str, Any]:
    out = scenario_out(s) | matches(s) | {"by_source": source_counts(s)}
    out.pop("keywords", None)
    return out


# --- reporters, candidates, runs ----------------------------------------------------------------------


def reporter_list(*, user: Any, scenario: Scenario, source: str | None = None) -> QuerySet[ScenarioReporter]:
    qs = ScenarioReporter.objects.visible_to(user, "view").filter(scenario=scenario).select_related("org", "region")
    if source:
        qs = qs.filter(source=source)
    return qs


def reporter_out(r: ScenarioReporter, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": r.pk,
        "org_id": r.org_id,
        "org_name": r.org.name,
        "region_name": r.region.name,
        "source": r.source,
        "source_label": ReporterSource(r.source).label,
        "ref_id": r.ref_id,
        "scene": _scenes([r.scene], names)[0] if r.scene else None,
        "raised": r.raised,
        "created_at": r.created_at,
    }


def candidate_list(*, user: Any, chain_id: int | None = None, status: str | None = None) -> QuerySet[ScenarioCandidate]:
    qs = ScenarioCandidate.objects.visible_to(user, "manage").select_related("chain", "link", "scenario")
    if chain_id:
        qs = qs.filter(chain_id=chain_id)
    qs = qs.filter(status=status or CandidateStatus.OPEN)
    return qs


def candidate_get(*, user: Any, candidate_id: int) -> ScenarioCandidate:
    found = (
        ScenarioCandidate.objects.visible_to(user, "manage")
        .select_related("chain__region", "link")
        .filter(pk=candidate_id)
        .first()
    )
    if found is None:
        raise NotFound("候选问题不存在或无权访问")
    return found


def candidate_out(c: ScenarioCandidate, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": c.pk,
        "chain_id": c.chain_id,
        "chain_name": c.chain.name,
        "link_id": c.link_id,
        "link_name": c.link.name,
        "scene": _scenes([c.scene], names)[0],
        "enterprise_count": c.enterprise_count,
        "status": c.status,
        "status_label": CandidateStatus(c.status).label,
        "scenario_id": c.scenario_id,
        "scenario_title": c.scenario.title if c.scenario else "",
        "updated_at": c.updated_at,
    }


def run_get(*, user: Any, run_id: int) -> ScenarioRun:
    found = ScenarioRun.objects.visible_to(user, "manage").filter(pk=run_id).first()
    if found is None:
        raise NotFound("统计任务不存在或无权访问")
    return found


def run_latest(*, user: Any) -> ScenarioRun | None:
    return ScenarioRun.objects.visible_to(user, "manage").order_by("-id").first()
