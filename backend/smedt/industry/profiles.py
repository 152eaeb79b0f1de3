"""企业画像 and 行业画像 (1.5.5): reads over the records other modules keep, never writes.

企业画像 (`enterprise_portrait`) gathers one enterprise's facts (一企一档 with provenance), its digital
level (the assessment's current result, ``AnalysisEntry``) with the dimension radar and the weakest
scenes, its tier readiness as the cultivation engine last computed it (``TierStanding``, ``LibraryEntry``),
projects, the latest diagnosis findings (``projects.DiagnosisFinding``), fund commitments, confirmed operating data and the chains it sits on. A fixed number of
queries whatever the history length. Scope: the enterprise itself, its county, the city
(``industry.view_portrait``); 404 otherwise.

行业画像 (`industry_profile`) aggregates the same sources over a group of enterprises — a chain, a
试点细分行业 or a 国民经济行业 code prefix — inside the reader's region scope: one SQL aggregate per
widget (overview, levels, dimensions and weak scenes, tiers, growth, top enterprises), cached at most
a minute per scope and group (``core.aggcache``).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from smedt.core.aggcache import cached_aggregate
from smedt.core.errors import NotFound, ValidationFailed
from smedt.industry import config
from smedt.industry.errors import IndustryErrorCode
from smedt.industry.models import Chain, ChainMember, MemberRole, OperatingReport, ReportStatus, ReportValue
from smedt.orgs.models import Organization, OrgKind
from smedt.rbac.grants import user_grants

CENT = Decimal("0.01")
TREND_PERIODS = 8
STALE_DAYS = 365  # a fact recorded more than a year ago is shown as 待更新
TOP_N = 10
WEAK_SCENES = 5
GROWTH_INDICATORS = ("revenue", "output_value", "profit", "tax")
PROFILE_NAMESPACE = "industry.profile"
PROFILE_CACHE_SECONDS = 60
DIMENSIONS = {"chain": "产业链", "sub_industry": "试点细分行业", "industry_code": "国民经济行业"}


def _q2(value: Any) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def _ratio(score: Any, max_score: Decimal) -> Decimal | None:
    if score in (None, "") or not max_score:
        return None
    return (Decimal(str(score)) * 100 / max_score).quantize(CENT, rounding=ROUND_HALF_UP)


def _tier_labels() -> tuple[tuple[str, ...], dict[str, str]]:
    from smedt.cultivation.criteria import TIER_LABELS, TIERS

    return TIERS, {"none": "未入库", **TIER_LABELS}


def _definition(indicator_set: Any | None = None) -> Any | None:
    from smedt.assessment.models import IndicatorSet, IndicatorSetStatus
    from smedt.assessment.selectors import indicator_set_definition

    if indicator_set is None:
        indicator_set = IndicatorSet.objects.filter(status=IndicatorSetStatus.ACTIVE).order_by("-id").first()
    return indicator_set_definition(indicator_set) if indicator_set is not None else None


def _level_name(definition: Any | None, level: int | None) -> str:
    if level is None:
        return ""
    if definition is None:
        return f"{level}级"
    return str(definition.level_name(level))


# --- 企业画像 ----------------------------------------------------------------------------------------------


def portrait_org(*, user: Any, org_id: int) -> Organization:
    """The enterprise when the user may see its portrait (its own users, its county, the city); else 404."""
    org = Organization.objects.select_related("region").filter(pk=org_id, kind=OrgKind.ENTERPRISE).first()
    grant = user_grants(user).grant("industry.view_portrait")
    if org is None or not grant.covers(org_id=org.pk, region_path=org.region.path):
        raise NotFound("企业不存在或无权访问")
    return org


def _facts(org: Organization, today: dt.date) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(identity: size, industry, above-scale …, completeness rows with provenance) from 一企一档."""
    from smedt.enterprises import sizing
    from smedt.enterprises.models import EnterpriseProfile, FactRecord, FactSource
    from smedt.enterprises.services.profile import FIGURE_FIELDS, PROFILE_FIELDS

    profile = EnterpriseProfile.objects.filter(org=org).prefetch_related("figures").first()
    figures = sorted(profile.figures.all(), key=lambda f: -f.year) if profile else []
    latest = figures[0] if figures else None
    facts: dict[tuple[int | None, str], FactRecord] = {}
    if profile is not None:
        for fact in FactRecord.objects.filter(profile=profile, is_current=True).only(
            "year", "field", "source", "recorded_at"
        ):
            facts[(fact.year, fact.field)] = fact
    stale_before = timezone.now() - dt.timedelta(days=STALE_DAYS)
    rows: list[dict[str, Any]] = []

    def row(group: str, key: str, label: str, value: Any, year: int | None) -> None:
        fact = facts.get((year, key))
        present = value not in (None, "", [])
        if not present:
            state, state_label = "missing", "缺失"
        elif fact is not None and fact.recorded_at < stale_before:
            state, state_label = "stale", "待更新"
        else:
            state, state_label = "ok", "完整"
        rows.append(
            {
                "group": group,
                "key": key,
                "label": label,
                "state": state,
                "state_label": state_label,
                "source_label": FactSource(fact.source).label if fact else "",
                "recorded_at": fact.recorded_at if fact else None,
            }
        )

    for key, label in PROFILE_FIELDS.items():
        if key in ("contact_phone", "contact_email", "contact_name"):
            continue
        row("基本信息", key, label, getattr(profile, key, None) if profile else None, None)
    year = latest.year if latest else today.year - 1
    for key, label in FIGURE_FIELDS.items():
        row(f"{year} 年度数据", key, label, getattr(latest, key, None) if latest else None, year)
    if latest is not None and latest.year < today.year - 1:
        for r in rows:
            if r["group"].endswith("年度数据") and r["state"] == "ok":
                r["state"], r["state_label"] = "stale", f"最新年度为 {latest.year} 年"
    identity = {
        "industry_code": (profile.industry_code if profile else "") or org.industry_code,
        "sub_industries": list(profile.sub_industries or []) if profile else [],
        "above_scale": profile.above_scale if profile else None,
        "size_class": latest.size_class if latest and latest.size_class else "",
        "size_label": sizing.LABELS.get(latest.size_class, "无法划型") if latest and latest.size_class else "无法划型",
        "size_year": latest.year if latest else None,
        "figures": [
            {
                "year": f.year,
                "operating_revenue": _q2(f.operating_revenue),
                "profit": _q2(f.profit),
                "rd_expense": _q2(f.rd_expense),
                "employees": f.employees,
            }
            for f in sorted(figures, key=lambda f: f.year)
        ],
    }
    return identity, rows


