"""Automatic pre-review (自动预评审): indicators computed exactly from the cleaned submission, evidence
checked, entered values compared with the back-end data. Pure; every result explains itself
(inputs, rule, points) so the applicant and the reviewer read the same reasoning."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from smedt.applications import expr
from smedt.applications.schema import NUMERIC, THRESHOLD_OPS, schema_fields
from smedt.applications.validation import FileInfo, Outcome

HUNDRED = Decimal(100)
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Fact:
    """A back-end value with where it came from (provenance), as a provider reports it."""

    value: str | None
    label: str
    source_label: str = ""
    recorded_at: str = ""
    year: int | None = None

    @property
    def number(self) -> Decimal | None:
        return expr.to_decimal(self.value)


def _show(dec: Decimal | None, unit: str = "") -> str:
    if dec is None:
        return "—"
    q = dec.quantize(TWO) if dec != dec.to_integral() else dec.quantize(Decimal(1))
    return f"{q:,}{unit}"


def band_points(value: Decimal, bands: list[Mapping[str, Any]]) -> tuple[Decimal, Mapping[str, Any] | None]:
    """Points of the band holding `value` (lower bound inclusive, upper exclusive); 0 outside all bands."""
    for band in bands:
        lo = None if band["min"] is None else Decimal(band["min"])
        hi = None if band["max"] is None else Decimal(band["max"])
        if (lo is None or value >= lo) and (hi is None or value < hi):
            return Decimal(band["points"]), band
    return Decimal(0), None


def threshold_passed(value: Decimal, op: str, target: Decimal) -> bool:
    return {
        ">=": value >= target,
        ">": value > target,
        "<=": value <= target,
        "<": value < target,
        "==": value == target,
    }[op]


def _band_text(band: Mapping[str, Any], unit: str) -> str:
    lo, hi = band["min"], band["max"]
    if lo is None:
        return f"低于 {hi}{unit}"
    if hi is None:
        return f"{lo}{unit} 及以上"
    return f"{lo}{unit}（含）至 {hi}{unit}"


def _evidence(
    ev: Mapping[str, Any] | None, schema: Mapping[str, Any], data: Mapping[str, Any], files: Mapping[str, FileInfo]
) -> tuple[bool, str]:
    """Is the evidence attached, of an allowed type (for a table: on every row)?"""
    if not ev:
        return True, ""
    table, _, col = ev["field"].partition(".")
    accept = ev.get("accept") or []
    if col:
        rows = data.get(table) or []
        groups = [row.get(col) or [] for row in rows]
        if not rows:
            return False, f"缺少{ev['label']}"
    else:
        groups = [data.get(table) or []]
    for i, ids in enumerate(groups):
        where = f"第 {i + 1} 行" if col else ""
        if not ids:
            return False, f"{where}缺少{ev['label']}"
        for att_id in ids:
            info = files.get(att_id)
            if info is None or (accept and info.ext not in accept):
                name = info.name if info else "附件"
                return False, f"{where}{ev['label']}“{name}”类型不符（应为 {'、'.join(accept)}）"
    return True, ""


def indicator_results(
    schema: Mapping[str, Any], outcome: Outcome, files: Mapping[str, FileInfo]
) -> list[dict[str, Any]]:
    """Every indicator: value, rule, points, evidence, the inputs it read, and a sentence saying why."""
    labels = {f["key"]: f["label"] for f in schema_fields(schema)}
    results = []
    for ind in schema.get("indicators", []):
        unit = ind.get("unit", "")
        node = expr.parse(ind["expr"])
        inputs = []
        for name in sorted(expr.names(node)):
            raw = outcome.env.get(name)
            shown = f"{len(raw)} 项" if isinstance(raw, list) else _show(raw if isinstance(raw, Decimal) else None)
            inputs.append({"name": name, "label": labels.get(name.split(".")[0], name), "value": shown})
        error = ""
        try:
            value = expr.evaluate(node, outcome.env, source=ind["expr"])
        except expr.ExprError as exc:
            value, error = None, exc.message
        dec = value if isinstance(value, Decimal) else None
        evidence_ok, evidence_msg = _evidence(ind.get("evidence"), schema, outcome.data, files)
        passed: bool | None = None
        points = Decimal(0)
        if ind["mode"] == "bands":
            rule = "区间计分：" + "；".join(f"{_band_text(b, unit)} 得 {b['points']} 分" for b in ind["bands"])
        else:
            rule = f"达标判定：{THRESHOLD_OPS[ind['op']]} {ind['value']}{unit} 得 {ind['points']} 分"
        if dec is None:
            why = error or "数据不完整，暂不计分"
        else:
            if ind["mode"] == "bands":
                points, band = band_points(dec, ind["bands"])
                why = f"取值 {_show(dec, unit)}，" + (
                    f"落在“{_band_text(band, unit)}”，得 {band['points']} 分" if band else "不在任何计分区间，得 0 分"
                )
            else:
                passed = threshold_passed(dec, ind["op"], Decimal(ind["value"]))
                points = Decimal(ind["points"]) if passed else Decimal(0)
                why = f"取值 {_show(dec, unit)}，{'达标' if passed else '未达标'}，得 {_show(points)} 分"
            if not evidence_ok:
                why += f"；{evidence_msg}，不计分"
                points = Decimal(0)
        results.append(
            {
                "key": ind["key"],
                "name": ind["name"],
                "value": None if dec is None else str(dec.quantize(Decimal("0.0001")).normalize()),
                "unit": unit,
                "rule": rule,
                "inputs": inputs,
                "points": str(points.quantize(TWO)),
                "max_points": ind["max_points"],
                "passed": passed,
                "evidence_ok": evidence_ok,
                "evidence_message": evidence_msg,
                "explanation": why,
            }
        )
    return results


def _differs(entered: Decimal, backend: Decimal, tolerance_pct: Decimal) -> Decimal | None:
    """The relative difference (%) when it exceeds the tolerance, else None."""
    if entered == backend:
        return None
    if backend == 0:
        return HUNDRED
    diff = abs(entered - backend) / abs(backend) * HUNDRED
    return diff if diff > tolerance_pct else None


def findings(
    schema: Mapping[str, Any],
    outcome: Outcome,
    facts: Mapping[str, Fact],
    results: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Differences between what was typed and what the platform already knows, plus missing evidence."""
    fields = {f["key"]: f for f in schema_fields(schema)}
    pairs = [(f["key"], f["fact"], Decimal(0)) for f in fields.values() if f.get("fact")]
    pairs += [(c["field"], c["source"], Decimal(c["tolerance_pct"])) for c in schema.get("checks", [])]
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for key, source, tolerance in pairs:
        if (key, source) in seen or key not in fields:
            continue
        seen.add((key, source))
        f, fact = fields[key], facts.get(source)
        entered = outcome.data.get(key)
        if fact is None or fact.value in (None, "") or entered in (None, ""):
            continue
        where = f"{fact.label}（{fact.source_label or '平台数据'}{f'，{fact.year} 年' if fact.year else ''}）"
        if f["kind"] in NUMERIC:
            a, b = expr.to_decimal(entered), fact.number
            if a is None or b is None:
                continue
            diff = _differs(a, b, tolerance)
            if diff is None:
                continue
            unit = f.get("unit", "")
            message = f"填报值 {_show(a, unit)} 与{where} {_show(b, unit)} 不一致（相差 {diff.quantize(TWO)}%）"
        else:
            if str(entered).strip() == str(fact.value).strip():
                continue
            message = f"填报值“{str(entered)[:50]}”与{where}“{str(fact.value)[:50]}”不一致"
        out.append(
            {
                "kind": "fact_mismatch",
                "field": key,
                "label": f["label"],
                "entered": str(entered),
                "backend": str(fact.value),
                "source": source,
                "source_label": where,
                "message": message,
            }
        )
    for r in results:
        if not r["evidence_ok"]:
            out.append(
                {
                    "kind": "missing_evidence",
                    "field": r["key"],
                    "label": r["name"],
                    "entered": "",
                    "backend": "",
                    "source": "",
                    "source_label": "",
                    "message": f"指标“{r['name']}”：{r['evidence_message']}",
                }
            )
    return out


