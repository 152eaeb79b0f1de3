"""Expert score sheets, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smedt.core.errors import ValidationFailed
from smedt.reviews.scoresheet import score_total, validate_sheet_items

SHEET = [{"key": "a", "name": "技术能力", "max_score": "60"}, {"key": "b", "name": "服务案例", "max_score": "40"}]


def test_total_is_the_exact_decimal_sum():
    items = validate_sheet_items(SHEET)
    marks, total = score_total(items, {"a": "55.5", "b": "33.25"})
    assert marks == {"a": Decimal("55.50"), "b": Decimal("33.25")}
    assert total == Decimal("88.75")


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ({"a": "61", "b": "1"}, "之间"),
        ({"a": "1"}, "请为“服务案例”打分"),
        ({"a": "x", "b": "1"}, "应为数字"),
        ({"a": "1", "b": "1", "c": "1"}, "不存在"),
    ],
)
def test_bad_marks_are_refused_with_the_callers_code(marks, message):
    with pytest.raises(ValidationFailed) as exc:
        score_total(validate_sheet_items(SHEET), marks, error_code="providers.invalid_score")
    assert exc.value.code == "providers.invalid_score"
    assert message in exc.value.message


def test_duplicate_keys_and_non_positive_maxima_are_refused():
    with pytest.raises(ValidationFailed, match="重复"):
        validate_sheet_items([*SHEET, {"key": "a", "name": "x", "max_score": "1"}])
    with pytest.raises(ValidationFailed, match="大于 0"):
        validate_sheet_items([{"key": "z", "name": "零分项", "max_score": "0"}])
