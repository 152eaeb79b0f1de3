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
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, DecimalField, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from smedt.assessment.definition import Definition
from smedt.assessment.errors import AssessmentErrorCode
from smedt.assessment.models import AnalysisEntry, IndicatorSet, IndicatorSetStatus, ResultSource, SizeBand
from smedt.assessment.selectors import indicator_set_definition
from smedt.core.aggcache import cached_aggregate
from smedt.core.errors import NotFound, ValidationFailed
from smedt.dicts.models import DictItem
from smedt.rbac.grants import user_grants
from smedt.regions.models import Region

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
    """Distribution of levels (overall, by county, by 行业大类, by size), dimension averages, trend by month."""
    sets = indicator_sets_for(filters)
    definitions = [
        indicator_set_definition(s) for s in sorted(sets, key=lambda s: s.status != IndicatorSetStatus.ACTIVE)
    ]
    main = definitions[0]
    levels = _levels(main)
    at_or_above = filters.at_or_above if filters.at_or_above is not None else 2
    if at_or_above not in [lv for lv, _ in levels]:
        raise _bad("at_or_above", f"等级应为 {'、'.join(str(lv) for lv, _ in levels)} 之一")
    base = analysis_entries(user=user, filters=filters, sets=sets).order_by()

    dimensions: dict[str, dict[str, Any]] = {}
    for d in definitions:
        for dim in d.dimensions:
            dimensions.setdefault(dim.id, {"id": dim.id, "name": dim.name, "max_score": dim.max_score})
    aggregates: dict[str, Any] = {
        "n": Count("pk"),
        "avg_total": Avg("total_score"),
        "high": Count("pk", filter=Q(level__gte=at_or_above)),
        "onsite": Count("pk", filter=Q(source=ResultSource.ONSITE)),
    }
    for i, dim_id in enumerate(dimensions):
        score = Cast(KeyTextTransform(dim_id, "dimension_scores"), DecimalField(max_digits=7, decimal_places=2))
        aggregates[f"dim{i}"] = Avg(score)
    overall = base.aggregate(**aggregates)
    total = overall["n"]

    def by(*fields: str) -> list[dict[str, Any]]:
        return list(base.values(*fields, "level").annotate(n=Count("pk")).order_by())

    county_rows = by("region__code", "region__name", "region__short_name")
    # the overall distribution is the sum of the counties' (one GROUP BY fewer)
    overall_levels = _buckets(({**r, "all": 0} for r in county_rows), "all", levels, at_or_above).get(
        0, {"levels": [{"level": lv, "name": name, "count": 0, "share": Decimal(0)} for lv, name in levels]}
    )["levels"]
    county_names = {r["region__code"]: r["region__short_name"] or r["region__name"] for r in county_rows}
    counties = _buckets(county_rows, "region__code", levels, at_or_above)

    division_names = dict(DictItem.objects.filter(dict_type__code="industry_division").values_list("value", "label"))
    divisions = _buckets(by("industry_division"), "industry_division", levels, at_or_above)
    sizes = _buckets(by("size_band"), "size_band", levels, at_or_above)

    trend_rows = (
        base.values("submitted_month")
        .annotate(n=Count("pk"), avg=Avg("total_score"), high=Count("pk", filter=Q(level__gte=at_or_above)))
        .order_by("submitted_month")
    )
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
