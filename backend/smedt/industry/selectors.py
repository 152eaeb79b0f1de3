"""Reads of the industry module: chains, members, reports (scoped lists and details), and the SQL
aggregates behind 线上监测, 对标分析 and 成效展示."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from smedt.core import dbcompat
from smedt.core.errors import NotFound, ValidationFailed
from smedt.industry import config, summary
from smedt.industry.errors import IndustryErrorCode
from smedt.industry.models import (
    Chain,
    ChainLink,
    ChainMember,
    MemberRole,
    OperatingReport,
    ReportImport,
    ReportStatus,
    ReportValue,
    Stage,
)
from smedt.orgs.models import Organization
from smedt.orgs.selectors import org_name_q
from smedt.rbac.grants import user_grants

CENT = Decimal("0.01")
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.CONFIRMED)
TREND_PERIODS = 12


def q2(value: Any) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def period_or_422(code: str | None, *, default: config.Period | None = None) -> config.Period:
    if not code:
        return default or config.period_current_due(timezone.localdate())
    period = config.period_parse(code)
    if period is None:
        raise ValidationFailed(
            code=IndustryErrorCode.INVALID_PERIOD,
            message="报送期格式不正确",
            details={"fields": {"period": "报送期格式不正确"}},
        )
    return period


# --- chains ---------------------------------------------------------------------------------------------


def chain_list(*, user: Any) -> QuerySet[Chain]:
    return (
        Chain.objects.visible_to(user, "view")
        .select_related("region")
        .annotate(
            member_count=Count("members", distinct=True),
            model_count=Count("members", filter=Q(members__role=MemberRole.MODEL), distinct=True),
            follower_count=Count("members", filter=Q(members__role=MemberRole.FOLLOWER), distinct=True),
        )
    )


def chain_get(*, user: Any, chain_id: int, action: str = "view") -> Chain:
    chain = Chain.objects.visible_to(user, action).select_related("region").filter(pk=chain_id).first()
    if chain is None:
        raise NotFound("产业链不存在或无权访问")
    return chain


def link_get(*, user: Any, chain: Chain, link_id: int) -> ChainLink:
    link = chain.links.filter(pk=link_id).first()
    if link is None:
        raise NotFound("环节不存在")
    return link


def member_list(
    *, user: Any, chain: Chain, link_id: int | None = None, role: str | None = None, q: str | None = None
) -> QuerySet[ChainMember]:
    qs = ChainMember.objects.visible_to(user, "view").filter(chain=chain).select_related("org__region", "link")
    if link_id:
        qs = qs.filter(link_id=link_id)
    if role:
        qs = qs.filter(role=role)
    if q:
        qs = qs.filter(org_name_q(q, "org"))
    return qs


def member_get(*, user: Any, member_id: int, action: str = "view") -> ChainMember:
    member = (
        ChainMember.objects.visible_to(user, action)
        .select_related("chain__region", "link", "org__region")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise NotFound("链上企业不存在或无权访问")
    return member


def member_out(m: ChainMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "chain_id": m.chain_id,
        "link_id": m.link_id,
        "link_name": m.link.name,
        "stage": m.link.stage,
        "stage_label": Stage(m.link.stage).label,
        "org_id": m.org_id,
        "org_name": m.org.name,
        "region_name": m.org.region.name,
        "role": m.role,
        "role_label": MemberRole(m.role).label,
        "transformed_on": m.transformed_on,
    }


def memberships_of(org_id: int) -> list[ChainMember]:
    return list(ChainMember.objects.filter(org_id=org_id).select_related("chain", "link").order_by("chain__sort"))


# --- reports ---------------------------------------------------------------------------------------------


def report_list(
    *,
    user: Any,
    period: str | None = None,
    status: str | None = None,
    chain_id: int | None = None,
    flagged: bool | None = None,
    org_id: int | None = None,
    region_code: str | None = None,
) -> QuerySet[OperatingReport]:
    qs = OperatingReport.objects.visible_to(user, "view").select_related("org", "region")
    if period:
        qs = qs.filter(period=period)
    if status:
        qs = qs.filter(status=status)
    if chain_id:
        qs = qs.filter(Exists(ChainMember.objects.filter(chain_id=chain_id, org_id=OuterRef("org_id"))))
    if flagged is not None:
        qs = qs.filter(flagged__gt=0) if flagged else qs.filter(flagged=0)
    if org_id:
        qs = qs.filter(org_id=org_id)
    if region_code:
        qs = qs.filter(region__code=region_code)
    return qs


def report_get(*, user: Any, report_id: int) -> OperatingReport:
    report = (
        OperatingReport.objects.visible_to(user, "view").select_related("org", "region").filter(pk=report_id).first()
    )
    if report is None:
        raise NotFound("报送记录不存在或无权访问")
    return report


def report_actions(user: Any, report: OperatingReport) -> list[str]:
    grants = user_grants(user)
    actions = []
    if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED) and grants.grant("industry.report").covers(
        org_id=report.org_id
    ):
        actions += ["save", "submit"]
    if (
        report.status == ReportStatus.SUBMITTED
        and grants.grant("industry.confirm_report").covers(region_path=report.region.path)
        and user.pk != report.submitted_by_id
    ):
        actions += ["confirm", "return"]
    return actions


def _label(period: str) -> str:
    p = config.period_parse(period)
    return p.label if p else period


def report_out(r: OperatingReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "org_id": r.org_id,
        "org_name": r.org.name,
        "region_name": r.region.name,
        "period": r.period,
        "period_label": _label(r.period),
        "status": r.status,
        "status_label": ReportStatus(r.status).label,
        "flagged": r.flagged,
        "due_on": r.due_on,
        "late": (r.submitted_at is not None and timezone.localdate(r.submitted_at) > r.due_on)
        or (r.submitted_at is None and timezone.localdate() > r.due_on),
        "submitted_at": r.submitted_at,
        "confirmed_at": r.confirmed_at,
        "review_note": r.review_note,
    }


def report_detail(user: Any, r: OperatingReport) -> dict[str, Any]:
    known = config.indicator_map()
    values = []
    for v in r.values.all():
        ind = known.get(v.indicator)
        values.append(
            {
                "indicator": v.indicator,
                "name": ind.name if ind else v.indicator,
                "unit": ind.unit if ind else "",
                "value": v.value,
                "previous": v.previous,
                "change_pct": v.change_pct,
                "flagged": v.flagged,
                "explanation": v.explanation,
            }
        )
    return report_out(r) | {"values": values, "allowed_actions": report_actions(user, r)}


def import_get(*, user: Any, job_id: int) -> ReportImport:
    job = ReportImport.objects.visible_to(user, "view").filter(pk=job_id).first()
    if job is None:
        raise NotFound("导入任务不存在或无权访问")
    return job


# --- 线上监测 ----------------------------------------------------------------------------------------------


def _monitored(user: Any, period: config.Period, drop_pct: Decimal, chain_id: int | None) -> QuerySet[ChainMember]:
    """The visible members with their report of the period and the one before joined in (at most one each:
    one report per enterprise and period), so every monitoring state is a column test the planner can run as
    one join instead of per-member subqueries. "Dropped" reads the report's lowest change
    (``min_change_pct``, kept by ``services.report_save``)."""
    prev = config.period_previous(period)
    due_end = timezone.make_aware(dt.datetime.combine(period.due_on, dt.time.max))
    qs = ChainMember.objects.visible_to(user, "monitor")
    if chain_id:
        qs = qs.filter(chain_id=chain_id)
    return qs.annotate(
        cur=FilteredRelation("org__industry_reports", condition=Q(org__industry_reports__period=period.code)),
        prv=FilteredRelation("org__industry_reports", condition=Q(org__industry_reports__period=prev.code)),
    ).annotate(
        rep_id=F("cur__id"),
        rep_status=F("cur__status"),
        rep_submitted_at=F("cur__submitted_at"),
        rep_flagged=F("cur__flagged"),
        dropped=Case(
            When(cur__status__in=REPORTED, cur__min_change_pct__lt=-drop_pct, then=Value(True)),
            default=Value(False),
        ),
        prev_reported=Case(When(prv__status__in=REPORTED, then=Value(True)), default=Value(False)),
        is_reported=Case(When(cur__status__in=REPORTED, then=Value(True)), default=Value(False)),
        is_late=Case(
            When(cur__submitted_at__gt=due_end, then=Value(True)),
            When(cur__submitted_at__isnull=True, then=Value(timezone.now() > due_end)),
            default=Value(False),
        ),
    )


MONITOR_STATES = {
    "reported": Q(is_reported=True),
    "missing": Q(is_reported=False),
    "late": Q(is_late=True),
    "flagged": Q(rep_flagged__gt=0),
    "dropped": Q(dropped=True),
    "missing_twice": Q(is_reported=False, prev_reported=False),
    "unconfirmed": Q(rep_status=ReportStatus.SUBMITTED),
}


def monitoring_summary(
    *, user: Any, period: config.Period, by: str, drop_pct: Decimal, chain_id: int | None = None
) -> tuple[list[dict[str, Any]], dt.datetime | None]:
    """The monitoring rows and when their cells were computed: added up from the background summary cells
    when they can answer (``industry.summary``), else live (then the time is None)."""
    if summary.same_drop(drop_pct) and summary.in_window(period):
        if by == "county":
            prefixes: tuple[str, ...] = (f"m{chain_id or '*'}|{period.code}|",)
        elif chain_id:
            prefixes = (f"m{chain_id}|{period.code}|",)
        else:
            prefixes = tuple(f"m{c}|{period.code}|" for c in Chain.objects.order_by("id").values_list("id", flat=True))
        cells = summary.read(user, prefixes)
        if cells is not None:
            return _monitoring_from_cells(cells[1], period, by), cells[0]
    return monitoring(user=user, period=period, by=by, drop_pct=drop_pct, chain_id=chain_id), None


def _monitoring_from_cells(
    cells: list[tuple[int, str, int, int, int]], period: config.Period, by: str
) -> list[dict[str, Any]]:
    late_unsubmitted = timezone.now() > summary.due_end(period)
    groups: dict[Any, dict[str, int]] = {}
    for region_id, key, count, _value, _peak in cells:
        head, _period, status, sub, flagged, dropped, prev = key.split("|")
        group = groups.setdefault(region_id if by == "county" else int(head[1:]), dict.fromkeys(MONITOR_COUNTS, 0))
        reported = status in REPORTED
        group["expected"] += count
        group["reported" if reported else "missing"] += count
        group["confirmed"] += count if status == ReportStatus.CONFIRMED else 0
        group["unconfirmed"] += count if status == ReportStatus.SUBMITTED else 0
        group["late"] += count if sub == "l" or (sub == "n" and late_unsubmitted) else 0
        group["flagged"] += count if flagged == "1" else 0
        group["dropped"] += count if dropped == "1" else 0
        group["missing_twice"] += count if not reported and prev == "0" else 0
    if by == "county":
        from smedt.regions.models import Region

        names = {
            r: (code, name) for r, code, name in Region.objects.filter(pk__in=groups).values_list("id", "code", "name")
        }
        keyed = sorted((names[r], g) for r, g in groups.items())
    else:
        chains = dict(Chain.objects.filter(pk__in=groups).values_list("id", "name"))
        keyed = [((str(c), chains[c]), groups[c]) for c in sorted(groups)]
    return [_monitor_row(key, name, g) for (key, name), g in keyed]


MONITOR_COUNTS = (
    "expected",
    "reported",
    "confirmed",
    "unconfirmed",
    "missing",
    "late",
    "flagged",
    "dropped",
    "missing_twice",
)


def _monitor_row(key: str, name: str, r: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        **{k: r[k] for k in MONITOR_COUNTS},
        "rate": q2(Decimal(r["reported"]) * 100 / r["expected"]) if r["expected"] else "0.00",
    }


def monitoring(
    *, user: Any, period: config.Period, by: str, drop_pct: Decimal, chain_id: int | None = None
) -> list[dict[str, Any]]:
    """Live: one GROUP BY over the scoped members (the answer the summary cells must equal)."""
    qs = _monitored(user, period, drop_pct, chain_id)
    group = ("chain_id", "chain__name") if by == "chain" else ("org__region__code", "org__region__name")
    rows = (
        qs.values(*group)
        .annotate(
            expected=Count("org_id", distinct=True),
            **{state: Count("org_id", filter=cond, distinct=True) for state, cond in MONITOR_STATES.items()},
            confirmed=Count("org_id", filter=Q(rep_status=ReportStatus.CONFIRMED), distinct=True),
        )
        .order_by(*group)
    )
    return [_monitor_row(str(r[group[0]]), r[group[1]], r) for r in rows]


def monitoring_members(
    *, user: Any, period: config.Period, drop_pct: Decimal, chain_id: int | None, state: str | None
) -> QuerySet[ChainMember]:
    qs = _monitored(user, period, drop_pct, chain_id).select_related("org__region", "chain", "link")
    if state:
        qs = qs.filter(MONITOR_STATES[state])
    return qs


def monitoring_member_out(m: Any) -> dict[str, Any]:
    return {
        "member_id": m.pk,
        "org_id": m.org_id,
        "org_name": m.org.name,
        "region_name": m.org.region.name,
        "chain_name": m.chain.name,
        "link_name": m.link.name,
        "role_label": MemberRole(m.role).label,
        "report_id": m.rep_id,
        "status": m.rep_status or "",
        "status_label": ReportStatus(m.rep_status).label if m.rep_status else "未报送",
        "submitted_at": m.rep_submitted_at,
        "late": bool(m.is_late),
        "flagged": m.rep_flagged or 0,
        "dropped": bool(m.dropped),
        "missing_twice": not m.is_reported and not m.prev_reported,
    }


# --- 线上对标分析 ------------------------------------------------------------------------------------------


def benchmark_org(*, user: Any, org_id: int) -> Organization:
    org = Organization.objects.select_related("region").filter(pk=org_id).first()
    grant = user_grants(user).grant("industry.view_benchmark")
    if org is None or not grant.covers(org_id=org.pk, region_path=org.region.path):
        raise NotFound("企业不存在或无权访问")
    return org


QUARTILES = ((1, 4), (1, 2), (3, 4))


def _share(at_or_below: int, n: int) -> Decimal | None:
    """Share (%) of the group at or below the enterprise's value."""
    if not n:
        return None
    return (Decimal(at_or_below) * 100 / n).quantize(CENT, rounding=ROUND_HALF_UP)


