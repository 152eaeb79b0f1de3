"""综合分析: distribution of levels, dimension averages and trend — GROUP BY in SQL over ``AnalysisEntry``.

Which result counts for an enterprise: ``AnalysisEntry`` holds one row per organization — its
latest submitted **on-site rating** (现场评定, counts for acceptance) when it has one, otherwise
its latest submitted self-assessment; ``source`` says which. Filters apply to that current
result (e.g. a date range keeps the enterprises whose current result was submitted in it).
Every aggregate is one bounded query whatever the number of rows; the same code runs on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, DecimalField, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from smedt.assessment.definition import Definition, DefinitionInvalid
from smedt.assessment.errors import AssessmentErrorCode
from smedt.assessment.models import AnalysisEntry, IndicatorSet, IndicatorSetStatus, ResultSource, SizeBand
from smedt.assessment.selectors import indicator_set_definition
from smedt.core.aggcache import cached_aggregate
from smedt.core.errors import NotFound, ValidationFailed
from smedt.dicts.models import DictItem
from smedt.rbac.grants import user_grants
from smedt.regions.models import Region

if TYPE_CHECKING:
    from smedt.insights.models import SummaryCell

DEFAULT_CODE = "2024-manufacturing"
TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DIVISION_RE = re.compile(r"^\d{2}$")


def _bad(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        code=AssessmentErrorCode.INVALID_FILTER, message=message, details={"fields": {field: message}}
    )


def _local_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def indicator_sets_for(filters: Any) -> list[IndicatorSet]:
    """The versions analysed: the one asked for, else every version of the code (comparable scores)."""
    qs = IndicatorSet.objects.defer("definition")
    if getattr(filters, "indicator_set_id", None):
        found = list(qs.filter(pk=filters.indicator_set_id))
    else:
        code = getattr(filters, "indicator_set_code", None) or DEFAULT_CODE
        found = list(qs.filter(code=code).order_by("-imported_at"))
    if not found:
        raise NotFound("指标体系不存在", code=AssessmentErrorCode.INDICATOR_SET_NOT_FOUND)
    return found


def analysis_entries(
    *, user: Any, filters: Any, sets: Iterable[IndicatorSet], action: str = "view", bucket: bool = False
) -> QuerySet[AnalysisEntry]:
    """The current results in the user's region scope matching the filters (and, for drill-down, the bucket)."""
    qs = AnalysisEntry.objects.visible_to(user, action).filter(indicator_set_id__in=[s.pk for s in sets])
    if filters.region_code:
        region = Region.objects.filter(code=filters.region_code).values_list("path", flat=True).first()
        if region is None:
            raise _bad("region_code", "行政区划不存在")
        qs = qs.filter(region__path__startswith=region)
    if filters.division:
        if not _DIVISION_RE.match(filters.division):
            raise _bad("division", "行业大类应为 2 位数字，如 34")
        qs = qs.filter(industry_division=filters.division)
    if filters.size_band:
        if filters.size_band not in SizeBand.values:
            raise _bad("size_band", "企业规模不正确")
        qs = qs.filter(size_band=filters.size_band)
    if filters.date_from:
        qs = qs.filter(submitted_at__gte=_local_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(submitted_at__lt=_local_start(filters.date_to + dt.timedelta(days=1)))
    if filters.source:
        if filters.source not in ResultSource.values:
            raise _bad("source", "来源应为 self（企业自评）或 onsite（现场评定）")
        qs = qs.filter(source=filters.source)
    if bucket:
        if filters.level is not None:
            qs = qs.filter(level=filters.level)
        if filters.min_level is not None:
            qs = qs.filter(level__gte=filters.min_level)
        if filters.month:
            if not _MONTH_RE.match(filters.month):
                raise _bad("month", "月份格式应为 YYYY-MM")
            year, month = map(int, filters.month.split("-"))
            qs = qs.filter(submitted_month=dt.date(year, month, 1))
    return qs


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole) * 100).quantize(ONE_PLACE) if whole else Decimal(0)


def _avg(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TWO_PLACES)


def _levels(definition: Definition) -> list[tuple[int, str]]:
    return [(0, definition.no_level_name)] + [
        (r.level, r.name) for r in sorted(definition.level_rules, key=lambda r: r.level)
    ]


def _buckets(
    rows: Iterable[dict[str, Any]], key: str, levels: list[tuple[int, str]], at_or_above: int
) -> dict[Any, dict[str, Any]]:
    out: dict[Any, dict[str, Any]] = {}
    for row in rows:
        bucket = out.setdefault(row[key], {"total": 0, "levels": {lv: 0 for lv, _ in levels}})
        bucket["total"] += row["n"]
        bucket["levels"][row["level"]] = bucket["levels"].get(row["level"], 0) + row["n"]
    for bucket in out.values():
        high = sum(n for lv, n in bucket["levels"].items() if lv >= at_or_above)
        bucket["at_or_above"] = high
        bucket["at_or_above_share"] = _share(high, bucket["total"])
        bucket["levels"] = [
            {
                "level": lv,
                "name": name,
                "count": bucket["levels"].get(lv, 0),
                "share": _share(bucket["levels"].get(lv, 0), bucket["total"]),
            }
            for lv, name in levels
        ]
    return out


