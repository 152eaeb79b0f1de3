"""The template schema: what the designer sends is checked and rebuilt here into the one shape the
engine stores and trusts (sections → fields, cross-field validations, indicators, pre-review checks).
The server never stores the client's shape as is. Pure: the fact catalogue and dictionary options
are passed in."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from smedt.applications import expr
from smedt.core.errors import ValidationFailed

KIND_LABELS = {
    "text": "单行文本",
    "textarea": "多行文本",
    "number": "数值",
    "amount": "金额",
    "percent": "百分比",
    "date": "日期",
    "select": "单选",
    "multiselect": "多选",
    "region": "行政区划",
    "file": "附件",
    "table": "表格",
    "formula": "计算字段",
}
NUMERIC = {"number", "amount", "percent", "formula"}
COLUMN_KINDS = {"text", "number", "amount", "percent", "date", "select", "file"}
AMOUNT_UNITS = {"元": 2, "万元": 6}  # unit → decimal places kept exactly (万元 to the cent)
TEXT_MAX = {"text": 500, "textarea": 5000}
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_SECTIONS, MAX_FIELDS, MAX_COLUMNS, MAX_ROWS, MAX_FILES = 30, 300, 20, 500, 20
MAX_INDICATORS, MAX_VALIDATIONS, MAX_BANDS = 50, 50, 20
FILE_TYPES = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "doc", "xls", "zip", "ofd", "txt", "csv")
THRESHOLD_OPS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "==": "＝"}

FactCatalog = Mapping[str, Mapping[str, str]]  # "enterprise.operating_revenue" → {label, kind, unit}
DictOptions = Callable[[str], dict[str, str]]


class SchemaErrors:
    """Collects every problem of a template at once, each under a path the designer can show."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def raise_if_any(self) -> None:
        if self.errors:
            first = next(iter(self.errors.values()))
            raise ValidationFailed(
                code="applications.invalid_template",
                message=f"模板有 {len(self.errors)} 处需要修改：{first}",
                details={"fields": self.errors},
            )


def _text(value: Any, limit: int = 200) -> str:
    return str(value or "").strip()[:limit]


def _dec(value: Any) -> Decimal | None:
    return expr.to_decimal(value)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _int(value: Any, default: int, lo: int, hi: int) -> int:
    try:
        n = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        n = default
    return max(lo, min(hi, n))


def _options(
    raw: Any, dict_code: str, dict_options: DictOptions | None, errs: SchemaErrors, path: str
) -> list[dict[str, str]]:
    if dict_code:
        found = dict_options(dict_code) if dict_options else {}
        if not found:
            errs.add(path, f"字典“{dict_code}”不存在或没有可用的字典项")
        return [{"value": v, "label": label} for v, label in found.items()]
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, str):
            item = {"value": item, "label": item}
        if not isinstance(item, dict):
            continue
        value, label = _text(item.get("value"), 100), _text(item.get("label"), 100)
        if value and label and value not in seen:
            seen.add(value)
            out.append({"value": value, "label": label})
    if not out:
        errs.add(path, "请至少设置一个选项")
    return out


