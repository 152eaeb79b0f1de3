"""Checking a submission against its stored template version. Pure: attachments, regions and facts
are passed in. Answers cleaned values, field-level Chinese errors and the numbers rules read."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from smedt.applications import expr
from smedt.applications.schema import NUMERIC, schema_fields

MAX_TABLE_CELL = 500


@dataclass(frozen=True)
class FileInfo:
    """What the engine needs to know of an attachment: its name (for the type) and size."""

    id: str
    name: str
    ext: str


@dataclass
class Outcome:
    data: dict[str, Any] = field(default_factory=dict)  # cleaned values, numbers as exact strings
    errors: dict[str, str] = field(default_factory=dict)  # "revenue" / "patents[1].cert" → 中文
    env: dict[str, expr.Value] = field(default_factory=dict)  # what rules read (fields, columns, facts)
    computed: dict[str, str | None] = field(default_factory=dict)  # formula fields

    @property
    def ok(self) -> bool:
        return not self.errors


def _fmt(dec: Decimal) -> str:
    return format(dec.normalize(), "f") if dec == dec.to_integral() else format(dec, "f")


def _number(f: Mapping[str, Any], raw: Any, path: str, errors: dict[str, str]) -> Decimal | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)) or len(str(raw)) > 40:
        errors[path] = f"“{f['label']}”应为数字"
        return None
    dec = expr.to_decimal(str(raw).strip().replace(",", ""))
    if dec is None:
        errors[path] = f"“{f['label']}”应为数字"
        return None
    places = int(f.get("decimals", 0))
    exponent = dec.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        errors[path] = f"“{f['label']}”最多保留 {places} 位小数" if places else f"“{f['label']}”应为整数"
        return None
    if abs(dec) >= Decimal("1e16"):
        errors[path] = f"“{f['label']}”数值过大"
        return None
    unit = f.get("unit", "")
    if f.get("min") is not None and dec < Decimal(f["min"]):
        errors[path] = f"“{f['label']}”不能小于 {f['min']}{unit}"
        return None
    if f.get("max") is not None and dec > Decimal(f["max"]):
        errors[path] = f"“{f['label']}”不能大于 {f['max']}{unit}"
        return None
    return dec


def _value(
    f: Mapping[str, Any],
    raw: Any,
    path: str,
    out: Outcome,
    files: Mapping[str, FileInfo],
    region_ok: Callable[[str], bool],
    partial: bool,
) -> Any:
    """One cleaned value (None when empty); problems go into out.errors under `path`."""
    kind, label, errors = f["kind"], f["label"], out.errors
    empty = raw is None or raw == "" or raw == []
    if empty:
        if f.get("required") and not partial:
            errors[path] = f"请填写“{label}”" if kind not in ("file", "select", "region") else f"请提供“{label}”"
        return [] if kind in ("multiselect", "file", "table") else None
    if kind in ("text", "textarea"):
        if not isinstance(raw, str):
            errors[path] = f"“{label}”应为文字"
            return None
        text = raw.strip()
        if len(text) > int(f["max_length"]):
            errors[path] = f"“{label}”不能超过 {f['max_length']} 个字（当前 {len(text)} 个字）"
            return None
        if f.get("pattern") and not re.fullmatch(f["pattern"], text):
            errors[path] = f.get("pattern_message") or f"“{label}”的格式不正确"
            return None
        return text
    if kind in ("number", "amount", "percent"):
        dec = _number(f, raw, path, errors)
        return None if dec is None else _fmt(dec)
    if kind == "date":
        try:
            return date.fromisoformat(str(raw)[:10]).isoformat() if len(str(raw)) <= 32 else None
        except ValueError:
            errors[path] = f"“{label}”应为日期（年-月-日）"
            return None
    if kind == "select":
        if str(raw) not in {o["value"] for o in f["options"]}:
            errors[path] = f"“{label}”的选项不存在"
            return None
        return str(raw)
    if kind == "multiselect":
        values = raw if isinstance(raw, list) else [raw]
        allowed = {o["value"] for o in f["options"]}
        bad = [str(v) for v in values if str(v) not in allowed]
        if bad:
            errors[path] = f"“{label}”的选项不存在：{'、'.join(bad[:5])}"
            return []
        return list(dict.fromkeys(str(v) for v in values))
    if kind == "region":
        code = str(raw).strip()
        if len(code) > 12 or not region_ok(code):
            errors[path] = f"“{label}”的行政区划不存在"
            return None
        return code
    if kind == "file":
        ids = [str(v) for v in (raw if isinstance(raw, list) else [raw])]
        if len(ids) > int(f["max_count"]):
            errors[path] = f"“{label}”至多上传 {f['max_count']} 个文件"
            return []
        clean = []
        for att_id in ids:
            info = files.get(att_id)
            if info is None:
                errors[path] = f"“{label}”的附件不存在或无权使用"
                return []
            if f["accept"] and info.ext not in f["accept"]:
                errors[path] = f"“{label}”只接受 {'、'.join(f['accept'])} 文件，“{info.name}”不符合"
                return []
            clean.append(att_id)
        return clean
    return None


def _table(
    f: Mapping[str, Any],
    raw: Any,
    out: Outcome,
    files: Mapping[str, FileInfo],
    region_ok: Callable[[str], bool],
    partial: bool,
) -> list[dict[str, Any]]:
    key, label = f["key"], f["label"]
    rows = raw if isinstance(raw, list) else []
    if raw not in (None, "", []) and not isinstance(raw, list):
        out.errors[key] = f"“{label}”格式不正确"
    if len(rows) > int(f["max_rows"]):
        out.errors[key] = f"“{label}”至多 {f['max_rows']} 行"
        rows = rows[: int(f["max_rows"])]
    if not partial and len(rows) < max(int(f["min_rows"]), 1 if f.get("required") else 0):
        out.errors[key] = f"“{label}”至少填写 {max(int(f['min_rows']), 1)} 行"
    clean_rows = []
    for i, row in enumerate(rows):
        row = row if isinstance(row, dict) else {}
        clean_row = {}
        for col in f["columns"]:
            clean_row[col["key"]] = _value(
                col, row.get(col["key"]), f"{key}[{i}].{col['key']}", out, files, region_ok, partial
            )
        clean_rows.append(clean_row)
    for col in f["columns"]:
        if col["kind"] in NUMERIC:
            out.env[f"{key}.{col['key']}"] = [expr.to_decimal(r[col["key"]]) for r in clean_rows]
    out.env[key] = [None] * len(clean_rows)
    return clean_rows


def submission_clean(
    schema: Mapping[str, Any],
    data: Mapping[str, Any],
    *,
    facts: Mapping[str, Decimal | None],
    files: Mapping[str, FileInfo],
    region_ok: Callable[[str], bool] = lambda code: True,
    partial: bool = False,
) -> Outcome:
    """Check every field; `partial` (a draft) skips only the "required" checks."""
    out = Outcome()
    out.env.update(facts)
    data = data if isinstance(data, Mapping) else {}
    fields = schema_fields(schema)
    known = {f["key"] for f in fields}
    unknown = sorted(k for k in data if k not in known)
    if unknown:
        out.errors[unknown[0]] = f"模板中没有字段“{unknown[0][:40]}”"
    for f in fields:
        key = f["key"]
        if f["kind"] == "table":
            out.data[key] = _table(f, data.get(key), out, files, region_ok, partial)
            continue
        if f["kind"] == "formula":
            try:
                value = expr.compute(f["expr"], out.env)
            except expr.ExprError as exc:
                out.errors[key] = f"“{f['label']}”无法计算：{exc.message}"
                value = None
            dec = value if isinstance(value, Decimal) else None
            if dec is not None:
                dec = dec.quantize(Decimal(1).scaleb(-int(f["decimals"])))
            out.computed[key] = None if dec is None else format(dec, "f")
            out.data[key] = out.computed[key]
            out.env[key] = dec
            continue
        value = _value(f, data.get(key), key, out, files, region_ok, partial)
        out.data[key] = value
        if f["kind"] in NUMERIC:
            out.env[key] = expr.to_decimal(value)
        elif f["kind"] == "file":
            out.env[key] = [None] * len(value or [])
    for v in schema.get("validations", []):
        try:
            result = expr.compute(v["expr"], out.env)
        except expr.ExprError as exc:
            out.errors.setdefault(v["field"] or "form", f"{v['message']}（{exc.message}）")
            continue
        if result is False:
            out.errors.setdefault(v["field"] or "form", v["message"])
    return out


def files_in(schema: Mapping[str, Any], data: Mapping[str, Any]) -> list[str]:
    """Every attachment id a submission's data mentions (to look them up in one query)."""
    ids: list[str] = []
    for f in schema_fields(schema):
        value = data.get(f["key"]) if isinstance(data, Mapping) else None
        if f["kind"] == "file" and isinstance(value, list):
            ids += [str(v) for v in value]
        if f["kind"] == "table" and isinstance(value, list):
            for row in value:
                for col in f["columns"]:
                    if col["kind"] == "file" and isinstance(row, dict) and isinstance(row.get(col["key"]), list):
                        ids += [str(v) for v in row[col["key"]]]
    return ids