ANALYSIS_NAMESPACE = "assessment.analysis"


def analysis_summary(*, user: Any, filters: Any) -> dict[str, Any]:
    """The summary below, cached per scope and filters until an analysis entry changes (core.aggcache)."""
    grant = user_grants(user).grant("assessment.view_analysis")
    scope = (grant.is_global, sorted(grant.region_paths), sorted(grant.org_ids))
    key = (scope, filters.model_dump_json() if hasattr(filters, "model_dump_json") else repr(filters))
    return cached_aggregate(ANALYSIS_NAMESPACE, key, lambda: _analysis_summary(user=user, filters=filters))


def _analysis_summary(*, user: Any, filters: Any) -> dict[str, Any]:
    """Distribution of levels (overall, by county, by 行业大类, by size), dimension averages, trend by month.

    Answered from the background summary cells (``summary_cells``, refreshed with the insights summary)
    when they are fresh and the filters are ones the cells keep (indicator set, region, level threshold);
    otherwise with the GROUP BYs over the scoped entries. Both give the same figures."""
    sets = indicator_sets_for(filters)
    definitions = [
        indicator_set_definition(s) for s in sorted(sets, key=lambda s: s.status != IndicatorSetStatus.ACTIVE)
    ]
    main = definitions[0]
    levels = _levels(main)
    at_or_above = filters.at_or_above if filters.at_or_above is not None else 2
    if at_or_above not in [lv for lv, _ in levels]:
        raise _bad("at_or_above", f"等级应为 {'、'.join(str(lv) for lv, _ in levels)} 之一")
    dimensions: dict[str, dict[str, Any]] = {}
    for d in definitions:
        for dim in d.dimensions:
            dimensions.setdefault(dim.id, {"id": dim.id, "name": dim.name, "max_score": dim.max_score})
    figures = _figures_from_cells(user=user, filters=filters, sets=sets, dimensions=list(dimensions), at=at_or_above)
    if figures is None:
        figures = _figures_live(user=user, filters=filters, sets=sets, dimensions=list(dimensions), at=at_or_above)
    overall, county_rows, division_rows, size_rows, trend_rows = figures
    total = overall["n"]

    # the overall distribution is the sum of the counties' (one GROUP BY fewer)
    overall_levels = _buckets(({**r, "all": 0} for r in county_rows), "all", levels, at_or_above).get(
        0, {"levels": [{"level": lv, "name": name, "count": 0, "share": Decimal(0)} for lv, name in levels]}
    )["levels"]
    county_names = {r["region__code"]: r["region__short_name"] or r["region__name"] for r in county_rows}
    counties = _buckets(county_rows, "region__code", levels, at_or_above)

    division_names = dict(DictItem.objects.filter(dict_type__code="industry_division").values_list("value", "label"))
    divisions = _buckets(division_rows, "industry_division", levels, at_or_above)
    sizes = _buckets(size_rows, "size_band", levels, at_or_above)
    return {
        "indicator_sets": [{"id": s.pk, "code": s.code, "version": s.version, "name": s.name} for s in sets],
        "source_rule": "每家企业取其当前结果：有现场评定的取最近一次现场评定，否则取最近一次提交的自评测",
        "total": total,
        "onsite": overall["onsite"],
        "average_total": _avg(overall["avg_total"]),
        "at_or_above_level": at_or_above,
        "at_or_above_name": dict(levels)[at_or_above],
        "at_or_above_count": overall["high"],
        "at_or_above_share": _share(overall["high"], total),
        "levels": overall_levels,
        "dimensions": [{**dim, "average": _avg(overall[f"dim{i}"])} for i, dim in enumerate(dimensions.values())],
        "by_county": [{"key": code, "name": county_names[code], **bucket} for code, bucket in sorted(counties.items())],
        "by_division": [
            {"key": key, "name": division_names.get(f"C{key}", "未填写行业" if not key else f"大类 {key}"), **bucket}
            for key, bucket in sorted(divisions.items())
        ],
        "by_size": [
            {"key": key, "name": SizeBand(key).label, **bucket}
            for key, bucket in sorted(sizes.items(), key=lambda kv: SizeBand.values.index(kv[0]))
        ],
        "trend": [
            {
                "month": r["submitted_month"].strftime("%Y-%m"),
                "count": r["n"],
                "average_total": _avg(r["avg"]),
                "at_or_above_count": r["high"],
                "at_or_above_share": _share(r["high"], r["n"]),
            }
            for r in trend_rows
        ],
    }


