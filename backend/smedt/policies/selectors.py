"""Reads of policies: the public zone, the editor's lists, one enterprise's policies with the
explanation, and the per-policy statistics (one GROUP BY over stored match rows)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, JSONField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from smedt.core.errors import NotFound
from smedt.policies.indicators import INDICATORS, SECTIONS, TIERS
from smedt.policies.matching import Condition, condition_text, explain
from smedt.policies.models import (
    Department,
    EnterpriseSnapshot,
    MatchRun,
    MatchStatus,
    Policy,
    PolicyCondition,
    PolicyLevel,
    PolicyMatch,
    PolicyStatus,
    PolicyVersion,
    SupportType,
)
from smedt.rbac.services import require
from smedt.regions.models import Region

EXPIRING_DAYS = 30


def _today() -> date:
    return timezone.localdate()


def live_q(today: date | None = None) -> Q:
    today = today or _today()
    return Q(status=PolicyStatus.PUBLISHED) & (Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def _filtered(qs: QuerySet[Policy], f: Any) -> QuerySet[Policy]:
    q = (getattr(f, "q", None) or "").strip()
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(issuer__icontains=q)
            | Q(doc_number__icontains=q)
            | Q(summary__icontains=q)
            | Q(keywords__icontains=q)
        )
    for name in ("level", "department", "support_type"):
        value = getattr(f, name, None)
        if value:
            qs = qs.filter(**{name: value})
    if getattr(f, "expiring", False):
        today = _today()
        qs = qs.filter(window_end__gte=today, window_end__lte=today + timedelta(days=EXPIRING_DAYS))
    if getattr(f, "open", False):
        today = _today()
        qs = qs.filter(Q(window_start__isnull=True) | Q(window_start__lte=today), window_end__gte=today)
    return qs


def public_list(*, filters: Any) -> QuerySet[Policy]:
    return _filtered(Policy.objects.filter(live_q()), filters).select_related("region")


def public_get(*, policy_id: int) -> Policy:
    p = Policy.objects.filter(live_q(), pk=policy_id).select_related("region").first()
    if p is None:
        raise NotFound("政策不存在或已过期")
    return p


def admin_list(*, user: Any, filters: Any) -> QuerySet[Policy]:
    require(user, "policies.view_policy")
    qs = Policy.objects.visible_to(user, "view") | Policy.objects.filter(status=PolicyStatus.PUBLISHED)
    status = getattr(filters, "status", None)
    if status:
        qs = qs.filter(status=status)
    return _filtered(qs, filters).select_related("region").distinct()


def policy_get(*, user: Any, policy_id: int, action: str = "view") -> Policy:
    require(user, "policies.view_policy")
    qs = Policy.objects.visible_to(user, action)
    if action == "view":
        qs = qs | Policy.objects.filter(status=PolicyStatus.PUBLISHED)
    p = qs.select_related("region").filter(pk=policy_id).first()
    if p is None:
        raise NotFound("政策不存在或无权访问")
    return p


def days_left(p: Policy) -> int | None:
    return (p.window_end - _today()).days if p.window_end else None


def policy_row(p: Policy) -> dict[str, Any]:
    left = days_left(p)
    return {
        "id": p.pk,
        "title": p.title,
        "issuer": p.issuer,
        "doc_number": p.doc_number,
        "level": p.level,
        "level_label": PolicyLevel(p.level).label,
        "department": p.department,
        "department_label": Department(p.department).label,
        "support_type": p.support_type,
        "support_type_label": SupportType(p.support_type).label,
        "amount_max": p.amount_max,
        "issued_on": p.issued_on,
        "window_start": p.window_start,
        "window_end": p.window_end,
        "expires_on": p.expires_on,
        "days_left": left,
        "expiring": left is not None and 0 <= left <= EXPIRING_DAYS,
        "keywords": list(p.keywords or []),
        "status": p.status,
        "status_label": PolicyStatus(p.status).label,
        "version": p.version,
        "region_name": p.region.name,
    }


def condition_out(c: PolicyCondition, names: dict[str, str]) -> dict[str, Any]:
    ind = INDICATORS[c.indicator]
    cond = Condition(c.indicator, c.operator, c.threshold, tuple(c.values or ()), c.unit)
    return {
        "id": c.pk,
        "indicator": c.indicator,
        "indicator_label": ind.label,
        "operator": c.operator,
        "threshold": None if c.threshold is None else c.threshold.normalize(),
        "values": list(c.values or []),
        "unit": c.unit,
        "text": condition_text(cond, names),
        "source_sentence": c.source_sentence,
        "confirmed": c.confirmed,
        "proposed": c.proposed,
    }


def _attachments(p: Policy) -> list[dict[str, Any]]:
    return [{"id": a.pk, "name": a.name, "size": a.size} for a in p.attachments.all()]


def policy_detail(p: Policy, *, public: bool = False) -> dict[str, Any]:
    names = dict(Region.objects.values_list("code", "name"))
    conds = [c for c in p.conditions.all() if c.confirmed or not public]
    return {
        **policy_row(p),
        "amount_text": p.amount_text,
        "summary": p.summary,
        "body": p.body,
        "region_code": p.region.code,
        "published_at": p.published_at,
        "conditions": [condition_out(c, names) for c in conds],
        "attachments": _attachments(p),
    }


def latest_run(p: Policy) -> MatchRun | None:
    return p.runs.order_by("-id").first()


def run_out(r: MatchRun | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "id": r.pk,
        "policy_version": r.policy_version,
        "status": r.status,
        "total": r.total,
        "done": r.done,
        "eligible": r.eligible,
        "created_at": r.created_at,
        "finished_at": r.finished_at,
    }


def meta() -> dict[str, Any]:
    def opts(choices: Any) -> list[dict[str, str]]:
        return [{"value": v, "label": str(label)} for v, label in choices]

    return {
        "levels": opts(PolicyLevel.choices),
        "departments": opts(Department.choices),
        "support_types": opts(SupportType.choices),
        "statuses": opts(PolicyStatus.choices),
        "indicators": [
            {
                "code": i.code,
                "label": i.label,
                "kind": i.kind,
                "unit": i.unit,
                "units": list(i.units),
                "operators": list(i.operators),
                "hint": i.hint,
            }
            for i in INDICATORS.values()
        ],
        "operators": [
            {"value": "gte", "label": "不低于（≥，含本数）"},
            {"value": "gt", "label": "高于（>，不含本数）"},
            {"value": "lte", "label": "不高于（≤，含本数）"},
            {"value": "lt", "label": "低于（<，不含本数）"},
            {"value": "eq", "label": "等于"},
            {"value": "in", "label": "属于"},
        ],
        "tiers": [{"value": k, "label": v} for k, v in TIERS.items()],
        "sections": [{"value": k, "label": v} for k, v in SECTIONS.items()],
    }


# ---- enterprise: 我的政策


def mine_list(*, user: Any, status: str | None = None) -> QuerySet[PolicyMatch]:
    require(user, "policies.view_own_match")
    qs = PolicyMatch.objects.visible_to(user, "own").filter(policy__in=Policy.objects.filter(live_q()))
    if status:
        qs = qs.filter(status=status)
    return with_snapshot(qs.select_related("policy", "policy__region"))


def mine_get(*, user: Any, policy_id: int) -> PolicyMatch:
    m = mine_list(user=user).filter(policy_id=policy_id).first()
    if m is None:
        raise NotFound("政策不存在或暂无匹配结果")
    return m


def _version_conditions(snapshot: dict[str, Any]) -> list[Condition]:
    return [
        Condition(
            str(c["indicator"]),
            str(c["operator"]),
            None if c.get("threshold") is None else Decimal(str(c["threshold"])),
            tuple(str(v) for v in c.get("values") or ()),
            str(c.get("unit") or ""),
        )
        for c in snapshot.get("conditions") or []
    ]


def with_snapshot(qs: QuerySet[PolicyMatch]) -> QuerySet[PolicyMatch]:
    """The enterprise's snapshot values on each row (a subquery in the same SELECT), for the explanation."""
    snap = EnterpriseSnapshot.objects.filter(org_id=OuterRef("org_id")).values("values")[:1]
    return qs.annotate(snapshot_values=Subquery(snap, output_field=JSONField()))


