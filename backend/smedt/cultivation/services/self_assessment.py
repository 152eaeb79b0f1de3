"""Self-assessment (1.5.3): pre-filled answers, one run per submission or fact change, latest standings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import PermissionDenied, ValidationFailed
from smedt.cultivation.criteria import TIERS
from smedt.cultivation.errors import CultivationErrorCode
from smedt.cultivation.evaluation import INPUTS, clean_inputs, evaluate
from smedt.cultivation.models import LibraryEntry, LibraryStatus, SelfAssessment, TierStanding, Trigger
from smedt.cultivation.services.criteria import criteria_compiled, criteria_for
from smedt.orgs.models import Organization, OrgKind
from smedt.rbac.grants import user_grants

SOURCE_LABELS = {
    "fact_base": "企业档案",
    "assessment": "数字化水平评测",
    "library": "培育库",
    "self": "企业填报",
}


def _json(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format(v, "f")
    return v


def prefill(*, org: Organization, as_of: date) -> dict[str, dict[str, Any]]:
    """Answers known from the platform: 一企一档 figures, the digital level, the library."""
    from smedt.assessment.services.levels import digital_level_current
    from smedt.enterprises.services.facts import enterprise_facts

    out: dict[str, dict[str, Any]] = {}

    def put(name: str, value: Any, source: str, note: str = "") -> None:
        if value is not None:
            out[name] = {"value": _json(value), "source": source, "note": note}

    facts = enterprise_facts(org_id=org.pk)
    y1 = as_of.year - 1
    for offset, suffix in ((0, "y1"), (1, "y2"), (2, "y3")):
        fig = facts.years.get(y1 - offset) or {}
        put(f"revenue_{suffix}", fig.get("operating_revenue"), "fact_base", f"{y1 - offset} 年度")
        if suffix != "y3":
            put(f"rd_expense_{suffix}", fig.get("rd_expense"), "fact_base", f"{y1 - offset} 年度")
    fig = facts.years.get(y1) or {}
    put("total_assets_y1", fig.get("total_assets"), "fact_base", f"{y1} 年度")
    put("employees_y1", fig.get("employees"), "fact_base", f"{y1} 年度")
    put("rd_staff_y1", fig.get("rd_staff"), "fact_base", f"{y1} 年度")
    put("ip_class1", fig.get("invention_patents"), "fact_base", f"{y1} 年度发明专利")
    parts = [fig.get(k) for k in ("utility_patents", "design_patents", "software_copyrights")]
    if all(p is not None for p in parts):
        put("ip_class2", sum(parts), "fact_base", f"{y1} 年度实用新型、外观设计专利与软件著作权")
    level = digital_level_current(org_id=org.pk)
    if level is not None:
        put(
            "digital_level",
            level.level,
            "assessment",
            f"{level.source_label}，{timezone.localtime(level.submitted_at):%Y-%m-%d}",
        )
    entry = LibraryEntry.objects.filter(org=org, status=LibraryStatus.ACTIVE).first()
    if entry is not None and entry.tier != "none":
        rank = {"innovative": 1, "specialized": 2, "little_giant": 3}[entry.tier]
        put("holds_innovative", True, "library", f"证书 {entry.certificate_no}")
        if rank >= 2:
            put("holds_specialized", True, "library", f"证书 {entry.certificate_no}")
    return out


def enterprise_org(actor: Any, org_id: int | None, *, code: str = "cultivation.self_assess") -> Organization:
    """The enterprise the actor assesses: their own, or (government) one in their region."""
    grant = user_grants(actor).grant(code)
    if grant.empty:
        raise PermissionDenied("没有梯度培育自评的权限")
    if org_id is None:
        if len(grant.org_ids) == 1:
            org_id = next(iter(grant.org_ids))
        else:
            raise ValidationFailed(code=CultivationErrorCode.ORG_REQUIRED, message="请选择企业")
    org = Organization.objects.select_related("region").filter(pk=org_id).first()
    if org is None or not grant.covers(region_path=org.region.path, org_id=org.pk):
        from smedt.core.errors import NotFound

        raise NotFound("企业不存在或无权访问")
    if org.kind != OrgKind.ENTERPRISE:
        raise ValidationFailed(code=CultivationErrorCode.NOT_AN_ENTERPRISE, message="只有企业可以进行梯度培育自评")
    return org


def _answers(raw: dict[str, Any], pre: dict[str, dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Stored answers (value + source) and typed inputs; a value equal to the platform's keeps its source."""
    unknown = [k for k in raw if k not in INPUTS]
    if unknown:
        raise ValidationFailed(
            code=CultivationErrorCode.INVALID_ANSWERS,
            message="填报项不正确",
            details={"fields": {k: "未知的填报项" for k in unknown}},
        )
    merged = {k: v.get("value") for k, v in pre.items()} | raw
    inputs, errors = clean_inputs(merged)
    if errors:
        raise ValidationFailed(
            code=CultivationErrorCode.INVALID_ANSWERS,
            message="；".join(list(errors.values())[:3]),
            details={"fields": errors},
        )
    stored: dict[str, dict[str, Any]] = {}
    for name in INPUTS:
        value = inputs.get(name)
        if value is None:
            continue
        p = pre.get(name)
        same = p is not None and clean_inputs({name: p["value"]})[0].get(name) == value
        source = p["source"] if same and p else "self"
        stored[name] = {"value": _json(value), "source": source, "note": p.get("note", "") if same and p else ""}
    return stored, inputs