def _group_stats(values: QuerySet[ReportValue], mine: dict[str, Decimal]) -> dict[str, dict[str, Any]]:
    """Per indicator of one peer group: n, quartiles (SQL percentiles, core.dbcompat), average (exact: the sum
    over n) and how many peers are at or below the enterprise's own value."""
    quartiles = dbcompat.percentiles(values, value="value", group_by=("indicator",), fractions=QUARTILES)
    sums = dict(
        values.order_by()
        .values("indicator")
        .annotate(total=Sum("value", output_field=DecimalField(max_digits=20, decimal_places=2)))
        .values_list("indicator", "total")
    )
    out: dict[str, dict[str, Any]] = {}
    for (indicator,), (n, (p25, median, p75)) in quartiles.items():
        out[indicator] = {
            "n": n,
            "p25": _cent(p25),
            "median": _cent(median),
            "p75": _cent(p75),
            "average": _mean(sums.get(indicator), n),
            "le": 0,
        }
    _add_ranks(out, values, mine)
    return out


def _cent(value: Decimal | None) -> Decimal | None:
    """A percentile as shown (to the cent, half up): what the cells keep, so both paths show the same."""
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _mean(total: Any, n: int) -> Decimal | None:
    """An exact average: a sum over a count (None for no figures)."""
    return None if total is None or not n else Decimal(total) / n


