"""Matching is exact at thresholds: ≥ vs >, units 万元 vs 元 vs 亿元, missing data."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from smedt.policies.matching import ELIGIBLE, INELIGIBLE, MISSING, Condition, evaluate

REV = {"operating_revenue": {"value": "2000.00", "source": "一企一档"}}


def _status(cond: Condition, values: dict[str, dict[str, str]] = REV) -> str:
    return evaluate([cond], values).status


def test_gte_includes_the_number_and_gt_does_not() -> None:
    assert _status(Condition("operating_revenue", "gte", Decimal(2000), (), "万元")) == ELIGIBLE
    assert _status(Condition("operating_revenue", "gt", Decimal(2000), (), "万元")) == INELIGIBLE
    assert _status(Condition("operating_revenue", "lte", Decimal(2000), (), "万元")) == ELIGIBLE
    assert _status(Condition("operating_revenue", "lt", Decimal(2000), (), "万元")) == INELIGIBLE


def test_units_convert_exactly() -> None:
    assert _status(Condition("operating_revenue", "gte", Decimal(20_000_000), (), "元")) == ELIGIBLE
    assert _status(Condition("operating_revenue", "gte", Decimal("20000000.01"), (), "元")) == INELIGIBLE
    assert _status(Condition("operating_revenue", "gte", Decimal("0.2"), (), "亿元")) == ELIGIBLE
    assert _status(Condition("operating_revenue", "gt", Decimal("0.2"), (), "亿元")) == INELIGIBLE


def test_missing_value_says_which_data_decides() -> None:
    out = evaluate([Condition("employees", "lte", Decimal(1000), (), "人")], REV)
    assert out.status == MISSING
    assert out.details[0]["result"] == "missing"
    assert "从业人员" in out.details[0]["hint"]


def test_one_unmet_condition_beats_missing_data() -> None:
    conds = [
        Condition("employees", "lte", Decimal(1000), (), "人"),
        Condition("operating_revenue", "gte", Decimal(5000), (), "万元"),
    ]
    assert evaluate(conds, REV).status == INELIGIBLE


def test_sets_tiers_and_regions() -> None:
    values = {
        "industry": {"value": "C3432", "source": "x"},
        "tier": {"value": "specialized", "source": "x"},
        "region": {"value": "410783", "path": ["410000", "410700", "410783"], "label": "长垣市", "source": "x"},
    }
    assert evaluate([Condition("industry", "in", None, ("C34",))], values).status == ELIGIBLE
    assert evaluate([Condition("industry", "in", None, ("I65",))], values).status == INELIGIBLE
    assert evaluate([Condition("tier", "gte", None, ("innovative",))], values).status == ELIGIBLE
    assert evaluate([Condition("tier", "gte", None, ("little_giant",))], values).status == INELIGIBLE
    assert evaluate([Condition("region", "in", None, ("410700",))], values).status == ELIGIBLE
    assert evaluate([Condition("region", "in", None, ("410702",))], values).status == INELIGIBLE


def test_explanation_carries_value_and_source() -> None:
    out = evaluate([Condition("operating_revenue", "gte", Decimal(2000), (), "万元")], REV)
    d = out.details[0]
    assert d["value"] == "2000万元" and d["source"] == "一企一档" and d["condition"] == "营业收入 ≥ 2000万元"


@given(
    value=st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False),
    threshold=st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False),
)
def test_yuan_and_wan_yuan_agree(value: Decimal, threshold: Decimal) -> None:
    values = {"operating_revenue": {"value": str(value), "source": ""}}
    in_wan = evaluate([Condition("operating_revenue", "gte", threshold, (), "万元")], values).status
    in_yuan = evaluate([Condition("operating_revenue", "gte", threshold * 10000, (), "元")], values).status
    assert in_wan == in_yuan == (ELIGIBLE if value >= threshold else INELIGIBLE)