def _field(
    raw: Any,
    *,
    path: str,
    errs: SchemaErrors,
    facts: FactCatalog,
    dict_options: DictOptions | None,
    in_table: bool = False,
) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        errs.add(path, "字段定义格式不正确")
        return None
    key = _text(raw.get("key"), 40)
    label = _text(raw.get("label"), 100)
    kind = _text(raw.get("kind"), 20)
    if not KEY.match(key):
        errs.add(f"{path}.key", f"字段“{label or key}”的编码应以小写字母开头，只含小写字母、数字和下划线（至多 40 位）")
    if not label:
        errs.add(f"{path}.label", "请填写字段名称")
    allowed = COLUMN_KINDS if in_table else set(KIND_LABELS)
    if kind not in allowed:
        errs.add(f"{path}.kind", f"字段“{label}”的类型不支持" + ("（表格列不能是该类型）" if in_table else ""))
        return None
    out: dict[str, Any] = {
        "key": key,
        "label": label,
        "kind": kind,
        "required": bool(raw.get("required")) and kind != "formula",
        "help": _text(raw.get("help"), 300),
    }
    if raw.get("public") and kind in ("select", "multiselect", "region", "text") and not in_table:
        out["public"] = True  # shown in the public 公示 notice and results (no other field ever is)
    if kind in ("text", "textarea"):
        out["max_length"] = _int(raw.get("max_length"), 200, 1, TEXT_MAX[kind])
        pattern = _text(raw.get("pattern"), 200)
        if pattern:
            try:
                re.compile(pattern)
            except re.error:
                errs.add(f"{path}.pattern", f"字段“{label}”的格式规则不是有效的正则表达式")
        out["pattern"] = pattern
        out["pattern_message"] = _text(raw.get("pattern_message"), 100)
    if kind in ("number", "amount", "percent"):
        lo, hi = _dec(raw.get("min")), _dec(raw.get("max"))
        if kind == "percent":
            lo = Decimal(0) if lo is None else lo
            hi = Decimal(100) if hi is None else hi
        if lo is not None and hi is not None and lo > hi:
            errs.add(f"{path}.min", f"字段“{label}”的最小值大于最大值")
        out["min"] = None if lo is None else str(lo)
        out["max"] = None if hi is None else str(hi)
    if kind == "number":
        out["unit"] = _text(raw.get("unit"), 20)
        out["decimals"] = _int(raw.get("decimals"), 0, 0, 6)
    if kind == "amount":
        unit = _text(raw.get("unit"), 10) or "万元"
        if unit not in AMOUNT_UNITS:
            errs.add(f"{path}.unit", f"字段“{label}”的金额单位应为“元”或“万元”")
            unit = "万元"
        out["unit"] = unit
        out["decimals"] = AMOUNT_UNITS[unit]
    if kind == "percent":
        out["unit"] = "%"
        out["decimals"] = 2
    if kind in ("select", "multiselect"):
        dict_code = _text(raw.get("dict_code"), 64)
        out["dict_code"] = dict_code
        out["options"] = _options(raw.get("options"), dict_code, dict_options, errs, f"{path}.options")
    if kind == "file":
        accept = [str(a).lower().lstrip(".") for a in (raw.get("accept") or ["pdf"]) if str(a).strip()]
        bad = [a for a in accept if a not in FILE_TYPES]
        if bad or not accept:
            errs.add(f"{path}.accept", f"字段“{label}”的文件类型不支持：{'、'.join(bad) or '未选择'}")
        out["accept"] = [a for a in accept if a in FILE_TYPES]
        out["max_count"] = _int(raw.get("max_count"), 1, 1, MAX_FILES)
    if kind == "table":
        columns_raw = _list(raw.get("columns"))
        if not columns_raw:
            errs.add(f"{path}.columns", f"表格“{label}”至少需要一列")
        if len(columns_raw) > MAX_COLUMNS:
            errs.add(f"{path}.columns", f"表格“{label}”至多 {MAX_COLUMNS} 列")
        columns = []
        seen: set[str] = set()
        for i, col in enumerate(columns_raw[:MAX_COLUMNS]):
            c = _field(
                col, path=f"{path}.columns[{i}]", errs=errs, facts=facts, dict_options=dict_options, in_table=True
            )
            if c is None:
                continue
            if c["key"] in seen:
                errs.add(f"{path}.columns[{i}].key", f"表格“{label}”的列编码“{c['key']}”重复")
            seen.add(c["key"])
            columns.append(c)
        out["columns"] = columns
        out["min_rows"] = _int(raw.get("min_rows"), 0, 0, MAX_ROWS)
        out["max_rows"] = _int(raw.get("max_rows"), 50, 1, MAX_ROWS)
        if out["min_rows"] > out["max_rows"]:
            errs.add(f"{path}.min_rows", f"表格“{label}”的最少行数大于最多行数")
    if kind == "formula":
        text = _text(raw.get("expr"), expr.MAX_LENGTH)
        try:
            expr.parse(text)
        except expr.ExprError as exc:
            errs.add(f"{path}.expr", f"计算字段“{label}”的公式有误：{exc.message}")
        out["expr"] = text
        out["unit"] = _text(raw.get("unit"), 20)
        out["decimals"] = _int(raw.get("decimals"), 2, 0, 6)
    fact = _text(raw.get("fact"), 80)
    if fact and not in_table:
        if kind not in ("text", "textarea", "number", "amount", "percent", "date"):
            errs.add(f"{path}.fact", f"字段“{label}”的类型不能绑定企业档案数据")
        elif fact not in facts:
            errs.add(f"{path}.fact", f"字段“{label}”绑定的档案数据“{fact}”不存在")
    out["fact"] = fact if not in_table else ""
    return out


def _env_names(fields: list[dict[str, Any]]) -> dict[str, str]:
    """Names a rule may read → what they are ("number", "column", "rows", "files")."""
    out: dict[str, str] = {}
    for f in fields:
        if f["kind"] in NUMERIC:
            out[f["key"]] = "number"
        elif f["kind"] == "file":
            out[f["key"]] = "files"
        elif f["kind"] == "table":
            out[f["key"]] = "rows"
            for c in f["columns"]:
                if c["kind"] in NUMERIC:
                    out[f"{f['key']}.{c['key']}"] = "column"
    return out