def _add_ranks(stats: dict[str, dict[str, Any]], values: QuerySet[ReportValue], mine: dict[str, Decimal]) -> None:
    """How many of the group's values are at or below the enterprise's own, per indicator (one grouped count)."""
    if not mine or not stats:
        return
    at_or_below = Q(pk__in=[])
    for code, own in mine.items():
        if code in stats:
            at_or_below |= Q(indicator=code, value__lte=own)
    for indicator, le in (
        values.filter(at_or_below)
        .order_by()
        .values("indicator")
        .annotate(le=Count("id"))
        .values_list("indicator", "le")
    ):
        stats[indicator]["le"] = le


def _add_group_ranks(
    stats: dict[str, dict[str, dict[str, Any]]],
    groups: dict[str, tuple[str, Any]],
    period_values: QuerySet[ReportValue],
    mine: dict[str, Decimal],
) -> None:
    """The enterprise's rank in each peer group (values at or below its own), in one pass over its chain for
    the chain, its link and the model enterprises (both inside the chain) and one over its size class."""
    if not mine:
        return
    at_or_below = Q(pk__in=[])
    for code, own in mine.items():
        at_or_below |= Q(indicator=code, value__lte=own)
    passes: list[tuple[Any, dict[str, Any]]] = []
    if "chain" in groups:
        inside: dict[str, Any] = {key: groups[key][1] for key in ("link", "model") if key in groups}
        passes.append((groups["chain"][1], {"chain": None, **inside}))
    if "size" in groups:
        passes.append((groups["size"][1], {"size": None}))
    for orgs, members in passes:
        counts = {
            key: Count("id") if sub is None else Count("id", filter=Q(report__org_id__in=sub))
            for key, sub in members.items()
        }
        ranked: Any = period_values.filter(at_or_below, report__org_id__in=orgs).order_by().values("indicator")
        rows: list[dict[str, Any]] = list(ranked.annotate(**counts))
        for row in rows:
            for key in members:
                if row["indicator"] in stats[key]:
                    stats[key][row["indicator"]]["le"] = row[key]


