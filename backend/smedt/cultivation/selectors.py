"""Reads of the cultivation app, each starting from the user's scope."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from smedt.core.errors import NotFound, ValidationFailed
from smedt.cultivation.criteria import TIER_LABELS, TIER_RANK, TIERS
from smedt.cultivation.errors import CultivationErrorCode
from smedt.cultivation.evaluation import INPUTS, PRODUCT_FIELDS, QUALITY_ITEMS, RD_INSTITUTION_LEVELS
from smedt.cultivation.models import (
    CriteriaSet,
    CultivationAction,
    LibraryEntry,
    LibraryStatus,
    Recognition,
    ReReview,
    SelfAssessment,
    TierStanding,
)
from smedt.cultivation.services.criteria import criteria_compiled, overrides_of
from smedt.cultivation.services.self_assessment import SOURCE_LABELS
from smedt.orgs.selectors import org_search_q


def _sub_labels() -> dict[str, str]:
    from smedt.enterprises.services.common import dict_values

    return dict_values("pilot_sub_industry")


# --- criteria ----------------------------------------------------------------------------------------------


def criteria_list() -> list[CriteriaSet]:
    return list(CriteriaSet.objects.order_by("-effective_from"))


def criteria_out(cs: CriteriaSet, *, with_parameters: bool = False) -> dict[str, Any]:
    today = timezone.localdate()
    current = CriteriaSet.objects.filter(effective_from__lte=today).order_by("-effective_from").first()
    out: dict[str, Any] = {
        "version": cs.version,
        "name": cs.name,
        "document_no": cs.document_no,
        "effective_from": cs.effective_from,
        "in_force": current is not None and current.pk == cs.pk,
        "tiers": [{"tier": t, "name": cs.definition["tiers"][t]["name"]} for t in TIERS],
    }
    if with_parameters:
        overrides = overrides_of(cs)
        out["parameters"] = [
            {
                "key": key,
                "label": spec["label"],
                "kind": spec["kind"],
                "choices": spec.get("choices") or {},
                "default": spec["default"],
                "value": overrides.get(key, spec["default"]),
                "customized": key in overrides,
            }
            for key, spec in cs.definition.get("parameters", {}).items()
        ]
    return out


def form_definition(cs: CriteriaSet) -> dict[str, Any]:
    """The self-assessment form: every input with its label, kind and unit; the 特色化 questions."""
    compiled = criteria_compiled(cs)
    tese = []
    pts = compiled.criteria.tiers["specialized"].points
    if pts is not None:
        for cat in pts.categories:
            for ind in cat.indicators:
                if ind.choice_options:
                    tese.append(
                        {
                            "id": ind.id,
                            "name": ind.name,
                            "options": [{"code": c, "text": t, "score": str(s)} for c, t, s in ind.choice_options],
                        }
                    )
    choices: dict[str, list[dict[str, Any]]] = {
        "quality_items": [{"value": k, "label": v} for k, v in QUALITY_ITEMS.items()],
        "rd_institution_level": [{"value": k, "label": v} for k, v in RD_INSTITUTION_LEVELS.items()],
        "product_field": [{"value": k, "label": v} for k, v in PRODUCT_FIELDS.items()],
        "digital_level": [{"value": k, "label": "未评定" if k == 0 else f"{k}级"} for k in range(0, 5)],
    }
    return {
        "criteria": criteria_out(cs),
        "inputs": [
            {
                "name": name,
                "label": spec.label,
                "kind": spec.kind,
                "unit": spec.unit,
                "group": spec.group,
                "choices": choices.get(name, []),
            }
            for name, spec in INPUTS.items()
        ],
        "tese": tese,
    }


# --- self-assessments --------------------------------------------------------------------------------------


def self_assessment_list(*, user: Any, org_id: int | None) -> QuerySet[SelfAssessment]:
    qs = SelfAssessment.objects.visible_to(user, "view").select_related("org", "criteria_set")
    if org_id is not None:
        qs = qs.filter(org_id=org_id)
    return qs


def self_assessment_get(*, user: Any, sa_id: int) -> SelfAssessment:
    sa = (
        SelfAssessment.objects.visible_to(user, "view")
        .select_related("org", "region", "criteria_set")
        .filter(pk=sa_id)
        .first()
    )
    if sa is None:
        raise NotFound("自评记录不存在或无权访问")
    return sa


def _tier_brief(t: dict[str, Any]) -> dict[str, Any]:
    return {"tier": t["tier"], "name": t["name"], "status": t["status"], "status_label": t["status_label"]}


def self_assessment_row(sa: SelfAssessment) -> dict[str, Any]:
    return {
        "id": sa.pk,
        "org_id": sa.org_id,
        "org_name": sa.org.name,
        "criteria_version": sa.criteria_set.version,
        "criteria_document_no": sa.criteria_set.document_no,
        "trigger": sa.trigger,
        "trigger_label": sa.get_trigger_display(),
        "as_of": sa.as_of,
        "created_at": sa.created_at,
        "tiers": [_tier_brief(t) for t in sa.result["tiers"]],
        "next_tier": sa.result.get("next_tier"),
    }


def value_text(name: str, value: Any) -> str:
    """An answer as a reader sees it (是/否, option labels)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if name == "quality_items":
        return "、".join(QUALITY_ITEMS.get(v, v) for v in value) or "无"
    if name == "rd_institution_level":
        return RD_INSTITUTION_LEVELS.get(int(value), str(value))
    if name == "product_field":
        return PRODUCT_FIELDS.get(int(value), str(value))
    if name == "digital_level":
        return "未评定" if int(value) == 0 else f"{value}级"
    return str(value)


