"""工信部联企业〔2011〕300号 industrial thresholds at every boundary (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smedt.enterprises import sizing

T = sizing.packaged_thresholds()


def classify(
    employees: int | None, revenue: Decimal | int | None, code: str = "C3670", assets: Decimal | None = None
) -> str | None:
    rev = Decimal(revenue) if revenue is not None else None
    return sizing.size_class(
        thresholds=T, industry_code=code, employees=employees, revenue=rev, total_assets=assets
    ).size_class


def reference(employees: int, revenue: Decimal) -> str:
    """The rule as industry-codes.md states it, written independently of the data file."""
    if employees >= 1000 and revenue >= 40000:
        return "large"
    if employees >= 300 and revenue >= 2000:
        return "medium"
    if employees >= 20 and revenue >= 300:
        return "small"
    return "micro"


@pytest.mark.parametrize(
    ("employees", "revenue", "expected"),
    [
        (1000, 40000, "large"),
        (999, 40000, "medium"),
        (1000, Decimal("39999.99"), "medium"),
        (300, 2000, "medium"),
        (299, 2000, "small"),
        (300, Decimal("1999.99"), "small"),
        (20, 300, "small"),
        (19, 300, "micro"),
        (20, Decimal("299.99"), "micro"),
        (0, 0, "micro"),
        (5000, 100, "micro"),  # headcount alone never lifts the class: both bounds are needed
    ],
)
def test_industry_boundaries(employees: int, revenue: Decimal, expected: str) -> None:
    assert classify(employees, revenue) == expected


boundary_ints = st.sampled_from([0, 19, 20, 21, 299, 300, 301, 999, 1000, 1001]) | st.integers(0, 5000)
boundary_money = st.sampled_from(
    [Decimal(x) for x in ("0", "299.99", "300", "300.01", "1999.99", "2000", "39999.99", "40000", "40000.01")]
) | st.decimals(min_value=0, max_value=100000, places=2)


@given(employees=boundary_ints, revenue=boundary_money)
def test_industry_matches_the_documented_rule(employees: int, revenue: Decimal) -> None:
    assert classify(employees, revenue) == reference(employees, revenue)


@given(employees=boundary_ints, revenue=boundary_money, more=st.integers(0, 500))
def test_more_staff_never_makes_an_enterprise_smaller(employees: int, revenue: Decimal, more: int) -> None:
    order = ["micro", "small", "medium", "large"]
    assert order.index(classify(employees + more, revenue) or "micro") >= order.index(
        classify(employees, revenue) or "micro"
    )


def test_sector_comes_from_the_industry_code() -> None:
    assert T.sector_for("C3670").key == "industry"
    assert T.sector_for("B0610").key == "industry"
    assert T.sector_for("E4710").key == "construction"
    assert T.sector_for("F5100").key == "wholesale"
    assert T.sector_for("F5210").key == "retail"
    assert T.sector_for("G5410").key == "transport"
    assert T.sector_for("I6510").key == "other"
    assert T.sector_for("").key == "other"


def test_other_sectors_use_their_own_measures() -> None:
    assert classify(None, None, code="A0111") is None  # agriculture needs revenue
    assert classify(None, 500, code="A0111") == "medium"
    assert classify(None, 49, code="A0111") == "micro"
    assert classify(None, 6000, code="E4710", assets=Decimal(5000)) == "medium"
    assert classify(None, 6000, code="E4710", assets=Decimal(4999)) == "small"
    assert classify(100, None, code="I6510") == "medium"
    assert classify(9, None, code="I6510") == "micro"


def test_missing_measure_gives_no_class_rather_than_micro() -> None:
    result = sizing.size_class(thresholds=T, industry_code="C3670", employees=None, revenue=Decimal(100))
    assert result.size_class is None and result.missing == ("employees",) and result.label == "无法划型"
    assert result.version == "GXB-2011-300"


def test_data_file_is_validated() -> None:
    with pytest.raises(ValueError):
        sizing.parse_thresholds(
            {
                "version": "x",
                "title": "x",
                "sectors": {"a": {"name": "a", "classes": {"large": {"bogus": 1}, "medium": {}, "small": {}}}},
            }
        )
