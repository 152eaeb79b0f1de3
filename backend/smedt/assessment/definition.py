"""Indicator-set definitions: read a data file, check it, compile it for scoring. Pure: no Django.

A data file (YAML or JSON, format in ``data/README.md``) is parsed with every decimal read
exactly as :class:`~decimal.Decimal` (never a binary float), checked as a whole (every
problem reported, in Chinese, with where it is), and compiled into frozen dataclasses that
:mod:`smedt.assessment.scoring` reads. ``canonical`` turns the parsed file into plain JSON
(decimals as strings) — the form stored in ``IndicatorSet.definition``; compiling the
canonical form gives the same definition as compiling the file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from smedt.assessment.errors import AssessmentErrorCode
from smedt.core.errors import ValidationFailed

FORMAT = "smedt.assessment.indicator_set/1"
DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_ERRORS = 50

QuestionType = Literal["single", "multi"]
ComputeKind = Literal["ratio_percent", "change"]
Change = Literal["increase", "flat", "decrease"]
CHANGES: tuple[Change, ...] = ("increase", "flat", "decrease")
CHANGE_NAMES: Mapping[str, str] = {"increase": "增加", "flat": "持平", "decrease": "降低"}
SCENARIO_TYPES = ("constraint", "guidance")

_CODE_RE = re.compile(r"^[0-9a-z][0-9a-z-]{1,63}$")
_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_OPTION_RE = re.compile(r"^[A-Za-z0-9_]{1,16}$")
_NUM = r"-?\d+(?:\.\d+)?"
_INTERVAL_RE = re.compile(rf"^([\[(])\s*({_NUM})\s*,\s*({_NUM})\s*([\])])$")


class DefinitionInvalid(ValidationFailed):
    """The data file is not a usable indicator set; ``errors`` lists every problem in Chinese."""

    def __init__(self, errors: Sequence[str]) -> None:
        shown = list(errors[:MAX_ERRORS])
        more = f"（共 {len(errors)} 处问题）" if len(errors) > 1 else ""
        super().__init__(
            code=AssessmentErrorCode.INVALID_INDICATOR_SET,
            message=f"指标体系文件校验未通过{more}：{shown[0]}",
            details={"errors": shown},
        )
        self.errors: tuple[str, ...] = tuple(shown)


# ---- compiled definition ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interval:
    """A band of a computed percentage, as published: "[0,10]", "(10,20]"."""

    low: Decimal
    low_inclusive: bool
    high: Decimal
    high_inclusive: bool
    _low: Fraction = field(init=False, repr=False, compare=False)
    _high: Fraction = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_low", Fraction(self.low))
        object.__setattr__(self, "_high", Fraction(self.high))

    def contains(self, value: Fraction) -> bool:
        above = value >= self._low if self.low_inclusive else value > self._low
        below = value <= self._high if self.high_inclusive else value < self._high
        return above and below

    def __str__(self) -> str:
        left = "[" if self.low_inclusive else "("
        right = "]" if self.high_inclusive else ")"
        return f"{left}{fmt(self.low)}%,{fmt(self.high)}%{right}"


@dataclass(frozen=True, slots=True)
class Option:
    """选项 — one answer option with the points it awards."""

    code: str
    text: str
    score: Decimal
    exclusive: bool
    band: Interval | Change | None


@dataclass(frozen=True, slots=True)
class EvidenceField:
    """佐证数据项 — a figure typed in next to a question (evidence, never scored)."""

    id: str
    label: str
    unit: str
    integer: bool
    question_id: str
    added_by_platform: bool


@dataclass(frozen=True, slots=True)
class Ratio:
    numerator: str
    denominator: str


@dataclass(frozen=True, slots=True)
class Compute:
    """How a band follows from the evidence: a percentage, or a change between two years."""

    kind: ComputeKind
    name: str
    current: Ratio
    previous: Ratio | None
    flat_tolerance_percent: Decimal
    unit: str = ""  # of the compared values (change only), for display
    scale: Decimal = Decimal(1)  # the compared values are shown multiplied by this


@dataclass(frozen=True, slots=True)
class Question:
    """评测指标（题目） — one indicator and its question; the question id is the indicator id."""

    id: str
    indicator: str
    text: str
    type: QuestionType
    max_score: Decimal
    required: bool
    options: tuple[Option, ...]
    option_by_code: Mapping[str, Option]
    dimension_id: str
    group_id: str
    caption: str
    fields: tuple[str, ...]
    uses: tuple[str, ...]
    compute: Compute | None

    @property
    def exclusive_code(self) -> str | None:
        return next((o.code for o in self.options if o.exclusive), None)


@dataclass(frozen=True, slots=True)
class Group:
    """二级指标 — a group of indicators inside a dimension."""

    id: str
    name: str
    max_score: Decimal
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Dimension:
    """评测维度 — 数字化基础 / 数字化管理 / 数字化成效 (the scored ones)."""

    id: str
    name: str
    max_score: Decimal
    groups: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class Scenario:
    """业务场景 — rated at a level; 约束性 (constraint) or 指导性 (guidance)."""

    id: str
    name: str
    group_id: str
    group_name: str
    constraint: bool
    descriptions: Mapping[int, str]


@dataclass(frozen=True, slots=True)
class LevelRule:
    """等级判定规则 — score threshold plus scenario counts for one level."""

    level: int
    name: str
    min_score: Decimal
    min_score_inclusive: bool
    min_scenes: int
    min_constraint_scenes: int

    def score_met(self, total: Decimal) -> bool:
        return total >= self.min_score if self.min_score_inclusive else total > self.min_score


@dataclass(frozen=True, slots=True)
class Definition:
    """评测指标体系 — one compiled version of an indicator table."""

    code: str
    version: str
    name: str
    total_max: Decimal
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    question_by_id: Mapping[str, Question]
    evidence_fields: Mapping[str, EvidenceField]
    scenario_dimension_name: str
    scenario_type_names: Mapping[str, str]
    scenario_levels: tuple[int, ...]
    scenario_level_names: Mapping[int, str]
    scenarios: tuple[Scenario, ...]
    scenario_by_id: Mapping[str, Scenario]
    level_rules: tuple[LevelRule, ...]  # highest level first
    no_level_name: str
    level_rules_status: str
    level_rules_note: str

    @property
    def top_level(self) -> int:
        return self.level_rules[0].level

    def level_name(self, level: int) -> str:
        for rule in self.level_rules:
            if rule.level == level:
                return rule.name
        return self.no_level_name


# ---- numbers ------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def fmt(value: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros: 1.50 → "1.5", 1E+2 → "100"."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def to_decimal(value: Any) -> Decimal | None:
    """An exact Decimal from int / Decimal / numeric text (a float goes through its shortest text).

    None for anything else (bools, non-finite values, non-numeric text).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, (str, float)):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            return None
    else:
        return None
    return result if result.is_finite() else None