def _level(org: Organization) -> dict[str, Any]:
    """The current digital level, its dimension radar (own vs. the first chain's average), scenes and history."""
    from smedt.assessment.models import AnalysisEntry, Assessment, AssessmentStatus, OnsiteRating

    entry = AnalysisEntry.objects.filter(org=org).select_related("indicator_set").first()
    history = list(
        Assessment.objects.filter(org=org, status=AssessmentStatus.SUBMITTED)
        .order_by("-submitted_at")
        .values("submitted_at", "total_score", "level")[:12]
    )
    if entry is None:
        return {"assessed": False, "history": [_history_out(h) for h in reversed(history)]}
    definition = _definition(entry.indicator_set)
    if entry.onsite_rating_id:
        scenes = OnsiteRating.objects.filter(pk=entry.onsite_rating_id).values_list("scenarios", flat=True).first()
    else:
        scenes = Assessment.objects.filter(pk=entry.assessment_id or 0).values_list("scenarios", flat=True).first()
    dims = list(definition.dimensions) if definition else []
    radar = [
        {
            "id": d.id,
            "name": d.name,
            "max_score": _q2(d.max_score),
            "score": None if entry.dimension_scores.get(d.id) is None else str(entry.dimension_scores[d.id]),
            "ratio": _q2(_ratio(entry.dimension_scores.get(d.id), d.max_score)),
        }
        for d in dims
    ]
    scored = [r for r in radar if r["ratio"] is not None]
    ranked = sorted(scored, key=lambda r: Decimal(r["ratio"]))
    distinct = len(ranked) > 1 and Decimal(ranked[0]["ratio"]) < Decimal(ranked[-1]["ratio"])
    scene_rows = []
    if definition is not None:
        for s in definition.scenarios:
            value = (scenes or {}).get(s.id)
            if value is None:
                continue
            scene_rows.append(
                {
                    "id": s.id,
                    "name": s.name,
                    "group_name": s.group_name,
                    "level": int(value),
                    "level_name": definition.scenario_level_names.get(int(value), str(value)),
                }
            )
    scene_rows.sort(key=lambda r: (r["level"], r["id"]))
    return {
        "assessed": True,
        "level": entry.level,
        "level_name": _level_name(definition, entry.level),
        "total_score": _q2(entry.total_score),
        "source_label": entry.get_source_display(),
        "submitted_at": entry.submitted_at,
        "indicator_set_version": entry.indicator_set.version,
        "radar": radar,
        # the best and the worst dimension by share of full marks, when they differ
        "strengths": [ranked[-1]["name"]] if distinct else [],
        "weaknesses": [ranked[0]["name"]] if distinct else [],
        "weak_scenes": scene_rows[:WEAK_SCENES],
        "history": [_history_out(h) for h in reversed(history)],
    }


def _history_out(h: Any) -> dict[str, Any]:
    return {"submitted_at": h["submitted_at"], "total_score": _q2(h["total_score"]), "level": h["level"]}


def _tiers(org: Organization) -> dict[str, Any]:
    """Tier held (培育库) and the readiness for each tier from the cultivation engine's latest standings."""
    from smedt.cultivation.models import LibraryEntry, LibraryStatus, SelfAssessment, TierStanding

    tiers, labels = _tier_labels()
    entry = LibraryEntry.objects.filter(org=org).only("tier", "status", "valid_until").first()
    held = entry.tier if entry is not None and entry.status == LibraryStatus.ACTIVE else "none"
    standings = {s.tier: s for s in TierStanding.objects.filter(org=org)}
    runs = SelfAssessment.objects.filter(org=org).aggregate(n=Count("id"), last=Max("as_of"))
    status_labels = {"pass": "已达标", "fail": "未达标", "missing": "缺少数据"}
    return {
        "held": held,
        "held_label": labels[held],
        "valid_until": entry.valid_until if entry is not None and held != "none" else None,
        "self_assessments": runs["n"],
        "last_self_assessment": runs["last"],
        "readiness": [
            {
                "tier": t,
                "label": labels[t],
                "status": standings[t].status if t in standings else "",
                "status_label": status_labels.get(standings[t].status, "") if t in standings else "尚未测算",
                "points": _q2(standings[t].points) if t in standings else None,
                "pass_line": _q2(standings[t].pass_line) if t in standings else None,
                "points_gap": _q2(standings[t].points_gap) if t in standings else None,
                "unmet": standings[t].unmet if t in standings else 0,
                "missing": standings[t].missing if t in standings else 0,
                "is_next": standings[t].is_next if t in standings else False,
                "gap_summary": standings[t].gap_summary if t in standings else "",
            }
            for t in tiers
        ],
    }