def _check_rule(
    text: str, *, known: Mapping[str, str], facts: FactCatalog, errs: SchemaErrors, path: str, what: str
) -> str:
    text = _text(text, expr.MAX_LENGTH)
    try:
        node = expr.parse(text)
    except expr.ExprError as exc:
        errs.add(path, f"{what}有误：{exc.message}")
        return text
    unknown = sorted(n for n in expr.names(node) if n not in known and n not in facts)
    if unknown:
        errs.add(path, f"{what}引用了不存在的数值字段或档案数据：{'、'.join(unknown)}")
    return text


def _points(value: Any, errs: SchemaErrors, path: str) -> Decimal:
    dec = _dec(value)
    if dec is None or dec < 0 or dec > 1000:
        errs.add(path, "分值应为 0 至 1000 之间的数")
        return Decimal(0)
    return dec


def _indicator(
    raw: Any,
    *,
    path: str,
    errs: SchemaErrors,
    known: Mapping[str, str],
    facts: FactCatalog,
    fields: Mapping[str, dict[str, Any]],
) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        errs.add(path, "指标定义格式不正确")
        return None
    key, name = _text(raw.get("key"), 40), _text(raw.get("name"), 100)
    if not KEY.match(key):
        errs.add(f"{path}.key", f"指标“{name or key}”的编码格式不正确")
    if not name:
        errs.add(f"{path}.name", "请填写指标名称")
    rule = _check_rule(
        raw.get("expr", ""), known=known, facts=facts, errs=errs, path=f"{path}.expr", what=f"指标“{name}”的取值公式"
    )
    mode = _text(raw.get("mode"), 20)
    out: dict[str, Any] = {"key": key, "name": name, "expr": rule, "unit": _text(raw.get("unit"), 20), "mode": mode}
    if mode == "bands":
        bands_raw = _list(raw.get("bands"))
        if not bands_raw or len(bands_raw) > MAX_BANDS:
            errs.add(f"{path}.bands", f"指标“{name}”需要 1 至 {MAX_BANDS} 个计分区间")
        bands: list[dict[str, Any]] = []
        for i, b in enumerate(bands_raw[:MAX_BANDS]):
            b = b if isinstance(b, dict) else {}
            lo, hi = _dec(b.get("min")), _dec(b.get("max"))
            if lo is not None and hi is not None and lo >= hi:
                errs.add(f"{path}.bands[{i}]", f"指标“{name}”第 {i + 1} 个区间的下限应小于上限")
            bands.append(
                {
                    "min": None if lo is None else str(lo),
                    "max": None if hi is None else str(hi),
                    "points": str(_points(b.get("points"), errs, f"{path}.bands[{i}].points")),
                }
            )
        ordered = sorted(bands, key=lambda b: Decimal(b["min"]) if b["min"] is not None else Decimal("-1e30"))
        for prev, nxt in itertools.pairwise(ordered):
            if prev["max"] is None or nxt["min"] is None or Decimal(prev["max"]) > Decimal(nxt["min"]):
                errs.add(f"{path}.bands", f"指标“{name}”的计分区间有重叠")
                break
        out["bands"] = ordered
        out["max_points"] = str(max((Decimal(b["points"]) for b in bands), default=Decimal(0)))
    elif mode == "threshold":
        op = _text(raw.get("op"), 2) or ">="
        if op not in THRESHOLD_OPS:
            errs.add(f"{path}.op", f"指标“{name}”的比较方式不支持")
        value = _dec(raw.get("value"))
        if value is None:
            errs.add(f"{path}.value", f"请填写指标“{name}”的达标值")
        out["op"] = op
        out["value"] = str(value if value is not None else 0)
        out["points"] = str(_points(raw.get("points", 0), errs, f"{path}.points"))
        out["max_points"] = out["points"]
    else:
        errs.add(f"{path}.mode", f"指标“{name}”的计分方式应为“区间计分”或“达标判定”")
        return None
    ev = raw.get("evidence")
    out["evidence"] = None
    if isinstance(ev, dict) and _text(ev.get("field"), 81):
        ref = _text(ev.get("field"), 81)
        table, _, col = ref.partition(".")
        target = fields.get(table)
        ok = target is not None and (
            (not col and target["kind"] == "file")
            or (
                col
                and target["kind"] == "table"
                and any(c["key"] == col and c["kind"] == "file" for c in target["columns"])
            )
        )
        if not ok:
            errs.add(f"{path}.evidence", f"指标“{name}”的佐证材料应指向一个附件字段或表格中的附件列")
        accept = [str(a).lower().lstrip(".") for a in (ev.get("accept") or []) if str(a).strip()]
        if any(a not in FILE_TYPES for a in accept):
            errs.add(f"{path}.evidence", f"指标“{name}”的佐证材料类型不支持")
        out["evidence"] = {
            "field": ref,
            "label": _text(ev.get("label"), 60) or "佐证材料",
            "accept": accept,
        }
    return out