def self_assessment_detail(sa: SelfAssessment) -> dict[str, Any]:
    answers = [
        {
            "name": k,
            "label": INPUTS[k].label if k in INPUTS else k,
            "unit": INPUTS[k].unit if k in INPUTS else "",
            "value": v.get("value"),
            "value_text": value_text(k, v.get("value")),
            "source": v.get("source", "self"),
            "source_label": SOURCE_LABELS.get(v.get("source", "self"), "企业填报"),
            "note": v.get("note", ""),
        }
        for k, v in sa.answers.items()
    ]
    return {
        **self_assessment_row(sa),
        "region_name": sa.region.name,
        "answers": answers,
        "raw_answers": {k: v.get("value") for k, v in sa.answers.items()},
        "tese": sa.tese,
        "result": sa.result,
        "parameter_values": sa.parameter_values,
    }


# --- library ------------------------------------------------------------------------------------------------


def library_list(*, user: Any, filters: Any, action: str = "view") -> QuerySet[LibraryEntry]:
    qs = LibraryEntry.objects.visible_to(user, action).select_related("org", "region")
    if filters.q:
        qs = qs.filter(org_search_q(filters.q, "org"))
    if filters.region_code:
        qs = qs.filter(region__code=filters.region_code)
    if filters.sub_industry:
        qs = qs.filter(sub_industry=filters.sub_industry)
    if filters.tier:
        if filters.tier not in (*TIERS, "none"):
            raise ValidationFailed(code=CultivationErrorCode.INVALID_FILTER, message="梯度筛选条件不正确")
        qs = qs.filter(tier=filters.tier)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.expiring_days is not None:
        if not 0 <= filters.expiring_days <= 3650:
            raise ValidationFailed(code=CultivationErrorCode.INVALID_FILTER, message="到期天数应在 0 至 3650 之间")
        today = timezone.localdate()
        qs = qs.filter(valid_until__gte=today, valid_until__lte=today + timedelta(days=filters.expiring_days))
    if filters.org_id:
        qs = qs.filter(org_id=filters.org_id)
    return qs


