"""Reads of the results dashboard: one SQL aggregate per widget, scoped like the lists they drill into.

Every widget starts from the same ``visible_to(user, "view")`` queryset as the list page its numbers
link to (projects, pilot library, provider pool, enterprise records), so a county officer sees its
county and each figure equals the total of the list behind it. Python only rolls up the few grouped
rows a query returns (per county × stage, per provider …), never per enterprise or project.
Results are cached for at most a minute per scope (``cached``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from smedt.assessment.models import AnalysisEntry
from smedt.core.errors import ValidationFailed
from smedt.dicts.models import DictItem
from smedt.enterprises.models import EnterpriseProfile, PilotEnterprise, PilotStatus
from smedt.insights import config
from smedt.insights.subsidies import subsidy_status, subsidy_summary
from smedt.orgs.selectors import org_name_q
from smedt.projects import workflow
from smedt.projects.models import Project, ProjectEvent
from smedt.projects.selectors import stage_q
from smedt.providers.models import PoolStatus, Product, ProviderPoolMember, ProviderRating
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require

LEVEL_LABELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
SCOPE_CODES = (
    "insights.view_dashboard",
    "projects.view_project",
    "enterprises.view_pilot",
    "enterprises.view_profile",
    "providers.view_pool",
)
# milestones of an enterprise on the pilot path (progress report, funnel)
MILESTONE_LABELS = {
    "pilot": "已入库",
    "diagnosed": "已完成诊断",
    "signed": "已签约改造",
    "filed": "已备案实施",
    "accepted": "已验收通过",
}
UNSIGNED = workflow.UNSIGNED


# --- cache and scope --------------------------------------------------------------------------------------


def cache_seconds() -> int:
    return max(0, min(60, int(getattr(settings, "SMEDT_INSIGHTS_CACHE_SECONDS", 60))))


def scope_key(user: Any) -> str:
    """Users with the same grants over the dashboard's data share cached figures."""
    grants = user_grants(user)
    parts = []
    for code in SCOPE_CODES:
        g = grants.grant(code)
        parts.append(
            f"{code}:{int(g.is_global)}:{','.join(sorted(g.region_paths))}:{','.join(map(str, sorted(g.org_ids)))}"
        )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def cached(name: str, key: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    full = f"insights:{name}:{key}"
    value: dict[str, Any] | None = cache.get(full)
    if value is None:
        value = compute()
        value["generated_at"] = timezone.now().isoformat()
        cache.set(full, value, cache_seconds())
    return value


def dashboard_require(user: Any) -> None:
    require(user, "insights.view_dashboard")


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def sub_industries() -> list[tuple[str, str]]:
    """The configured 试点细分行业 (dictionary pilot_sub_industry): (value, label)."""
    return list(
        DictItem.objects.filter(dict_type__code="pilot_sub_industry", is_active=True)
        .order_by("sort", "id")
        .values_list("value", "label")
    )


def _sub_q(field: str, value: str) -> Q:
    # list items are plain identifiers; JSON containment is not portable to SQLite
    return Q(**{f"{field}__icontains": f'"{value}"'})


def _stage_case() -> Case:
    return Case(
        *[When(stage_q(stage), then=Value(stage)) for stage in workflow.STAGES if stage != "closed"],
        default=Value("closed"),
    )


def _overdue_q(now: dt.datetime) -> Q:
    return Q(step_due_at__lt=now) & ~Q(status__in=sorted(workflow.TERMINAL))


# --- 1 项目看板 ----------------------------------------------------------------------------------------------


def projects_stage(*, user: Any) -> dict[str, Any]:
    """Projects by stage, by county and by 细分行业, and the overdue ones: one GROUP BY."""
    now = timezone.now()
    rows = list(
        Project.objects.visible_to(user, "view")
        .annotate(stage=_stage_case())
        .values("region__code", "region__name", "sub_industry", "stage")
        .annotate(n=Count("id"), overdue=Count("id", filter=_overdue_q(now)))
        .order_by()
    )
    stages = {s: 0 for s in workflow.STAGE_LABELS}
    counties: dict[str, dict[str, Any]] = {}
    industries: dict[str, dict[str, Any]] = {}
    overdue = 0
    for r in rows:
        stages[r["stage"]] += r["n"]
        overdue += r["overdue"]
        c = counties.setdefault(
            r["region__code"], {"code": r["region__code"], "name": r["region__name"], "total": 0, "by_stage": {}}
        )
        c["total"] += r["n"]
        c["by_stage"][r["stage"]] = c["by_stage"].get(r["stage"], 0) + r["n"]
        i = industries.setdefault(r["sub_industry"], {"value": r["sub_industry"], "total": 0, "by_stage": {}})
        i["total"] += r["n"]
        i["by_stage"][r["stage"]] = i["by_stage"].get(r["stage"], 0) + r["n"]
    labels = dict(sub_industries())
    for i in industries.values():
        i["label"] = labels.get(i["value"], i["value"] or "未填写")
    return {
        "total": sum(stages.values()),
        "overdue": overdue,
        "stages": [{"stage": s, "label": workflow.STAGE_LABELS[s], "count": n} for s, n in stages.items()],
        "counties": sorted(counties.values(), key=lambda c: (-c["total"], c["code"])),
        "industries": sorted(industries.values(), key=lambda i: (-i["total"], i["value"])),
    }


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months_back(n: int) -> list[dt.date]:
    first = _month_start(timezone.localdate())
    months = [first]
    for _ in range(n - 1):
        first = _month_start(first - dt.timedelta(days=1))
        months.append(first)
    return list(reversed(months))


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def projects_trend(*, user: Any) -> dict[str, Any]:
    """New projects per local month (last 12) by kind: one aggregate of conditional counts over date ranges
    (the same half-open local-day ranges as the list's created_from / created_to filter)."""
    months = _months_back(12)
    bounds = [(m, _month_start(m + dt.timedelta(days=32))) for m in months]
    aggs: dict[str, Any] = {}
    for i, (start, nxt) in enumerate(bounds):
        in_month = Q(created_at__gte=_local_midnight(start), created_at__lt=_local_midnight(nxt))
        aggs[f"d{i}"] = Count("id", filter=in_month & Q(kind="diagnosis"))
        aggs[f"t{i}"] = Count("id", filter=in_month & Q(kind="transformation"))
    r = Project.objects.visible_to(user, "view").filter(created_at__gte=_local_midnight(bounds[0][0])).aggregate(**aggs)
    return {
        "months": [
            {
                "month": start.strftime("%Y-%m"),
                "date_from": start.isoformat(),
                "date_to": (nxt - dt.timedelta(days=1)).isoformat(),
                "diagnosis": r[f"d{i}"],
                "transformation": r[f"t{i}"],
            }
            for i, (start, nxt) in enumerate(bounds)
        ]
    }


# --- 2 试点企业信息展示 ------------------------------------------------------------------------------------------


def pilots(*, user: Any) -> dict[str, Any]:
    """Active pilot enterprises by county, 细分行业 and current level: one GROUP BY."""
    rows = (
        PilotEnterprise.objects.visible_to(user, "view")
        .filter(status=PilotStatus.ACTIVE)
        .values("region__code", "region__name", "sub_industry", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    counties: dict[str, dict[str, Any]] = {}
    industries: dict[str, int] = {}
    levels: dict[int | None, int] = {}
    total = 0
    for r in rows:
        total += r["n"]
        c = counties.setdefault(r["region__code"], {"code": r["region__code"], "name": r["region__name"], "count": 0})
        c["count"] += r["n"]
        industries[r["sub_industry"]] = industries.get(r["sub_industry"], 0) + r["n"]
        levels[r["level"]] = levels.get(r["level"], 0) + r["n"]
    labels = dict(sub_industries())
    return {
        "total": total,
        "counties": sorted(counties.values(), key=lambda c: (-c["count"], c["code"])),
        "industries": [
            {"value": v, "label": labels.get(v, v), "count": n}
            for v, n in sorted(industries.items(), key=lambda x: -x[1])
        ],
        "levels": [
            {"level": lv, "label": LEVEL_LABELS.get(lv, "未评定") if lv else "未评定", "count": levels.get(lv, 0)}
            for lv in (1, 2, 3, 4, None)
        ],
    }


def pilot_levels(*, user: Any) -> dict[str, Any]:
    """Digital level before and after transformation of the accepted projects: one aggregate."""
    after = Coalesce("after_onsite__level", "after_assessment__level")
    qs = Project.objects.visible_to(user, "view").filter(stage_q("accepted")).annotate(after_level=after)
    aggs: dict[str, Any] = {"total": Count("id")}
    for lv in LEVEL_LABELS:
        aggs[f"before_{lv}"] = Count("id", filter=Q(before_assessment__level=lv))
        aggs[f"after_{lv}"] = Count("id", filter=Q(after_level=lv))
    r = qs.aggregate(**aggs)
    return {
        "total": r["total"],
        "levels": [
            {"level": lv, "label": label, "before": r[f"before_{lv}"], "after": r[f"after_{lv}"]}
            for lv, label in LEVEL_LABELS.items()
        ],
    }


# --- 3 奖补名单 --------------------------------------------------------------------------------------------------


def _region_paths(user: Any) -> list[str] | None:
    g = user_grants(user).grant("insights.view_dashboard")
    return None if g.is_global else sorted(g.region_paths)


def subsidies(*, user: Any) -> dict[str, Any]:
    return subsidy_summary(user, _region_paths(user))


# --- 4 数字化服务商信息展示 / 5 签约进度 ------------------------------------------------------------------------------


def _dicts(rows: Any) -> list[dict[str, Any]]:
    """A values() queryset as plain dicts (typed loosely: the rows are rolled up by key below)."""
    return [dict(r) for r in rows]


def _per_provider(user: Any) -> dict[int, dict[str, int]]:
    """Per provider: projects, signed enterprises and contracts, projects in each stage — one GROUP BY of the
    visible projects (the same rows as the project list filtered by provider), joined to the pool in Python
    (a couple of hundred providers) instead of nine correlated counts per pool member."""
    signed = ~Q(status__in=sorted(UNSIGNED))
    aggs: dict[str, Any] = {
        "projects": Count("id"),
        "enterprises": Count("enterprise_id", distinct=True, filter=signed),
        "contracts": Count("id", filter=signed),
    }
    for stage in workflow.STAGES:
        aggs[f"stage_{stage}"] = Count("id", filter=stage_q(stage))
    rows: list[dict[str, Any]] = _dicts(
        Project.objects.visible_to(user, "view").values("provider_id").annotate(**aggs).order_by()
    )
    return {r.pop("provider_id"): r for r in rows}


def _zero_counts() -> dict[str, int]:
    return {"projects": 0, "enterprises": 0, "contracts": 0, **{f"stage_{s}": 0 for s in workflow.STAGES}}


def providers(*, user: Any) -> dict[str, Any]:
    """Providers in the pool with their published products, latest rating and projects: one query over the pool
    (products and the latest rating as subqueries of small tables) and one GROUP BY of the projects."""
    products = Product.objects.filter(org_id=OuterRef("org_id"), status="published")
    latest = ProviderRating.objects.filter(org_id=OuterRef("org_id")).order_by("-year", "-id")
    members: list[dict[str, Any]] = _dicts(
        ProviderPoolMember.objects.visible_to(user, "view")
        .annotate(
            products=Coalesce(
                Subquery(products.order_by().values("org_id").annotate(c=Count("id")).values("c")[:1]),
                Value(0),
                output_field=IntegerField(),
            ),
            grade=Subquery(latest.values("grade")[:1]),
            rating_total=Subquery(latest.values("total")[:1]),
        )
        .values("id", "org_id", "org__name", "status", "provider_type", "products", "grade", "rating_total")
    )
    counts = _per_provider(user)
    for r in members:
        r["projects"] = counts.get(r["org_id"], {}).get("projects", 0)
    rows = sorted(members, key=lambda r: (-r["projects"], r["org__name"]))
    types = dict(DictItem.objects.filter(dict_type__code="provider_type").values_list("value", "label"))
    by_status = {s.value: 0 for s in PoolStatus}
    by_grade: dict[str, int] = {}
    for r in rows:
        by_status[r["status"]] += 1
        by_grade[r["grade"] or "未评级"] = by_grade.get(r["grade"] or "未评级", 0) + 1
    return {
        "total": len(rows),
        "working": by_status[PoolStatus.ACTIVE] + by_status[PoolStatus.WARNED],
        "products": sum(r["products"] for r in rows),
        "projects": sum(r["projects"] for r in rows),
        "by_status": [{"status": s, "label": PoolStatus(s).label, "count": n} for s, n in by_status.items()],
        "by_grade": [{"grade": g, "count": n} for g, n in sorted(by_grade.items())],
        "top": [
            {
                "org_id": r["org_id"],
                "name": r["org__name"],
                "status": r["status"],
                "status_label": PoolStatus(r["status"]).label,
                "provider_type": types.get(r["provider_type"], r["provider_type"]),
                "products": r["products"],
                "projects": r["projects"],
                "grade": r["grade"] or "",
                "rating_total": r["rating_total"],
            }
            for r in rows[:10]
        ],
    }


def signing(*, user: Any) -> dict[str, Any]:
    """Per pool provider: enterprises and contracts signed, projects per stage, against the targets."""
    members: list[dict[str, Any]] = _dicts(
        ProviderPoolMember.objects.visible_to(user, "view")
        .filter(status__in=[PoolStatus.ACTIVE, PoolStatus.WARNED])
        .values("org_id", "org__name", "org__credit_code")
    )
    counts = _per_provider(user)
    zero = _zero_counts()
    rows: list[dict[str, Any]] = [{**m, **counts.get(m["org_id"], zero)} for m in members]
    rows.sort(key=lambda r: (-r["contracts"], r["org__name"]))
    out = []
    for r in rows:
        target = config.provider_target(r["org__credit_code"])
        out.append(
            {
                "org_id": r["org_id"],
                "name": r["org__name"],
                "enterprises": r["enterprises"],
                "contracts": r["contracts"],
                "stages": {s: r[f"stage_{s}"] for s in workflow.STAGES},
                "target": target,
                "enterprises_pct": _share(r["enterprises"], target.get("enterprises", 0)),
                "contracts_pct": _share(r["contracts"], target.get("contracts", 0)),
                "accepted_pct": _share(r["stage_accepted"], target.get("accepted", 0)),
            }
        )
    return {
        "stage_labels": workflow.STAGE_LABELS,
        "providers": out,
        "targets_note": "目标值由市工信局在系统配置中设定",
    }


# --- 6 试点企业进度统计报表 ---------------------------------------------------------------------------------------


def _first_event(action: str) -> Subquery:
    return Subquery(
        ProjectEvent.objects.filter(
            project__enterprise_id=OuterRef("org_id"), action=action, project__kind="transformation"
        )
        .order_by()
        .values("project__enterprise_id")
        .annotate(t=Min("created_at"))
        .values("t")[:1]
    )


def progress_filters_check(filters: Any) -> None:
    """The 当前进度 / 到达环节 filters name a known milestone (422 otherwise)."""
    for field, allowed, label in (
        ("milestone", set(MILESTONE_LABELS), "当前进度"),
        ("reached", set(MILESTONE_LABELS) - {"pilot"}, "到达环节"),
    ):
        value = getattr(filters, field, None)
        if value and value not in allowed:
            raise ValidationFailed(
                code="insights.invalid_filter",
                message=f"{label}取值无效",
                details={"fields": {field: f"{label}取值无效"}},
            )


def progress_queryset(*, user: Any, filters: Any) -> QuerySet[PilotEnterprise]:
    """Pilot enterprises with the date each step of diagnosis → transformation → acceptance was reached."""
    mine = Project.objects.filter(enterprise_id=OuterRef("org_id"))
    diag_done = (
        mine.filter(kind="diagnosis", status="done").order_by().values("enterprise_id").annotate(t=Min("finished_at"))
    )
    signed = (
        mine.filter(kind="transformation")
        .exclude(status__in=sorted(UNSIGNED))
        .order_by()
        .values("enterprise_id")
        .annotate(t=Min("created_at"))
    )
    accepted = mine.filter(stage_q("accepted")).order_by().values("enterprise_id").annotate(t=Min("finished_at"))
    in_flight = mine.filter(
        Q(stage_q("filing")) | Q(stage_q("implementation")) | Q(stage_q("acceptance")) | Q(stage_q("diagnosis"))
    )
    qs = (
        PilotEnterprise.objects.visible_to(user, "view")
        .filter(status=PilotStatus.ACTIVE)
        .select_related("org", "region")
        .annotate(
            diagnosed_at=Subquery(diag_done.values("t")[:1]),
            signed_at=Subquery(signed.values("t")[:1]),
            filed_at=_first_event("filing_approved"),
            acceptance_applied_at=_first_event("apply_acceptance"),
            accepted_at=Subquery(accepted.values("t")[:1]),
            has_open_project=Exists(in_flight),
        )
        .annotate(
            milestone=Case(
                When(accepted_at__isnull=False, then=Value("accepted")),
                When(filed_at__isnull=False, then=Value("filed")),
                When(signed_at__isnull=False, then=Value("signed")),
                When(diagnosed_at__isnull=False, then=Value("diagnosed")),
                default=Value("pilot"),
            )
        )
    )
    if filters.q:
        qs = qs.filter(org_name_q(filters.q, "org"))
    if filters.region_code:
        qs = qs.filter(region__code=filters.region_code)
    if filters.sub_industry:
        qs = qs.filter(sub_industry=filters.sub_industry)
    if filters.milestone:
        qs = qs.filter(milestone=filters.milestone)
    if filters.reached:
        qs = qs.filter(reached_q(filters.reached))
    return qs.order_by("region__code", "org__name", "id")


def reached_q(step: str) -> Q:
    """Pilot enterprises that reached a step: an EXISTS on the enterprise's projects (index on
    enterprise_id), the same predicates as the dates of the progress report (a date is set exactly
    when the row exists)."""
    mine = Project.objects.filter(enterprise_id=OuterRef("org_id"))
    if step == "diagnosed":
        return Q(Exists(mine.filter(kind="diagnosis", status="done")))
    if step == "signed":
        return Q(Exists(mine.filter(kind="transformation").exclude(status__in=sorted(UNSIGNED))))
    if step == "filed":
        return Q(
            Exists(
                ProjectEvent.objects.filter(
                    project__enterprise_id=OuterRef("org_id"), action="filing_approved", project__kind="transformation"
                )
            )
        )
    if step == "accepted":
        return Q(Exists(mine.filter(stage_q("accepted"))))
    return Q(pk__in=[])


def progress_rows(page: list[PilotEnterprise]) -> list[dict[str, Any]]:
    """Rows of one page (or one export chunk): the subsidy status from the funds provider, if any."""
    status = subsidy_status([p.org_id for p in page])
    out = []
    for p in page:
        sub = status.get(p.org_id)
        out.append(
            {
                "id": p.pk,
                "org_id": p.org_id,
                "org_name": p.org.name,
                "region_name": p.region.name,
                "sub_industry": p.sub_industry,
                "level": p.level,
                "level_label": LEVEL_LABELS.get(p.level or 0, "未评定"),
                "entered_at": p.entered_at,
                "diagnosed_at": p.diagnosed_at,  # type: ignore[attr-defined]  # annotation
                "signed_at": p.signed_at,  # type: ignore[attr-defined]  # annotation
                "filed_at": p.filed_at,  # type: ignore[attr-defined]  # annotation
                "acceptance_applied_at": p.acceptance_applied_at,  # type: ignore[attr-defined]  # annotation
                "accepted_at": p.accepted_at,  # type: ignore[attr-defined]  # annotation
                "milestone": p.milestone,  # type: ignore[attr-defined]  # annotation
                "milestone_label": MILESTONE_LABELS[p.milestone],  # type: ignore[attr-defined]  # annotation
                "subsidy_label": sub["label"] if sub else "暂无",
                "subsidy_date": sub.get("date") if sub else None,
            }
        )
    return out


def reached_ids(step: str) -> QuerySet[Any]:
    """The enterprises that reached a step as one uncorrelated set (``org_id IN (…)``, hashed once by the
    database): the same predicates as ``reached_q``, for counting over the whole library in one aggregate
    where an EXISTS per pilot enterprise would probe the projects once per row and step."""
    if step == "diagnosed":
        return Project.objects.filter(kind="diagnosis", status="done").values("enterprise_id")
    if step == "signed":
        return (
            Project.objects.filter(kind="transformation").exclude(status__in=sorted(UNSIGNED)).values("enterprise_id")
        )
    if step == "filed":
        return ProjectEvent.objects.filter(action="filing_approved", project__kind="transformation").values(
            "project__enterprise_id"
        )
    if step == "accepted":
        return Project.objects.filter(stage_q("accepted")).values("enterprise_id")
    return Project.objects.none().values("enterprise_id")


def funnel(*, user: Any) -> dict[str, Any]:
    """Pilot enterprise → diagnosed → signed transformation → filed → accepted: one aggregate."""
    qs = PilotEnterprise.objects.visible_to(user, "view").filter(status=PilotStatus.ACTIVE)
    r = qs.aggregate(
        pilot=Count("id"),
        **{k: Count("id", filter=Q(org_id__in=reached_ids(k))) for k in MILESTONE_LABELS if k != "pilot"},
    )
    return {
        "steps": [
            {"key": k, "label": label if k != "pilot" else "试点企业", "count": r[k], "share": _share(r[k], r["pilot"])}
            for k, label in MILESTONE_LABELS.items()
        ]
    }


# --- pilot KPI board -----------------------------------------------------------------------------------------------


def _level_sub() -> Subquery:
    """The current level of the row's enterprise (for display on a page of rows)."""
    return Subquery(AnalysisEntry.objects.filter(org_id=OuterRef("org_id")).values("level")[:1])


def _reached_level_q(min_level: int) -> Q:
    """Enterprises whose current result is at or above `min_level` (an uncorrelated IN, evaluated once)."""
    return Q(org_id__in=AnalysisEntry.objects.filter(level__gte=min_level).values("org_id"))


def kpi_groups(qs: QuerySet[EnterpriseProfile], min_level: int) -> list[dict[str, Any]]:
    """One GROUP BY (county, 细分行业 list, 规上 flag) with the count at or above ``min_level`` — the few
    groups (one per county × distinct combination) the KPI rolls up. Shared by the live widget and the
    background summary."""
    groups: list[dict[str, Any]] = _dicts(
        qs.filter(above_scale__isnull=False)
        .values("org__region_id", "sub_industries", "above_scale")
        .annotate(n=Count("id"), ok=Count("id", filter=_reached_level_q(min_level)))
        .order_by()
    )
    return groups


def kpi_cells(groups: list[dict[str, Any]]) -> dict[tuple[int, str], list[int]]:
    """(county, "<细分行业>|a" or "|b") → [enterprises, at target level]; an enterprise counts once per
    细分行业 it lists."""
    out: dict[tuple[int, str], list[int]] = {}
    for g in groups:
        flag = "a" if g["above_scale"] else "b"
        for value in sorted(set(g["sub_industries"] or [])):
            cell = out.setdefault((g["org__region_id"], f"{value}|{flag}"), [0, 0])
            cell[0] += g["n"]
            cell[1] += g["ok"]
    return out


def _kpi_totals(user: Any, min_level: int) -> dict[str, list[int]]:
    """ "<细分行业>|a|b" → [enterprises, reached] over the user's scope: from the background summary when it
    is fresh and the scope is a set of regions, else one live GROUP BY."""
    from smedt.insights import summary

    totals: dict[str, list[int]] = {}
    cells = summary.read("kpi", user=user, code="enterprises.view_profile", params={"min_level": min_level})
    if cells is not None:
        for key, count, value, _peak in cells:
            t = totals.setdefault(key, [0, 0])
            t[0] += count
            t[1] += value
        return totals
    for (_region, key), (n, ok) in kpi_cells(
        kpi_groups(EnterpriseProfile.objects.visible_to(user, "view"), min_level)
    ).items():
        t = totals.setdefault(key, [0, 0])
        t[0] += n
        t[1] += ok
    return totals


def kpi(*, user: Any) -> dict[str, Any]:
    """Per 细分行业: 规上 enterprises at level ≥ the target level against the target share.

    One GROUP BY (county, 细分行业 list, 规上 flag) with the reached count — or the same figures kept by
    the background summary (``insights.summary``) — rolled up per 细分行业 here."""
    kp = config.pilot_kpi()
    subs = sub_industries()
    totals = _kpi_totals(user, kp.min_level)
    rows = []
    for value, label in subs:
        total, ok = totals.get(f"{value}|a", [0, 0])
        below_total, below_ok = totals.get(f"{value}|b", [0, 0])
        needed = int((kp.min_share_pct * total / 100).to_integral_value(rounding="ROUND_CEILING"))
        rows.append(
            {
                "value": value,
                "label": label,
                "above_total": total,
                "above_reached": ok,
                "above_below": total - ok,
                "above_share": _share(ok, total),
                "gap_to_target": max(0, needed - ok),
                "met": bool(total) and ok >= needed,
                "below_scale_total": below_total,
                "below_scale_reached": below_ok,
                "below_scale_share": _share(below_ok, below_total),
            }
        )
    return {
        "metric": kp.metric,
        "target_level": kp.min_level,
        "target_level_label": LEVEL_LABELS[kp.min_level],
        "target_share": kp.min_share_pct,
        "below_scale_target": kp.below_scale_target,
        "pilot_ends_on": kp.ends_on.isoformat(),
        "pilot_ends_on_confirmed": kp.ends_on_confirmed,
        "industries": rows,
    }


def kpi_below_queryset(*, user: Any, filters: Any) -> QuerySet[EnterpriseProfile]:
    """规上 enterprises of a 细分行业 still below the target level, with the level they have."""
    kp = config.pilot_kpi()
    in_flight = Project.objects.filter(enterprise_id=OuterRef("org_id")).filter(
        Q(stage_q("filing")) | Q(stage_q("implementation")) | Q(stage_q("acceptance"))
    )
    qs = (
        EnterpriseProfile.objects.visible_to(user, "view")
        .filter(above_scale=True)
        .select_related("org__region")
        .exclude(_reached_level_q(kp.min_level))
        .annotate(level=_level_sub(), in_flight=Exists(in_flight))
    )
    if filters.sub_industry:
        qs = qs.filter(_sub_q("sub_industries", filters.sub_industry))
    if filters.region_code:
        qs = qs.filter(org__region__code=filters.region_code)
    return qs.order_by("org__region__code", "org__name", "id")


def kpi_below_row(p: EnterpriseProfile) -> dict[str, Any]:
    kp = config.pilot_kpi()
    level: int | None = p.level  # type: ignore[attr-defined]  # annotation
    return {
        "org_id": p.org_id,
        "org_name": p.org.name,
        "region_name": p.org.region.name,
        "level": level,
        "level_label": LEVEL_LABELS.get(level or 0, "未评测"),
        "gap": (kp.min_level - level) if level else None,
        "gap_label": f"差 {kp.min_level - level} 级" if level else "尚无评测结果",
        "in_flight": p.in_flight,  # type: ignore[attr-defined]  # annotation
    }


STEP_PAIRS: tuple[tuple[str, str, str, str], ...] = (
    ("confirm", "服务商确认需求", "create", "confirm"),
    ("contract", "合同签署", "confirm", "contract_signed"),
    ("diagnosis", "诊断实施", "contract_signed", "confirm_report"),
    ("filing", "备案审核", "submit_filing", "filing_approved"),
    ("implementation", "改造实施", "filing_approved", "complete"),
    ("acceptance", "验收审核", "apply_acceptance", "acceptance_approved"),
)


def _micros(value: Any) -> int:
    """A duration aggregate as whole microseconds (PostgreSQL answers intervals, SQLite microseconds)."""
    if value is None:
        return 0
    if isinstance(value, dt.timedelta):
        return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    return int(Decimal(str(value)))


def durations_aggregate(projects: QuerySet[Any]) -> dict[str, tuple[int, int, int]]:
    """Step → (projects that passed it, total microseconds, longest microseconds) over the given projects:
    the first time of every action per project in one GROUP BY, aggregated over it in the same statement."""
    actions = sorted({a for _k, _l, start, end in STEP_PAIRS for a in (start, end)})
    per_project = (
        ProjectEvent.objects.filter(project__in=projects.values("pk"), action__in=actions)
        .values("project_id")
        .annotate(**{f"e_{a}": Min("created_at", filter=Q(action=a)) for a in actions})
        .order_by()
    )
    aggs: dict[str, Any] = {}
    for key, _label, start, end in STEP_PAIRS:
        both = Q(**{f"e_{start}__isnull": False, f"e_{end}__isnull": False})
        spent = ExpressionWrapper(F(f"e_{end}") - F(f"e_{start}"), output_field=DurationField())
        aggs[f"sum_{key}"] = Sum(spent, filter=both)
        aggs[f"n_{key}"] = Count("project_id", filter=both)
        aggs[f"max_{key}"] = Max(spent, filter=both)
    r = per_project.aggregate(**aggs)
    return {k: (r[f"n_{k}"], _micros(r[f"sum_{k}"]), _micros(r[f"max_{k}"])) for k, _l, _s, _e in STEP_PAIRS}


def durations(*, user: Any) -> dict[str, Any]:
    """Average and longest time in each step (first entry → first exit) over the projects that passed it —
    live, or from the background summary (per county: count, total and longest time, which add up exactly)."""
    from smedt.insights import summary

    cells = summary.read("durations", user=user, code="projects.view_project", params={})
    steps: dict[str, tuple[int, int, int]]
    if cells is None:
        steps = durations_aggregate(Project.objects.visible_to(user, "view"))
    else:
        acc: dict[str, list[int]] = {k: [0, 0, 0] for k, _l, _s, _e in STEP_PAIRS}
        for key, count, value, peak in cells:
            if key in acc:
                acc[key][0] += count
                acc[key][1] += value
                acc[key][2] = max(acc[key][2], peak)
        steps = {k: (v[0], v[1], v[2]) for k, v in acc.items()}

    def days(micros: int) -> Decimal:
        return (Decimal(micros) / 86_400_000_000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    out = []
    for k, label, _s, _e in STEP_PAIRS:
        n, total, peak = steps[k]
        out.append(
            {
                "key": k,
                "label": label,
                "projects": n,
                "avg_days": days(total // n if n else 0) if n else None,
                "max_days": days(peak) if n else None,
            }
        )
    return {"steps": out}


FORECAST_METHOD = (
    "预测占比 =（已达{level}及以上的规上企业数 + 正在备案、实施或验收中的未达标规上企业数 × 历史达标率）÷ 规上企业数。"
    "历史达标率 = 已办结的改造项目中，验收通过且改造后评测达{level}及以上的项目所占比例；"
    "试点结束日（{ends}）已过或尚无已办结项目时不作预测。"
)


def forecast(*, user: Any) -> dict[str, Any]:
    """Share at the pilot's end per 细分行业 from the projects in flight (method stated on screen)."""
    kp = config.pilot_kpi()
    base = kpi(user=user)
    after = Coalesce("after_onsite__level", "after_assessment__level")
    in_flight = Q(stage_q("filing")) | Q(stage_q("implementation")) | Q(stage_q("acceptance"))
    projects = Project.objects.visible_to(user, "view").filter(kind="transformation")
    r = projects.annotate(after_level=after).aggregate(
        finished=Count("id", filter=Q(status__in=["accepted", "acceptance_rejected"])),
        passed=Count("id", filter=Q(status="accepted", after_level__gte=kp.min_level)),
    )
    # in flight for a 规上 enterprise still below the target level: one GROUP BY 细分行业 over the projects in
    # flight (a few thousand), each tested with an indexed EXISTS / NOT EXISTS on its enterprise
    flight_by_sub = dict(
        projects.filter(in_flight)
        .filter(
            Exists(EnterpriseProfile.objects.filter(org_id=OuterRef("enterprise_id"), above_scale=True)),
            ~Exists(AnalysisEntry.objects.filter(org_id=OuterRef("enterprise_id"), level__gte=kp.min_level)),
        )
        .values("sub_industry")
        .annotate(n=Count("enterprise_id", distinct=True))
        .order_by()
        .values_list("sub_industry", "n")
    )
    rate = (Decimal(r["passed"]) / Decimal(r["finished"])) if r["finished"] else None
    open_window = timezone.localdate() <= kp.ends_on
    rows = []
    for row in base["industries"]:
        flight = flight_by_sub.get(row["value"], 0)
        predicted = None
        if rate is not None and open_window and row["above_total"]:
            expected = Decimal(row["above_reached"]) + Decimal(flight) * rate
            predicted = (expected * 100 / Decimal(row["above_total"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        rows.append(
            {
                "value": row["value"],
                "label": row["label"],
                "current_share": row["above_share"],
                "in_flight": flight,
                "forecast_share": predicted,
                "target_share": kp.min_share_pct,
            }
        )
    return {
        "method": FORECAST_METHOD.format(level=LEVEL_LABELS[kp.min_level], ends=kp.ends_on.isoformat()),
        "pass_rate": (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if rate is not None else None,
        "finished_projects": r["finished"],
        "pilot_ends_on": kp.ends_on.isoformat(),
        "industries": rows,
    }


# --- public portal and headline ---------------------------------------------------------------------------------


def pilot_enterprise_count() -> int:
    """Portal headline: enterprises in the pilot library (active), a public figure."""
    return PilotEnterprise.objects.dangerously_unscoped().filter(status=PilotStatus.ACTIVE).count()


def public_summary() -> dict[str, Any]:
    """Aggregates for the portal: counts only, no enterprise, person or amount."""

    def compute() -> dict[str, Any]:
        pilot_rows = (
            PilotEnterprise.objects.dangerously_unscoped()
            .filter(status=PilotStatus.ACTIVE)
            .values("region__code", "region__name", "sub_industry")
            .annotate(n=Count("id"))
            .order_by()
        )
        counties: dict[str, dict[str, Any]] = {}
        industries: dict[str, int] = {}
        for r in pilot_rows:
            c = counties.setdefault(
                r["region__code"], {"code": r["region__code"], "name": r["region__name"], "count": 0}
            )
            c["count"] += r["n"]
            industries[r["sub_industry"]] = industries.get(r["sub_industry"], 0) + r["n"]
        stage_rows = (
            Project.objects.dangerously_unscoped()
            .annotate(stage=_stage_case())
            .values("stage")
            .annotate(n=Count("id"))
            .order_by()
        )
        stages = {s: 0 for s in workflow.STAGE_LABELS}
        for sr in stage_rows:
            stages[sr["stage"]] += sr["n"]
        labels = dict(sub_industries())
        providers_n = (
            ProviderPoolMember.objects.dangerously_unscoped()
            .filter(status__in=[PoolStatus.ACTIVE, PoolStatus.WARNED])
            .count()
        )
        kp = config.pilot_kpi()
        return {
            "pilot_enterprises": sum(c["count"] for c in counties.values()),
            "providers": providers_n,
            "counties": sorted(counties.values(), key=lambda c: c["code"]),
            "industries": [
                {"label": labels.get(v, v), "count": n} for v, n in sorted(industries.items(), key=lambda x: -x[1])
            ],
            "stages": [
                {"stage": s, "label": workflow.STAGE_LABELS[s], "count": n} for s, n in stages.items() if s != "closed"
            ],
            "target_share": kp.min_share_pct,
            "target_level_label": LEVEL_LABELS[kp.min_level],
        }

    return cached("public", "all", compute)