def _projects(org: Organization) -> dict[str, Any]:
    from smedt.funds.models import Commitment
    from smedt.projects.models import Project, ProjectKind
    from smedt.projects.workflow import STAGE_LABELS, stage_of

    rows = list(
        Project.objects.filter(enterprise=org)
        .order_by("-id")
        .values("id", "kind", "title", "status", "amount", "report_id", "created_at")[:20]
    )
    money = Commitment.objects.filter(enterprise=org).aggregate(committed=Sum("committed"), disbursed=Sum("disbursed"))
    return {
        "items": [
            {
                "id": p["id"],
                "kind": p["kind"],
                "kind_label": ProjectKind(p["kind"]).label,
                "title": p["title"],
                "stage_label": STAGE_LABELS.get(stage_of(p["kind"], p["status"]), ""),
                "amount": _q2(p["amount"]),
                "has_report": p["report_id"] is not None,
                "created_at": p["created_at"],
            }
            for p in rows
        ],
        "diagnoses": len([p for p in rows if p["kind"] == ProjectKind.DIAGNOSIS]),
        "diagnosis_reports": len([p for p in rows if p["kind"] == ProjectKind.DIAGNOSIS and p["report_id"]]),
        "transformations": len([p for p in rows if p["kind"] == ProjectKind.TRANSFORMATION]),
        "funds_committed": _q2(money["committed"] or 0),
        "funds_disbursed": _q2(money["disbursed"] or 0),
    }


def _findings(org: Organization) -> dict[str, Any]:
    """The latest diagnosis findings: those of the enterprise's most recent diagnosis project that has any
    (one query; high severity first), with the project, its status and date — the confirmation date once the
    enterprise confirmed the report, else when the provider last saved them."""
    from smedt.projects.models import DiagnosisFinding, FindingSeverity, Project, ProjectKind
    from smedt.projects.services import finding_scene_names
    from smedt.projects.workflow import STATUS_LABELS

    latest = (
        Project.objects.filter(enterprise=org, kind=ProjectKind.DIAGNOSIS, findings__isnull=False)
        .order_by("-id")
        .values("pk")[:1]
    )
    rank = Case(
        *(When(severity=v, then=Value(i)) for i, v in enumerate(FindingSeverity.values)),
        default=Value(len(FindingSeverity.values)),
        output_field=IntegerField(),
    )
    rows = list(
        DiagnosisFinding.objects.filter(project_id=Subquery(latest))
        .select_related("project")
        .annotate(rank=rank)
        .order_by("rank", "position")
    )
    if not rows:
        return {
            "project_id": None,
            "project_title": "",
            "status_label": "",
            "confirmed": False,
            "date": None,
            "items": [],
        }
    project = rows[0].project
    names = finding_scene_names() if any(f.scene for f in rows) else {}
    confirmed = project.status == "done"
    return {
        "project_id": project.pk,
        "project_title": project.title,
        "status_label": STATUS_LABELS.get(project.status, project.status),
        "confirmed": confirmed,
        "date": project.finished_at if confirmed else max(f.updated_at for f in rows),
        "items": [
            {
                "scene": f.scene,
                "scene_name": names.get(f.scene, f.scene),
                "title": f.title,
                "severity": f.severity,
                "severity_label": f.get_severity_display(),
                "description": f.description,
                "suggestion": f.suggestion,
            }
            for f in rows
        ],
    }


def _operating(org: Organization, today: dt.date) -> dict[str, Any]:
    """Confirmed operating data over the last periods (one query), and whether the last due period is in."""
    current = config.period_current_due(today)
    periods = config.periods_back(current, TREND_PERIODS)
    codes = [p.code for p in periods]
    values: dict[tuple[str, str], Any] = {
        (ind, per): value
        for ind, per, value in ReportValue.objects.filter(
            report__org=org,
            report__period__in=codes,
            report__status=ReportStatus.CONFIRMED,
            indicator__in=GROWTH_INDICATORS,
        ).values_list("indicator", "report__period", "value")
    }
    last_status = (
        OperatingReport.objects.filter(org=org, period=current.code).values_list("status", flat=True).first() or ""
    )
    known = config.indicator_map()
    return {
        "periods": codes,
        "period_labels": [p.label for p in periods],
        "series": [
            {
                "indicator": code,
                "name": known[code].name if code in known else code,
                "unit": known[code].unit if code in known else "",
                "values": [_q2(values.get((code, c))) for c in codes],
            }
            for code in GROWTH_INDICATORS
            if code in known
        ],
        "last_due_period": current.code,
        "last_due_label": current.label,
        "last_due_status": last_status,
    }