def library_row(e: LibraryEntry, sub_labels: dict[str, str]) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "id": e.pk,
        "org_id": e.org_id,
        "org_name": e.org.name,
        "credit_code": e.org.credit_code,
        "region_code": e.region.code,
        "region_name": e.region.name,
        "sub_industry": e.sub_industry,
        "sub_industry_label": sub_labels.get(e.sub_industry, e.sub_industry),
        "tier": e.tier,
        "tier_label": TIER_LABELS.get(e.tier, e.tier),
        "tier_since": e.tier_since,
        "valid_until": e.valid_until,
        "review_due": e.review_due,
        "days_left": (e.valid_until - today).days if e.valid_until else None,
        "certificate_no": e.certificate_no,
        "status": e.status,
        "status_label": e.get_status_display(),
        "removed_reason": e.removed_reason,
        "removed_at": e.removed_at,
    }


def library_rows(rows: list[LibraryEntry]) -> list[dict[str, Any]]:
    labels = _sub_labels()
    return [library_row(e, labels) for e in rows]


def library_get(*, user: Any, entry_id: int, action: str = "view") -> LibraryEntry:
    e = LibraryEntry.objects.visible_to(user, action).select_related("org", "region").filter(pk=entry_id).first()
    if e is None:
        raise NotFound("培育库记录不存在或无权访问")
    return e


def recognition_get(*, user: Any, recognition_id: int, action: str = "view") -> Recognition:
    r = Recognition.objects.visible_to(user, action).select_related("org__region").filter(pk=recognition_id).first()
    if r is None:
        raise NotFound("认定记录不存在或无权访问")
    return r


def recognition_out(r: Recognition) -> dict[str, Any]:
    return {
        "id": r.pk,
        "org_id": r.org_id,
        "tier": r.tier,
        "tier_label": r.get_tier_display(),
        "certificate_no": r.certificate_no,
        "recognized_on": r.recognized_on,
        "valid_until": r.valid_until,
        "status": r.status,
        "status_label": r.get_status_display(),
        "document_no": r.criteria_set.document_no,
        "note": r.note,
    }


def timeline(*, user: Any, entry: LibraryEntry) -> dict[str, Any]:
    """The enterprise's cultivation history: recognitions, 复核, removal, self-assessments, actions."""
    events: list[dict[str, Any]] = []
    recs = list(Recognition.objects.filter(org_id=entry.org_id).select_related("criteria_set"))
    for r in recs:
        events.append(
            {
                "date": r.recognized_on,
                "kind": "recognition",
                "title": f"认定为{r.get_tier_display()}",
                "detail": f"证书编号 {r.certificate_no}，有效期至 {r.valid_until:%Y-%m-%d}（{r.criteria_set.document_no}）",
            }
        )
    for rr in ReReview.objects.filter(recognition__org_id=entry.org_id).select_related("recognition"):
        events.append(
            {
                "date": rr.reviewed_on,
                "kind": "re_review",
                "title": f"{rr.recognition.get_tier_display()}复核{'通过' if rr.passed else '未通过'}",
                "detail": (f"有效期延至 {rr.valid_until_after:%Y-%m-%d}。" if rr.valid_until_after else "")
                + rr.opinion,
            }
        )
    if entry.removed_at:
        events.append(
            {
                "date": timezone.localtime(entry.removed_at).date(),
                "kind": "removal",
                "title": "移出培育库",
                "detail": entry.removed_reason,
            }
        )
    for sa in SelfAssessment.objects.filter(org_id=entry.org_id).select_related("criteria_set").order_by("-id")[:20]:
        passed = [t["name"] for t in sa.result["tiers"] if t["status"] == "pass"]
        events.append(
            {
                "date": sa.as_of,
                "kind": "self_assessment",
                "title": f"梯度培育自评（{sa.get_trigger_display()}）",
                "detail": ("达到：" + "、".join(passed)) if passed else "暂未达到任何梯度",
            }
        )
    actions = CultivationAction.objects.visible_to(user, "view").filter(org_id=entry.org_id)[:100]
    for a in actions:
        events.append(
            {
                "date": a.happened_on,
                "kind": f"action_{a.kind}",
                "title": f"{a.get_kind_display()}：{a.title}",
                "detail": f"{a.content}（{a.created_by_name}）" if a.content else a.created_by_name,
            }
        )
    events.sort(key=lambda e: e["date"], reverse=True)
    return {
        "entry": library_rows([entry])[0],
        "recognitions": [recognition_out(r) for r in recs],
        "events": events,
    }