def _size_class(org_id: int) -> tuple[str, int | None]:
    from smedt.enterprises.models import EnterpriseYearFigure

    fig = (
        EnterpriseYearFigure.objects.filter(profile__org_id=org_id)
        .exclude(size_class="")
        .order_by("-year")
        .values("size_class", "year")
        .first()
    )
    return (fig["size_class"], fig["year"]) if fig else ("", None)


def _size_peers(size_class: str, year: int) -> QuerySet[Any]:
    from smedt.enterprises.models import EnterpriseYearFigure

    return EnterpriseYearFigure.objects.filter(year=year, size_class=size_class).values("profile__org_id")


# background cells of the peer groups (insights.summary): ``<group>|<period>|<indicator>|q`` n / p25 / median
# and ``…|r`` n / sum / p75 (hundredths), group = c<chain>, l<link>, m<chain> (样板企业), z<size>:<year>
BENCHMARK_WIDGET = "ind_benchmark"
BENCHMARK_LAYOUT = 1
BENCHMARK_PERIODS = 16  # periods kept, back from the current one; older ones compute live


def _benchmark_params(today: dt.date) -> dict[str, Any]:
    codes = [p.code for p in config.periods_back(config.period_of(today), BENCHMARK_PERIODS)]
    return {"layout": BENCHMARK_LAYOUT, "periods": codes}