def explain_matches(matches: Sequence[PolicyMatch]) -> None:
    """Render the explanation of stored compact match rows in bulk (set on each row, read through
    `PolicyMatch.details`): the conditions of the row's policy version (the current confirmed ones, compiled
    once per process; the recorded `PolicyVersion` while a newer version is being matched) and the
    enterprise's snapshot values (annotated by `with_snapshot`, else read). A fixed number of queries
    whatever the number of rows; none for the conditions once compiled."""
    from smedt.policies.services.matching import compiled_conditions

    if not matches:
        return
    current: dict[int, tuple[int, int, Any]] = {}
    for m in matches:
        p = m._state.fields_cache.get("policy")
        if p is not None:
            current[m.policy_id] = (p.pk, p.version, p.updated_at)
    unknown = {m.policy_id for m in matches} - set(current)
    if unknown:
        for pid, version, at in Policy.objects.filter(pk__in=unknown).values_list("id", "version", "updated_at"):
            current[pid] = (pid, version, at)
    compiled = compiled_conditions(current.values())
    conds: dict[tuple[int, int], list[Condition]] = {(k[0], k[1]): v for k, v in compiled.items()}
    older = {(m.policy_id, m.policy_version) for m in matches} - set(conds)
    if older:
        q = Q()
        for pid, version in older:
            q |= Q(policy_id=pid, version=version)
        for pv in PolicyVersion.objects.filter(q).only("policy_id", "version", "snapshot"):
            conds[(pv.policy_id, pv.version)] = _version_conditions(pv.snapshot or {})
    codes = {v for cs in conds.values() for c in cs if INDICATORS[c.indicator].kind == "region" for v in c.values}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    need = {m.org_id for m in matches if not hasattr(m, "snapshot_values")}
    values = dict(EnterpriseSnapshot.objects.filter(org_id__in=need).values_list("org_id", "values")) if need else {}
    texts: dict[tuple[int, int], list[str]] = {}
    for m in matches:
        key = (m.policy_id, m.policy_version)
        if key not in conds:  # no record of that version: the current conditions
            now = current.get(m.policy_id)
            key = (m.policy_id, now[1]) if now is not None else key
        cs = conds.get(key, [])
        if key not in texts:
            texts[key] = [condition_text(c, names) for c in cs]
        snap = getattr(m, "snapshot_values", None) if hasattr(m, "snapshot_values") else values.get(m.org_id)
        m._details = explain(cs, m.results, snap if isinstance(snap, dict) else {}, texts=texts[key])