def action_list(*, user: Any, org_id: int | None) -> QuerySet[CultivationAction]:
    qs = CultivationAction.objects.visible_to(user, "view").select_related("org")
    if org_id is not None:
        qs = qs.filter(org_id=org_id)
    return qs


def action_out(a: CultivationAction) -> dict[str, Any]:
    return {
        "id": a.pk,
        "org_id": a.org_id,
        "org_name": a.org.name,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "title": a.title,
        "content": a.content,
        "happened_on": a.happened_on,
        "created_by_name": a.created_by_name,
    }


# --- statistics and the pipeline ----------------------------------------------------------------------------


def _county_of(region_path: str, counties: dict[str, Any]) -> Any:
    for path, region in counties.items():
        if region_path.startswith(path):
            return region
    return None


def tier_statistics(*, user: Any) -> dict[str, Any]:
    """Enterprises per tier by county and by 细分行业 (active library rows; one grouped query each)."""
    qs = LibraryEntry.objects.visible_to(user, "view").filter(status=LibraryStatus.ACTIVE)
    labels = _sub_labels()
    by_region: dict[tuple[str, str], dict[str, int]] = {}
    for row in qs.values("region__code", "region__name", "tier").annotate(n=Count("id")):
        key = (row["region__code"], row["region__name"])
        by_region.setdefault(key, {t: 0 for t in ("none", *TIERS)})[row["tier"]] = row["n"]
    by_industry: dict[str, dict[str, int]] = {}
    for irow in qs.values("sub_industry", "tier").annotate(n=Count("id")):
        by_industry.setdefault(irow["sub_industry"], {t: 0 for t in ("none", *TIERS)})[irow["tier"]] = irow["n"]
    totals = {t: 0 for t in ("none", *TIERS)}
    for counts in by_region.values():
        for t, n in counts.items():
            totals[t] += n
    soon = qs.filter(
        valid_until__gte=timezone.localdate(), valid_until__lte=timezone.localdate() + timedelta(days=90)
    ).count()
    return {
        "tiers": [{"tier": t, "label": TIER_LABELS[t]} for t in TIERS],
        "totals": [{"tier": t, "label": TIER_LABELS[t], "count": totals[t]} for t in TIERS],
        "expiring_90": soon,
        "by_region": [
            {"key": code, "label": name, "counts": [counts[t] for t in TIERS]}
            for (code, name), counts in sorted(by_region.items())
        ],
        "by_industry": [
            {"key": sub, "label": labels.get(sub, sub) or "未填写", "counts": [counts[t] for t in TIERS]}
            for sub, counts in sorted(by_industry.items())
        ],
    }


