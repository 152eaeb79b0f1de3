"""The background summary behind the heaviest widgets (KPI, forecast, stage durations).

At 100,000 enterprise records and 20,000 projects the KPI's GROUP BY over every record and the durations'
GROUP BY over every timeline event take 0.3–1 s each. ``refresh`` runs them once for the whole city, per
county, in the background (a ``@periodic`` job every ``SMEDT_INSIGHTS_SUMMARY_EVERY`` seconds enqueues the
idempotent task ``insights.tasks.refresh_summary``) and rewrites ``SummaryCell`` in one transaction; a
widget then adds up the cells of the counties the user sees (a few dozen rows).

A widget reads the cells only when they are fresh (computed less than ``SMEDT_INSIGHTS_SUMMARY_MAX_AGE``
seconds ago, default 180; 0 turns the summary off), were computed with the parameters it needs (the
target level) and the user's scope is a set of region subtrees (government roles); otherwise it computes
live with the same code (``selectors.kpi_groups`` / ``selectors.durations_aggregate``). Numbers therefore
lag the lists they drill into by at most that age — the same order as the one-minute widget cache.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from smedt.insights.models import SummaryCell, SummaryRun
from smedt.rbac.grants import user_grants

WIDGETS = ("kpi", "durations")


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


def read(widget: str, *, user: Any, code: str, params: dict[str, Any]) -> list[tuple[str, int, int, int]] | None:
    """The (key, count, value, peak) cells of the user's counties, or None when the widget must compute live."""
    age = max_age()
    if not age:
        return None
    run = SummaryRun.objects.filter(widget=widget).only("computed_at", "params").first()
    if run is None or run.params != params or run.computed_at < timezone.now() - dt.timedelta(seconds=age):
        return None
    from smedt.enterprises.models import EnterpriseProfile
    from smedt.projects.models import Project

    model = EnterpriseProfile if widget == "kpi" else Project
    usable, paths = _region_scope(user, code, model)
    if not usable:
        return None
    cells = SummaryCell.objects.filter(widget=widget)
    if paths is not None:
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(region__path__startswith=path)
        cells = cells.filter(q)
    return list(cells.values_list("key", "count", "value", "peak"))


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


def refresh(widgets: tuple[str, ...] = WIDGETS) -> dict[str, int]:
    """Recompute the cells of the given widgets: idempotent (each run replaces the widget's cells whole)."""
    done: dict[str, int] = {}
    for widget in widgets:
        started = time.perf_counter()
        params, cells = _kpi_rows() if widget == "kpi" else _durations_rows()
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
