"""Writes of 产业链场景库: the seed scenarios (data), the city editor's scenarios, accepting candidate problems,
raising a supply–demand need from a scenario (through `portal.services.supply_demand.need_create`), and the
background aggregate that finds the enterprises that reported each scenario and the candidate problems.

The aggregate reads the assessment's current results (`AnalysisEntry`), the portal's needs and the diagnosis
findings (`projects.DiagnosisFinding`, by scene) with SQL (GROUP BY / INSERT of the selected ids), like
`insights` does; it never writes their tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, ValidationFailed
from smedt.industry.config import DATA_DIR
from smedt.industry.errors import IndustryErrorCode
from smedt.industry.models import Chain, ChainLink
from smedt.industry.scenario_matching import candidate_title
from smedt.industry.scenario_models import (
    CandidateStatus,
    ReporterSource,
    RunStatus,
    Scenario,
    ScenarioCandidate,
    ScenarioReporter,
    ScenarioRun,
    ScenarioStatus,
)
from smedt.rbac.services import require
from smedt.regions.models import Region

MANAGE = "industry.manage_scenario"
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
MAX_SCENES = 8
MAX_KEYWORDS = 10
MAX_DESCRIPTION = 2000
BATCH = 1000
# the portal's need states that still ask for a solution (in review or published, no outcome yet)
OPEN_NEED_STATES = ("in_review", "scheduled", "published")


@lru_cache(maxsize=1)
def seed_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "scenarios-xinxiang.yaml").read_text(encoding="utf-8"))
    return data


def low_level() -> int:
    return int(seed_data().get("low_level", 1))


def min_enterprises() -> int:
    return max(1, int(seed_data().get("min_enterprises", 1)))


def scene_names() -> dict[str, str]:
    """Scene id → name of the active 2024 indicator set (the same list needs and products use)."""
    from smedt.portal.services.common import scenario_names

    return scenario_names()


def _fail(field: str, message: str, code: str = IndustryErrorCode.INVALID_FIELD) -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


# --- validation ----------------------------------------------------------------------------------------


def clean_scenes(values: list[str]) -> list[str]:
    scenes = list(dict.fromkeys(v.strip().upper() for v in values if v and v.strip()))
    if not scenes:
        raise _fail("scenes", "请至少选择一个对应的数字化水平场景")
    if len(scenes) > MAX_SCENES:
        raise _fail("scenes", f"对应场景最多 {MAX_SCENES} 个")
    known = scene_names()
    unknown = [s for s in scenes if s not in known]
    if unknown:
        raise _fail("scenes", f"场景编号不存在：{'、'.join(unknown)}")
    return scenes


def clean_keywords(values: list[str]) -> list[str]:
    words = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if len(words) > MAX_KEYWORDS or any(len(w) > 20 for w in words):
        raise _fail("keywords", f"关键词最多 {MAX_KEYWORDS} 个，每个不超过 20 字")
    return words


def _clean_title(value: str) -> str:
    title = (value or "").strip()
    if not title:
        raise _fail("title", "请填写场景名称")
    if len(title) > 64:
        raise _fail("title", "场景名称不超过 64 字")
    return title


def _clean_description(value: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise _fail("description", f"问题描述不超过 {MAX_DESCRIPTION} 字")
    return text


def _clean_link(chain: Chain, link_id: int | None) -> ChainLink | None:
    if link_id is None:
        return None
    link = chain.links.filter(pk=link_id).first()
    if link is None:
        raise _fail("link_id", "环节不属于该产业链")
    return link


def _clean_status(value: str) -> str:
    if value not in ScenarioStatus.values:
        raise _fail("status", "状态应为草稿、已发布或已停用")
    return value


def snapshot(s: Scenario) -> dict[str, Any]:
    return {
        "title": s.title,
        "link": s.link_id,
        "scenes": list(s.scenes),
        "keywords": list(s.keywords),
        "status": s.status,
    }


# --- seed data -----------------------------------------------------------------------------------------


@transaction.atomic
def scenarios_load(*, region_code: str | None = None) -> int:
    """Seed the shipped scenarios as drafts marked 推断 (idempotent: an existing code is kept as edited)."""
    from smedt.industry.config import chains_data

    data = seed_data()
    region = Region.objects.filter(code=region_code or str(chains_data()["region"])).first()
    if region is None:
        return 0
    chains = {c.code: c for c in Chain.objects.filter(region=region)}
    created = 0
    for item in data.get("scenarios", []):
        chain = chains.get(str(item["chain"]))
        if chain is None or Scenario.objects.filter(chain=chain, code=str(item["code"])).exists():
            continue
        link = chain.links.filter(name=str(item.get("link", ""))).first()
        Scenario.objects.create(
            chain=chain,
            link=link,
            code=str(item["code"]),
            title=str(item["title"]),
            description=str(item.get("description", "")),
            scenes=[str(s) for s in item.get("scenes", [])],
            keywords=[str(k) for k in item.get("keywords", [])],
            status=ScenarioStatus.DRAFT,
            inferred=bool(data.get("inferred", True)),
            data_version=str(data.get("version", "")),
        )
        created += 1
    return created


# --- the editor's scenarios ----------------------------------------------------------------------------


@transaction.atomic
def scenario_create(
    *,
    actor: Any,
    chain: Chain,
    link_id: int | None,
    code: str,
    title: str,
    description: str,
    scenes: list[str],
    keywords: list[str],
    status: str = ScenarioStatus.DRAFT,
) -> Scenario:
    require(actor, MANAGE, region_path=chain.region.path)
    if not CODE_RE.match(code or ""):
        raise _fail("code", "编码应为小写字母开头的字母、数字、下划线（2–48 位）")
    if Scenario.objects.filter(chain=chain, code=code).exists():
        raise _fail("code", "该产业链已有同一编码的场景", code=IndustryErrorCode.DUPLICATE)
    s = Scenario.objects.create(
        chain=chain,
        link=_clean_link(chain, link_id),
        code=code,
        title=_clean_title(title),
        description=_clean_description(description),
        scenes=clean_scenes(scenes),
        keywords=clean_keywords(keywords),
        status=_clean_status(status),
        created_by=actor,
    )
    audit_record(actor=actor, action="industry.scenario_create", target=s, region=chain.region, after=snapshot(s))
    _public_changed(s)
    return s


@transaction.atomic
def scenario_update(*, actor: Any, scenario: Scenario, changes: dict[str, Any]) -> Scenario:
    s = Scenario.objects.select_for_update().select_related("chain__region").get(pk=scenario.pk)
    require(actor, MANAGE, region_path=s.chain.region.path)
    before = snapshot(s)
    was_public = s.status == ScenarioStatus.PUBLISHED
    fields: list[str] = []
    if "title" in changes:
        s.title = _clean_title(changes["title"])
        fields.append("title")
    if "description" in changes:
        s.description = _clean_description(changes["description"])
        fields.append("description")
    if "link_id" in changes:
        s.link = _clean_link(s.chain, changes["link_id"])
        fields.append("link")
    if "scenes" in changes:
        s.scenes = clean_scenes(changes["scenes"])
        fields.append("scenes")
    if "keywords" in changes:
        s.keywords = clean_keywords(changes["keywords"])
        fields.append("keywords")
    if "status" in changes:
        s.status = _clean_status(changes["status"])
        fields.append("status")
    if fields:
        s.inferred = False  # checked by the city: no longer an inferred default
        s.save(update_fields=[*fields, "inferred", "updated_at"])
    audit_record(
        actor=actor,
        action="industry.scenario_update",
        target=s,
        region=s.chain.region,
        before=before,
        after=snapshot(s),
    )
    if was_public or s.status == ScenarioStatus.PUBLISHED:
        _public_changed(s)
    return s


def _public_changed(s: Scenario) -> None:
    """The portal's scenario library is a cached public list: drop it when a public scenario changes."""
    from smedt.core.publiccache import public_content_changed

    public_content_changed()