def _cents(value: Decimal | None) -> int:
    return 0 if value is None else int((Decimal(value) * 100).to_integral_value())


def benchmark_cells() -> tuple[dict[str, Any], list[Any]]:
    """The quartiles, count and sum of every peer group × period × indicator over the confirmed values of the
    kept periods (run by the insights summary refresh, in the background)."""
    from django.db.models.functions import Cast, Concat

    from smedt.insights.models import SummaryCell
    from smedt.regions.models import Region

    params = _benchmark_params(timezone.localdate())
    confirmed = ReportValue.objects.filter(report__status=ReportStatus.CONFIRMED, report__period__in=params["periods"])
    root = Region.objects.order_by("depth", "path").values_list("id", flat=True).first()
    chain_region = dict(Chain.objects.values_list("id", "region_id"))
    link_chain = dict(ChainLink.objects.values_list("id", "chain_id"))
    membership = "report__org__industry_memberships__"
    figure = "report__org__enterprise_profile__figures__"
    specs: list[tuple[str, Any, Any]] = [
        ("c", confirmed.annotate(g=F(f"{membership}chain_id")), chain_region.get),
        ("l", confirmed.annotate(g=F(f"{membership}link_id")), lambda g: chain_region.get(link_chain.get(g, 0))),
        (
            "m",
            confirmed.annotate(g=F(f"{membership}chain_id"), grole=F(f"{membership}role")).filter(
                grole=MemberRole.MODEL
            ),
            chain_region.get,
        ),
        (
            "z",
            confirmed.annotate(
                zs=F(f"{figure}size_class"),
                g=Concat(
                    F(f"{figure}size_class"),
                    Value(":"),
                    Cast(F(f"{figure}year"), CharField()),
                    output_field=CharField(),
                ),
            ).filter(zs__gt=""),
            lambda g: root,
        ),
    ]
    cells: list[SummaryCell] = []
    for prefix, qs, region_of in specs:
        qs = qs.filter(g__isnull=False)
        quartiles = dbcompat.percentiles(
            qs, value="value", group_by=("g", "report__period", "indicator"), fractions=QUARTILES
        )
        sums = {
            (r["g"], r["report__period"], r["indicator"]): r["total"]
            for r in qs.order_by()
            .values("g", "report__period", "indicator")
            .annotate(total=Sum("value", output_field=DecimalField(max_digits=20, decimal_places=2)))
        }
        for (g, period, indicator), (n, (p25, median, p75)) in quartiles.items():
            region = region_of(g)
            if region is None:
                continue
            key = f"{prefix}{g}|{period}|{indicator}"
            cells.append(
                SummaryCell(
                    widget=BENCHMARK_WIDGET,
                    region_id=region,
                    key=f"{key}|q",
                    count=n,
                    value=_cents(_cent(p25)),
                    peak=_cents(_cent(median)),
                )
            )
            cells.append(
                SummaryCell(
                    widget=BENCHMARK_WIDGET,
                    region_id=region,
                    key=f"{key}|r",
                    count=n,
                    value=_cents(sums.get((g, period, indicator))),
                    peak=_cents(_cent(p75)),
                )
            )
    return params, cells


def _stats_from_cells(
    groups: dict[str, str], codes: list[str], indicators: list[str]
) -> dict[tuple[str, str], dict[str, dict[str, Any]]] | None:
    """{(group key, period): {indicator: stats}} from the cells, or None when they cannot answer (stale, or a
    period they do not keep)."""
    from smedt.insights import summary

    params = _benchmark_params(timezone.localdate())
    if any(c not in params["periods"] for c in codes):
        return None
    keys = [f"{g}|{c}|{i}|{part}" for g in groups.values() for c in codes for i in indicators for part in "qr"]
    rows = summary.read_unscoped(BENCHMARK_WIDGET, params=params, keys=keys)
    if rows is None:
        return None
    back = {v: k for k, v in groups.items()}
    out: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for key, count, value, peak in rows:
        g, period, indicator, part = key.rsplit("|", 3)
        st = out.setdefault((back[g], period), {}).setdefault(indicator, {"n": count, "le": 0})
        if part == "q":
            st["p25"], st["median"] = Decimal(value) / 100, Decimal(peak) / 100
        else:
            st["average"], st["p75"] = _mean(Decimal(value) / 100, count), Decimal(peak) / 100
    return out


