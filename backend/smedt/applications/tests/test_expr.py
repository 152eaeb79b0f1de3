"""The rule language: parsing, exact Decimal arithmetic (property-based), safety and clear errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smedt.applications import expr

decimals = st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False)
nonzero = decimals.filter(lambda d: d != 0)


@given(decimals, decimals, decimals)
def test_arithmetic_is_exact_decimal_with_usual_precedence(a, b, c):
    env = {"a": a, "b": b, "c": c}
    assert expr.compute("a + b * c", env) == a + b * c
    assert expr.compute("(a + b) * c", env) == (a + b) * c
    assert expr.compute("a - b - c", env) == a - b - c
    assert expr.compute("-a + b", env) == -a + b


@given(decimals, nonzero)
def test_division_matches_decimal_division(a, b):
    assert expr.compute("a / b * 100", {"a": a, "b": b}) == a / b * 100


@given(decimals)
def test_division_by_zero_is_a_clear_error_never_an_exception_leak(a):
    with pytest.raises(expr.DivisionByZero) as info:
        expr.compute("a / (b - b)", {"a": a, "b": Decimal(3)})
    assert "除数为零" in info.value.message


@given(decimals, decimals)
def test_comparisons_and_logic(a, b):
    env = {"a": a, "b": b}
    assert expr.compute("a >= b and not (a < b)", env) is (a >= b)
    assert expr.compute("a == b or a != b", env) is True
    assert expr.compute("max(a, b) >= min(a, b)", env) is True
    assert expr.compute("if(a > b, a, b)", env) == max(a, b)


@given(st.lists(st.one_of(st.none(), decimals), max_size=20))
def test_sum_and_count_over_a_table_column(values):
    env = {"t.x": values, "t": [None] * len(values)}
    assert expr.compute("sum(t.x)", env) == sum((v for v in values if v is not None), Decimal(0))
    assert expr.compute("count(t)", env) == len(values)


def test_missing_values_make_the_result_unknown_not_an_error():
    assert expr.compute("a / b", {"a": None, "b": Decimal(0)}) is None
    assert expr.compute("a > 3 and b > 1", {"a": None, "b": Decimal(2)}) is None
    assert expr.compute("a > 3 and b > 1", {"a": None, "b": Decimal(0)}) is False


def test_round_half_up():
    assert expr.compute("round(x, 2)", {"x": Decimal("2.345")}) == Decimal("2.35")


@pytest.mark.parametrize(
    "text",
    ["__import__('os')", "a.b.c + 1", "1 +", "(1 + 2", "foo(1)", "a ** 2", "a; b", "'x'", "", "1" * 600, "min()"],
)
def test_anything_outside_the_grammar_is_refused_in_chinese(text):
    with pytest.raises(expr.ExprError) as info:
        expr.parse(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)


def test_nesting_is_bounded():
    with pytest.raises(expr.ExprError):
        expr.parse("(" * 60 + "1" + ")" * 60)


def test_names_lists_fields_and_facts():
    node = expr.parse("rd / enterprise.operating_revenue * 100 + sum(patents.count)")
    assert expr.names(node) == {"rd", "enterprise.operating_revenue", "patents.count"}


def test_unknown_name_is_an_error():
    with pytest.raises(expr.ExprError, match="不存在"):
        expr.compute("zz + 1", {})