# --- raising a need from a scenario --------------------------------------------------------------------


@transaction.atomic
def scenario_need_raise(
    *,
    actor: Any,
    scenario: Scenario,
    org_id: int,
    title: str | None = None,
    problem: str | None = None,
    scene: str | None = None,
) -> Any:
    """A draft 供需需求 pre-filled from the scenario, made by the portal's own need service (the enterprise then
    edits and submits it there); the enterprise is recorded as reporting the scenario."""
    from smedt.portal.services.supply_demand import need_create

    if scenario.status != ScenarioStatus.PUBLISHED:
        raise Conflict(code="industry.scenario_not_published", message="只有已发布的场景可以发起需求")
    chosen = (scene or scenario.scenes[0]).strip().upper()
    if chosen not in scenario.scenes:
        raise _fail("scene", "所选场景不属于该产业链场景")
    need = need_create(
        actor=actor,
        org_id=org_id,
        title=(title or f"{scenario.chain.name}·{scenario.title}").strip()[:200],
        problem=(problem or scenario.description or scenario.title).strip(),
        scenario_code=chosen,
        sub_industry=scenario.chain.sub_industry,
    )
    if not need.org.region.path.startswith(scenario.chain.region.path):
        raise _fail("org_id", "企业不在该产业链所属区域")
    ScenarioReporter.objects.create(
        scenario=scenario,
        org_id=need.org_id,
        region_id=need.region_id,
        source=ReporterSource.NEED,
        ref_id=need.pk,
        scene=chosen,
        raised=True,
    )
    _recount([scenario.pk])
    audit_record(
        actor=actor,
        action="industry.scenario_need_raise",
        target=scenario,
        region=need.region,
        org_id=need.org_id,
        after={"need": need.pk, "scene": chosen},
    )
    return need