def benchmark(*, user: Any, org: Organization, chain_id: int | None, period_code: str | None) -> dict[str, Any]:
    from smedt.enterprises.sizing import LABELS as SIZE_LABELS

    memberships = memberships_of(org.pk)
    member = next((m for m in memberships if m.chain_id == chain_id), memberships[0] if memberships else None)
    confirmed = ReportValue.objects.filter(report__status=ReportStatus.CONFIRMED)
    if period_code:
        period = period_or_422(period_code)
    else:
        latest = (
            OperatingReport.objects.filter(org=org, status=ReportStatus.CONFIRMED).order_by("-period_start").first()
        )
        period = period_or_422(latest.period if latest else None)
    mine = dict(confirmed.filter(report__org=org, report__period=period.code).values_list("indicator", "value"))
    size_class, size_year = _size_class(org.pk)
    groups: dict[str, tuple[str, Any]] = {}
    cell_groups: dict[str, str] = {}
    if member is not None:
        chain_orgs = ChainMember.objects.filter(chain_id=member.chain_id).values("org_id")
        groups["chain"] = (f"产业链：{member.chain.name}", chain_orgs)
        groups["link"] = (
            f"环节：{member.link.name}",
            ChainMember.objects.filter(link_id=member.link_id).values("org_id"),
        )
        groups["model"] = (
            "样板企业",
            ChainMember.objects.filter(chain_id=member.chain_id, role=MemberRole.MODEL).values("org_id"),
        )
        cell_groups = {"chain": f"c{member.chain_id}", "link": f"l{member.link_id}", "model": f"m{member.chain_id}"}
    if size_class and size_year:
        groups["size"] = (f"同规模：{SIZE_LABELS.get(size_class, size_class)}企业", _size_peers(size_class, size_year))
        cell_groups["size"] = f"z{size_class}:{size_year}"
    period_values = confirmed.filter(report__period=period.code)
    periods = config.periods_back(period, TREND_PERIODS)
    codes = [p.code for p in periods]
    indicator_codes = [i.code for i in config.indicators()]
    cells = _stats_from_cells(cell_groups, codes if member is not None else [period.code], indicator_codes)
    if cells is not None:
        stats = {key: cells.get((key, period.code), {}) for key in groups}
        _add_group_ranks(stats, groups, period_values, mine)
    else:
        stats = {
            key: _group_stats(period_values.filter(report__org_id__in=orgs), mine) for key, (_, orgs) in groups.items()
        }
    rows = []
    for ind in config.indicators():
        value = mine.get(ind.code)
        comparisons = []
        for key, (label, _orgs) in groups.items():
            st = stats[key].get(ind.code)
            n = st["n"] if st else 0
            comparisons.append(
                {
                    "group": key,
                    "label": label,
                    "n": n,
                    "percentile": None if value is None or st is None else q2(_share(st["le"], n)),
                    "p25": q2(st["p25"]) if st else None,
                    "median": q2(st["median"]) if st else None,
                    "p75": q2(st["p75"]) if st else None,
                    "average": q2(st["average"]) if st else None,
                }
            )
        rows.append(
            {"indicator": ind.code, "name": ind.name, "unit": ind.unit, "value": q2(value), "groups": comparisons}
        )
    own_series: dict[tuple[str, str], Decimal] = {
        (ind, per): v
        for ind, per, v in confirmed.filter(report__org=org, report__period__in=codes).values_list(
            "indicator", "report__period", "value"
        )
    }
    chain_medians: dict[tuple[str, str], Decimal | None] = {}
    if member is not None and cells is not None:
        chain_medians = {
            (ind, per): st["median"]
            for (key, per), by_ind in cells.items()
            if key == "chain"
            for ind, st in by_ind.items()
        }
    elif member is not None:
        chain_medians = {
            (ind, per): _cent(vals[0])
            for (ind, per), (_n, vals) in dbcompat.percentiles(
                confirmed.filter(report__org_id__in=groups["chain"][1], report__period__in=codes),
                value="value",
                group_by=("indicator", "report__period"),
                fractions=((1, 2),),
            ).items()
        }
    trend = [
        {
            "indicator": ind.code,
            "own": [q2(own_series.get((ind.code, c))) for c in codes],
            "chain_median": [q2(chain_medians.get((ind.code, c))) for c in codes],
        }
        for ind in config.indicators()
    ]
    return {
        "org_id": org.pk,
        "org_name": org.name,
        "period": period.code,
        "period_label": period.label,
        "chain_id": member.chain_id if member else None,
        "chain_name": member.chain.name if member else "",
        "link_name": member.link.name if member else "",
        "role_label": MemberRole(member.role).label if member else "",
        "size_label": SIZE_LABELS.get(size_class, "") if size_class else "",
        "chains": [{"id": m.chain_id, "name": m.chain.name} for m in memberships],
        "indicators": rows,
        "periods": codes,
        "trend": trend,
    }


