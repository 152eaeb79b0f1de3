"""Background summary cells of 成效展示 and 线上监测 (``insights.summary``, widget ``industry``).

At 100,000 chain members × 8 quarters (7,200,000 figures) the live GROUP BYs of the chain dashboard take
seconds. The cells hold, per county (the enterprise's region), what the two endpoints add up:

- ``c<chain>|k|<link>|<role>|<transformed 0/1>``: members (count);
- ``c<chain>|p|<role>|<phase>|<indicator>``: confirmed figures of 样板 / 复制推广 members with a
  transformation date, before / after it: enterprises (count), sum in hundredths (value), figures (peak);
- ``r<chain>|<period>|<link>|<indicator>``: confirmed figures of the period: figures = reporting
  enterprises (count), sum in hundredths (value);
- ``m<chain or *>|<period>|<status>|<submitted>|<flagged>|<dropped>|<previous reported>``: members (for
  ``*``: distinct enterprises on any chain) in that monitoring state, for the periods of ``window()``;
  ``<status>`` is the report's status or ``-``, ``<submitted>`` ``n`` (not submitted), ``l`` (after the
  due day) or ``o`` (on time); lateness of the unsubmitted is decided when read (it depends on the clock).

The parts (``c<chain>``, ``r<chain>[|<period>]``, ``m<chain or *>[|<period>]``) are rewritten by the
whole refresh and, after a write, by ``tasks.refresh_summary_parts`` enqueued in the write's transaction
(``parts_changed`` / ``chain_changed``). The readers in ``selectors`` fall back to the live SQL when the
cells cannot answer (stale, another drop threshold, a period outside the window, an org-scoped user).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Sum, Value, When
from django.utils import timezone

from smedt.industry import config
from smedt.industry.models import ChainMember, MemberRole, OperatingReport, ReportStatus
from smedt.insights.models import SummaryCell

WIDGET = "industry"
# bump when the cells' layout changes: older cells are then ignored until the next refresh
LAYOUT = 1
WINDOW_PERIODS = 13  # the running period and the 12 before it (the monitoring page offers the last 12)
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.CONFIRMED)


def params() -> dict[str, Any]:
    """The parameters the cells were computed with; a reader with others computes live."""
    return {
        "layout": LAYOUT,
        "frequency": config.frequency(),
        "drop_pct": str(config.drop_pct().normalize()),
        "through": config.period_of(timezone.localdate()).code,
    }


def refresh_every() -> int:
    """Seconds between whole refreshes (the parts a write changes are refreshed at once, in between)."""
    return max(60, int(getattr(settings, "SMEDT_INDUSTRY_SUMMARY_EVERY", 900)))


def window() -> list[config.Period]:
    return config.periods_back(config.period_of(timezone.localdate()), WINDOW_PERIODS)


def cents(value: Any) -> int:
    return 0 if value is None else int((Decimal(str(value)) * 100).to_integral_value())


def due_end(period: config.Period) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(period.due_on, dt.time.max))


def _next(period: config.Period) -> config.Period:
    return config.period_of(period.end + dt.timedelta(days=1))


# --- computing -------------------------------------------------------------------------------------------


def _chain_cells(chain_id: int) -> list[SummaryCell]:
    """``c<chain>``: member counts and the before / after figures of model and follower enterprises."""
    cells = [
        SummaryCell(
            widget=WIDGET,
            region_id=r["org__region_id"],
            key=f"c{chain_id}|k|{r['link_id']}|{r['role']}|{int(r['transformed'])}",
            count=r["n"],
        )
        for r in ChainMember.objects.filter(chain_id=chain_id)
        .annotate(transformed=Case(When(transformed_on__isnull=False, then=Value(1)), default=Value(0)))
        .values("org__region_id", "link_id", "role", "transformed")
        .annotate(n=Count("id"))
        .order_by()
    ]
    # one filter() call: the report conditions and the values below are on the same joined report
    phases = (
        ChainMember.objects.filter(
            chain_id=chain_id,
            role__in=(MemberRole.MODEL, MemberRole.FOLLOWER),
            transformed_on__isnull=False,
            org__industry_reports__status=ReportStatus.CONFIRMED,
        )
        .annotate(
            phase=Case(
                When(org__industry_reports__period_start__lt=F("transformed_on"), then=Value("before")),
                default=Value("after"),
                output_field=CharField(),
            )
        )
        .values("org__region_id", "role", "phase", "org__industry_reports__values__indicator")
        .annotate(
            n=Count("org_id", distinct=True),
            s=Sum("org__industry_reports__values__value"),
            k=Count("org__industry_reports__values__id"),
        )
        .order_by()
    )
    cells += [
        SummaryCell(
            widget=WIDGET,
            region_id=r["org__region_id"],
            key=f"c{chain_id}|p|{r['role']}|{r['phase']}|{r['org__industry_reports__values__indicator']}",
            count=r["n"],
            value=cents(r["s"]),
            peak=r["k"],
        )
        for r in phases
        if r["org__industry_reports__values__indicator"] is not None
    ]
    return cells


def _result_cells(chain_id: int, period: str | None) -> list[SummaryCell]:
    """``r<chain>|<period>``: confirmed figures per county, link and indicator (every period, or one)."""
    # one filter() call: both conditions (and the values below) are on the same joined report
    on_report: dict[str, Any] = {"org__industry_reports__status": ReportStatus.CONFIRMED}
    if period is not None:
        on_report["org__industry_reports__period"] = period
    rows = ChainMember.objects.filter(chain_id=chain_id, **on_report)
    return [
        SummaryCell(
            widget=WIDGET,
            region_id=r["org__region_id"],
            key=f"r{chain_id}|{r['org__industry_reports__period']}|{r['link_id']}|"
            f"{r['org__industry_reports__values__indicator']}",
            count=r["n"],
            value=cents(r["s"]),
        )
        for r in rows.values(
            "org__region_id", "org__industry_reports__period", "link_id", "org__industry_reports__values__indicator"
        )
        .annotate(n=Count("org__industry_reports__values__id"), s=Sum("org__industry_reports__values__value"))
        .order_by()
        if r["org__industry_reports__values__indicator"] is not None
    ]


def _report_states(period: config.Period, orgs: Any) -> dict[int, tuple[str, str, int, int]]:
    """org → (status, submitted n/l/o, flagged 0/1, dropped 0/1) of its report for the period."""
    drop = config.drop_pct()
    end = due_end(period)
    out: dict[int, tuple[str, str, int, int]] = {}
    rows = (
        OperatingReport.objects.filter(period=period.code, org_id__in=orgs)
        .values_list("org_id", "status", "submitted_at", "flagged", "min_change_pct")
        .order_by()
    )
    for org_id, status, submitted_at, flagged, lowest in rows.iterator(chunk_size=5000):
        sub = "n" if submitted_at is None else "l" if submitted_at > end else "o"
        dropped = lowest is not None and lowest < -drop and status in REPORTED
        out[org_id] = (status, sub, int(flagged > 0), int(dropped))
    return out


def _monitor_cells(periods: list[config.Period], chain_ids: list[int] | None, with_all: bool) -> list[SummaryCell]:
    """``m<chain>|<period>`` for the given chains (None: every chain) and, with ``with_all``, ``m*|<period>``."""
    everyone = chain_ids is None or with_all
    members = ChainMember.objects.all() if everyone else ChainMember.objects.filter(chain_id__in=chain_ids or [])
    rows = list(members.order_by().values_list("chain_id", "org_id", "org__region_id"))
    wanted = None if chain_ids is None else set(chain_ids)
    orgs = {org_id: region for _, org_id, region in rows}
    org_filter = members.values("org_id")
    counter: Counter[tuple[int, str]] = Counter()
    prev_reported: set[int] | None = None
    for period in periods:
        if prev_reported is None:
            before = _report_states(config.period_previous(period), org_filter)
            prev_reported = {o for o, s in before.items() if s[0] in REPORTED}
        states = _report_states(period, org_filter)
        state_of = {
            org_id: "|".join(
                map(str, (period.code, *states.get(org_id, ("-", "n", 0, 0)), int(org_id in prev_reported)))
            )
            for org_id in orgs
        }
        for chain_id, org_id, region in rows:
            if wanted is None or chain_id in wanted:
                counter[(region, f"m{chain_id}|{state_of[org_id]}")] += 1
        if with_all:
            for org_id, region in orgs.items():
                counter[(region, f"m*|{state_of[org_id]}")] += 1
        prev_reported = {o for o, s in states.items() if s[0] in REPORTED}
    return [SummaryCell(widget=WIDGET, region_id=region, key=k, count=n) for (region, k), n in counter.items()]


def compute() -> tuple[dict[str, Any], list[SummaryCell]]:
    """Every cell of the widget (the whole refresh, in the background)."""
    from smedt.industry.models import Chain

    cells: list[SummaryCell] = []
    for chain_id in Chain.objects.order_by("id").values_list("id", flat=True):
        cells += _chain_cells(chain_id)
        cells += _result_cells(chain_id, None)
    cells += _monitor_cells(window(), None, True)
    return params(), cells


def compute_part(part: str) -> list[SummaryCell]:
    """One part: ``c<chain>``, ``r<chain>[|<period>]``, ``m<chain or *>[|<period>]``."""
    head, _, period_code = part.partition("|")
    kind, label = head[0], head[1:]
    if kind == "c":
        return _chain_cells(int(label))
    if kind == "r":
        return _result_cells(int(label), period_code or None)
    if kind == "m":
        periods = window()
        if period_code:
            periods = [p for p in periods if p.code == period_code]
        if label == "*":
            return _monitor_cells(periods, [], True)
        return _monitor_cells(periods, [int(label)], False)
    raise ValueError(f"unknown industry summary part {part!r}")


# --- after writes ------------------------------------------------------------------------------------------


def _enqueue(parts: Iterable[str]) -> None:
    from smedt.insights import summary
    from smedt.insights.tasks import refresh_summary_parts

    wanted = sorted(set(parts))
    if wanted and summary.max_age():
        refresh_summary_parts.enqueue(widget=WIDGET, parts=wanted)


def parts_changed(org_id: int, periods: Iterable[str], *, confirmed: bool) -> None:
    """A report of the enterprise changed status (``confirmed``: its confirmed figures changed too): queue
    the refresh of the cells it moves, in the caller's transaction (they commit or vanish together)."""
    chain_ids = list(ChainMember.objects.filter(org_id=org_id).values_list("chain_id", flat=True))
    if not chain_ids:
        return
    inside = {p.code for p in window()}
    parts: list[str] = []
    for code in periods:
        period = config.period_parse(code)
        if period is None:
            continue
        touched = [c for c in (period.code, _next(period).code) if c in inside]
        for chain_id in chain_ids:
            parts += [f"m{chain_id}|{c}" for c in touched]
            if confirmed:
                parts += [f"c{chain_id}", f"r{chain_id}|{period.code}"]
        parts += [f"m*|{c}" for c in touched]
    _enqueue(parts)


def chain_changed(chain_id: int) -> None:
    """A member was added, moved, re-marked or removed: queue the refresh of every cell of the chain."""
    _enqueue([f"c{chain_id}", f"r{chain_id}", f"m{chain_id}", "m*"])


# --- reading ------------------------------------------------------------------------------------------------


def read(user: Any, prefixes: tuple[str, ...]) -> tuple[dt.datetime, list[tuple[int, str, int, int, int]]] | None:
    from smedt.insights import summary

    code = ChainMember.objects.none().permission_for("monitor")
    return summary.read_parts(WIDGET, user=user, code=code, params=params(), key_prefixes=prefixes)


def in_window(period: config.Period) -> bool:
    return any(p.code == period.code for p in window())


def same_drop(drop_pct: Decimal) -> bool:
    return Decimal(drop_pct) == config.drop_pct()