def _clean_tese(raw: Any, compiled: Any) -> dict[str, str]:
    if not raw:
        return {}
    if not isinstance(raw, dict):
        raise ValidationFailed(code=CultivationErrorCode.INVALID_ANSWERS, message="特色化指标选项不正确")
    allowed = {
        ind.id: {c for c, _, _ in ind.choice_options}
        for cat in (
            compiled.criteria.tiers["specialized"].points.categories
            if compiled.criteria.tiers["specialized"].points
            else ()
        )
        for ind in cat.indicators
        if ind.choice_options
    }
    out = {}
    for k, v in raw.items():
        if k not in allowed or v not in allowed[k]:
            raise ValidationFailed(code=CultivationErrorCode.INVALID_ANSWERS, message="特色化指标选项不正确")
        out[k] = v
    return out


def _run(*, org: Organization, raw: dict[str, Any], tese: Any, actor: Any, trigger: str, as_of: date) -> SelfAssessment:
    cs = criteria_for(as_of)
    compiled = criteria_compiled(cs)
    pre = prefill(org=org, as_of=as_of)
    answers, inputs = _answers(raw, pre)
    tese_clean = _clean_tese(tese, compiled)
    ev = evaluate(compiled.criteria, inputs, tese_clean)
    sa = SelfAssessment.objects.create(
        org=org,
        region=org.region,
        criteria_set=cs,
        parameter_values=compiled.parameter_values,
        answers=answers,
        tese=tese_clean,
        result=ev.to_dict(),
        trigger=trigger,
        as_of=as_of,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    standings_store(sa=sa)
    return sa


@transaction.atomic
def self_assessment_run(
    *, actor: Any, org_id: int | None, answers: dict[str, Any], tese: dict[str, str] | None = None
) -> SelfAssessment:
    """The enterprise answers once; all three tiers are evaluated and the run is kept with its criteria version."""
    org = enterprise_org(actor, org_id)
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    sa = _run(org=org, raw=answers, tese=tese, actor=actor, trigger=Trigger.MANUAL, as_of=timezone.localdate())
    audit_record(
        actor=actor,
        action="cultivation.self_assess",
        target=sa,
        region=org.region,
        org_id=org.pk,
        after={"criteria": sa.criteria_set.version, "tiers": {t["tier"]: t["status"] for t in sa.result["tiers"]}},
    )
    return sa


def self_assessment_refresh(*, org_id: int) -> int | None:
    """Facts changed: evaluate the latest answers again with the platform's current values.

    Answers the enterprise typed itself stay; values that came from the platform are replaced
    by the current ones. A new run is stored only when something changed (idempotent).
    """
    with transaction.atomic():
        org = Organization.objects.select_for_update().select_related("region").filter(pk=org_id).first()
        latest = SelfAssessment.objects.filter(org_id=org_id).order_by("-id").first()
        if org is None or latest is None:
            return None
        own = {k: v["value"] for k, v in latest.answers.items() if v.get("source") == "self"}
        as_of = timezone.localdate()
        pre = prefill(org=org, as_of=as_of)
        library = {k: v["value"] for k, v in pre.items() if v["source"] == "library"}
        own = {k: v for k, v in own.items() if k not in library}  # a title the city recorded wins
        for name in ("holds_innovative", "holds_specialized"):
            if name not in library and latest.answers.get(name, {}).get("source") == "library":
                own[name] = False  # the library no longer shows the title
        merged = {k: v["value"] for k, v in pre.items()} | own
        try:
            answers, _ = _answers(merged, {})
        except ValidationFailed:
            return None  # the new facts contradict the enterprise's own answers: it re-answers itself
        same_values = {k: v["value"] for k, v in answers.items()} == {k: v["value"] for k, v in latest.answers.items()}
        if same_values and criteria_for(as_of).pk == latest.criteria_set_id:
            return None
        sa = _run(org=org, raw=own, tese=latest.tese, actor=None, trigger=Trigger.FACTS_CHANGED, as_of=as_of)
        audit_record(
            actor=None,
            action="cultivation.self_assess_refresh",
            target=sa,
            region=org.region,
            org_id=org.pk,
            after={"criteria": sa.criteria_set.version, "previous": latest.pk},
        )
        return sa.pk


def standings_store(*, sa: SelfAssessment) -> None:
    """Keep one row per enterprise and tier with the latest total and gap (the pipeline is one query over them)."""
    from smedt.enterprises.services.facts import enterprise_facts

    subs = enterprise_facts(org_id=sa.org_id).sub_industries
    next_tier = sa.result.get("next_tier")
    for t in sa.result["tiers"]:
        gap = t.get("gap") or {}
        TierStanding.objects.update_or_create(
            org_id=sa.org_id,
            tier=t["tier"],
            defaults={
                "self_assessment": sa,
                "region_id": sa.region_id,
                "sub_industry": subs[0] if subs else "",
                "status": t["status"],
                "points": _dec((t.get("points") or {}).get("total") or (t.get("score") or {}).get("value")),
                "pass_line": _dec((t.get("points") or {}).get("pass_line") or (t.get("score") or {}).get("pass_line")),
                "points_gap": _dec(t.get("points_gap")),
                "unmet": t["unmet"],
                "missing": t["missing_count"],
                "is_next": t["tier"] == next_tier,
                "gap_summary": (gap.get("summary") or "；".join(gap.get("requirements") or []))[:500],
            },
        )
    TierStanding.objects.filter(org_id=sa.org_id).exclude(tier__in=TIERS).delete()


def _dec(v: Any) -> Decimal | None:
    return None if v in (None, "") else Decimal(str(v))
