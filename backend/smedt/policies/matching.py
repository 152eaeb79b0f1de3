"""Exact matching of one enterprise's indicator values against a policy's confirmed conditions. Pure.

Every condition ends met / unmet / missing with the enterprise's value and where it came from; the
policy is eligible when every condition is met, not eligible when one is unmet, and missing data
otherwise (nothing unmet, something unknown) — the explanation says which data would decide it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from smedt.policies.indicators import INDICATORS, OP_LABELS, TIER_RANK, TIERS, to_base

ELIGIBLE, MISSING, INELIGIBLE = "eligible", "missing", "ineligible"
STATUS_WEIGHT = {ELIGIBLE: 2, MISSING: 1, INELIGIBLE: 0}
# the compact per-condition result stored on a match row, one character per condition in order
RESULT_CODE = {"met": "y", "unmet": "n", "missing": "?"}
CODE_RESULT = {v: k for k, v in RESULT_CODE.items()}
# the number forms a value may take; anything else counts as missing data. The SQL path
# (`core.dbcompat.policy_match_sql`) tests the same pattern, so both paths agree on what is a number.
NUMBER_RE = r"^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,4})?$"
_NUMBER = re.compile(NUMBER_RE)


@dataclass(frozen=True)
class Condition:
    indicator: str
    operator: str
    threshold: Decimal | None = None
    values: tuple[str, ...] = ()
    unit: str = ""


@dataclass(frozen=True)
class Outcome:
    status: str
    met: int
    total: int
    rank_score: Decimal
    details: list[dict[str, Any]]


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    text = str(value)
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _compare(op: str, left: Decimal, right: Decimal) -> bool:
    return {
        "gte": left >= right,
        "gt": left > right,
        "lte": left <= right,
        "lt": left < right,
        "eq": left == right,
    }[op]


def _show(d: Decimal) -> str:
    return format(d.normalize(), "f")


def condition_text(c: Condition, region_names: Mapping[str, str] | None = None) -> str:
    ind = INDICATORS[c.indicator]
    if ind.kind == "industry":
        from smedt.policies.indicators import industry_label

        return f"{ind.label}属于{'、'.join(industry_label(v) for v in c.values)}"
    if ind.kind == "region":
        names = region_names or {}
        return f"{ind.label}属于{'、'.join(names.get(v, v) for v in c.values)}"
    if ind.kind == "tier":
        tier = c.values[0] if c.values else "none"
        return f"{ind.label}{'为' if c.operator == 'eq' else '不低于'}{TIERS.get(tier, tier)}"
    return f"{ind.label} {OP_LABELS[c.operator]} {_show(c.threshold or Decimal(0))}{c.unit or ind.unit}"


def evaluate_one(c: Condition, entry: Mapping[str, Any] | None) -> tuple[str, str]:
    """(met / unmet / missing, the enterprise value as shown)."""
    ind = INDICATORS[c.indicator]
    value = None if entry is None else entry.get("value")
    if value is None or value == "" or value == []:
        return "missing", ""
    if ind.kind == "industry":
        code = str(value)
        return ("met" if any(code.startswith(p) for p in c.values) else "unmet"), code
    if ind.kind == "region":
        path = [str(v) for v in (entry or {}).get("path") or [value]]
        shown = str((entry or {}).get("label") or value)
        return ("met" if any(v in path for v in c.values) else "unmet"), shown
    if ind.kind == "tier":
        have = TIER_RANK.get(str(value), 0)
        want = TIER_RANK.get(c.values[0] if c.values else "none", 0)
        ok = have == want if c.operator == "eq" else have >= want
        return ("met" if ok else "unmet"), TIERS.get(str(value), str(value))
    number = _dec(value)
    if number is None or c.threshold is None:
        return "missing", ""
    right = to_base(ind, c.threshold, c.unit)
    return ("met" if _compare(c.operator, number, right) else "unmet"), f"{_show(number)}{ind.unit}"


def results_of(conditions: Sequence[Condition], values: Mapping[str, Mapping[str, Any]]) -> str:
    """The compact result: one of y (met) / n (unmet) / ? (missing) per condition, in order."""
    return "".join(RESULT_CODE[evaluate_one(c, values.get(c.indicator))[0]] for c in conditions)


def status_of(results: str) -> str:
    return INELIGIBLE if "n" in results else MISSING if "?" in results else ELIGIBLE


def rank_score(status: str, met: int, total: int) -> Decimal:
    ratio = Decimal(met * 100) / Decimal(total) if total else Decimal(100)
    return Decimal(STATUS_WEIGHT[status] * 1000) + ratio.quantize(Decimal("0.0001"))


def explain(
    conditions: Sequence[Condition],
    results: str,
    values: Mapping[str, Mapping[str, Any]],
    *,
    region_names: Mapping[str, str] | None = None,
    texts: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The explanation, condition by condition, rendered from a stored compact result and the
    enterprise's snapshot values (the value shown and its source)."""
    details: list[dict[str, Any]] = []
    for i, c in enumerate(conditions):
        entry = values.get(c.indicator)
        result = CODE_RESULT.get(results[i : i + 1], "missing")
        shown = evaluate_one(c, entry)[1] if result != "missing" else ""
        ind = INDICATORS[c.indicator]
        details.append(
            {
                "indicator": c.indicator,
                "label": ind.label,
                "condition": texts[i] if texts is not None else condition_text(c, region_names),
                "result": result,
                "value": shown,
                "source": (entry or {}).get("source", "") if result != "missing" else "",
                "hint": ind.hint if result == "missing" else "",
            }
        )
    return details


def evaluate(
    conditions: Sequence[Condition],
    values: Mapping[str, Mapping[str, Any]],
    *,
    amount: Decimal | None = None,
    region_names: Mapping[str, str] | None = None,
    texts: Sequence[str] | None = None,
) -> Outcome:
    """`texts`: the conditions' wording, when the caller evaluates many enterprises (computed once)."""
    results = results_of(conditions, values)
    details = explain(conditions, results, values, region_names=region_names, texts=texts)
    status = status_of(results)
    met = results.count("y")
    total = len(conditions)
    return Outcome(status=status, met=met, total=total, rank_score=rank_score(status, met, total), details=details)
