"""The background summary behind the heaviest widgets (KPI, forecast, stage durations).

At 100,000 enterprise records and 20,000 projects the KPI's GROUP BY over every record and the durations'
GROUP BY over every timeline event take 0.3–1 s each. ``refresh`` runs them once for the whole city, per
county, in the background (a ``@periodic`` job every ``SMEDT_INSIGHTS_SUMMARY_EVERY`` seconds enqueues the
idempotent task ``insights.tasks.refresh_summary``) and rewrites ``SummaryCell`` in one transaction; a
widget then adds up the cells of the counties the user sees (a few dozen rows).

Other modules add their own heavy aggregates to the same refresh with ``register_summary`` (e.g. the
综合分析 of ``assessment``: ``assessment.analysis``): their cells are rewritten by the same task and read
with ``read`` under the same rules.

A widget reads the cells only when they are fresh (computed less than ``SMEDT_INSIGHTS_SUMMARY_MAX_AGE``
seconds ago, default 180; 0 turns the summary off), were computed with the parameters it needs (the
target level) and the user's scope is a set of region subtrees (government roles); otherwise it computes
live with the same code (``selectors.kpi_groups`` / ``selectors.durations_aggregate``). Numbers therefore
lag the lists they drill into by at most that age — the same order as the one-minute widget cache.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Collection
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from smedt.insights.models import SummaryCell, SummaryRun
from smedt.rbac.grants import user_grants

WIDGETS = ("kpi", "durations")

SummaryCompute = Callable[[], tuple[dict[str, Any], list[SummaryCell]]]
PartCompute = Callable[[str], list[SummaryCell]]
# widget → (compute the cells, the scoped model whose visibility the cells follow)
_REGISTERED: dict[str, tuple[SummaryCompute, Any]] = {}
# widget → compute the cells of one part (the cells whose key starts with "<part>|")
_PARTS: dict[str, PartCompute] = {}
# widget → seconds between its whole refreshes (kept current by part refreshes in between)
_EVERY: dict[str, int] = {}


def register_summary(
    widget: str,
    *,
    compute: SummaryCompute,
    model: Any,
    compute_part: PartCompute | None = None,
    refresh_every: int | None = None,
) -> None:
    """Add another module's aggregate to the background refresh. ``compute`` returns (params, cells) with
    one set of cells per region of the rows (``SummaryCell.region``), ``model`` is the ScopedQuerySet model
    the cells summarise (a user whose scope on it is not made of region subtrees reads live).

    ``compute_part`` (optional) recomputes one part of the cells — those whose key starts with
    ``"<part>|"`` — so a write can enqueue ``tasks.refresh_summary_parts`` for what it changed instead of
    waiting for the next whole refresh (``refresh_parts``). A widget may set ``refresh_every``: the
    periodic whole refresh then recomputes it only that often (its GROUP BYs are heavy at scale) and its
    cells are read while younger than ``refresh_every`` + ``max_age()`` — kept current by part refreshes in
    between when it has ``compute_part``, otherwise lagging by up to that long (for figures where a lag of
    minutes is acceptable, e.g. the 行业画像's distributions)."""
    if widget in WIDGETS:
        raise ValueError(f"summary widget {widget!r} is built in")
    _REGISTERED[widget] = (compute, model)
    if compute_part is not None:
        _PARTS[widget] = compute_part
    if refresh_every is not None:
        _EVERY[widget] = max(0, refresh_every)


def registered_widgets() -> tuple[str, ...]:
    return WIDGETS + tuple(sorted(_REGISTERED))


def max_age() -> int:
    return max(0, int(getattr(settings, "SMEDT_INSIGHTS_SUMMARY_MAX_AGE", 180)))


def every_seconds() -> int:
    return max(10, int(getattr(settings, "SMEDT_INSIGHTS_SUMMARY_EVERY", 60)))


def _region_scope(user: Any, code: str, model: Any) -> tuple[bool, list[str] | None]:
    """(usable, region paths or None for everything): only a scope made of region subtrees can be answered
    from per-county cells; org-scoped grants or extra visibility go live."""
    grant = user_grants(user).grant(code)
    if grant.is_global:
        return True, None
    if grant.org_ids or not grant.region_paths:
        return False, None
    if model.objects.none().extra_visibility(user, "view") is not None:
        return False, None
    return True, sorted(grant.region_paths)


def _run_fresh(widget: str, params: dict[str, Any]) -> bool:
    age = max_age()
    if not age:
        return False
    age += _EVERY.get(widget, 0)
    run = SummaryRun.objects.filter(widget=widget).only("computed_at", "params").first()
    return not (run is None or run.params != params or run.computed_at < timezone.now() - dt.timedelta(seconds=age))


def _fresh_cells(
    widget: str,
    *,
    user: Any,
    code: str,
    params: dict[str, Any],
    region_path: str | None,
    keys: Collection[str] | None = None,
    key_prefixes: tuple[str, ...] | None = None,
) -> QuerySet[SummaryCell] | None:
    if not _run_fresh(widget, params):
        return None
    from smedt.enterprises.models import EnterpriseProfile
    from smedt.projects.models import Project

    model = _REGISTERED[widget][1] if widget in _REGISTERED else EnterpriseProfile if widget == "kpi" else Project
    usable, paths = _region_scope(user, code, model)
    if not usable:
        return None
    cells = SummaryCell.objects.filter(widget=widget)
    if paths is not None:
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(region__path__startswith=path)
        cells = cells.filter(q)
    if region_path is not None:
        cells = cells.filter(region__path__startswith=region_path)
    if keys is not None:
        cells = cells.filter(key__in=sorted(set(keys)))
    if key_prefixes is not None:
        prefixed = Q(pk__in=[])
        for prefix in key_prefixes:
            prefixed |= Q(key__startswith=prefix)
        cells = cells.filter(prefixed)
    return cells


def read(
    widget: str,
    *,
    user: Any,
    code: str,
    params: dict[str, Any],
    region_path: str | None = None,
    keys: Collection[str] | None = None,
) -> list[tuple[str, int, int, int]] | None:
    """The (key, count, value, peak) cells of the user's counties (within ``region_path`` when given; only the
    given ``keys`` when given, an indexed lookup), or None when the widget must compute live."""
    cells = _fresh_cells(widget, user=user, code=code, params=params, region_path=region_path, keys=keys)
    return None if cells is None else list(cells.values_list("key", "count", "value", "peak"))


def read_unscoped(
    widget: str, *, params: dict[str, Any], keys: Collection[str]
) -> list[tuple[str, int, int, int]] | None:
    """The (key, count, value, peak) cells of the given keys whatever their region, or None when the widget must
    compute live: for figures every reader sees whole once the caller has checked access (the 对标分析's peer
    groups compare an enterprise with the whole chain, not with the reader's counties)."""
    if not _run_fresh(widget, params):
        return None
    return list(
        SummaryCell.objects.filter(widget=widget, key__in=sorted(set(keys))).values_list(
            "key", "count", "value", "peak"
        )
    )


def read_by_region(
    widget: str, *, user: Any, code: str, params: dict[str, Any], region_path: str | None = None
) -> list[tuple[int, str, int, int]] | None:
    """The (region id, key, count, value) cells, for per-county breakdowns; None as ``read``."""
    cells = _fresh_cells(widget, user=user, code=code, params=params, region_path=region_path)
    return None if cells is None else list(cells.values_list("region_id", "key", "count", "value"))


def read_parts(
    widget: str, *, user: Any, code: str, params: dict[str, Any], key_prefixes: tuple[str, ...]
) -> tuple[dt.datetime, list[tuple[int, str, int, int, int]]] | None:
    """(when the cells were last computed whole, the (region id, key, count, value, peak) cells of the user's
    counties whose key starts with one of ``key_prefixes``); None as ``read``."""
    cells = _fresh_cells(widget, user=user, code=code, params=params, region_path=None, key_prefixes=key_prefixes)
    if cells is None:
        return None
    computed_at = SummaryRun.objects.filter(widget=widget).values_list("computed_at", flat=True).first()
    if computed_at is None:  # the run was rewritten between the two reads: answer live
        return None
    return computed_at, list(cells.values_list("region_id", "key", "count", "value", "peak"))


def _kpi_rows() -> tuple[dict[str, Any], list[SummaryCell]]:
    from smedt.enterprises.models import EnterpriseProfile
    from smedt.insights import config, selectors

    min_level = config.pilot_kpi().min_level
    groups = selectors.kpi_groups(EnterpriseProfile.objects.dangerously_unscoped(), min_level)
    cells = [
        SummaryCell(widget="kpi", region_id=region, key=key, count=n, value=ok)
        for (region, key), (n, ok) in sorted(selectors.kpi_cells(groups).items())
    ]
    return {"min_level": min_level}, cells


def _durations_rows() -> tuple[dict[str, Any], list[SummaryCell]]:
    from smedt.insights import selectors
    from smedt.projects.models import Project

    cells: list[SummaryCell] = []
    regions = sorted(set(Project.objects.dangerously_unscoped().values_list("region_id", flat=True).distinct()))
    for region in regions:
        steps = selectors.durations_aggregate(Project.objects.dangerously_unscoped().filter(region_id=region))
        cells.extend(
            SummaryCell(widget="durations", region_id=region, key=key, count=n, value=total, peak=peak)
            for key, (n, total, peak) in steps.items()
            if n
        )
    return {}, cells


def _compute(widget: str) -> tuple[dict[str, Any], list[SummaryCell]]:
    if widget in _REGISTERED:
        return _REGISTERED[widget][0]()
    return _kpi_rows() if widget == "kpi" else _durations_rows()


def refresh(widgets: tuple[str, ...] | None = None) -> dict[str, int]:
    """Recompute the cells of the given widgets (default: every built-in and registered one, except those
    with a ``refresh_every`` whose last run is younger than that): idempotent (each run replaces the
    widget's cells whole)."""
    done: dict[str, int] = {}
    for widget in registered_widgets() if widgets is None else widgets:
        if widgets is None and widget in _EVERY:
            since = timezone.now() - dt.timedelta(seconds=_EVERY[widget])
            if SummaryRun.objects.filter(widget=widget, computed_at__gt=since).exists():
                continue
        started = time.perf_counter()
        params, cells = _compute(widget)
        with transaction.atomic():
            SummaryCell.objects.filter(widget=widget).delete()
            SummaryCell.objects.bulk_create(cells)
            SummaryRun.objects.update_or_create(
                widget=widget,
                defaults={
                    "params": params,
                    "computed_at": timezone.now(),
                    "duration_ms": int((time.perf_counter() - started) * 1000),
                },
            )
        done[widget] = len(cells)
    return done


def refresh_parts(widget: str, parts: list[str]) -> dict[str, int]:
    """Recompute some parts of a widget's cells (idempotent: each part's cells are replaced whole). Nothing
    is written before the widget's first whole refresh (its cells are not read until then)."""
    compute_part = _PARTS.get(widget)
    if compute_part is None:
        raise ValueError(f"summary widget {widget!r} has no parts")
    done: dict[str, int] = {}
    if not SummaryRun.objects.filter(widget=widget).exists():
        return done
    for part in dict.fromkeys(parts):
        cells = compute_part(part)
        with transaction.atomic():
            SummaryCell.objects.filter(widget=widget, key__startswith=f"{part}|").delete()
            SummaryCell.objects.bulk_create(cells)
        done[part] = len(cells)
    return done