def _recount(scenario_ids: list[int]) -> None:
    counts = dict(
        ScenarioReporter.objects.filter(scenario_id__in=scenario_ids)
        .values("scenario_id")
        .annotate(n=Count("org_id", distinct=True))
        .values_list("scenario_id", "n")
    )
    now = timezone.now()
    for sid in scenario_ids:
        Scenario.objects.filter(pk=sid).update(reporter_count=counts.get(sid, 0), refreshed_at=now)


# --- candidate problems --------------------------------------------------------------------------------


def _lock_candidate(candidate: ScenarioCandidate, actor: Any) -> ScenarioCandidate:
    c = ScenarioCandidate.objects.select_for_update().select_related("chain__region", "link").get(pk=candidate.pk)
    require(actor, MANAGE, region_path=c.chain.region.path)
    if c.status != CandidateStatus.OPEN:
        raise Conflict(code="industry.candidate_closed", message="该候选问题已处理")
    return c


@transaction.atomic
def candidate_accept(
    *, actor: Any, candidate: ScenarioCandidate, scenario_id: int | None = None, title: str | None = None
) -> Scenario:
    """Accept a candidate problem into an existing scenario of its chain (its scene is added) or into a new,
    published scenario of its link; the low-scoring enterprises are recorded as reporting it."""
    c = _lock_candidate(candidate, actor)
    if scenario_id is not None:
        found = Scenario.objects.select_for_update().filter(pk=scenario_id, chain_id=c.chain_id).first()
        if found is None:
            raise _fail("scenario_id", "场景不属于该候选问题的产业链")
        s = found
        if c.scene not in s.scenes:
            if len(s.scenes) >= MAX_SCENES:
                raise _fail("scenario_id", f"该场景已对应 {MAX_SCENES} 个数字化水平场景")
            s.scenes = [*s.scenes, c.scene]
            s.save(update_fields=["scenes", "updated_at"])
    else:
        base = f"{c.scene.lower()}_l{c.link_id}"
        code, n = base, 1
        while Scenario.objects.filter(chain_id=c.chain_id, code=code).exists():
            n += 1
            code = f"{base}_{n}"
        s = Scenario.objects.create(
            chain=c.chain,
            link=c.link,
            code=code,
            title=_clean_title(title or candidate_title(scene_names().get(c.scene, c.scene))),
            description=f"{c.link.name}环节有 {c.enterprise_count} 家链上企业在“{scene_names().get(c.scene, c.scene)}”"
            "场景的数字化水平评测中处于低分（一级及以下）。",
            scenes=[c.scene],
            status=ScenarioStatus.PUBLISHED,
            created_by=actor,
        )
    c.status, c.scenario = CandidateStatus.ACCEPTED, s
    c.save(update_fields=["status", "scenario", "updated_at"])
    _collect(s)
    _recount([s.pk])
    audit_record(
        actor=actor,
        action="industry.candidate_accept",
        target=s,
        region=c.chain.region,
        after={"candidate": c.pk, "scene": c.scene, "scenario": s.pk},
    )
    _public_changed(s)
    return s