def template_schema_clean(raw: Any, *, facts: FactCatalog, dict_options: DictOptions | None = None) -> dict[str, Any]:
    """The stored schema for a designer's payload, or ValidationFailed listing every problem."""
    errs = SchemaErrors()
    raw = raw if isinstance(raw, dict) else {}
    sections_raw = raw.get("sections") if isinstance(raw.get("sections"), list) else []
    if not sections_raw:
        errs.add("sections", "模板至少需要一个分组")
    if len(sections_raw) > MAX_SECTIONS:
        errs.add("sections", f"模板至多 {MAX_SECTIONS} 个分组")
    sections: list[dict[str, Any]] = []
    all_fields: list[dict[str, Any]] = []
    seen: set[str] = set()
    for si, s in enumerate(sections_raw[:MAX_SECTIONS]):
        s = s if isinstance(s, dict) else {}
        title = _text(s.get("title"), 100)
        if not title:
            errs.add(f"sections[{si}].title", f"第 {si + 1} 个分组缺少标题")
        fields = []
        for fi, f in enumerate(_list(s.get("fields"))):
            path = f"sections[{si}].fields[{fi}]"
            clean = _field(f, path=path, errs=errs, facts=facts, dict_options=dict_options)
            if clean is None:
                continue
            if clean["key"] in seen:
                errs.add(f"{path}.key", f"字段编码“{clean['key']}”重复")
            if clean["key"].split(".")[0] in {k.split(".")[0] for k in facts}:
                errs.add(f"{path}.key", f"字段编码“{clean['key']}”与档案数据来源重名")
            seen.add(clean["key"])
            fields.append(clean)
        sections.append({"title": title, "fields": fields})
        all_fields.extend(fields)
    if not all_fields:
        errs.add("sections", "模板至少需要一个字段")
    if len(all_fields) > MAX_FIELDS:
        errs.add("sections", f"模板至多 {MAX_FIELDS} 个字段")
    by_key = {f["key"]: f for f in all_fields}
    known = _env_names(all_fields)
    # formulas read numbers declared before them (no cycles by construction)
    earlier: dict[str, str] = {}
    for f in all_fields:
        if f["kind"] == "formula" and f["expr"]:
            try:
                used = expr.names(expr.parse(f["expr"]))
            except expr.ExprError:
                used = set()
            bad = sorted(n for n in used if n not in earlier and n not in facts)
            if bad:
                errs.add(
                    f"fields.{f['key']}.expr", f"计算字段“{f['label']}”只能引用排在它前面的数值字段：{'、'.join(bad)}"
                )
        if f["key"] in known:
            earlier[f["key"]] = known[f["key"]]
        for name, what in known.items():
            if name.startswith(f"{f['key']}."):
                earlier[name] = what
    validations = []
    for i, v in enumerate(
        (raw.get("validations") or [])[:MAX_VALIDATIONS] if isinstance(raw.get("validations"), list) else []
    ):
        v = v if isinstance(v, dict) else {}
        rule = _check_rule(
            v.get("expr", ""),
            known=known,
            facts=facts,
            errs=errs,
            path=f"validations[{i}].expr",
            what=f"第 {i + 1} 条校验规则",
        )
        message = _text(v.get("message"), 200)
        if not message:
            errs.add(f"validations[{i}].message", f"第 {i + 1} 条校验规则缺少提示语")
        target = _text(v.get("field"), 40)
        if target and target not in by_key:
            errs.add(f"validations[{i}].field", f"第 {i + 1} 条校验规则指向的字段不存在")
        validations.append({"expr": rule, "message": message, "field": target})
    indicators = []
    ikeys: set[str] = set()
    for i, raw_ind in enumerate(
        (raw.get("indicators") or [])[:MAX_INDICATORS] if isinstance(raw.get("indicators"), list) else []
    ):
        ind = _indicator(raw_ind, path=f"indicators[{i}]", errs=errs, known=known, facts=facts, fields=by_key)
        if ind is None:
            continue
        if ind["key"] in ikeys:
            errs.add(f"indicators[{i}].key", f"指标编码“{ind['key']}”重复")
        ikeys.add(ind["key"])
        indicators.append(ind)
    checks = []
    for i, c in enumerate((raw.get("checks") or [])[:MAX_FIELDS] if isinstance(raw.get("checks"), list) else []):
        c = c if isinstance(c, dict) else {}
        fkey, source = _text(c.get("field"), 40), _text(c.get("source"), 80)
        if fkey not in by_key or by_key[fkey]["kind"] not in NUMERIC | {"text", "date"}:
            errs.add(f"checks[{i}].field", f"第 {i + 1} 条比对规则的字段不存在或不能比对")
        if source not in facts:
            errs.add(f"checks[{i}].source", f"第 {i + 1} 条比对规则的后台数据“{source}”不存在")
        tol = _dec(c.get("tolerance_pct")) or Decimal(0)
        if tol < 0 or tol > 100:
            errs.add(f"checks[{i}].tolerance_pct", "允许偏差应在 0 至 100% 之间")
        checks.append({"field": fkey, "source": source, "tolerance_pct": str(tol)})
    from smedt.applications.scoring import scoring_clean

    scoring, problem = scoring_clean(raw.get("scoring"))
    if problem:
        errs.add("scoring", problem)
    errs.raise_if_any()
    out: dict[str, Any] = {"sections": sections, "validations": validations, "indicators": indicators, "checks": checks}
    if scoring:
        out["scoring"] = scoring  # a registered scorer adds its indicators (applications.scoring)
    return out


