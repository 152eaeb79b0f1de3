"""Expert score sheets (专家评分表), shared by every review that scores: item validation and totals.
Pure (no database); marks are Decimal. `code` names the calling module's error code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from smedt.core.errors import ValidationFailed

TWO = Decimal("0.01")


def _error(code: str, field: str, message: str) -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def _dec(value: Any, *, field: str, label: str, code: str) -> Decimal:
    try:
        dec = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _error(code, field, f"{label}应为数字") from None
    if not dec.is_finite():
        raise _error(code, field, f"{label}应为数字")
    return dec


def validate_sheet_items(
    items: Sequence[Mapping[str, Any]], *, error_code: str = "reviews.invalid_score"
) -> list[dict[str, str]]:
    """[{key, name, max_score}] with unique keys and positive maxima."""
    if not items:
        raise _error(error_code, "items", "评分表至少需要一个评分项")
    seen: set[str] = set()
    out = []
    for idx, item in enumerate(items, start=1):
        key = str(item.get("key", "")).strip()
        name = str(item.get("name", "")).strip()
        if not key or not name:
            raise _error(error_code, "items", f"第 {idx} 个评分项缺少编码或名称")
        if key in seen:
            raise _error(error_code, "items", f"评分项编码“{key}”重复")
        seen.add(key)
        maximum = _dec(item.get("max_score"), field="items", label=f"评分项“{name}”的满分", code=error_code)
        if maximum <= 0:
            raise _error(error_code, "items", f"评分项“{name}”的满分应大于 0")
        out.append({"key": key, "name": name, "max_score": str(maximum.quantize(TWO))})
    return out


def score_total(
    items: Sequence[Mapping[str, Any]], marks: Mapping[str, Any], *, error_code: str = "reviews.invalid_score"
) -> tuple[dict[str, Decimal], Decimal]:
    """Every item must be marked, 0 ≤ mark ≤ its maximum; the total is the plain sum."""
    keys = {str(i["key"]) for i in items}
    unknown = sorted(set(marks) - keys)
    if unknown:
        raise _error(error_code, "marks", f"评分项不存在：{'、'.join(unknown)}")
    cleaned: dict[str, Decimal] = {}
    for item in items:
        key, name = str(item["key"]), str(item["name"])
        if key not in marks or marks[key] in (None, ""):
            raise _error(error_code, "marks", f"请为“{name}”打分")
        mark = _dec(marks[key], field="marks", label=f"“{name}”的得分", code=error_code)
        maximum = Decimal(str(item["max_score"]))
        if mark < 0 or mark > maximum:
            raise _error(error_code, "marks", f"“{name}”的得分应在 0 至 {maximum} 之间")
        cleaned[key] = mark.quantize(TWO)
    return cleaned, sum(cleaned.values(), Decimal(0)).quantize(TWO)
