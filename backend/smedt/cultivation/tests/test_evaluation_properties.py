"""Properties of the evaluation (hypothesis): monotone in the levers, and a gap that says it passes does pass."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smedt.cultivation.criteria import TIERS
from smedt.cultivation.evaluation import INPUTS, MISSING, evaluate, evaluate_tier
from smedt.cultivation.tests.helpers import base, crit

CRIT = {v: crit(v) for v in ("v2022", "v2026")}
money = st.decimals(min_value=D("0.01"), max_value=D("50000"), places=2)
pct = st.decimals(min_value=D("0"), max_value=D("100"), places=2)


@st.composite
def enterprises(draw: Any) -> dict[str, Any]:
    revenue = [draw(money) for _ in range(3)]
    main = [min(r, draw(money)) for r in revenue]
    assets = draw(money)
    employees = draw(st.integers(1, 2000))
    c1 = draw(st.integers(0, 8))
    return base(
        revenue_y1=revenue[0],
        revenue_y2=revenue[1],
        revenue_y3=revenue[2],
        main_revenue_y1=main[0],
        main_revenue_y2=main[1],
        main_revenue_y3=main[2],
        net_profit_y1=draw(st.decimals(min_value=D("-1000"), max_value=D("5000"), places=2)),
        total_assets_y1=assets,
        total_liabilities_y1=min(assets * 2, draw(money)),
        employees_y1=employees,
        rd_staff_y1=draw(st.integers(0, employees)),
        rd_expense_y1=draw(st.decimals(min_value=D("0"), max_value=D("3000"), places=2)),
        rd_expense_y2=draw(st.decimals(min_value=D("0"), max_value=D("3000"), places=2)),
        equity_financing_2y=draw(st.sampled_from([D(0), D("500"), D("2500")])),
        equity_financing_3y=draw(st.sampled_from([D(0), D("600")])),
        segment_years=draw(st.integers(0, 15)),
        market_share_pct=draw(pct),
        ip_class1=c1,
        ip_class1_self=draw(st.integers(0, c1)),
        ip_class1_high_value=draw(st.integers(0, c1)),
        ip_class1_applied=draw(st.integers(0, c1)),
        ip_class2=draw(st.integers(0, 8)),
        rd_institution_level=draw(st.integers(0, 4)),
        digital_level=draw(st.integers(0, 4)),
        dev_score=draw(pct),
        quality_items=draw(
            st.lists(st.sampled_from(["quality_award", "iso9001", "own_brand", "standards"]), unique=True)
        ),
        product_field=draw(st.integers(0, 2)),
        strategic_emerging=draw(st.booleans()),
        info_system=draw(st.booleans()),
        mgmt_certification=draw(st.booleans()),
        own_brand=draw(st.booleans()),
        market_leading=draw(st.booleans()),
        market_top3=draw(st.booleans()),
        key_chain=draw(st.booleans()),
        key_field=draw(st.booleans()),
        holds_innovative=draw(st.booleans()),
        holds_specialized=draw(st.booleans()),
    )


RANK = {"fail": 0, MISSING: 1, "pass": 2}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(enterprises(), st.decimals(min_value=D("0.01"), max_value=D("2000"), places=2), st.sampled_from(list(CRIT)))
def test_more_rd_expense_never_lowers_points_or_status(e: dict[str, Any], extra: D, version: str) -> None:
    more = {**e, "rd_expense_y1": e["rd_expense_y1"] + extra, "rd_expense_y2": e["rd_expense_y2"] + extra}
    for t in TIERS:
        a, b = evaluate_tier(CRIT[version], t, e), evaluate_tier(CRIT[version], t, more)
        if a.total_low is not None:
            assert b.total_low is not None and b.total_low >= a.total_low
        assert RANK[b.status] >= RANK[a.status]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(enterprises(), st.decimals(min_value=D("0.01"), max_value=D("1"), places=2), st.sampled_from(list(CRIT)))
def test_less_debt_never_lowers_points_or_status(e: dict[str, Any], share: D, version: str) -> None:
    less = {**e, "total_liabilities_y1": (e["total_liabilities_y1"] * (1 - share)).quantize(D("0.01"))}
    for t in TIERS:
        a, b = evaluate_tier(CRIT[version], t, e), evaluate_tier(CRIT[version], t, less)
        if a.total_low is not None:
            assert b.total_low is not None and b.total_low >= a.total_low
        assert RANK[b.status] >= RANK[a.status]


def _apply(inputs: dict[str, Any], moved: dict[str, Any]) -> dict[str, Any]:
    out = dict(inputs)
    for k, v in moved.items():
        kind = INPUTS[k].kind
        out[k] = D(v) if kind in ("money", "pct", "score") else v
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(enterprises(), st.sampled_from(list(CRIT)))
def test_a_gap_that_says_it_passes_does_pass(e: dict[str, Any], version: str) -> None:
    ev = evaluate(CRIT[version], e)
    for t in TIERS:
        gap = ev.results[t].gap
        if gap is None:
            assert ev.results[t].status == "pass"
            continue
        if gap["passes_after"]:
            after = evaluate_tier(CRIT[version], t, _apply(e, gap["moved_inputs"]))
            assert after.status == "pass", (t, gap)
            assert gap["moves"], "passing after changes needs at least one change"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(enterprises(), st.sampled_from(sorted(INPUTS)), st.sampled_from(list(CRIT)))
def test_an_unknown_figure_never_scores_as_zero(e: dict[str, Any], name: str, version: str) -> None:
    """Dropping a figure can only widen the range: the known low end never rises above the true score,
    and no indicator that needed the figure reports points."""
    gone = {**e, name: None}
    for t in TIERS:
        full, part = evaluate_tier(CRIT[version], t, e), evaluate_tier(CRIT[version], t, gone)
        for i in part.indicators:
            if name in i.inputs and i.points is not None:
                # the figure was not needed for this indicator's points (e.g. the other reading of an either)
                assert i.points == i.indicator.max or name not in i.values
        if full.total_low is not None and part.total_low is not None:
            assert part.total_low <= full.total_low <= (part.total_high or 0)
        if full.status != part.status:
            assert part.status == MISSING
