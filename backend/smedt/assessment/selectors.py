"""Reads: indicator sets (public reference data), and self-assessments / on-site ratings from the user's scope."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.db import DatabaseError
from django.db.models import Avg, Count, Q, QuerySet

from smedt.assessment.definition import Definition, Question, compile_definition, fmt, load_bytes, packaged_path
from smedt.assessment.errors import AssessmentErrorCode
from smedt.assessment.models import (
    AnalysisEntry,
    Assessment,
    AssessmentStatus,
    ExpertAssignment,
    IndicatorSet,
    IndicatorSetStatus,
    OnsiteRating,
    ResultSource,
    SizeBand,
)
from smedt.assessment.scoring import AnswersInvalid, answer_progress, figure_findings, parse_answers
from smedt.core.errors import NotFound, ValidationFailed
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.orgs.selectors import org_name_q

Source = Literal["auto", "db", "file"]
_compiled: dict[str, Definition] = {}  # source digest → compiled definition (content never changes)
_CACHE_SIZE = 32


def _remember(digest: str, definition: Definition) -> Definition:
    if len(_compiled) >= _CACHE_SIZE:
        _compiled.clear()
    _compiled[digest] = definition
    return definition


def indicator_set_get(*, code: str, version: str | None = None) -> IndicatorSet:
    """A version by code — the active one when ``version`` is not given."""
    qs = IndicatorSet.objects.filter(code=code)
    qs = qs.filter(version=version) if version else qs.filter(status=IndicatorSetStatus.ACTIVE)
    found = qs.first()
    if found is None:
        what = f"指标体系“{code}”" + (f"的版本“{version}”" if version else "（启用中的版本）")
        raise NotFound(f"{what}不存在", code=AssessmentErrorCode.INDICATOR_SET_NOT_FOUND)
    return found


def indicator_set_definition(indicator_set: IndicatorSet) -> Definition:
    """The compiled definition of a stored version (compiled once per process)."""
    cached = _compiled.get(indicator_set.source_digest)
    if cached is not None:
        return cached
    return _remember(indicator_set.source_digest, compile_definition(indicator_set.definition))


@dataclass(frozen=True)
class ResolvedDefinition:
    """A definition and where it came from: a stored version, or the file shipped with the code."""

    definition: Definition
    source: Literal["database", "file"]
    location: str
    digest: str


def definition_resolve(*, code: str, version: str | None = None, source: Source = "auto") -> ResolvedDefinition:
    """The definition for ``code``: the stored (active or given) version, else the packaged file.

    ``source="auto"`` uses the database when it holds the code and falls back to
    ``smedt/assessment/data/<code>.yaml`` when it does not (or is not migrated yet);
    ``"db"`` and ``"file"`` use only one of them.
    """
    if source in ("auto", "db"):
        try:
            stored = IndicatorSet.objects.filter(code=code).exists()
        except DatabaseError:
            if source == "db":
                raise
            stored = False
        if stored or source == "db":
            found = indicator_set_get(code=code, version=version)
            return ResolvedDefinition(
                indicator_set_definition(found), "database", f"IndicatorSet #{found.pk}", found.source_digest
            )
    path = packaged_path(code)
    if not path.is_file():
        raise NotFound(
            f"指标体系“{code}”不存在（数据库中没有，也没有随程序提供的数据文件）",
            code=AssessmentErrorCode.INDICATOR_SET_NOT_FOUND,
        )
    raw = path.read_bytes()
    digest = sm3_hex(raw)
    definition = _compiled.get(digest) or _remember(digest, load_bytes(raw)[1])
    if version and definition.version != version:
        raise NotFound(
            f"数据文件 {path.name} 的版本是“{definition.version}”，不是“{version}”",
            code=AssessmentErrorCode.INDICATOR_SET_NOT_FOUND,
        )
    return ResolvedDefinition(definition, "file", str(path), digest)


# ---- questionnaire -----------------------------------------------------------------------------------


def questionnaire(indicator_set: IndicatorSet) -> dict[str, Any]:
    """What the questionnaire screen needs: questions with options, evidence fields, scenarios with level texts."""
    d = indicator_set_definition(indicator_set)
    return {
        "id": indicator_set.pk,
        "code": d.code,
        "version": d.version,
        "name": d.name,
        "status": indicator_set.status,
        "total_max": fmt(d.total_max),
        "dimensions": [
            {
                "id": dim.id,
                "name": dim.name,
                "max_score": fmt(dim.max_score),
                "groups": [
                    {
                        "id": g.id,
                        "name": g.name,
                        "max_score": fmt(g.max_score),
                        "questions": [_question_out(d, q) for q in g.questions],
                    }
                    for g in dim.groups
                ],
            }
            for dim in d.dimensions
        ],
        "scenario_dimension": {
            "name": d.scenario_dimension_name,
            "types": dict(d.scenario_type_names),
            "levels": [{"level": lv, "name": d.scenario_level_names[lv]} for lv in d.scenario_levels],
            "groups": _scenario_groups(d),
        },
        "levels": [
            {
                "level": r.level,
                "name": r.name,
                "min_score": fmt(r.min_score),
                "min_score_inclusive": r.min_score_inclusive,
                "min_scenes": r.min_scenes,
                "min_constraint_scenes": r.min_constraint_scenes,
            }
            for r in d.level_rules
        ],
        "no_level_name": d.no_level_name,
    }


def _question_out(d: Definition, q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "indicator": q.indicator,
        "text": q.text,
        "type": q.type,
        "max_score": fmt(q.max_score),
        "required": q.required,
        "options": [
            {"code": o.code, "text": o.text, "score": fmt(o.score), "exclusive": o.exclusive} for o in q.options
        ],
        "evidence_caption": q.caption,
        "evidence_fields": [
            {
                "id": d.evidence_fields[f].id,
                "label": d.evidence_fields[f].label,
                "unit": d.evidence_fields[f].unit,
                "integer": d.evidence_fields[f].integer,
            }
            for f in q.fields
        ],
        "evidence_uses": list(q.uses),
    }


def _scenario_groups(d: Definition) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for s in d.scenarios:
        group = groups.setdefault(s.group_id, {"id": s.group_id, "name": s.group_name, "scenarios": []})
        group["scenarios"].append(
            {
                "id": s.id,
                "name": s.name,
                "constraint": s.constraint,
                "type_name": d.scenario_type_names["constraint" if s.constraint else "guidance"],
                "levels": [{"level": lv, "description": text} for lv, text in sorted(s.descriptions.items())],
            }
        )
    return list(groups.values())


def indicator_set_by_id(*, indicator_set_id: int) -> IndicatorSet:
    found = IndicatorSet.objects.filter(pk=indicator_set_id).first()
    if found is None:
        raise NotFound("指标体系不存在", code=AssessmentErrorCode.INDICATOR_SET_NOT_FOUND)
    return found


# ---- self-assessments ----------------------------------------------------------------------------------

LIST_ONLY = (
    "id",
    "org__id",
    "org__name",
    "region__id",
    "region__code",
    "region__name",
    "region__short_name",
    "indicator_set__id",
    "indicator_set__code",
    "indicator_set__version",
    "indicator_set__name",
)


def _questionnaire_rows(qs: QuerySet[Any]) -> QuerySet[Any]:
    """Join what a row shows without loading the indicator set's definition or the frozen result."""
    return qs.select_related("org", "region", "indicator_set").defer(
        "indicator_set__definition", "answers", "scenarios", "evidence"
    )