def enterprise_portrait(*, user: Any, org: Organization) -> dict[str, Any]:
    today = timezone.localdate()
    identity, completeness = _facts(org, today)
    memberships = list(ChainMember.objects.filter(org=org).select_related("chain", "link").order_by("chain__sort"))
    level = _level(org)
    tiers = _tiers(org)
    projects = _projects(org)
    findings = _findings(org)
    operating = _operating(org, today)
    if level["assessed"] and level["submitted_at"] < timezone.now() - dt.timedelta(days=STALE_DAYS):
        completeness.append(_source_row("数字化水平评测", "最近一次评测超过一年", "stale", level["submitted_at"]))
    elif not level["assessed"]:
        completeness.append(_source_row("数字化水平评测", "尚未评测", "missing", None))
    if memberships and operating["last_due_status"] not in (ReportStatus.SUBMITTED, ReportStatus.CONFIRMED):
        completeness.append(_source_row("经营数据", f"{operating['last_due_label']}未报送", "missing", None))
    if tiers["self_assessments"] == 0:
        completeness.append(_source_row("梯度培育自评", "尚未自评", "missing", None))
    tags = [{"kind": "size", "label": identity["size_label"]}]
    if identity["above_scale"]:
        tags.append({"kind": "scale", "label": "规上企业"})
    tags += [
        {
            "kind": "chain",
            "label": f"{m.chain.name}·{MemberRole(m.role).label}" if m.role != MemberRole.MEMBER else m.chain.name,
        }
        for m in memberships
    ]
    if level["assessed"]:
        tags.append({"kind": "level", "label": f"数字化水平{level['level_name']}"})
    if tiers["held"] != "none":
        tags.append({"kind": "tier", "label": tiers["held_label"]})
    tags += [{"kind": "strength", "label": f"优势：{n}"} for n in level.get("strengths", [])]
    tags += [{"kind": "weakness", "label": f"短板：{n}"} for n in level.get("weaknesses", [])]
    present = sum(1 for r in completeness if r["state"] == "ok")
    return {
        "org_id": org.pk,
        "name": org.name,
        "region_name": org.region.name,
        **identity,
        "tags": tags,
        "chains": [
            {
                "chain_id": m.chain_id,
                "chain_name": m.chain.name,
                "link_name": m.link.name,
                "role_label": MemberRole(m.role).label,
                "transformed_on": m.transformed_on,
            }
            for m in memberships
        ],
        "level": level,
        "tiers": tiers,
        "projects": projects,
        "findings": findings,
        "operating": operating,
        "completeness": completeness,
        "completeness_rate": _q2(Decimal(present) * 100 / len(completeness)) if completeness else "0.00",
    }


def _source_row(label: str, state_label: str, state: str, at: Any) -> dict[str, Any]:
    return {
        "group": "其他来源",
        "key": label,
        "label": label,
        "state": state,
        "state_label": state_label,
        "source_label": "",
        "recorded_at": at,
    }


# --- 行业画像 ----------------------------------------------------------------------------------------------