def pipeline(*, user: Any, near: int = 5, far: int = 10) -> dict[str, Any]:
    """How many enterprises are within ``near`` / ``far`` points of their next tier, by county and 细分行业.

    One grouped SQL aggregate over the stored latest standings (``TierStanding``, one row per
    enterprise and tier, ``is_next`` marking the tier above the one held).
    """
    qs = TierStanding.objects.visible_to(user, "pipeline").filter(is_next=True)
    labels = _sub_labels()
    agg = {
        "total": Count("id"),
        "passing": Count("id", filter=Q(status="pass")),
        "within_near": Count("id", filter=Q(points_gap__gt=0, points_gap__lte=near)),
        "within_far": Count("id", filter=Q(points_gap__gt=0, points_gap__lte=far)),
        "conditions_only": Count("id", filter=Q(points_gap=0, unmet__gt=0)),
    }
    rows: list[Any] = list(
        qs.values("region__code", "region__name", "sub_industry", "tier")
        .annotate(**agg)
        .order_by("region__code", "sub_industry", "tier")
    )
    out_rows = [
        {
            "region_code": r["region__code"],
            "region_name": r["region__name"],
            "sub_industry": r["sub_industry"],
            "sub_industry_label": labels.get(r["sub_industry"], r["sub_industry"]) or "未填写",
            "tier": r["tier"],
            "tier_label": TIER_LABELS[r["tier"]],
            "total": r["total"],
            "passing": r["passing"],
            "within_near": r["within_near"],
            "within_far": r["within_far"],
            "conditions_only": r["conditions_only"],
        }
        for r in rows
    ]
    totals = {
        k: sum(r[k] for r in out_rows) for k in ("total", "passing", "within_near", "within_far", "conditions_only")
    }
    return {"near": near, "far": far, "rows": out_rows, "totals": totals}


def pipeline_candidates(*, user: Any, filters: Any) -> QuerySet[TierStanding]:
    """Who to help first: not yet passing their next tier, closest first (points gap, then unmet conditions)."""
    qs = (
        TierStanding.objects.visible_to(user, "pipeline")
        .filter(is_next=True)
        .exclude(status="pass")
        .select_related("org", "region")
    )
    if filters.region_code:
        qs = qs.filter(region__code=filters.region_code)
    if filters.sub_industry:
        qs = qs.filter(sub_industry=filters.sub_industry)
    if filters.tier:
        qs = qs.filter(tier=filters.tier)
    if filters.max_gap is not None:
        qs = qs.filter(points_gap__lte=filters.max_gap)
    return qs.order_by("points_gap", "unmet", "missing", "org_id")


def candidate_rows(rows: list[TierStanding]) -> list[dict[str, Any]]:
    labels = _sub_labels()
    return [
        {
            "org_id": s.org_id,
            "org_name": s.org.name,
            "region_name": s.region.name,
            "sub_industry_label": labels.get(s.sub_industry, s.sub_industry) or "未填写",
            "tier": s.tier,
            "tier_label": TIER_LABELS[s.tier],
            "status": s.status,
            "points": s.points,
            "pass_line": s.pass_line,
            "points_gap": s.points_gap,
            "unmet": s.unmet,
            "missing": s.missing,
            "gap_summary": s.gap_summary,
            "self_assessment_id": s.self_assessment_id,
            "updated_at": s.updated_at,
        }
        for s in rows
    ]


def planner(*, user: Any, org_id: int) -> dict[str, Any]:
    """Per enterprise: the tier held, the next tier and what separates it (from the latest self-assessment)."""
    sa = (
        SelfAssessment.objects.visible_to(user, "view")
        .filter(org_id=org_id)
        .select_related("org")
        .order_by("-id")
        .first()
    )
    entry = LibraryEntry.objects.visible_to(user, "view").filter(org_id=org_id).first()
    if sa is None and entry is None:
        raise NotFound("该企业尚无梯度培育自评或培育库记录")
    held = entry.tier if entry and entry.status == LibraryStatus.ACTIVE else "none"
    nxt = next((t for t in TIERS if TIER_RANK[t] > TIER_RANK[held]), None)
    tier = None
    if sa is not None and nxt is not None:
        tier = next((t for t in sa.result["tiers"] if t["tier"] == nxt), None)
    return {
        "org_id": org_id,
        "held": held,
        "held_label": TIER_LABELS[held],
        "next_tier": nxt,
        "next_tier_label": TIER_LABELS[nxt] if nxt else "",
        "self_assessment_id": sa.pk if sa else None,
        "as_of": sa.as_of if sa else None,
        "result": tier,
    }


def default_today() -> date:
    return timezone.localdate()