# --- 成效展示 ---------------------------------------------------------------------------------------------


def results_live(*, user: Any, chain: Chain, indicator: str) -> dict[str, Any]:
    """The chain's results within the user's scope (a county sees its own enterprises on the chain), live:
    the SQL aggregates the summary cells must equal."""
    members = ChainMember.objects.visible_to(user, "monitor").filter(chain=chain)
    counts = members.aggregate(
        total=Count("id"),
        model=Count("id", filter=Q(role=MemberRole.MODEL)),
        follower=Count("id", filter=Q(role=MemberRole.FOLLOWER)),
        transformed=Count("id", filter=Q(transformed_on__isnull=False)),
    )
    link_counts: dict[int, dict[str, int]] = {
        r["link_id"]: {"enterprises": r["enterprises"], "models": r["models"]}
        for r in members.values("link_id").annotate(
            enterprises=Count("id"), models=Count("id", filter=Q(role=MemberRole.MODEL))
        )
    }
    by_link: list[dict[str, Any]] = [
        {
            **r,
            "enterprises": link_counts.get(r["id"], {}).get("enterprises", 0),
            "models": link_counts.get(r["id"], {}).get("models", 0),
        }
        for r in chain.links.values("id", "name", "stage")
    ]
    confirmed = ReportValue.objects.filter(
        report__status=ReportStatus.CONFIRMED, report__org_id__in=members.values("org_id")
    )
    latest = confirmed.order_by("-report__period_start").values_list("report__period", flat=True).first()
    totals: dict[str, Any] = {}
    series: dict[str, dict[str, Any]] = {}
    periods: list[str] = []
    if latest:
        periods = [p.code for p in config.periods_back(period_or_422(latest), TREND_PERIODS)]
        totals = dict(
            confirmed.filter(report__period=latest)
            .values("indicator")
            .annotate(total=Sum("value"), n=Count("report__org_id", distinct=True))
            .values_list("indicator", "total")
        )
        for ind, per, total, n in (
            confirmed.filter(report__period__in=periods)
            .values("indicator", "report__period")
            .annotate(total=Sum("value"), n=Count("report__org_id", distinct=True))
            .values_list("indicator", "report__period", "total", "n")
        ):
            series.setdefault(ind, {})[per] = (total, n)
        link_totals = dict(
            confirmed.filter(report__period=latest, indicator=indicator)
            .annotate(
                link_id=Subquery(
                    ChainMember.objects.filter(chain=chain, org_id=OuterRef("report__org_id")).values("link_id")[:1]
                )
            )
            .values("link_id")
            .annotate(total=Sum("value"))
            .values_list("link_id", "total")
        )
        for row in by_link:
            row["total"] = q2(link_totals.get(row["id"]))
    else:
        for row in by_link:
            row["total"] = None
    member_of = ChainMember.objects.filter(chain=chain, org_id=OuterRef("report__org_id"))
    phases = (
        confirmed.filter(indicator=indicator)
        .annotate(
            role=Subquery(member_of.values("role")[:1], output_field=CharField()),
            transformed_on=Subquery(member_of.values("transformed_on")[:1]),
        )
        .filter(role__in=(MemberRole.MODEL, MemberRole.FOLLOWER), transformed_on__isnull=False)
        .annotate(
            phase=Case(
                When(report__period_start__lt=F("transformed_on"), then=Value("before")),
                default=Value("after"),
                output_field=CharField(),
            )
        )
        .values("role", "phase")
        .annotate(total=Sum("value"), figures=Count("id"), n=Count("report__org_id", distinct=True))
        .order_by("role", "phase")
    )
    return _results_out(
        chain,
        indicator,
        counts=counts,
        by_link=by_link,
        latest=latest,
        totals=totals,
        series=series,
        periods=periods,
        phases=[
            {"role": r["role"], "phase": r["phase"], "average": _mean(r["total"], r["figures"]), "n": r["n"]}
            for r in phases
        ],
    )