@transaction.atomic
def candidate_dismiss(*, actor: Any, candidate: ScenarioCandidate) -> ScenarioCandidate:
    c = _lock_candidate(candidate, actor)
    c.status = CandidateStatus.DISMISSED
    c.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="industry.candidate_dismiss", target=c, region=c.chain.region, after={"scene": c.scene}
    )
    return c


# --- the background aggregate --------------------------------------------------------------------------


def _low(scene: str, level: int) -> Q:
    """The current result (on-site rating if any, else the latest self-assessment) rates `scene` at or below `level`."""
    return Q(source="onsite", **{f"onsite_rating__scenarios__{scene}__lte": level}) | Q(
        source="self", **{f"assessment__scenarios__{scene}__lte": level}
    )


def _entries(chain_id: int, link_id: int | None = None) -> Any:
    from smedt.assessment.models import AnalysisEntry

    qs = AnalysisEntry.objects.filter(org__industry_memberships__chain_id=chain_id)
    if link_id is not None:
        qs = qs.filter(org__industry_memberships__chain_id=chain_id, org__industry_memberships__link_id=link_id)
    return qs


def _text_q(keywords: list[str], fields: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for k in keywords:
        for f in fields:
            q |= Q(**{f"{f}__icontains": k})
    return q


def _collect(s: Scenario) -> int:
    """Recompute the aggregate's reporters of one scenario (rows of needs raised from it are kept)."""
    from smedt.portal.models import Need
    from smedt.projects.models import DiagnosisFinding

    ScenarioReporter.objects.filter(scenario=s, raised=False).delete()
    scenes = [str(x) for x in s.scenes]
    rows: list[ScenarioReporter] = []
    if scenes:
        low = Q(pk__in=[])
        for scene in scenes:
            low |= _low(scene, low_level())
        which = Case(
            *(When(_low(scene, low_level()), then=Value(scene)) for scene in scenes),
            default=Value(""),
            output_field=CharField(),
        )
        entries = (
            _entries(s.chain_id, s.link_id)
            .filter(low)
            .annotate(scene_hit=which)
            .values_list("org_id", "org__region_id", "pk", "scene_hit")
        )
        rows += [
            ScenarioReporter(scenario=s, org_id=o, region_id=r, source=ReporterSource.ASSESSMENT, ref_id=pk, scene=hit)
            for o, r, pk, hit in entries.iterator(chunk_size=BATCH)
        ]
    need_q = Q(scenario_code__in=scenes) | _text_q(list(s.keywords), ("title", "problem"))
    needs = (
        Need.objects.filter(org__industry_memberships__chain_id=s.chain_id)
        .exclude(status="draft")
        .filter(need_q)
        .values_list("org_id", "org__region_id", "pk", "scenario_code")
    )
    rows += [
        ScenarioReporter(scenario=s, org_id=o, region_id=r, source=ReporterSource.NEED, ref_id=pk, scene=code)
        for o, r, pk, code in needs.iterator(chunk_size=BATCH)
    ]
    if scenes:
        # a diagnosis reports the scenario only through a finding that names one of its scenes: one reporter
        # row per project, with the scene of its first such finding
        findings = (
            DiagnosisFinding.objects.filter(
                scene__in=scenes,
                project__kind="diagnosis",
                project__enterprise__industry_memberships__chain_id=s.chain_id,
            )
            .order_by("project_id", "position")
            .values_list("project__enterprise_id", "project__enterprise__region_id", "project_id", "scene")
        )
        seen: set[int] = set()
        for o, r, pk, sc in findings.iterator(chunk_size=BATCH):
            if pk not in seen:
                seen.add(pk)
                rows.append(
                    ScenarioReporter(
                        scenario=s, org_id=o, region_id=r, source=ReporterSource.DIAGNOSIS, ref_id=pk, scene=sc
                    )
                )
    ScenarioReporter.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _candidates(chain: Chain, scenes: list[str]) -> int:
    """One GROUP BY per chain: per link, how many members score low on each scene → candidate problems."""
    level = low_level()
    counts = (
        _entries(chain.pk)
        .values("org__industry_memberships__link_id")
        .annotate(**{scene: Count("pk", filter=_low(scene, level), distinct=True) for scene in scenes})
        .order_by()
    )
    covered: set[tuple[int | None, str]] = set()
    for link_id, sc in (
        Scenario.objects.filter(chain=chain).exclude(status=ScenarioStatus.RETIRED).values_list("link_id", "scenes")
    ):
        covered.update((link_id, str(x)) for x in sc)
    seen: set[int] = set()
    for row in counts:
        link_id = row["org__industry_memberships__link_id"]
        for scene in scenes:
            n = int(row[scene])
            if n < min_enterprises() or (link_id, scene) in covered or (None, scene) in covered:
                continue
            c, _ = ScenarioCandidate.objects.update_or_create(
                chain=chain, link_id=link_id, scene=scene, defaults={"enterprise_count": n}
            )
            seen.add(c.pk)
    ScenarioCandidate.objects.filter(chain=chain, status=CandidateStatus.OPEN).exclude(pk__in=seen).delete()
    return len(seen)


@transaction.atomic
def run_start(*, actor: Any, region_code: str | None = None) -> ScenarioRun:
    from smedt.industry.config import chains_data

    region = Region.objects.filter(code=region_code or str(chains_data()["region"])).first()
    if region is None:
        raise _fail("region_code", "区划不存在")
    require(actor, MANAGE, region_path=region.path)
    busy = ScenarioRun.objects.filter(region=region, status__in=(RunStatus.PENDING, RunStatus.RUNNING)).first()
    if busy is not None:
        return busy  # one run at a time per city: the caller follows the one in flight
    run = ScenarioRun.objects.create(region=region, created_by=actor)
    audit_record(actor=actor, action="industry.scenario_run_start", target=run, region=region)
    from smedt.industry.tasks import run_scenario_refresh

    run_scenario_refresh.enqueue(run_id=run.pk)
    return run


def run_execute(*, run_id: int) -> str:
    """The background aggregate (idempotent: a finished run is left alone; a rerun recomputes the same rows)."""
    run = ScenarioRun.objects.select_related("region").filter(pk=run_id).first()
    if run is None or run.status == RunStatus.SUCCEEDED:
        return "skipped"
    chains = list(Chain.objects.filter(region__path__startswith=run.region.path, is_active=True).order_by("sort"))
    ScenarioRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, total=len(chains), progress=0)
    scenes = list(scene_names())
    reporters = candidates = 0
    try:
        for n, chain in enumerate(chains, start=1):
            with transaction.atomic():
                scenarios = list(Scenario.objects.filter(chain=chain).exclude(status=ScenarioStatus.RETIRED))
                for s in scenarios:
                    reporters += _collect(s)
                _recount([s.pk for s in scenarios])
                candidates += _candidates(chain, scenes)
            ScenarioRun.objects.filter(pk=run.pk).update(progress=n, reporters=reporters, candidates=candidates)
    except Exception as exc:
        ScenarioRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    ScenarioRun.objects.filter(pk=run.pk).update(status=RunStatus.SUCCEEDED, error="", finished_at=timezone.now())
    return "done"