def _bad(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(code=IndustryErrorCode.INVALID_FIELD, message=message, details={"fields": {field: message}})


def _enterprises_in_scope(user: Any) -> QuerySet[Organization]:
    grant = user_grants(user).grant("industry.view_monitoring")
    orgs = Organization.objects.filter(kind=OrgKind.ENTERPRISE)
    if not grant.is_global:
        q = Q(pk__in=[])
        for path in sorted(grant.region_paths):
            q |= Q(region__path__startswith=path)
        if grant.org_ids:
            q |= Q(pk__in=sorted(grant.org_ids))
        orgs = orgs.filter(q)
    return orgs


def profile_group(*, user: Any, dimension: str, key: str) -> tuple[str, QuerySet[Organization]]:
    """(the group's name, the enterprises of the group inside the user's region scope)."""
    from smedt.enterprises.models import EnterpriseProfile, EnterpriseSubIndustry

    orgs = _enterprises_in_scope(user)
    key = (key or "").strip()
    if dimension == "chain":
        chain = Chain.objects.visible_to(user, "view").filter(pk=int(key) if key.isdigit() else 0).first()
        if chain is None:
            raise NotFound("产业链不存在或无权访问")
        return chain.name, orgs.filter(Exists(ChainMember.objects.filter(chain=chain, org_id=OuterRef("pk"))))
    if dimension == "sub_industry":
        from smedt.dicts.models import DictItem

        label = (
            DictItem.objects.filter(dict_type__code="pilot_sub_industry", value=key)
            .values_list("label", flat=True)
            .first()
        )
        if not key or label is None:
            raise _bad("key", "试点细分行业不存在")
        # the indexed link kept from the profile's JSON list (enterprises.EnterpriseSubIndustry)
        return label, orgs.filter(Exists(EnterpriseSubIndustry.objects.filter(value=key, org_id=OuterRef("pk"))))
    if dimension == "industry_code":
        code = key.upper()
        if (
            not (1 <= len(code) <= 5)
            or not code[0].isascii()
            or not code[0].isalpha()
            or not (code[1:].isdigit() or len(code) == 1)
        ):
            raise _bad("key", "国民经济行业代码应为门类字母加 0–4 位数字，如 C34")
        members = EnterpriseProfile.objects.filter(org_id=OuterRef("pk"), industry_code__startswith=code)
        return f"国民经济行业 {code}", orgs.filter(Exists(members))
    raise _bad("dimension", "画像维度应为 chain、sub_industry 或 industry_code")


def _scope_key(user: Any) -> tuple[Any, ...]:
    grant = user_grants(user).grant("industry.view_monitoring")
    chain_grant = user_grants(user).grant("industry.view_chain")
    return (
        grant.is_global,
        tuple(sorted(grant.region_paths)),
        tuple(sorted(grant.org_ids)),
        chain_grant.is_global,
        tuple(sorted(chain_grant.region_paths)),
    )


def industry_profile(*, user: Any, dimension: str, key: str) -> dict[str, Any]:
    name, orgs = profile_group(user=user, dimension=dimension, key=key)
    cache_key = (_scope_key(user), dimension, key.strip().upper(), timezone.localdate().isoformat())

    def compute() -> dict[str, Any]:
        definition = _definition()
        codes = _growth_periods()
        numbers = _numbers_from_cells(user, dimension, key, definition, codes)
        if numbers is None:
            numbers = _numbers_live(orgs, definition, codes)
        return _profile_body(numbers, definition, codes)

    body = cached_aggregate(PROFILE_NAMESPACE, cache_key, compute, max_seconds=PROFILE_CACHE_SECONDS)
    return {"dimension": dimension, "dimension_label": DIMENSIONS[dimension], "key": key, "name": name, **body}


def _growth_periods() -> list[config.Period]:
    return config.periods_back(config.period_current_due(timezone.localdate()), TREND_PERIODS)


SUM = DecimalField(max_digits=18, decimal_places=2)


class Numbers:
    """The additive figures of a group of enterprises, from which the profile is built: the same whether they
    were counted live or added up from the background cells of the counties the reader sees."""

    def __init__(self) -> None:
        self.enterprises = 0
        self.above_scale = 0
        self.levels: dict[int, list[Any]] = {}  # level → [count, sum of total scores]
        self.dims: dict[str, list[Any]] = {}  # dimension id → [scored entries, sum of scores]
        self.scenes: dict[str, list[int]] = {}  # scene id → [rated entries, sum of levels, rated ≤ 1]
        self.tiers: dict[str, int] = {}
        self.growth: dict[tuple[str, str], list[Any]] = {}  # (indicator, period) → [sum, reports]
        self.top: list[tuple[Decimal, int, int]] = []  # (total score, org id, level), best first


def _dim_expr(dim_id: str) -> Cast:
    return Cast(KeyTextTransform(dim_id, "dimension_scores"), DecimalField(max_digits=7, decimal_places=2))


def _scene_exprs(scenes: list[Any]) -> dict[str, Any]:
    return {
        f"sv{i}": Coalesce(
            Cast(KeyTextTransform(s.id, "onsite_rating__scenarios"), IntegerField()),
            Cast(KeyTextTransform(s.id, "assessment__scenarios"), IntegerField()),
        )
        for i, s in enumerate(scenes)
    }


def _entry_aggregates(dims: list[Any], scenes: list[Any]) -> dict[str, Any]:
    aggregates: dict[str, Any] = {}
    for i, d in enumerate(dims):
        aggregates[f"dn{i}"] = Count(_dim_expr(d.id))
        aggregates[f"ds{i}"] = Sum(_dim_expr(d.id), output_field=SUM)
    for i in range(len(scenes)):
        aggregates[f"sn{i}"] = Count(f"sv{i}")
        aggregates[f"ss{i}"] = Sum(f"sv{i}")
        aggregates[f"sw{i}"] = Count("pk", filter=Q(**{f"sv{i}__lte": 1}))
    return aggregates


def _add_entry_row(numbers: Numbers, row: dict[str, Any], dims: list[Any], scenes: list[Any]) -> None:
    for i, d in enumerate(dims):
        if row[f"dn{i}"]:
            acc = numbers.dims.setdefault(d.id, [0, Decimal(0)])
            acc[0] += row[f"dn{i}"]
            acc[1] += Decimal(row[f"ds{i}"])
    for i, sc in enumerate(scenes):
        if row[f"sn{i}"]:
            acc2 = numbers.scenes.setdefault(sc.id, [0, 0, 0])
            acc2[0] += row[f"sn{i}"]
            acc2[1] += int(row[f"ss{i}"])
            acc2[2] += row[f"sw{i}"]


def _numbers_live(orgs: QuerySet[Organization], definition: Any | None, periods: list[config.Period]) -> Numbers:
    """One SQL aggregate per widget over the group's enterprises inside the reader's scope."""
    from smedt.assessment.models import AnalysisEntry
    from smedt.cultivation.models import LibraryEntry, LibraryStatus

    numbers = Numbers()
    ids = orgs.values("pk")
    overview = orgs.aggregate(
        enterprises=Count("pk"), above_scale=Count("pk", filter=Q(enterprise_profile__above_scale=True))
    )
    numbers.enterprises, numbers.above_scale = overview["enterprises"], overview["above_scale"]
    entries = AnalysisEntry.objects.filter(org_id__in=ids).order_by()
    for r in entries.values("level").annotate(n=Count("pk"), total=Sum("total_score", output_field=SUM)):
        numbers.levels[r["level"]] = [r["n"], r["total"] or Decimal(0)]
    dims = list(definition.dimensions) if definition else []
    scenes = list(definition.scenarios) if definition else []
    aggregates = _entry_aggregates(dims, scenes)
    if aggregates:
        scene_levels = _scene_exprs(scenes)
        row = (entries.annotate(**scene_levels) if scene_levels else entries).aggregate(**aggregates)
        _add_entry_row(numbers, row, dims, scenes)
    numbers.tiers = dict(
        LibraryEntry.objects.filter(org_id__in=ids, status=LibraryStatus.ACTIVE)
        .order_by()
        .values("tier")
        .annotate(n=Count("pk"))
        .values_list("tier", "n")
    )
    for ind, per, total, n in (
        ReportValue.objects.filter(
            report__org_id__in=ids,
            report__status=ReportStatus.CONFIRMED,
            report__period__in=[p.code for p in periods],
            indicator__in=GROWTH_INDICATORS,
        )
        .order_by()
        .values("indicator", "report__period")
        .annotate(total=Sum("value", output_field=SUM), n=Count("pk"))
        .values_list("indicator", "report__period", "total", "n")
    ):
        numbers.growth[(ind, per)] = [total, n]
    numbers.top = [
        (total, org_id, level)
        for org_id, total, level in entries.order_by("-total_score", "org_id").values_list(
            "org_id", "total_score", "level"
        )[:TOP_N]
    ]
    return numbers


def _profile_body(numbers: Numbers, definition: Any | None, periods: list[config.Period]) -> dict[str, Any]:
    from smedt.assessment.models import AnalysisEntry

    codes = [p.code for p in periods]
    assessed = sum(n for n, _ in numbers.levels.values())
    score_sum = sum((total for _, total in numbers.levels.values()), Decimal(0))
    rules = {0} | {r.level for r in definition.level_rules} if definition else set()
    levels = [
        {
            "level": lv,
            "name": _level_name(definition, lv),
            "count": numbers.levels[lv][0] if lv in numbers.levels else 0,
            "share": _q2(Decimal(numbers.levels[lv][0]) * 100 / assessed)
            if lv in numbers.levels and assessed
            else "0.00",
        }
        for lv in sorted(set(numbers.levels) | rules)
    ]
    dims = list(definition.dimensions) if definition else []
    scenes = list(definition.scenarios) if definition else []

    def mean(acc: list[Any] | None) -> Decimal | None:
        return Decimal(acc[1]) / acc[0] if acc and acc[0] else None

    dimensions = [
        {
            "id": d.id,
            "name": d.name,
            "max_score": _q2(d.max_score),
            "average": _q2(mean(numbers.dims.get(d.id))),
            "ratio": _q2(_ratio(mean(numbers.dims.get(d.id)), d.max_score)),
        }
        for d in dims
    ]
    scene_rows = [
        {
            "id": s.id,
            "name": s.name,
            "group_name": s.group_name,
            "average_level": _q2(Decimal(numbers.scenes[s.id][1]) / numbers.scenes[s.id][0]),
            "low_count": numbers.scenes[s.id][2],
        }
        for s in scenes
        if s.id in numbers.scenes
    ]
    scene_rows.sort(key=lambda r: (Decimal(r["average_level"]), -r["low_count"], r["id"]))
    tiers, labels = _tier_labels()
    known = config.indicator_map()
    growth = []
    for code in GROWTH_INDICATORS:
        if code not in known:
            continue
        totals = [numbers.growth[(code, c)][0] if (code, c) in numbers.growth else None for c in codes]
        rates: list[str | None] = [None]
        for prev, cur in pairwise(totals):
            rates.append(_q2((cur - prev) * 100 / abs(prev)) if prev not in (None, 0) and cur is not None else None)
        growth.append(
            {
                "indicator": code,
                "name": known[code].name,
                "unit": known[code].unit,
                "totals": [_q2(t) for t in totals],
                "reporting": [numbers.growth[(code, c)][1] if (code, c) in numbers.growth else 0 for c in codes],
                "growth_pct": rates,
            }
        )
    names = {
        e.org_id: e
        for e in AnalysisEntry.objects.filter(org_id__in=[org_id for _, org_id, _ in numbers.top])
        .select_related("org", "region")
        .only("org", "org__name", "region", "region__name")
    }
    return {
        "enterprises": numbers.enterprises,
        "above_scale": numbers.above_scale,
        "assessed": assessed,
        "average_score": _q2(score_sum / assessed) if assessed else None,
        "levels": levels,
        "dimensions": dimensions,
        "weak_scenes": scene_rows[:WEAK_SCENES],
        "tiers": [{"tier": t, "label": labels[t], "count": numbers.tiers.get(t, 0)} for t in tiers],
        "tiered": sum(numbers.tiers.get(t, 0) for t in tiers),
        "periods": codes,
        "period_labels": [p.label for p in periods],
        "growth": growth,
        "top": [
            {
                "org_id": org_id,
                "org_name": names[org_id].org.name if org_id in names else "",
                "region_name": names[org_id].region.name if org_id in names else "",
                "total_score": _q2(total),
                "level": level,
                "level_name": _level_name(definition, level),
            }
            for total, org_id, level in numbers.top
        ],
        "generated_at": timezone.now(),
    }


# --- background cells (insights.summary) -------------------------------------------------------------------

SUMMARY_WIDGET = "ind_profile"
# bump when the cells' layout changes: older cells are then ignored until the next refresh
SUMMARY_LAYOUT = 1
MAX_LEVEL = 15  # levels are enumerated when reading; a level above it sends every reader live
CODE_PREFIXES = (1, 2, 3)  # 国民经济行业 门类, 门类 + 1 digit, 大类 are kept; a longer prefix is computed live
KEY_MAX = 64


def _summary_params(definition: Any | None, periods: list[config.Period], *, overflow: bool = False) -> dict[str, Any]:
    params: dict[str, Any] = {
        "layout": SUMMARY_LAYOUT,
        "set": f"{definition.code}@{definition.version}" if definition is not None else None,
        "periods": [p.code for p in periods],
    }
    if overflow:
        params["overflow"] = True
    return params


def _cell_group(dimension: str, key: str) -> str | None:
    key = (key or "").strip()
    if dimension == "chain":
        return f"c{int(key)}"
    if dimension == "sub_industry":
        return f"s{key}"
    code = key.upper()
    return f"i{code}" if len(code) in CODE_PREFIXES else None


def _group_keys(group: str, definition: Any | None, periods: list[config.Period]) -> list[str]:
    keys = [f"{group}|n"]
    keys += [f"{group}|lv|{lv}" for lv in range(MAX_LEVEL + 1)]
    if definition is not None:
        keys += [f"{group}|dm|{d.id}" for d in definition.dimensions]
        keys += [f"{group}|sc|{s.id}" for s in definition.scenarios]
    keys += [f"{group}|tr|{t}" for t in _tier_labels()[0]]
    keys += [f"{group}|gr|{ind}|{p.code}" for ind in GROWTH_INDICATORS for p in periods]
    keys += [f"{group}|tp|{rank}" for rank in range(TOP_N)]
    return keys


def _numbers_from_cells(
    user: Any, dimension: str, key: str, definition: Any | None, periods: list[config.Period]
) -> Numbers | None:
    """The group's figures added up from the cells of the reader's counties, or None (stale cells, another
    indicator set or period, an org-scoped reader, a code prefix the cells do not keep): then live."""
    from smedt.insights import summary

    group = _cell_group(dimension, key)
    if group is None:
        return None
    keys = _group_keys(group, definition, periods)
    if max(len(k) for k in keys) > KEY_MAX:
        return None
    rows = summary.read(
        SUMMARY_WIDGET,
        user=user,
        code="industry.view_monitoring",
        params=_summary_params(definition, periods),
        keys=keys,
    )
    if rows is None:
        return None
    numbers = Numbers()
    top: list[tuple[Decimal, int, int]] = []
    for cell_key, count, value, peak in rows:
        kind, *rest = cell_key[len(group) + 1 :].split("|")
        if kind == "n":
            numbers.enterprises += count
            numbers.above_scale += value
        elif kind == "lv":
            acc = numbers.levels.setdefault(int(rest[0]), [0, Decimal(0)])
            acc[0] += count
            acc[1] += _from_cents(value)
        elif kind == "dm":
            acc = numbers.dims.setdefault(rest[0], [0, Decimal(0)])
            acc[0] += count
            acc[1] += _from_cents(value)
        elif kind == "sc":
            acc2 = numbers.scenes.setdefault(rest[0], [0, 0, 0])
            acc2[0] += count
            acc2[1] += value
            acc2[2] += peak
        elif kind == "tr":
            numbers.tiers[rest[0]] = numbers.tiers.get(rest[0], 0) + count
        elif kind == "gr":
            acc = numbers.growth.setdefault((rest[0], rest[1]), [Decimal(0), 0])
            acc[0] += _from_cents(value)
            acc[1] += count
        elif kind == "tp":
            top.append((_from_cents(value), count, peak))
    # every county keeps its own best TOP_N: the group's best TOP_N are among them
    numbers.top = sorted(top, key=lambda t: (-t[0], t[1]))[:TOP_N]
    return numbers


def _cents(value: Any) -> int:
    return int((Decimal(value) * 100).to_integral_value())


def _from_cents(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(CENT)


def _cell_specs() -> list[tuple[str, Any, Any]]:
    """(group prefix, the group value of a row reached through ``path`` to its enterprise, extra filter)."""
    from django.db.models import F
    from django.db.models.functions import Substr

    specs: list[tuple[str, Any, Any]] = [
        ("c", lambda path: F(f"{path}industry_memberships__chain_id"), lambda path: Q()),
        ("s", lambda path: F(f"{path}sub_industry_links__value"), lambda path: Q()),
    ]
    for k in CODE_PREFIXES:
        specs.append(
            (
                "i",
                lambda path, k=k: Substr(f"{path}enterprise_profile__industry_code", 1, k),
                lambda path, k=k: Q(glen__gte=k),
            )
        )
    return specs


def summary_cells() -> tuple[dict[str, Any], list[Any]]:
    """Every enterprise's figures counted into per-county cells for each chain, 细分行业 and 国民经济行业 prefix
    (run by the insights summary refresh, in the background). Keys ``<group>|<kind>|…`` with ``<group>`` =
    ``c<chain id>``, ``s<细分行业>``, ``i<code prefix>``: ``n`` enterprises / 规上; ``lv|<level>`` entries /
    total scores in hundredths; ``dm|<dimension>`` scored entries / scores in hundredths; ``sc|<scene>`` rated
    entries / sum of levels / rated ≤ 1; ``tr|<tier>`` enterprises; ``gr|<indicator>|<period>`` reports / sum
    in hundredths; ``tp|<rank>`` the county's best by total score: org id / score in hundredths / level."""
    from django.db.models import F, Window
    from django.db.models.functions import Length, RowNumber

    from smedt.assessment.models import AnalysisEntry
    from smedt.cultivation.models import LibraryEntry, LibraryStatus
    from smedt.insights.models import SummaryCell

    definition = _definition()
    periods = _growth_periods()
    codes = [p.code for p in periods]
    dims = list(definition.dimensions) if definition else []
    scenes = list(definition.scenarios) if definition else []
    cells: list[SummaryCell] = []
    overflow = False

    def cell(group: Any, region_id: int, rest: str, count: int, value: int = 0, peak: int = 0) -> None:
        nonlocal overflow
        key = f"{group}|{rest}"
        if len(key) > KEY_MAX:
            overflow = True
            return
        cells.append(
            SummaryCell(widget=SUMMARY_WIDGET, region_id=region_id, key=key, count=count, value=value, peak=peak)
        )

    for spec in _cell_specs():
        prefix = spec[0]

        def grouped(qs: QuerySet[Any], path: str, region: str, spec: tuple[str, Any, Any] = spec) -> QuerySet[Any]:
            qs = qs.order_by().annotate(g=spec[1](path))
            if spec[0] == "i":
                qs = qs.annotate(glen=Length(f"{path}enterprise_profile__industry_code"))
            out: QuerySet[Any] = qs.filter(spec[2](path), g__isnull=False).annotate(r=F(region))
            return out

        orgs = grouped(Organization.objects.filter(kind=OrgKind.ENTERPRISE), "", "region_id")
        for r in orgs.values("g", "r").annotate(
            n=Count("pk"), above=Count("pk", filter=Q(enterprise_profile__above_scale=True))
        ):
            cell(f"{prefix}{r['g']}", r["r"], "n", r["n"], r["above"])
        entries = grouped(AnalysisEntry.objects.filter(org__kind=OrgKind.ENTERPRISE), "org__", "org__region_id")
        for r in entries.values("g", "r", "level").annotate(n=Count("pk"), total=Sum("total_score", output_field=SUM)):
            cell(f"{prefix}{r['g']}", r["r"], f"lv|{r['level']}", r["n"], _cents(r["total"] or 0))
            overflow = overflow or r["level"] > MAX_LEVEL
        aggregates = _entry_aggregates(dims, scenes)
        if aggregates:
            scene_levels = _scene_exprs(scenes)
            for r in (
                (entries.annotate(**scene_levels) if scene_levels else entries).values("g", "r").annotate(**aggregates)
            ):
                numbers = Numbers()
                _add_entry_row(numbers, r, dims, scenes)
                for dim_id, (n, total) in numbers.dims.items():
                    cell(f"{prefix}{r['g']}", r["r"], f"dm|{dim_id}", n, _cents(total))
                for scene_id, (n, total_levels, low) in numbers.scenes.items():
                    cell(f"{prefix}{r['g']}", r["r"], f"sc|{scene_id}", n, total_levels, low)
        ranked = entries.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("g"), F("r")],
                order_by=[F("total_score").desc(), F("org_id").asc()],
            )
        ).filter(rank__lte=TOP_N)
        for r in ranked.values("g", "r", "rank", "org_id", "total_score", "level"):
            cell(f"{prefix}{r['g']}", r["r"], f"tp|{r['rank'] - 1}", r["org_id"], _cents(r["total_score"]), r["level"])
        tiers = grouped(
            LibraryEntry.objects.filter(status=LibraryStatus.ACTIVE, org__kind=OrgKind.ENTERPRISE),
            "org__",
            "org__region_id",
        )
        for r in tiers.values("g", "r", "tier").annotate(n=Count("pk")):
            cell(f"{prefix}{r['g']}", r["r"], f"tr|{r['tier']}", r["n"])
        values = grouped(
            ReportValue.objects.filter(
                report__status=ReportStatus.CONFIRMED,
                report__period__in=codes,
                indicator__in=GROWTH_INDICATORS,
                report__org__kind=OrgKind.ENTERPRISE,
            ),
            "report__org__",
            "report__org__region_id",
        )
        for r in values.values("g", "r", "indicator", "report__period").annotate(
            total=Sum("value", output_field=SUM), n=Count("pk")
        ):
            cell(f"{prefix}{r['g']}", r["r"], f"gr|{r['indicator']}|{r['report__period']}", r["n"], _cents(r["total"]))
    return _summary_params(definition, periods, overflow=overflow), cells