def _results_out(
    chain: Chain,
    indicator: str,
    *,
    counts: dict[str, int],
    by_link: list[dict[str, Any]],
    latest: str | None,
    totals: dict[str, Any],
    series: dict[str, dict[str, Any]],
    periods: list[str],
    phases: list[dict[str, Any]],
) -> dict[str, Any]:
    known = config.indicator_map()
    return {
        "chain_id": chain.pk,
        "chain_name": chain.name,
        "indicator": indicator,
        "indicator_name": known[indicator].name,
        "unit": known[indicator].unit,
        "counts": counts,
        "links": [
            {
                "name": r["name"],
                "stage_label": Stage(r["stage"]).label,
                "enterprises": r["enterprises"],
                "models": r["models"],
                "total": r["total"],
            }
            for r in by_link
        ],
        "latest_period": latest or "",
        "latest_period_label": _label(latest) if latest else "",
        "totals": [
            {"indicator": i.code, "name": i.name, "unit": i.unit, "total": q2(totals.get(i.code))}
            for i in config.indicators()
        ],
        "periods": periods,
        "series": [
            {
                "indicator": i.code,
                "name": i.name,
                "totals": [q2(series.get(i.code, {}).get(p, (None, 0))[0]) for p in periods],
                "reporting": [series.get(i.code, {}).get(p, (None, 0))[1] for p in periods],
            }
            for i in config.indicators()
        ],
        "phases": [
            {
                "role": r["role"],
                "role_label": MemberRole(r["role"]).label,
                "phase": r["phase"],
                "phase_label": "改造前" if r["phase"] == "before" else "改造后",
                "average": q2(r["average"]),
                "enterprises": r["n"],
            }
            for r in phases
        ],
    }


def results(*, user: Any, chain: Chain, indicator: str) -> dict[str, Any]:
    """成效展示: added up from the background summary cells of the chain within the user's counties
    (``industry.summary``) when they can answer, else live; ``updated_at`` says when the cells were computed
    (None: live)."""
    cells = summary.read(user, (f"c{chain.pk}|", f"r{chain.pk}|"))
    if cells is None:
        return {**results_live(user=user, chain=chain, indicator=indicator), "updated_at": None}
    computed_at, rows = cells
    counts = {"total": 0, "model": 0, "follower": 0, "transformed": 0}
    link_counts: dict[int, dict[str, int]] = {}
    phase_acc: dict[tuple[str, str], list[int]] = {}
    figures: dict[tuple[str, str], list[int]] = {}  # (indicator, period) → [cents, reporting]
    link_cents: dict[tuple[str, int], int] = {}  # (period, link) → cents of the chosen indicator
    for _region, key, count, value, peak in rows:
        parts = key.split("|")
        if parts[0][0] == "c" and parts[1] == "k":
            link_id, role, transformed = int(parts[2]), parts[3], parts[4]
            counts["total"] += count
            counts["model"] += count if role == MemberRole.MODEL else 0
            counts["follower"] += count if role == MemberRole.FOLLOWER else 0
            counts["transformed"] += count if transformed == "1" else 0
            acc = link_counts.setdefault(link_id, {"enterprises": 0, "models": 0})
            acc["enterprises"] += count
            acc["models"] += count if role == MemberRole.MODEL else 0
        elif parts[0][0] == "c" and parts[1] == "p":
            if parts[4] == indicator:
                ph = phase_acc.setdefault((parts[2], parts[3]), [0, 0, 0])
                ph[0] += count
                ph[1] += value
                ph[2] += peak
        elif parts[0][0] == "r":
            period, link_id, ind = parts[1], int(parts[2]), parts[3]
            fig = figures.setdefault((ind, period), [0, 0])
            fig[0] += value
            fig[1] += count
            if ind == indicator:
                link_cents[(period, link_id)] = link_cents.get((period, link_id), 0) + value
    by_link: list[dict[str, Any]] = [
        {
            **r,
            "enterprises": link_counts.get(r["id"], {}).get("enterprises", 0),
            "models": link_counts.get(r["id"], {}).get("models", 0),
        }
        for r in chain.links.values("id", "name", "stage")
    ]
    reported_periods = {period for (_ind, period), (_c, n) in figures.items() if n}
    latest = max(reported_periods, key=lambda code: period_or_422(code).start) if reported_periods else None
    periods: list[str] = []
    totals: dict[str, Any] = {}
    series: dict[str, dict[str, Any]] = {}
    if latest:
        periods = [p.code for p in config.periods_back(period_or_422(latest), TREND_PERIODS)]
        totals = {ind: Decimal(c) / 100 for (ind, period), (c, n) in figures.items() if period == latest and n}
        for (ind, period), (c, n) in figures.items():
            if period in periods and n:
                series.setdefault(ind, {})[period] = (Decimal(c) / 100, n)
        for row in by_link:
            link_total = link_cents.get((latest, row["id"]))
            row["total"] = q2(None if link_total is None else Decimal(link_total) / 100)
    else:
        for row in by_link:
            row["total"] = None
    phases = [
        {"role": role, "phase": phase, "average": _mean(Decimal(cents) / 100, k), "n": n}
        for (role, phase), (n, cents, k) in sorted(phase_acc.items())
        if k
    ]
    out = _results_out(
        chain,
        indicator,
        counts=counts,
        by_link=by_link,
        latest=latest,
        totals=totals,
        series=series,
        periods=periods,
        phases=phases,
    )
    return {**out, "updated_at": computed_at}