def total_points(results: list[dict[str, Any]], overrides: Mapping[str, str] | None = None) -> Decimal:
    """The pre-review score: each indicator's points, or the reviewer's override where one was made."""
    overrides = overrides or {}
    return sum((Decimal(overrides.get(r["key"], r["points"])) for r in results), Decimal(0)).quantize(TWO)


@dataclass
class Review:
    outcome: Outcome
    indicators: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    score: Decimal


def run(
    schema: Mapping[str, Any],
    data: Mapping[str, Any],
    *,
    facts: Mapping[str, Fact],
    files: Mapping[str, FileInfo],
    region_ok: Any = None,
    partial: bool = False,
    overrides: Mapping[str, str] | None = None,
) -> Review:
    """Validate, compute formulas and indicators, compare with the back end — one pass."""
    from smedt.applications.validation import submission_clean

    numbers = {k: f.number for k, f in facts.items()}
    outcome = submission_clean(
        schema, data, facts=numbers, files=files, region_ok=region_ok or (lambda code: True), partial=partial
    )
    from smedt.applications.scoring import scored

    results = indicator_results(schema, outcome, files)
    extra = scored(schema, outcome, facts, files)  # a registered scorer's indicators (e.g. 梯度培育 criteria)
    if extra is not None:
        results += extra.indicators
    found = findings(schema, outcome, facts, results)
    if extra is not None:
        found += extra.findings
    return Review(outcome, results, found, total_points(results, overrides))