Figures = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]


def _dimension_score(dim_id: str) -> Cast:
    return Cast(KeyTextTransform(dim_id, "dimension_scores"), DecimalField(max_digits=7, decimal_places=2))


def _figures_live(*, user: Any, filters: Any, sets: list[IndicatorSet], dimensions: list[str], at: int) -> Figures:
    """(overall, per county × level, per 行业大类 × level, per size × level, per month) by GROUP BY."""
    base = analysis_entries(user=user, filters=filters, sets=sets).order_by()
    aggregates: dict[str, Any] = {
        "n": Count("pk"),
        "avg_total": Avg("total_score"),
        "high": Count("pk", filter=Q(level__gte=at)),
        "onsite": Count("pk", filter=Q(source=ResultSource.ONSITE)),
    }
    for i, dim_id in enumerate(dimensions):
        aggregates[f"dim{i}"] = Avg(_dimension_score(dim_id))
    overall = base.aggregate(**aggregates)

    def by(*fields: str) -> list[dict[str, Any]]:
        return list(base.values(*fields, "level").annotate(n=Count("pk")).order_by())

    trend = (
        base.values("submitted_month")
        .annotate(n=Count("pk"), avg=Avg("total_score"), high=Count("pk", filter=Q(level__gte=at)))
        .order_by("submitted_month")
    )
    return (
        overall,
        by("region__code", "region__name", "region__short_name"),
        by("industry_division"),
        by("size_band"),
        [dict(r) for r in trend],
    )


# ---- background summary cells ---------------------------------------------------------------------------

SUMMARY_WIDGET = "analysis"
# bump when the cells' layout changes: older cells are then ignored until the next refresh
SUMMARY_PARAMS: dict[str, Any] = {"layout": 1}


def _cents(value: Any) -> int:
    return 0 if value is None else int((Decimal(str(value)) * 100).to_integral_value())


def summary_cells() -> tuple[dict[str, Any], list[SummaryCell]]:
    """Every entry counted into per-region cells (run by the insights summary refresh, in the background):
    ``lv|set|source|level``, ``dv|set|division|level``, ``sz|set|size|level``, ``mo|set|YYYY-MM|level`` with
    count and the sum of total scores in hundredths, ``dm|set|dimension`` with the count of scored entries
    and the sum of their dimension scores in hundredths."""
    from smedt.insights.models import SummaryCell

    base = AnalysisEntry.objects.dangerously_unscoped().order_by()
    cells: list[SummaryCell] = []

    def add(prefix: str, field: str, with_sum: bool) -> None:
        aggregates: dict[str, Any] = {"n": Count("pk")}
        if with_sum:
            aggregates["s"] = Sum("total_score")
        for row in base.values("region_id", "indicator_set_id", field, "level").annotate(**aggregates):
            part = row[field].strftime("%Y-%m") if isinstance(row[field], dt.date) else str(row[field])
            cells.append(
                SummaryCell(
                    widget=SUMMARY_WIDGET,
                    region_id=row["region_id"],
                    key=f"{prefix}|{row['indicator_set_id']}|{part}|{row['level']}",
                    count=row["n"],
                    value=_cents(row.get("s")),
                )
            )

    add("lv", "source", True)
    add("dv", "industry_division", False)
    add("sz", "size_band", False)
    add("mo", "submitted_month", True)
    dim_ids: dict[str, None] = {}
    for s in IndicatorSet.objects.defer("definition").filter(pk__in=base.values("indicator_set_id")):
        try:
            definition = indicator_set_definition(s)
        except DefinitionInvalid:  # a version the live summary cannot read either
            continue
        for dim in definition.dimensions:
            dim_ids.setdefault(dim.id, None)
    if dim_ids:
        aggregates: dict[str, Any] = {}
        for i, dim_id in enumerate(dim_ids):
            aggregates[f"n{i}"] = Count(_dimension_score(dim_id))
            aggregates[f"s{i}"] = Sum(_dimension_score(dim_id))
        dim_rows: list[dict[str, Any]] = [
            dict(r) for r in base.values("region_id", "indicator_set_id").annotate(**aggregates)
        ]
        for row in dim_rows:
            for i, dim_id in enumerate(dim_ids):
                if row[f"n{i}"]:
                    cells.append(
                        SummaryCell(
                            widget=SUMMARY_WIDGET,
                            region_id=row["region_id"],
                            key=f"dm|{row['indicator_set_id']}|{dim_id}",
                            count=row[f"n{i}"],
                            value=_cents(row[f"s{i}"]),
                        )
                    )
    return SUMMARY_PARAMS, cells