def schema_fields(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [f for s in schema.get("sections", []) for f in s.get("fields", [])]


def max_score(schema: Mapping[str, Any]) -> Decimal:
    return sum((Decimal(i["max_points"]) for i in schema.get("indicators", [])), Decimal(0))


def fact_keys(schema: Mapping[str, Any]) -> set[str]:
    """Every fact the template reads (bound fields, rules, checks): what a pre-fill fetches."""
    used: set[str] = set()
    for f in schema_fields(schema):
        if f.get("fact"):
            used.add(f["fact"])
        if f["kind"] == "formula":
            used |= {n for n in expr.names(expr.parse(f["expr"])) if "." in n}
    for rule in [
        *(v["expr"] for v in schema.get("validations", [])),
        *(i["expr"] for i in schema.get("indicators", [])),
    ]:
        used |= {n for n in expr.names(expr.parse(rule)) if "." in n}
    used |= {c["source"] for c in schema.get("checks", [])}
    from smedt.applications.scoring import scoring_fact_keys

    return used | scoring_fact_keys(schema)


def restrict_options(schema: Mapping[str, Any], field_options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The schema as one campaign offers it: a select field's options narrowed to the campaign's list
    (e.g. the 细分行业 a round is open to). Fields without an override keep the template's options."""
    if not field_options:
        return dict(schema)
    sections = []
    for sec in schema.get("sections", []):
        fields = []
        for f in sec.get("fields", []):
            keep = field_options.get(f.get("key", ""))
            if keep and f.get("kind") in ("select", "multiselect"):
                allowed = {str(v) for v in keep}
                f = {**f, "options": [o for o in f.get("options", []) if o["value"] in allowed]}
            fields.append(f)
        sections.append({**sec, "fields": fields})
    return {**schema, "sections": sections}


def clean_field_options(schema: Mapping[str, Any], raw: Any) -> tuple[dict[str, list[str]], dict[str, str]]:
    """A campaign's option overrides checked against the template version: (clean, {field: error})."""
    out: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    if not raw:
        return out, errors
    if not isinstance(raw, dict):
        return out, {"field_options": "选项范围格式不正确"}
    by_key = {f["key"]: f for f in schema_fields(schema)}
    for key, values in raw.items():
        f = by_key.get(str(key))
        if f is None or f["kind"] not in ("select", "multiselect"):
            errors[f"field_options.{key}"] = f"模板中没有名为“{key}”的选择字段"
            continue
        known = [o["value"] for o in f.get("options", [])]
        chosen = [str(v) for v in (values if isinstance(values, list) else [])]
        unknown = [v for v in chosen if v not in known]
        if unknown:
            errors[f"field_options.{key}"] = f"“{f['label']}”没有这些选项：{'、'.join(unknown[:5])}"
            continue
        if not chosen:
            errors[f"field_options.{key}"] = f"请至少选择一个“{f['label']}”"
            continue
        out[str(key)] = [v for v in known if v in set(chosen)]  # in the template's order
    return out, errors