def assessment_list(*, user: Any, filters: Any) -> QuerySet[Assessment]:
    qs = _questionnaire_rows(Assessment.objects.visible_to(user, "view"))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.org_id:
        qs = qs.filter(org_id=filters.org_id)
    if filters.region_code:
        qs = qs.filter(region__code=filters.region_code)
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    if filters.q:
        qs = qs.filter(org_name_q(filters.q, "org"))
    return qs


def assessment_get(*, user: Any, assessment_id: int, action: str = "view") -> Assessment:
    found = (
        Assessment.objects.visible_to(user, action)
        .select_related("org", "region", "indicator_set")
        .filter(pk=assessment_id)
        .first()
    )
    if found is None:
        raise NotFound("评测不存在或无权访问")
    return found


def _level_name(definition: Definition, level: int | None) -> str:
    return "" if level is None else definition.level_name(level)


def assessment_out(a: Assessment | OnsiteRating) -> dict[str, Any]:
    """List row (no definition needed: the level name comes from the frozen result when submitted)."""
    return {
        "id": a.pk,
        "org": {"id": a.org.pk, "name": a.org.name},
        "region": {"code": a.region.code, "name": a.region.display_name},
        "indicator_set": {
            "id": a.indicator_set.pk,
            "code": a.indicator_set.code,
            "version": a.indicator_set.version,
            "name": a.indicator_set.name,
        },
        "status": a.status,
        "status_label": AssessmentStatus(a.status).label,
        "progress_answered": a.progress_answered,
        "progress_total": a.progress_total,
        "industry_division": a.industry_division,
        "size_band": a.size_band or SizeBand.UNKNOWN,
        "size_band_label": SizeBand(a.size_band or SizeBand.UNKNOWN).label,
        "total_score": a.total_score,
        "level": a.level,
        "submitted_at": a.submitted_at,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
    }