def _figures_from_cells(
    *, user: Any, filters: Any, sets: list[IndicatorSet], dimensions: list[str], at: int
) -> Figures | None:
    """The same figures added up from the summary cells, or None when they cannot answer (stale or missing
    cells, a filter the cells do not keep, a scope that is not made of region subtrees)."""
    from smedt.insights import summary

    if filters.division or filters.size_band or filters.date_from or filters.date_to or filters.source:
        return None
    region_path = None
    if filters.region_code:
        region_path = Region.objects.filter(code=filters.region_code).values_list("path", flat=True).first()
        if region_path is None:
            raise _bad("region_code", "行政区划不存在")
    code = AnalysisEntry.objects.none().permission_for("view")
    rows = summary.read_by_region(SUMMARY_WIDGET, user=user, code=code, params=SUMMARY_PARAMS, region_path=region_path)
    if rows is None:
        return None
    wanted = {str(s.pk) for s in sets}
    n = high = onsite = total_cents = 0
    per_region: dict[tuple[int, int], int] = {}
    per_division: dict[tuple[str, int], int] = {}
    per_size: dict[tuple[str, int], int] = {}
    per_month: dict[str, list[int]] = {}
    dims: dict[str, list[int]] = {}
    for region_id, key, count, value in rows:
        prefix, set_id, part, *rest = key.split("|")
        if set_id not in wanted:
            continue
        if prefix == "dm":
            acc = dims.setdefault(part, [0, 0])
            acc[0] += count
            acc[1] += value
            continue
        level = int(rest[0])
        if prefix == "lv":
            n += count
            total_cents += value
            high += count if level >= at else 0
            onsite += count if part == ResultSource.ONSITE else 0
            per_region[(region_id, level)] = per_region.get((region_id, level), 0) + count
        elif prefix == "dv":
            per_division[(part, level)] = per_division.get((part, level), 0) + count
        elif prefix == "sz":
            per_size[(part, level)] = per_size.get((part, level), 0) + count
        elif prefix == "mo":
            month = per_month.setdefault(part, [0, 0, 0])
            month[0] += count
            month[1] += value
            month[2] += count if level >= at else 0

    def mean(count: int, cents: int) -> Decimal | None:
        return Decimal(cents) / Decimal(count) / 100 if count else None

    overall: dict[str, Any] = {"n": n, "avg_total": mean(n, total_cents), "high": high, "onsite": onsite}
    for i, dim_id in enumerate(dimensions):
        count, cents = dims.get(dim_id, (0, 0))
        overall[f"dim{i}"] = mean(count, cents)
    regions = {
        r["id"]: r
        for r in Region.objects.filter(pk__in={r for r, _ in per_region}).values("id", "code", "name", "short_name")
    }
    county_rows = [
        {
            "region__code": regions[region_id]["code"],
            "region__name": regions[region_id]["name"],
            "region__short_name": regions[region_id]["short_name"],
            "level": level,
            "n": count,
        }
        for (region_id, level), count in per_region.items()
    ]
    trend = [
        {
            "submitted_month": dt.date(int(month[:4]), int(month[5:7]), 1),
            "n": count,
            "avg": mean(count, cents),
            "high": month_high,
        }
        for month, (count, cents, month_high) in sorted(per_month.items())
    ]
    return (
        overall,
        county_rows,
        [{"industry_division": k, "level": lv, "n": c} for (k, lv), c in per_division.items()],
        [{"size_band": k, "level": lv, "n": c} for (k, lv), c in per_size.items()],
        trend,
    )


def analysis_drill_down(
    *, user: Any, filters: Any, action: str = "view"
) -> tuple[QuerySet[AnalysisEntry], dict[int, str]]:
    """The current results behind one bucket (level / county / 行业大类 / size / month), and the level names."""
    sets = indicator_sets_for(filters)
    qs = (
        analysis_entries(user=user, filters=filters, sets=sets, action=action, bucket=True)
        .select_related("org", "region", "indicator_set")
        .defer("indicator_set__definition")
    )
    active = sorted(sets, key=lambda s: s.status != IndicatorSetStatus.ACTIVE)[0]
    return qs, dict(_levels(indicator_set_definition(active)))


def analysis_entry_out(e: AnalysisEntry, level_names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": e.pk,
        "org": {"id": e.org.pk, "name": e.org.name},
        "region": {"code": e.region.code, "name": e.region.display_name},
        "source": e.source,
        "source_label": ResultSource(e.source).label,
        "assessment_id": e.assessment_id,
        "onsite_rating_id": e.onsite_rating_id,
        "indicator_set": {"id": e.indicator_set.pk, "version": e.indicator_set.version},
        "industry_division": e.industry_division,
        "size_band": e.size_band,
        "size_band_label": SizeBand(e.size_band).label,
        "submitted_at": e.submitted_at,
        "total_score": e.total_score,
        "level": e.level,
        "level_name": level_names.get(e.level, ""),
        "dimension_scores": e.dimension_scores,
    }