# ---- reading files ------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that reads floats as Decimal and leaves dates as text."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text  # ".inf", ".nan": reported as "not a number" by the checks


def _construct_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


def parse_bytes(raw: bytes) -> dict[str, Any]:
    """The data file as plain Python values (decimals as Decimal). YAML or JSON."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DefinitionInvalid([f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节）"]) from None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 — _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark is not None else "未知位置"
        raise DefinitionInvalid([f"文件格式错误（{where}）：{exc.problem or exc}"]) from None
    except yaml.YAMLError as exc:
        raise DefinitionInvalid([f"文件格式错误：{exc}"]) from None
    if not isinstance(data, dict):
        raise DefinitionInvalid(["文件内容应为一个映射（键值对），而不是列表或单个值"])
    return data


def canonical(data: Any) -> Any:
    """Plain JSON values: Decimal → its exact text, tuples → lists, keys → text."""
    if isinstance(data, Mapping):
        return {str(k): canonical(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [canonical(v) for v in data]
    if isinstance(data, Decimal):
        return fmt(data)
    return data


def load_bytes(raw: bytes) -> tuple[dict[str, Any], Definition]:
    """Parse and check a data file. Returns (canonical JSON form, compiled definition)."""
    data = canonical(parse_bytes(raw))
    return data, compile_definition(data)


def packaged_path(code: str) -> Path:
    """The data file shipped with the code for an indicator-set code (may not exist)."""
    if not _CODE_RE.match(code):
        raise DefinitionInvalid([f"指标体系编码“{code}”格式不正确"])
    return DATA_DIR / f"{code}.yaml"


# ---- checking and compiling ---------------------------------------------------------------


class _Checker:
    """Collects every problem with where it is, so an admin can fix a file in one pass."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.errors.append(f"{where}：{problem}" if where else problem)

    def mapping(self, obj: Any, where: str) -> Mapping[str, Any]:
        if isinstance(obj, Mapping):
            return obj
        self.add(where, "应为映射（键值对）")
        return {}

    def items(self, obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
        value = obj.get(key)
        if isinstance(value, list) and value:
            return value
        self.add(where, f"缺少“{key}”列表或列表为空")
        return []

    def text(self, obj: Mapping[str, Any], key: str, where: str, *, max_len: int = 500) -> str:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            if len(value) > max_len:
                self.add(where, f"“{key}”超过 {max_len} 个字符")
            return value
        self.add(where, f"缺少“{key}”或不是文本")
        return ""

    def ident(self, obj: Mapping[str, Any], key: str, where: str, seen: set[str], what: str) -> str:
        value = obj.get(key)
        if not isinstance(value, str) or not _ID_RE.match(value):
            self.add(where, f"“{key}”应为字母开头的字母、数字、下划线或连字符")
            return ""
        if value in seen:
            self.add(where, f"{what}“{value}”重复")
        seen.add(value)
        return value

    def number(self, obj: Mapping[str, Any], key: str, where: str, *, positive: bool = False) -> Decimal:
        value = to_decimal(obj.get(key))
        if value is None:
            self.add(where, f"“{key}”缺失或不是有效数字")
            return Decimal(0)
        if value < 0 or (positive and value == 0):
            self.add(where, f"“{key}”应为{'正数' if positive else '非负数'}")
        return value

    def integer(self, obj: Mapping[str, Any], key: str, where: str) -> int:
        value = obj.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self.add(where, f"“{key}”应为非负整数")
        return 0

    def flag(self, obj: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = obj.get(key, default)
        if isinstance(value, bool):
            return value
        self.add(where, f"“{key}”应为 true 或 false")
        return default


def _interval(text: Any) -> Interval | None:
    match = _INTERVAL_RE.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    low, high = Decimal(match.group(2)), Decimal(match.group(3))
    interval = Interval(low, match.group(1) == "[", high, match.group(4) == "]")
    if low > high or (low == high and not (interval.low_inclusive and interval.high_inclusive)):
        return None
    return interval


def _ratio(chk: _Checker, obj: Any, where: str) -> Ratio:
    m = chk.mapping(obj, where)
    return Ratio(chk.text(m, "numerator", where), chk.text(m, "denominator", where))


def _compute(chk: _Checker, obj: Any, where: str) -> Compute | None:
    if obj is None:
        return None
    m = chk.mapping(obj, where)
    kind = m.get("kind")
    name = chk.text(m, "name", where)
    tolerance = Decimal(0)
    if "flat_tolerance_percent" in m:
        tolerance = chk.number(m, "flat_tolerance_percent", where)
    if kind == "ratio_percent":
        return Compute("ratio_percent", name, _ratio(chk, m, where), None, tolerance)
    if kind == "change":
        current = _ratio(chk, m.get("current"), f"{where} current")
        previous = _ratio(chk, m.get("previous"), f"{where} previous")
        unit = m.get("unit", "")
        if not isinstance(unit, str):
            chk.add(where, "“unit”应为文本")
            unit = ""
        scale = chk.number(m, "scale", where, positive=True) if "scale" in m else Decimal(1)
        return Compute("change", name, current, previous, tolerance, unit, scale)
    chk.add(where, "“kind”应为 ratio_percent 或 change")
    return None


def _check_bands(chk: _Checker, where: str, compute: Compute | None, options: Sequence[Option]) -> None:
    banded = [o for o in options if o.band is not None]
    if compute is None:
        if banded:
            chk.add(where, "选项设置了 band，但没有 evidence.compute 计算方式")
        return
    for o in options:
        if o.band is None:
            chk.add(f"{where} 选项 {o.code}", "有计算方式的指标，每个选项都要有 band")
    if compute.kind == "change":
        bands = [o.band for o in banded]
        if any(not isinstance(b, str) for b in bands) or sorted(map(str, bands)) != sorted(CHANGES):
            chk.add(where, "变化类指标的 band 应恰好为 increase、flat、decrease 各一个")
        return
    intervals = sorted((o.band for o in banded if isinstance(o.band, Interval)), key=lambda i: (i.low, i.high))
    if len(intervals) != len(banded):
        chk.add(where, '比例类指标的 band 应为区间，如 "[0,10]" 或 "(10,20]"')
        return
    for a, b in itertools.pairwise(intervals):
        if a.high != b.low or a.high_inclusive == b.low_inclusive:
            chk.add(where, f"区间 {a} 与 {b} 之间有空隙或重叠")


def _options(chk: _Checker, ind: Mapping[str, Any], where: str, qtype: str) -> tuple[Option, ...]:
    options: list[Option] = []
    codes: set[str] = set()
    for raw in chk.items(ind, "options", where):
        o = chk.mapping(raw, where)
        code = o.get("code")
        owhere = f"{where} 选项 {code}"
        if not isinstance(code, str) or not _OPTION_RE.match(code):
            chk.add(owhere, "选项编码应为 1–16 位字母、数字或下划线")
            code = ""
        elif code in codes:
            chk.add(owhere, "选项编码重复")
        codes.add(code)
        text = chk.text(o, "text", owhere)
        score = chk.number(o, "score", owhere)
        exclusive = chk.flag(o, "exclusive", owhere, False)
        if exclusive and qtype != "multi":
            chk.add(owhere, "只有多选题可以设置互斥选项（exclusive）")
        if exclusive and score != 0:
            chk.add(owhere, "互斥选项（如“无”）的分值应为 0")
        band_raw = o.get("band")
        band: Interval | Change | None = None
        if band_raw is not None:
            if band_raw in CHANGES:
                band = band_raw
            else:
                band = _interval(band_raw)
                if band is None:
                    chk.add(owhere, f'band“{band_raw}”应为区间（如 "(10,20]"）或 increase / flat / decrease')
        options.append(Option(code, text, score, exclusive, band))
    return tuple(options)


def _question(
    chk: _Checker,
    raw: Any,
    *,
    dimension_id: str,
    group_id: str,
    seen: set[str],
    fields: dict[str, EvidenceField],
) -> Question:
    ind = chk.mapping(raw, f"分组 {group_id}")
    qid = chk.ident(ind, "id", f"分组 {group_id} 的指标", seen, "指标编号")
    where = f"指标 {qid}"
    name = chk.text(ind, "indicator", where)
    text = chk.text(ind, "question", where)
    raw_type = ind.get("type")
    if raw_type not in ("single", "multi"):
        chk.add(where, "“type”应为 single（单选）或 multi（多选）")
    qtype: QuestionType = "multi" if raw_type == "multi" else "single"
    max_score = chk.number(ind, "max_score", where, positive=True)
    required = chk.flag(ind, "required", where, True)
    options = _options(chk, ind, where, qtype)
    if qtype == "single" and options:
        best = max(o.score for o in options)
        if best != max_score:
            chk.add(where, f"单选题最高选项分值 {fmt(best)} 与满分 {fmt(max_score)} 不一致")
    if qtype == "multi" and options:
        if sum(1 for o in options if o.exclusive) > 1:
            chk.add(where, "多选题最多只能有一个互斥选项")
        if all(o.exclusive for o in options):
            chk.add(where, "多选题至少要有一个非互斥选项")
        total = sum((o.score for o in options if not o.exclusive), Decimal(0))
        if total != max_score:
            chk.add(where, f"多选题各选项分值合计 {fmt(total)} 与满分 {fmt(max_score)} 不一致")
    ev = chk.mapping(ind.get("evidence") or {}, where)
    declared: list[str] = []
    for fraw in ev.get("fields") or []:
        f = chk.mapping(fraw, f"{where} 佐证数据")
        fid = chk.ident(f, "id", f"{where} 佐证数据", set(), "")
        fwhere = f"{where} 佐证数据 {fid}"
        if fid in fields:
            chk.add(fwhere, f"编号与指标 {fields[fid].question_id} 的佐证数据重复")
        kind = f.get("kind")
        if kind not in ("integer", "decimal"):
            chk.add(fwhere, "“kind”应为 integer 或 decimal")
        unit = f.get("unit", "")
        if not isinstance(unit, str):
            chk.add(fwhere, "“unit”应为文本")
            unit = ""
        fields[fid] = EvidenceField(
            id=fid,
            label=chk.text(f, "label", fwhere),
            unit=unit,
            integer=kind == "integer",
            question_id=qid,
            added_by_platform=chk.flag(f, "added_by_platform", fwhere, False),
        )
        declared.append(fid)
    uses = ev.get("uses") or []
    if not isinstance(uses, list) or not all(isinstance(u, str) for u in uses):
        chk.add(where, "evidence.uses 应为佐证数据编号列表")
        uses = []
    caption = ev.get("caption", "")
    if not isinstance(caption, str):
        chk.add(where, "evidence.caption 应为文本")
        caption = ""
    compute = _compute(chk, ev.get("compute"), f"{where} evidence.compute")
    _check_bands(chk, where, compute, options)
    return Question(
        id=qid,
        indicator=name,
        text=text,
        type=qtype,
        max_score=max_score,
        required=required,
        options=options,
        option_by_code={o.code: o for o in options},
        dimension_id=dimension_id,
        group_id=group_id,
        caption=caption,
        fields=tuple(declared),
        uses=tuple(uses),
        compute=compute,
    )


def _scenarios(
    chk: _Checker, data: Mapping[str, Any]
) -> tuple[str, dict[str, str], tuple[int, ...], dict[int, str], tuple[Scenario, ...]]:
    where = "scenario_dimension"
    sd = chk.mapping(data.get("scenario_dimension"), where)
    name = chk.text(sd, "name", where)
    types = chk.mapping(sd.get("types"), f"{where}.types")
    type_names = {t: chk.text(types, t, f"{where}.types") for t in SCENARIO_TYPES}
    level_names: dict[int, str] = {}
    for i, raw in enumerate(chk.items(sd, "levels", where)):
        lv = chk.mapping(raw, f"{where}.levels")
        level = lv.get("level")
        if level != i:
            chk.add(f"{where}.levels 第 {i + 1} 项", f"等级应从 0 起连续编号，这里应为 {i}")
        level_names[i] = chk.text(lv, "name", f"{where}.levels 第 {i + 1} 项")
    levels = tuple(sorted(level_names))
    if len(levels) < 2:
        chk.add(where, "场景等级至少要有 0 级（未达到）和 1 级")
    rated = levels[1:]
    scenarios: list[Scenario] = []
    group_ids: set[str] = set()
    scenario_ids: set[str] = set()
    for graw in chk.items(sd, "groups", where):
        g = chk.mapping(graw, where)
        gid = chk.ident(g, "id", f"{where} 场景分组", group_ids, "场景分组编号")
        gname = chk.text(g, "name", f"场景分组 {gid}")
        for sraw in chk.items(g, "scenarios", f"场景分组 {gid}"):
            s = chk.mapping(sraw, f"场景分组 {gid}")
            sid = chk.ident(s, "id", f"场景分组 {gid} 的场景", scenario_ids, "场景编号")
            swhere = f"场景 {sid}"
            sname = chk.text(s, "name", swhere)
            stype = s.get("type")
            if stype not in SCENARIO_TYPES:
                chk.add(swhere, "“type”应为 constraint（约束性）或 guidance（指导性）")
            descriptions: dict[int, str] = {}
            for draw in chk.items(s, "levels", swhere):
                d = chk.mapping(draw, swhere)
                level = d.get("level")
                if level not in rated or level in descriptions:
                    chk.add(swhere, f"等级描述的 level 应为 {'、'.join(map(str, rated))} 且不重复")
                    continue
                descriptions[level] = chk.text(d, "description", f"{swhere} {level} 级", max_len=2000)
            if set(descriptions) != set(rated):
                missing = sorted(set(rated) - set(descriptions))
                if missing:
                    chk.add(swhere, f"缺少等级 {'、'.join(map(str, missing))} 的描述")
            scenarios.append(Scenario(sid, sname, gid, gname, stype == "constraint", descriptions))
    return name, type_names, levels, level_names, tuple(scenarios)


def _level_rules(
    chk: _Checker,
    data: Mapping[str, Any],
    *,
    total_max: Decimal,
    levels: tuple[int, ...],
    scenarios: Sequence[Scenario],
) -> tuple[tuple[LevelRule, ...], str, str, str]:
    where = "level_rules"
    lr = chk.mapping(data.get("level_rules"), where)
    if lr.get("counting", "at_or_above") != "at_or_above":
        chk.add(where, "“counting”目前只支持 at_or_above（场景等级不低于目标等级即计入）")
    no_level = chk.text(lr, "no_level_name", where)
    status = lr.get("status", "")
    note = lr.get("note", "")
    if not isinstance(status, str) or not isinstance(note, str):
        chk.add(where, "“status”和“note”应为文本")
        status, note = "", ""
    n_all = len(scenarios)
    n_con = sum(1 for s in scenarios if s.constraint)
    rules: list[LevelRule] = []
    seen: set[int] = set()
    for raw in chk.items(lr, "rules", where):
        r = chk.mapping(raw, where)
        level = r.get("level")
        rwhere = f"等级规则 {level}"
        if level not in levels[1:] or level in seen:
            chk.add(rwhere, f"“level”应为 {'、'.join(map(str, levels[1:]))} 之一且不重复")
            continue
        seen.add(level)
        min_score = chk.number(r, "min_score", rwhere)
        if min_score > total_max:
            chk.add(rwhere, f"总分门槛 {fmt(min_score)} 超过满分 {fmt(total_max)}")
        min_scenes = chk.integer(r, "min_scenes_at_or_above_level", rwhere)
        min_con = chk.integer(r, "of_which_min_constraint_scenes", rwhere)
        if min_scenes > n_all:
            chk.add(rwhere, f"场景数量门槛 {min_scenes} 超过场景总数 {n_all}")
        if min_con > n_con or min_con > min_scenes:
            chk.add(rwhere, f"约束性场景门槛 {min_con} 超过约束性场景总数 {n_con} 或场景数量门槛 {min_scenes}")
        rules.append(
            LevelRule(
                level=level,
                name=chk.text(r, "name", rwhere),
                min_score=min_score,
                min_score_inclusive=chk.flag(r, "min_score_inclusive", rwhere, True),
                min_scenes=min_scenes,
                min_constraint_scenes=min_con,
            )
        )
    rules.sort(key=lambda rule: -rule.level)
    return tuple(rules), no_level, status, note


def compile_definition(data: Mapping[str, Any]) -> Definition:
    """Check a parsed (or canonical) data file and build the scoring structures.

    Raises :class:`DefinitionInvalid` listing every problem found.
    """
    chk = _Checker()
    data = chk.mapping(data, "")
    if data.get("format") != FORMAT:
        chk.add("format", f"应为“{FORMAT}”")
    code = data.get("code")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        chk.add("code", "应为 2–64 位小写字母、数字或连字符，如 2024-manufacturing")
        code = ""
    version = data.get("version")
    if not isinstance(version, str) or not version.strip() or len(version) > 32:
        chk.add("version", '应为不超过 32 个字符的文本，如 "2024.1"（数字请加引号）')
        version = ""
    name = chk.text(data, "name", "", max_len=200)
    total_max = chk.number(data, "total_max", "total_max", positive=True)

    dimensions: list[Dimension] = []
    questions: list[Question] = []
    fields: dict[str, EvidenceField] = {}
    dim_ids: set[str] = set()
    group_ids: set[str] = set()
    question_ids: set[str] = set()
    for draw in chk.items(data, "dimensions", "dimensions"):
        d = chk.mapping(draw, "dimensions")
        did = chk.ident(d, "id", "dimensions", dim_ids, "维度编号")
        dwhere = f"维度 {did}"
        groups: list[Group] = []
        for graw in chk.items(d, "groups", dwhere):
            g = chk.mapping(graw, dwhere)
            gid = chk.ident(g, "id", f"{dwhere} 的分组", group_ids, "分组编号")
            gwhere = f"分组 {gid}"
            group_questions = tuple(
                _question(chk, raw, dimension_id=did, group_id=gid, seen=question_ids, fields=fields)
                for raw in chk.items(g, "indicators", gwhere)
            )
            group = Group(
                gid, chk.text(g, "name", gwhere), chk.number(g, "max_score", gwhere, positive=True), group_questions
            )
            total = sum((q.max_score for q in group_questions), Decimal(0))
            if group_questions and total != group.max_score:
                chk.add(gwhere, f"各指标满分合计 {fmt(total)} 与分组满分 {fmt(group.max_score)} 不一致")
            groups.append(group)
            questions.extend(group_questions)
        dim = Dimension(
            did, chk.text(d, "name", dwhere), chk.number(d, "max_score", dwhere, positive=True), tuple(groups)
        )
        total = sum((g.max_score for g in groups), Decimal(0))
        if groups and total != dim.max_score:
            chk.add(dwhere, f"各分组满分合计 {fmt(total)} 与维度满分 {fmt(dim.max_score)} 不一致")
        dimensions.append(dim)
    dims_total = sum((d.max_score for d in dimensions), Decimal(0))
    if dimensions and dims_total != total_max:
        chk.add("total_max", f"各维度满分合计 {fmt(dims_total)} 与总分满分 {fmt(total_max)} 不一致")

    for q in questions:
        for ref in q.uses:
            if ref not in fields:
                chk.add(f"指标 {q.id}", f"evidence.uses 引用了不存在的佐证数据“{ref}”")
        if q.compute is not None:
            refs = [q.compute.current.numerator, q.compute.current.denominator]
            if q.compute.previous is not None:
                refs += [q.compute.previous.numerator, q.compute.previous.denominator]
            for ref in refs:
                if ref and ref not in q.fields and ref not in q.uses:
                    chk.add(f"指标 {q.id}", f"计算引用的“{ref}”不在本题的 fields 或 uses 中")

    sd_name, type_names, levels, level_names, scenarios = _scenarios(chk, data)
    rules, no_level, status, note = _level_rules(chk, data, total_max=total_max, levels=levels, scenarios=scenarios)
    if chk.errors:
        raise DefinitionInvalid(chk.errors)
    return Definition(
        code=code,
        version=version,
        name=name,
        total_max=total_max,
        dimensions=tuple(dimensions),
        questions=tuple(questions),
        question_by_id={q.id: q for q in questions},
        evidence_fields=fields,
        scenario_dimension_name=sd_name,
        scenario_type_names=type_names,
        scenario_levels=levels,
        scenario_level_names=level_names,
        scenarios=scenarios,
        scenario_by_id={s.id: s for s in scenarios},
        level_rules=rules,
        no_level_name=no_level,
        level_rules_status=status,
        level_rules_note=note,
    )