def assessment_detail(a: Assessment | OnsiteRating) -> dict[str, Any]:
    """Detail: answers, progress and what is still missing (computed by the pure module)."""
    definition = indicator_set_definition(a.indicator_set)
    out = assessment_out(a)
    findings: list[dict[str, Any]] = []
    try:
        progress = answer_progress(definition, a.document())
        missing = [_missing_out(definition, ref) for ref in progress.missing]
        draft = parse_answers(definition, a.document(), complete=False)
        findings = [dataclasses.asdict(f) for f in figure_findings(definition, draft)]
    except AnswersInvalid:  # a stored draft never holds invalid items, but an old one may predate a rule
        missing = []
    out.update(
        {
            "answers": a.answers,
            "scenarios": a.scenarios,
            "evidence": a.evidence,
            "explanations": a.explanations or {},
            "findings": findings,
            "missing": missing,
            "level_name": _level_name(definition, a.level),
        }
    )
    if isinstance(a, Assessment):
        out.update({"commitment": a.commitment, "commitment_at": a.commitment_at})
    else:
        out.update(
            {
                "remarks": a.remarks,
                "attachments": list(a.attachments),
                "counts_for_acceptance": a.counts_for_acceptance,
                "assessment_id": a.assessment_id,
                "rated_by": {"id": a.rated_by.pk, "name": a.rated_by.display_name or a.rated_by.username},
            }
        )
    return out


def _missing_out(definition: Definition, ref: str) -> dict[str, str]:
    q = definition.question_by_id.get(ref)
    if q is not None:
        return {"ref": ref, "kind": "question", "message": f"{q.id} {q.indicator}：尚未作答"}
    s = definition.scenario_by_id[ref]
    return {"ref": ref, "kind": "scenario", "message": f"{s.id} {s.name}：尚未选择场景等级"}


# kept in the stored result for the record, never shown to the enterprise (administrators read it on the
# indicator-set page, in their words: ``pending_confirmation_note``)
ADMIN_ONLY_RESULT_KEYS = frozenset({"level_rules_status"})


def pending_confirmation_note(indicator_set: IndicatorSet) -> str:
    """What an administrator is told when a version's level rules still await the official document."""
    d = indicator_set_definition(indicator_set)
    if not d.level_rules_status or d.level_rules_status.upper() in ("VERIFIED", "CONFIRMED", "OFFICIAL"):
        return ""
    return (
        "等级判定规则（总分门槛与场景数量门槛）尚未与官方文件核对确认，当前为可配置的默认值；"
        "核对后请修改数据文件、提高版本号并导入新版本（已完成的评测保留原版本）。"
    )


def assessment_result(a: Assessment | OnsiteRating) -> dict[str, Any]:
    """The frozen result with its trace and the distance to the next level (404 before submission)."""
    if a.status != AssessmentStatus.SUBMITTED or a.result is None:
        raise NotFound("评测尚未提交，暂无结果", code="assessment.result_not_ready")
    shown = {k: v for k, v in a.result.items() if k not in ADMIN_ONLY_RESULT_KEYS}
    return {"id": a.pk, "org": {"id": a.org.pk, "name": a.org.name}, "submitted_at": a.submitted_at, **shown}