def match_out(m: PolicyMatch, *, with_policy: bool = True) -> dict[str, Any]:
    out = {
        "policy_id": m.policy_id,
        "org_id": m.org_id,
        "org_name": getattr(m, "org_name", "") or "",
        "status": m.status,
        "status_label": MatchStatus(m.status).label,
        "met": m.met,
        "total": m.total,
        "details": m.details,
        "policy_version": m.policy_version,
        "computed_at": m.computed_at,
        "county_name": getattr(m, "county_name", "") or "",
        "missing_hints": [d["hint"] for d in m.details if d.get("result") == "missing" and d.get("hint")],
    }
    if with_policy:
        out["policy"] = policy_row(m.policy)
    return out


def matches_out(matches: Sequence[PolicyMatch], *, with_policy: bool = True) -> list[dict[str, Any]]:
    explain_matches(matches)
    return [match_out(m, with_policy=with_policy) for m in matches]


# ---- government: per-policy matches and statistics


def matches_of(*, user: Any, policy: Policy, status: str | None, county: str | None) -> QuerySet[PolicyMatch]:
    require(user, "policies.view_match")
    qs = PolicyMatch.objects.visible_to(user, "view").filter(policy=policy)
    if status:
        qs = qs.filter(status=status)
    if county:
        qs = qs.filter(county__code=county)
    return with_snapshot(qs.select_related("org", "county"))


def stats(*, user: Any, policy: Policy) -> dict[str, Any]:
    """Counts by county and by industry section: two GROUP BY queries over the stored rows in scope."""
    require(user, "policies.view_match")
    qs = PolicyMatch.objects.visible_to(user, "view").filter(policy=policy)
    by_county: list[dict[str, Any]] = [
        dict(r)
        for r in qs.values("county__code", "county__name", "status").annotate(n=Count("id")).order_by("county__code")
    ]
    by_industry: list[dict[str, Any]] = [
        dict(r) for r in qs.values("industry_section", "status").annotate(n=Count("id")).order_by("industry_section")
    ]

    def fold(rows: list[dict[str, Any]], key: str, label: Any) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for r in rows:
            k = r[key] or ""
            slot = out.setdefault(k, {"key": k, "label": label(r), "eligible": 0, "missing": 0, "ineligible": 0})
            slot[r["status"]] += r["n"]
        return list(out.values())

    counties = fold(by_county, "county__code", lambda r: r["county__name"] or "未分县区")
    industries = fold(by_industry, "industry_section", lambda r: SECTIONS.get(r["industry_section"], "未填行业"))
    totals = {s: sum(c[s] for c in counties) for s in ("eligible", "missing", "ineligible")}
    return {"totals": totals, "by_county": counties, "by_industry": industries, "run": run_out(latest_run(policy))}