def assessment_history(*, user: Any, org_id: int, page: int, page_size: int) -> dict[str, Any]:
    """Submitted self-assessments and on-site ratings of one organization, newest first, one page.

    Four queries whatever the page: a count and the first ``page * page_size`` rows of each kind
    (merged by submission time), so deep pages cost more rows but never more queries.
    """
    selfs = _questionnaire_rows(Assessment.objects.visible_to(user, "view")).filter(
        org_id=org_id, status=AssessmentStatus.SUBMITTED
    )
    onsite = _questionnaire_rows(OnsiteRating.objects.visible_to(user, "view")).filter(
        org_id=org_id, status=AssessmentStatus.SUBMITTED
    )
    upto = page * page_size
    rows = [{**assessment_out(a), "source": ResultSource.SELF} for a in selfs.order_by("-submitted_at", "-pk")[:upto]]
    rows += [
        {**assessment_out(r), "source": ResultSource.ONSITE} for r in onsite.order_by("-submitted_at", "-pk")[:upto]
    ]
    rows.sort(key=lambda r: r["submitted_at"], reverse=True)
    return {
        "items": rows[upto - page_size : upto],
        "total": selfs.count() + onsite.count(),
        "page": page,
        "page_size": page_size,
    }


def assessment_compare(a: Assessment, b: Assessment) -> dict[str, Any]:
    """Delta per indicator and per dimension, ``b`` minus ``a`` (both submitted, same indicator-set code)."""
    for x in (a, b):
        if x.result is None:
            raise ValidationFailed(
                code="assessment.result_not_ready",
                message=f"评测 #{x.pk} 尚未提交，不能对比",
                details={"fields": {"b" if x is b else "a": "未提交"}},
            )
    if a.indicator_set.code != b.indicator_set.code:
        raise ValidationFailed(
            code=AssessmentErrorCode.DIFFERENT_INDICATOR_SETS,
            message="两次评测使用的指标体系不同，不能逐项对比",
            details={"fields": {"b": "指标体系不同"}},
        )
    assert a.result is not None and b.result is not None

    def flat(result: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        dims = {d["id"]: d for d in result["dimensions"]}
        inds = {i["id"]: i for d in result["dimensions"] for g in d["groups"] for i in g["indicators"]}
        return dims, inds

    dims_a, inds_a = flat(a.result)
    dims_b, inds_b = flat(b.result)

    def delta(x: dict[str, Any] | None, y: dict[str, Any] | None) -> dict[str, Any]:
        sx = Decimal(x["score"]) if x else None
        sy = Decimal(y["score"]) if y else None
        diff = None if sx is None or sy is None else sy - sx
        return {
            "a": fmt(sx) if sx is not None else None,
            "b": fmt(sy) if sy is not None else None,
            "delta": fmt(diff) if diff is not None else None,
        }

    dimensions = [
        {"id": k, "name": (dims_b.get(k) or dims_a[k])["name"], **delta(dims_a.get(k), dims_b.get(k))}
        for k in dict.fromkeys([*dims_a, *dims_b])
    ]
    indicators = [
        {"id": k, "indicator": (inds_b.get(k) or inds_a[k])["indicator"], **delta(inds_a.get(k), inds_b.get(k))}
        for k in dict.fromkeys([*inds_a, *inds_b])
    ]
    total = delta({"score": a.result["total"]}, {"score": b.result["total"]})
    return {
        "a": {"id": a.pk, "submitted_at": a.submitted_at, "level": a.level, "level_name": a.result["level_name"]},
        "b": {"id": b.pk, "submitted_at": b.submitted_at, "level": b.level, "level_name": b.result["level_name"]},
        "total": total,
        "level_delta": (b.level or 0) - (a.level or 0),
        "dimensions": dimensions,
        "indicators": indicators,
    }


# ---- peers --------------------------------------------------------------------------------------------

MIN_PEERS = 3


def assessment_peers(a: Assessment) -> dict[str, Any]:
    """Where the total stands among other enterprises' current results (anonymised, one query).

    Peers are the other organizations' entries in the analysis (latest per org, on-site rating
    first) on the same indicator-set code, grouped three ways: same 行业大类, same county,
    same size band. ``percentile`` is the share of peers scoring strictly lower plus half of
    those scoring the same; it is withheld below ``MIN_PEERS`` peers so no one can be singled out.
    """
    if a.result is None or a.total_score is None:
        raise NotFound("评测尚未提交，暂无结果", code="assessment.result_not_ready")
    total = a.total_score
    peers = AnalysisEntry.objects.filter(indicator_set__code=a.indicator_set.code).exclude(org_id=a.org_id)
    size = a.size_band or SizeBand.UNKNOWN
    groups = {
        "industry_division": Q(industry_division=a.industry_division) if a.industry_division else Q(pk__in=[]),
        "county": Q(region_id=a.region_id),
        "size_band": Q(size_band=size),
    }
    aggregates: dict[str, Any] = {}
    for key, q in groups.items():
        aggregates[f"{key}_n"] = Count("pk", filter=q)
        aggregates[f"{key}_lower"] = Count("pk", filter=q & Q(total_score__lt=total))
        aggregates[f"{key}_same"] = Count("pk", filter=q & Q(total_score=total))
        aggregates[f"{key}_avg"] = Avg("total_score", filter=q)
    row = peers.aggregate(**aggregates)
    labels = {
        "industry_division": f"同行业（大类 {a.industry_division or '未知'}）",
        "county": f"同县区（{a.region.display_name}）",
        "size_band": f"同规模（{SizeBand(size).label}）",
    }
    out = []
    for key in groups:
        n = row[f"{key}_n"]
        enough = n >= MIN_PEERS
        percentile = None
        if enough:
            share = (Decimal(row[f"{key}_lower"]) + Decimal(row[f"{key}_same"]) / 2) / Decimal(n) * 100
            percentile = share.quantize(Decimal("0.1"))
        average = row[f"{key}_avg"]
        out.append(
            {
                "group": key,
                "label": labels[key],
                "peers": n,
                "percentile": percentile,
                "average_total": Decimal(average).quantize(Decimal("0.01")) if enough and average is not None else None,
                "note": "" if enough else f"同类企业不足 {MIN_PEERS} 家，不显示排名",
            }
        )
    return {"id": a.pk, "total_score": total, "groups": out}


# ---- on-site ratings and expert assignments --------------------------------------------------------------


def onsite_rating_list(*, user: Any, filters: Any) -> QuerySet[OnsiteRating]:
    qs = _questionnaire_rows(OnsiteRating.objects.visible_to(user, "view")).select_related("rated_by")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.org_id:
        qs = qs.filter(org_id=filters.org_id)
    if filters.region_code:
        qs = qs.filter(region__code=filters.region_code)
    if filters.q:
        qs = qs.filter(org_name_q(filters.q, "org"))
    return qs


def onsite_rating_get(*, user: Any, rating_id: int, action: str = "view") -> OnsiteRating:
    found = (
        OnsiteRating.objects.visible_to(user, action)
        .select_related("org__region", "region", "indicator_set", "rated_by")
        .filter(pk=rating_id)
        .first()
    )
    if found is None:
        raise NotFound("现场评定不存在或无权访问")
    return found


def onsite_rating_out(r: OnsiteRating) -> dict[str, Any]:
    return {
        **assessment_out(r),
        "rated_by": {"id": r.rated_by.pk, "name": r.rated_by.display_name or r.rated_by.username},
        "counts_for_acceptance": r.counts_for_acceptance,
        "assessment_id": r.assessment_id,
    }


def expert_assignment_list(*, user: Any, filters: Any) -> QuerySet[ExpertAssignment]:
    qs = ExpertAssignment.objects.visible_to(user, "view").select_related("expert", "org", "region", "assigned_by")
    if filters.org_id:
        qs = qs.filter(org_id=filters.org_id)
    if filters.expert_id:
        qs = qs.filter(expert_id=filters.expert_id)
    if filters.region_code:
        qs = qs.filter(region__code=filters.region_code)
    return qs


def expert_assignment_get(*, user: Any, assignment_id: int) -> ExpertAssignment:
    found = ExpertAssignment.objects.visible_to(user, "manage").filter(pk=assignment_id).first()
    if found is None:
        raise NotFound("专家指派不存在或无权访问")
    return found


def expert_assignment_out(a: ExpertAssignment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "expert": {"id": a.expert.pk, "name": a.expert.display_name or a.expert.username},
        "org": {"id": a.org.pk, "name": a.org.name},
        "region": {"code": a.region.code, "name": a.region.display_name},
        "assigned_by": {"id": a.assigned_by.pk, "name": a.assigned_by.display_name or a.assigned_by.username},
        "note": a.note,
        "created_at": a.created_at,
    }
