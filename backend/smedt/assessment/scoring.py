"""Digital-level scoring per 《中小企业数字化水平评测指标（2024年版）》. Pure: no Django, Decimal only.

Input: a definition (the canonical dict stored in ``IndicatorSet.definition``, or an already
compiled :class:`~smedt.assessment.definition.Definition`) and an answer document::

    {
      "answers":   {"MF-01": ["B", "C"], "MF-02": "C", ...},   # question id → option code(s)
      "scenarios": {"S01": 2, ...},                            # scenario id → level 0..4
      "evidence":  {"production_equipment": 120, ...}          # optional figures
    }

Output: a :class:`ScoreResult` — total and per dimension / group / indicator, scenario counts per
level (约束性 separately), the rule checks, the level (一级–四级 or 未达一级), warnings where the
evidence contradicts a ticked band, and a trace that explains every point — plus, from
:func:`distance_to_next_level`, what would have to change to reach the next level.

Every number, threshold and text comes from the definition; this module holds none. Points are
summed as Decimal; bands are compared as exact fractions. Nothing here is ever a float.

Speed (issue 13): each definition is compiled once into a plan (``_Plan``: answer → score and trace
line, scenario level → rating and trace line, memos of indicator / group / dimension parts keyed by
codes or by scores in integer units, texts of scores by their units), so scoring a document is mostly
look-ups. Parts that rarely repeat on new answer sets (scenario counts, rule checks, the total line,
the evidence checks) are made afresh from small pieces: a memo that is mostly written gives the
garbage collector more to walk than it saves. The evidence checks compare and round in integers
(``_half_up``; whole-percent bands from a table) and fall back to the Decimal computation in the
rare cases where its 28-digit division could round otherwise. ``tests/reference_scoring.py`` is the
frozen module before the speed work; ``test_scoring_reference.py`` and ``test_scoring_fast.py``
prove the results identical, Decimal for Decimal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, getcontext
from enum import StrEnum
from fractions import Fraction
from itertools import compress
from operator import attrgetter, getitem
from typing import Any, Literal, TypeVar

from smedt.assessment.definition import (
    CHANGE_NAMES,
    Change,
    Compute,
    Definition,
    Dimension,
    Group,
    Interval,
    LevelRule,
    Option,
    Question,
    Scenario,
    compile_definition,
    fmt,
    to_decimal,
)
from smedt.assessment.errors import AssessmentErrorCode
from smedt.core.errors import ValidationFailed

DefinitionLike = Definition | Mapping[str, Any]
_T = TypeVar("_T")
DOCUMENT_KEYS = ("answers", "scenarios", "evidence")
_NOT_REMEMBERED: Any = object()  # stands for an answer that is never a key of the answer memo
ZERO = Decimal(0)
CENT = Decimal("0.01")
PLACES = Decimal("0.0001")  # compared values are shown to 4 places


def as_definition(definition: DefinitionLike) -> Definition:
    """Compile a canonical dict (or pass a compiled definition through). Compile once for batches."""
    return definition if isinstance(definition, Definition) else compile_definition(definition)


# ---- answers ------------------------------------------------------------------------------


class IssueCode(StrEnum):
    NOT_AN_OBJECT = "not_an_object"
    UNKNOWN_KEY = "unknown_key"
    UNKNOWN_QUESTION = "unknown_question"
    WRONG_SHAPE = "wrong_shape"
    UNKNOWN_OPTION = "unknown_option"
    DUPLICATE_OPTION = "duplicate_option"
    EXCLUSIVE_COMBINED = "exclusive_combined"
    MISSING_ANSWER = "missing_answer"
    UNKNOWN_SCENARIO = "unknown_scenario"
    INVALID_LEVEL = "invalid_level"
    MISSING_SCENARIO = "missing_scenario"
    UNKNOWN_EVIDENCE = "unknown_evidence"
    INVALID_NUMBER = "invalid_number"
    IMPOSSIBLE_FIGURE = "impossible_figure"
    UNEXPLAINED_CONTRADICTION = "unexplained_contradiction"


@dataclass(frozen=True, slots=True)
class AnswerIssue:
    """One problem in an answer document, tied to a question, scenario or evidence field id."""

    ref: str
    code: IssueCode
    message: str


class AnswersInvalid(ValidationFailed):
    """The answers cannot be scored; ``issues`` holds one Chinese message per problem."""

    def __init__(self, issues: Sequence[AnswerIssue]) -> None:
        more = f"（共 {len(issues)} 处问题）" if len(issues) > 1 else ""
        by_ref: dict[str, list[str]] = {}
        for issue in issues:
            by_ref.setdefault(issue.ref, []).append(issue.message)
        super().__init__(
            code=AssessmentErrorCode.INVALID_ANSWERS,
            message=f"答卷校验未通过{more}：{issues[0].message}",
            details={
                "fields": {ref: "；".join(msgs) for ref, msgs in by_ref.items()},
                "issues": [{"ref": i.ref, "code": str(i.code), "message": i.message} for i in issues],
            },
        )
        self.issues: tuple[AnswerIssue, ...] = tuple(issues)


@dataclass(frozen=True, slots=True)
class Answers:
    """A checked answer document: codes in the definition's option order, exact numbers."""

    choices: Mapping[str, tuple[str, ...]]
    scenarios: Mapping[str, int]
    evidence: Mapping[str, Decimal]

    def to_document(self, definition: Definition) -> dict[str, Any]:
        """Back to the answer-document shape (a single answer as one code, a multiple one as a list)."""
        single = {q.id for q in definition.questions if q.type == "single"}
        return {
            "answers": {qid: codes[0] if qid in single else list(codes) for qid, codes in self.choices.items()},
            "scenarios": dict(self.scenarios),
            "evidence": {fid: fmt(v) for fid, v in self.evidence.items()},
        }


def _q(q: Question) -> str:
    return f"{q.id} {q.indicator}"


_FMT_CACHE: dict[tuple[Decimal, bool], str] = {}


def _fmt(value: Decimal) -> str:
    """`fmt` memoized by value and sign (so -0 and 0 keep their own text); scores repeat a lot."""
    key = (value, value.is_signed())
    text = _FMT_CACHE.get(key)
    if text is None:
        text = fmt(value)
        if len(_FMT_CACHE) < 65_536:
            _FMT_CACHE[key] = text
    return text


_MEMO_LIMIT = 100_000
# Per question: option code → (the shared SelectedOption, its part of the trace line); the head and tail of the line.
_OPTION_PIECES: dict[int, tuple[Question, dict[str, tuple[SelectedOption, str]], str, str]] = {}


def _option_pieces(q: Question) -> tuple[dict[str, tuple[SelectedOption, str]], str, str]:
    hit = _OPTION_PIECES.get(id(q))
    if hit is not None and hit[0] is q:
        return hit[1], hit[2], hit[3]
    pieces = {
        o.code: (SelectedOption(o.code, o.text, o.score), f"{o.code}「{o.text}」+{fmt(o.score)} 分") for o in q.options
    }
    head = f"{_q(q)}（{'单选' if q.type == 'single' else '多选'}）："
    tail = f" 分（满分 {fmt(q.max_score)} 分）"
    if len(_OPTION_PIECES) < _MEMO_LIMIT:
        _OPTION_PIECES[id(q)] = (q, pieces, head, tail)  # q kept alive so its id is never reused
    return pieces, head, tail


def _indicator_answer(q: Question, codes: tuple[str, ...]) -> tuple[tuple[SelectedOption, ...], Decimal, str]:
    """(selected options, score, trace text) of an answer; the plan remembers them (``_indicator_part``)."""
    pieces, head, tail = _option_pieces(q)
    picked = [pieces[c] for c in codes]
    selected = tuple(p[0] for p in picked)
    score = sum([o.score for o in selected], ZERO)
    how = f"选择 {'、'.join([p[1] for p in picked])}" if selected else "未作答"
    text = f"{head}{how}，得 {fmt(score)}{tail}"
    return selected, score, text


def _parse_choice_checked(q: Question, value: Any, issues: list[AnswerIssue]) -> tuple[str, ...] | None:
    """Selected codes in option order; None when unanswered or invalid (invalid adds issues)."""
    if value is None or value == [] or value == "":
        return None
    if q.type == "single":
        if not isinstance(value, str):
            issues.append(AnswerIssue(q.id, IssueCode.WRONG_SHAPE, f'{_q(q)}：单选题请填写一个选项编码，如 "B"'))
            return None
        codes: Sequence[Any] = [value]
    else:
        if not isinstance(value, (list, tuple)):
            msg = f'{_q(q)}：多选题请填写选项编码列表，如 ["B", "C"]'
            issues.append(AnswerIssue(q.id, IssueCode.WRONG_SHAPE, msg))
            return None
        codes = value
    before = len(issues)
    seen: set[str] = set()
    for code in codes:
        if not isinstance(code, str) or code not in q.option_by_code:
            allowed = "、".join(q.option_by_code)
            msg = f"{_q(q)}：选项“{code}”不存在（可选 {allowed}）"
            issues.append(AnswerIssue(q.id, IssueCode.UNKNOWN_OPTION, msg))
        elif code in seen:
            issues.append(AnswerIssue(q.id, IssueCode.DUPLICATE_OPTION, f"{_q(q)}：选项“{code}”重复"))
        else:
            seen.add(code)
    exclusive = q.exclusive_code
    if exclusive is not None and exclusive in seen and len(seen) > 1:
        text = q.option_by_code[exclusive].text
        msg = f"{_q(q)}：“{text}”不能与其他选项同时选择"
        issues.append(AnswerIssue(q.id, IssueCode.EXCLUSIVE_COMBINED, msg))
    if len(issues) > before:
        return None
    return tuple(o.code for o in q.options if o.code in seen)


def _parse_figure(defn: Definition, fid: Any, value: Any, issues: list[AnswerIssue]) -> Decimal | None:
    """One evidence figure, checked (None when empty or invalid; invalid adds an issue)."""
    field = defn.evidence_fields.get(fid) if isinstance(fid, str) else None
    if field is None:
        issues.append(AnswerIssue(str(fid), IssueCode.UNKNOWN_EVIDENCE, f"未知的佐证数据项“{fid}”"))
        return None
    if value is None or value == "":
        return None
    number = Decimal(value) if type(value) is int else to_decimal(value)  # bool is not int here
    where = f"{field.question_id} {field.label}"
    if number is None:
        issues.append(AnswerIssue(fid, IssueCode.INVALID_NUMBER, f"{where}：应为数字"))
    elif number < 0:
        issues.append(AnswerIssue(fid, IssueCode.INVALID_NUMBER, f"{where}：不能为负数"))
    elif field.integer and number != number.to_integral_value():
        issues.append(AnswerIssue(fid, IssueCode.INVALID_NUMBER, f"{where}：应为整数"))
    else:
        return number
    return None


def parse_answers(definition: DefinitionLike, document: Any, *, complete: bool = True) -> Answers:
    """Check an answer document against the definition. ``complete=False`` accepts drafts.

    Raises :class:`AnswersInvalid` with every problem found (unknown question or option, a
    single answer given as a list, "无" combined with other options, a missing required answer …).

    The common case costs one look-up per item: an answer already found valid (per question and
    value, in the definition's plan), a known scenario with a valid level, a non-negative figure
    given as int or Decimal. Anything else takes the full checks, in the same order, so the issues
    are the same whichever way an item went.
    """
    defn = as_definition(definition)
    if not isinstance(document, Mapping):
        msg = "答卷应为 JSON 对象，包含 answers、scenarios 和可选的 evidence"
        raise AnswersInvalid([AnswerIssue("", IssueCode.NOT_AN_OBJECT, msg)])
    plan = _plan(defn)
    issues: list[AnswerIssue] = []
    for key in document:
        if key not in DOCUMENT_KEYS:
            msg = f"未知字段“{key}”（只允许 answers、scenarios、evidence）"
            issues.append(AnswerIssue(str(key), IssueCode.UNKNOWN_KEY, msg))
    parts: dict[str, Mapping[Any, Any]] = {}
    for key in DOCUMENT_KEYS:
        part = document.get(key)
        if part is None:
            part = {}
        if not isinstance(part, Mapping):
            issues.append(AnswerIssue(key, IssueCode.NOT_AN_OBJECT, f"“{key}”应为以编号为键的对象"))
            part = {}
        parts[key] = part

    troubled: set[str] = set()
    memo = plan.choice_memo
    given = parts["answers"]
    try:  # the common case: every answer a text or a list already found valid (no issue to report)
        choices: dict[str, tuple[str, ...]] = {
            qid: memo[(qid, value if type(value) is str else tuple(value) if type(value) is list else _NOT_REMEMBERED)]
            for qid, value in given.items()
        }
    except (KeyError, TypeError):  # one is not: all of them through the checks below, in order
        choices = {}
    for qid, value in () if len(choices) == len(given) else given.items():
        # a text and a list are different answers; tuples are not remembered (() is an answer, [] is not)
        tv = type(value)
        memo_key = (qid, value) if tv is str else (qid, tuple(value)) if tv is list else None
        if memo_key is not None:
            try:
                codes = memo.get(memo_key)
            except TypeError:  # an unhashable element: the checks below say what is wrong
                codes = memo_key = None
            if codes is not None:
                choices[qid] = codes
                continue
        q = defn.question_by_id.get(qid) if isinstance(qid, str) else None
        if q is None:
            issues.append(AnswerIssue(str(qid), IssueCode.UNKNOWN_QUESTION, f"题目“{qid}”不在指标体系 {defn.code} 中"))
            continue
        before = len(issues)
        codes = _parse_choice_checked(q, value, issues)
        if codes is not None:
            choices[q.id] = codes
            if memo_key is not None and len(memo) < _MEMO_LIMIT:
                memo[memo_key] = codes  # valid: a non-None result comes with no issue
        elif len(issues) > before:
            troubled.add(q.id)

    valid_levels = plan.level_set
    known = defn.scenario_by_id
    rated = parts["scenarios"]
    # the common case in one pass (bool is not int here); anything else: all through the checks below, in order
    scenarios = {sid: v for sid, v in rated.items() if type(v) is int and v in valid_levels and sid in known}
    if len(scenarios) != len(rated):
        scenarios = {}  # kept in the document's order
    for sid, value in rated.items() if not scenarios and rated else ():
        if type(value) is int and value in valid_levels and sid in known:  # bool is not int here
            scenarios[sid] = value
            continue
        s = known.get(sid) if isinstance(sid, str) else None
        if s is None:
            issues.append(
                AnswerIssue(str(sid), IssueCode.UNKNOWN_SCENARIO, f"业务场景“{sid}”不在指标体系 {defn.code} 中")
            )
            continue
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value not in defn.scenario_levels:
            low, high = defn.scenario_levels[0], defn.scenario_levels[-1]
            msg = f"{s.id} {s.name}：场景等级应为 {low}–{high} 的整数（{low} 表示{defn.scenario_level_names[low]}）"
            issues.append(AnswerIssue(s.id, IssueCode.INVALID_LEVEL, msg))
            troubled.add(s.id)
            continue
        scenarios[s.id] = value

    integer_of = plan.field_integer
    figures = parts["evidence"]
    # the common case in one pass: a known field, a count typed as a number (bool is not int here) or a
    # finite non-negative Decimal (whole for a count); anything else: all through the checks below, in order
    evidence: dict[str, Decimal] = {
        fid: Decimal(value) if type(value) is int else value
        for fid, value in figures.items()
        if (
            (value >= 0 and fid in integer_of)
            if type(value) is int
            else (
                type(value) is Decimal
                and fid in integer_of
                and value.is_finite()
                and value >= 0
                and (not integer_of[fid] or value == value.to_integral_value())
            )
        )
    }
    if len(evidence) != len(figures):
        evidence = {}  # kept in the document's order
    for fid, value in figures.items() if not evidence and figures else ():
        integer = integer_of.get(fid)
        if integer is not None:
            tv = type(value)
            if tv is int:  # a count typed as a number (bool is not int here)
                if value >= 0:
                    evidence[fid] = Decimal(value)
                    continue
            elif (
                tv is Decimal
                and value.is_finite()
                and value >= 0
                and (not integer or value == value.to_integral_value())
            ):
                evidence[fid] = value
                continue
        number = _parse_figure(defn, fid, value, issues)
        if number is not None:
            evidence[fid] = number

    if complete:
        if len(choices) < plan.n_questions:
            for q in defn.questions:
                if q.required and q.id not in choices and q.id not in troubled:
                    issues.append(AnswerIssue(q.id, IssueCode.MISSING_ANSWER, f"{_q(q)}：尚未作答"))
        if len(scenarios) < plan.n_scenarios:
            for s in defn.scenarios:
                if s.id not in scenarios and s.id not in troubled:
                    issues.append(AnswerIssue(s.id, IssueCode.MISSING_SCENARIO, f"{s.id} {s.name}：尚未选择场景等级"))
    if issues:
        raise AnswersInvalid(issues)
    return Answers(choices=choices, scenarios=scenarios, evidence=evidence)


@dataclass(frozen=True, slots=True)
class Progress:
    """填报进度 — answered / total items (questions and scenarios) and what is still missing."""

    answered: int
    total: int
    missing: tuple[str, ...]


def answer_progress(definition: DefinitionLike, document: Any) -> Progress:
    """Progress of a draft (raises :class:`AnswersInvalid` only for invalid items, not missing ones)."""
    defn = as_definition(definition)
    answers = parse_answers(defn, document, complete=False)
    missing = [q.id for q in defn.questions if q.id not in answers.choices]
    missing += [s.id for s in defn.scenarios if s.id not in answers.scenarios]
    total = len(defn.questions) + len(defn.scenarios)
    return Progress(answered=total - len(missing), total=total, missing=tuple(missing))


# ---- result types -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SelectedOption:
    code: str
    text: str
    score: Decimal


@dataclass(frozen=True, slots=True)
class EvidenceCheck:
    """The band computed from the evidence figures, and whether the ticked option agrees."""

    name: str
    status: Literal["computed", "incomplete", "undefined", "out_of_range", "not_computed"]
    value: Decimal | None  # ratio: percentage; change: relative change in % (None if not defined)
    current: Decimal | None
    previous: Decimal | None
    option: str | None  # the option the figures point to
    consistent: bool | None
    message: str


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    id: str
    indicator: str
    question: str
    type: str
    selected: tuple[SelectedOption, ...]
    score: Decimal
    max_score: Decimal
    evidence: EvidenceCheck | None


@dataclass(frozen=True, slots=True)
class GroupScore:
    id: str
    name: str
    score: Decimal
    max_score: Decimal
    indicators: tuple[IndicatorScore, ...]


@dataclass(frozen=True, slots=True)
class DimensionScore:
    id: str
    name: str
    score: Decimal
    max_score: Decimal
    groups: tuple[GroupScore, ...]


@dataclass(frozen=True, slots=True)
class ScenarioRating:
    id: str
    name: str
    group_id: str
    group_name: str
    constraint: bool
    type_name: str
    level: int
    level_name: str


@dataclass(frozen=True, slots=True)
class LevelCount:
    """Scenarios rated exactly at ``level`` and at or above it — all, 约束性, 指导性."""

    level: int
    name: str
    exactly: int
    exactly_constraint: int
    exactly_guidance: int
    at_or_above: int
    at_or_above_constraint: int
    at_or_above_guidance: int


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """One level rule against this assessment: each condition, met or missed."""

    level: int
    name: str
    min_score: Decimal
    min_score_inclusive: bool
    score: Decimal
    score_met: bool
    min_scenes: int
    scenes: int
    scenes_met: bool
    min_constraint_scenes: int
    constraint_scenes: int
    constraint_met: bool
    met: bool


@dataclass(frozen=True, slots=True)
class ResultWarning:
    ref: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One line of the explanation: what was counted, from which answer, for how many points."""

    step: Literal["indicator", "group", "dimension", "total", "scenario", "scenario_counts", "rule", "level"]
    ref: str
    message: str
    points: Decimal | None


@dataclass(frozen=True, slots=True)
class ScoreResult:
    indicator_set: str
    version: str
    total: Decimal
    total_max: Decimal
    dimensions: tuple[DimensionScore, ...]
    scenarios: tuple[ScenarioRating, ...]
    scenario_counts: tuple[LevelCount, ...]
    rule_checks: tuple[RuleCheck, ...]  # highest level first
    level: int  # 0 = 未达一级
    level_name: str
    level_rules_status: str
    warnings: tuple[ResultWarning, ...]
    trace: tuple[TraceStep, ...]

    def to_dict(self) -> dict[str, Any]:
        return jsonable(self)  # type: ignore[no-any-return]


def _constructor(cls: type[_T]) -> Callable[..., _T]:
    """A positional constructor for a frozen slots dataclass that fills the slots directly.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (to get past
    its own frozen ``__setattr__``); for the few result objects made per document that is a good
    part of the scoring time. This sets the same slots through their descriptors, so the object is
    the same in every respect (equality, hash, repr, immutability afterwards). Only for classes
    without ``__post_init__`` or defaults, which the check below enforces.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if hasattr(cls, "__post_init__") or any(
        f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING or not f.init
        for f in fields
    ):
        raise TypeError(f"{cls.__name__} needs its own __init__")
    names = [f.name for f in fields]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    for name in names:
        namespace[f"set_{name}"] = vars(cls)[name].__set__  # the slot's member descriptor
    body = "".join(f"    set_{name}(obj, {name})\n" for name in names)
    source = f"def make({', '.join(names)}):\n    obj = new(cls)\n{body}    return obj\n"
    exec(source, namespace)  # noqa: S102 — code made from the dataclass's own field names, no outside input
    return namespace["make"]  # type: ignore[no-any-return]


_new_evidence_check = _constructor(EvidenceCheck)
_new_indicator_score = _constructor(IndicatorScore)
_new_group_score = _constructor(GroupScore)
_new_dimension_score = _constructor(DimensionScore)
_new_warning = _constructor(ResultWarning)
_new_score_result = _constructor(ScoreResult)
_new_trace_step = _constructor(TraceStep)
_new_level_count = _constructor(LevelCount)
_new_rule_check = _constructor(RuleCheck)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def jsonable(value: Any) -> Any:
    """Result objects as JSON values; Decimal as exact text ("1.875")."""
    cls = type(value)
    if cls is str or cls is int or cls is bool or value is None:
        return value
    if cls is Decimal:
        return fmt(value)
    if cls is tuple or cls is list:
        return [jsonable(v) for v in value]
    names = _FIELD_NAMES.get(cls)
    if names is not None:  # a result dataclass seen before
        return {name: jsonable(getattr(value, name)) for name in names}
    return _jsonable_other(value)


def _jsonable_other(value: Any) -> Any:
    """:func:`jsonable` for subclasses (text enums …), mappings and a dataclass seen the first time."""
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not dataclasses.is_dataclass(value):
            return value
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(value))
    return {name: jsonable(getattr(value, name)) for name in names}


# ---- evidence -----------------------------------------------------------------------------


def _fraction(evidence: Mapping[str, Decimal], numerator: str, denominator: str) -> Fraction | Literal[False] | None:
    """numerator / denominator exactly; None if a figure is missing, False if the denominator is 0."""
    num, den = evidence.get(numerator), evidence.get(denominator)
    if num is None or den is None:
        return None
    if den == 0:
        return False
    n1, d1 = num.as_integer_ratio()
    n2, d2 = den.as_integer_ratio()
    return Fraction(n1 * d2, d1 * n2)


def _shown(value: Fraction, places: Decimal = CENT) -> Decimal:
    """A fraction rounded for display only (bands are decided on the exact fraction)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(places, rounding=ROUND_HALF_UP)


def _option_label(option: Option) -> str:
    return f"{option.code}（{option.text}）"


@dataclass(frozen=True, slots=True)
class _Bands:
    """A question's bands as integer ratios, compiled once: evidence checks then compare integers.

    ``intervals``: (option, low numerator, low denominator, low inclusive, high …) for percentage
    bands; ``changes``: band name → option; tolerance and scale as (numerator, denominator).
    """

    intervals: tuple[tuple[Option, int, int, bool, int, int, bool], ...]
    changes: Mapping[str, Option]
    tolerance: tuple[int, int]
    scale: tuple[int, int]


_BANDS: dict[int, tuple[Question, _Bands]] = {}


def _bands(q: Question, compute: Compute) -> _Bands:
    hit = _BANDS.get(id(q))
    if hit is not None and hit[0] is q:
        return hit[1]
    intervals = []
    changes: dict[str, Option] = {}
    for o in q.options:
        if isinstance(o.band, Interval):
            lo, hi = Fraction(o.band.low), Fraction(o.band.high)
            intervals.append(
                (
                    o,
                    lo.numerator,
                    lo.denominator,
                    o.band.low_inclusive,
                    hi.numerator,
                    hi.denominator,
                    o.band.high_inclusive,
                )
            )
        elif isinstance(o.band, str) and o.band not in changes:
            changes[o.band] = o  # the first option of a band wins, as next() over the options did
    bands = _Bands(
        tuple(intervals),
        changes,
        compute.flat_tolerance_percent.as_integer_ratio(),
        compute.scale.as_integer_ratio(),
    )
    if len(_BANDS) < _MEMO_LIMIT:
        _BANDS[id(q)] = (q, bands)
    return bands


def _ratio(
    evidence: Mapping[str, Decimal], numerator: str, denominator: str
) -> tuple[int, int] | Literal[False] | None:
    """numerator / denominator as integers (p, q) with q > 0; None if a figure is missing, False if ÷ 0.

    Figures are never negative (parse_answers refuses them), so the denominator's sign is the one of a count.
    """
    num, den = evidence.get(numerator), evidence.get(denominator)
    if num is None or den is None:
        return None
    if not den:
        return False
    n1, d1 = num.as_integer_ratio()
    n2, d2 = den.as_integer_ratio()
    p, q = n1 * d2, d1 * n2
    return (-p, -q) if q < 0 else (p, q)


def _shown_ratio(p: int, q: int, places: Decimal = CENT) -> Decimal:
    """p / q rounded for display: the same digits as :func:`_shown` of the equal fraction (division is
    correctly rounded, so an unreduced ratio gives the same quotient)."""
    return (Decimal(p) / Decimal(q)).quantize(places, rounding=ROUND_HALF_UP)


def _check_evidence(defn: Definition, q: Question, compute: Compute, answers: Answers, ticked: str) -> EvidenceCheck:
    """The band the figures point to, decided on exact integer ratios (no Fraction objects on the hot path)."""
    ev = answers.evidence
    ratio = compute.current
    current = _ratio(ev, ratio.numerator, ratio.denominator)
    previous: tuple[int, int] | Literal[False] | None = None
    if compute.previous is not None:
        previous = _ratio(ev, compute.previous.numerator, compute.previous.denominator)
    if current is None or (compute.kind == "change" and previous is None):
        return EvidenceCheck(compute.name, "incomplete", None, None, None, None, None, "佐证数据未填写完整，未计算")
    if current is False or previous is False:
        zero = [
            defn.evidence_fields[r.denominator].label
            for r, v in ((ratio, current), (compute.previous, previous))
            if r is not None and v is False
        ]
        msg = f"{'、'.join(zero)}为 0，无法计算{compute.name}"
        return EvidenceCheck(compute.name, "undefined", None, None, None, None, None, msg)

    bands = _bands(q, compute)
    a, b = current
    match: Option | None = None
    if compute.kind == "ratio_percent":
        p = a * 100  # percent = p / b
        for o, lo_n, lo_d, lo_in, hi_n, hi_d, hi_in in bands.intervals:
            lo, hi = p * lo_d - lo_n * b, p * hi_d - hi_n * b  # signs of percent - low, percent - high
            if (lo >= 0 if lo_in else lo > 0) and (hi <= 0 if hi_in else hi < 0):
                match = o
                break
        shown = _shown_ratio(p, b)
        described = f"{compute.name}为 {fmt(shown)}%"
        cur_shown: Decimal | None = None
        prev_shown: Decimal | None = None
        value: Decimal | None = shown
    else:
        assert isinstance(previous, tuple)
        c, d = previous
        tn, td = bands.tolerance
        diff = a * d - c * b  # current - previous = diff / (b * d), b and d > 0
        band: Change = "increase" if diff > 0 else "decrease"
        if abs(diff) * 100 * td <= tn * abs(c) * b:
            band = "flat"
        match = bands.changes.get(band)
        sn, sd = bands.scale
        cur_shown, prev_shown = _shown_ratio(a * sn, b * sd, PLACES), _shown_ratio(c * sn, d * sd, PLACES)
        if c != 0:
            vn, vd = diff * d * 100, b * d * c
            value = _shown_ratio(-vn, -vd) if vd < 0 else _shown_ratio(vn, vd)
        else:
            value = None
        change = f"，{CHANGE_NAMES[band]} {fmt(abs(value))}%" if value is not None and band != "flat" else ""
        unit = compute.unit
        described = f"{compute.name}上年 {fmt(cur_shown)}{unit}、前年 {fmt(prev_shown)}{unit}{change}"
    if match is None:
        msg = f"根据填写数据，{described}，不在任何选项范围内，请核对数据"
        return EvidenceCheck(compute.name, "out_of_range", value, cur_shown, prev_shown, None, None, msg)
    consistent = match.code == ticked
    if consistent:
        msg = f"根据填写数据，{described}，对应选项 {_option_label(match)}，与所选一致"
    else:
        chosen = q.option_by_code[ticked]
        msg = f"根据填写数据，{described}，对应选项 {_option_label(match)}，与所选选项 {_option_label(chosen)}不一致"
    return EvidenceCheck(compute.name, "computed", value, cur_shown, prev_shown, match.code, consistent, msg)


# The fast evidence check: the same decisions and texts as :func:`_check_evidence`, with the shown
# values rounded in integers. ``(Decimal(p) / Decimal(q)).quantize(10^-k, ROUND_HALF_UP)`` divides
# to 28 significant digits first, so its digits are those of the exact p / q rounded half up unless
# that 28-digit quotient lands on the other side of (or on) a rounding tie: possible only when p / q
# lies within one unit of its 28th digit of a tie without being one. ``_half_up`` refuses exactly
# those cases (and quotients too large to quantize), and the check then goes the Decimal way.
_DECIMAL_PRECISION = 28
_NEAR_TIE = 10 ** (_DECIMAL_PRECISION - 1)
_QUOTIENT_LIMIT = 10**24


def _half_up(x: int, den: int) -> int | None:
    """x / den (x ≥ 0, den > 0) rounded half up to an integer, or None when the 28-digit Decimal
    division might round otherwise (see above)."""
    if x >= den * _QUOTIENT_LIMIT:
        return None
    whole, rest = divmod(x, den)
    off = 2 * rest - den  # 0 on a tie; its sign says the side
    if off == 0:
        return whole + 1
    if abs(off) * _NEAR_TIE <= 2 * x:  # within one unit of the 28th digit of a tie
        return None
    return whole + 1 if off > 0 else whole


_TWO = tuple(f"{n:02d}" for n in range(100))
_TWO_TRIMMED = tuple(f"{n:02d}".rstrip("0") for n in range(100))  # "", "01", …, "1", "11", …


def _units_text(units: int, places: int) -> str:
    """``fmt`` of units / 10^places (non-negative) without building the Decimal."""
    if places == 2:
        whole, frac = divmod(units, 100)
        return f"{whole}.{_TWO_TRIMMED[frac]}" if frac else str(whole)
    if places == 4:
        whole, frac = divmod(units, 10_000)
        if not frac:
            return str(whole)
        hi, lo = divmod(frac, 100)
        return f"{whole}.{_TWO[hi]}{_TWO_TRIMMED[lo]}" if lo else f"{whole}.{_TWO_TRIMMED[hi]}"
    whole, frac = divmod(units, 10**places)
    return f"{whole}.{frac:0{places}d}".rstrip("0") if frac else str(whole)


def _units_decimal(units: int, places: int, negative: bool = False) -> Decimal:
    """The Decimal the reference's quantize gives: units × 10^-places, exponent -places, sign kept on 0."""
    value = Decimal(units).scaleb(-places)
    return value.copy_negate() if negative else value


def _evidence(
    defn: Definition, ep: _EvidencePlan, answers: Answers, evidence: Mapping[str, Decimal], ticked: str
) -> EvidenceCheck:
    """:func:`_check_evidence` for one banded question, on the plan's integers and fixed texts."""
    check = _evidence_fast(ep, evidence, ticked) if getcontext().prec == _DECIMAL_PRECISION else None
    if check is None:
        return _check_evidence(defn, ep.q, ep.compute, answers, ticked)
    return check


def _band_of(intervals: Sequence[tuple[Option, int, int, bool, int, int, bool]], p: int, b: int) -> Option | None:
    """The first option whose interval holds the percentage p / b (b > 0), compared in integers."""
    for o, lo_n, lo_d, lo_in, hi_n, hi_d, hi_in in intervals:
        lo, hi = p * lo_d - lo_n * b, p * hi_d - hi_n * b  # signs of percent - low, percent - high
        if (lo >= 0 if lo_in else lo > 0) and (hi <= 0 if hi_in else hi < 0):
            return o
    return None


def _evidence_fast(ep: _EvidencePlan, evidence: Mapping[str, Decimal], ticked: str) -> EvidenceCheck | None:
    """(Only under the default 28-digit decimal context; the callers check.) None when a figure is zero or
    negative or a shown value is too close to a rounding tie (see :func:`_half_up`, inlined here): the caller
    then runs the reference check (rare; never for complete, sensible figures)."""
    get = evidence.get
    num, den = get(ep.cur_num), get(ep.cur_den)
    if num is None or den is None:
        return ep.incomplete
    if ep.ratio_kind:
        if not den:
            return None
        n1, d1 = num.as_integer_ratio()
        n2, d2 = den.as_integer_ratio()
        a, b = n1 * d2, d1 * n2
        if a < 0 or b <= 0:
            return None
        # the percentage in hundredths: x / b; rounded half up as the reference's quantize does
        x = a * 10_000
        if x >= b * _QUOTIENT_LIMIT:
            return None
        whole, rest = divmod(x, b)
        off = 2 * rest - b  # 0 on a tie; its sign says the side
        if off > 0:
            if off * _NEAR_TIE <= 2 * x:
                return None
            hundredths = whole + 1
        elif off < 0:
            if -off * _NEAR_TIE <= 2 * x:
                return None
            hundredths = whole
        else:
            hundredths = whole + 1
        table = ep.percent_table
        if table is None:
            match = _band_of(ep.intervals, a * 100, b)
        else:  # integer band edges: the whole percent and whether it is exact decide the band
            k, frac = divmod(whole, 100)
            if rest or frac:
                match = table[2 * k + 1] if k < ep.percent_top else None
            else:
                match = table[2 * k] if k <= ep.percent_top else None
        text = _units_text(hundredths, 2)
        shown = Decimal(hundredths).scaleb(-2)
        if match is None:
            msg = f"{ep.percent_prefix}{text}%，不在任何选项范围内，请核对数据"
            return _new_evidence_check(ep.name, "out_of_range", shown, None, None, None, None, msg)
        verdict = ep.verdicts.get((match.code, ticked))
        if verdict is None:
            return None
        msg = f"{ep.percent_prefix}{text}%{verdict[1]}"
        return _new_evidence_check(ep.name, "computed", shown, None, None, match.code, verdict[0], msg)

    prev_num, prev_den = get(ep.prev_num), get(ep.prev_den)
    if prev_num is None or prev_den is None:
        return ep.incomplete
    if not den or not prev_den or not ep.scale_ok:
        return None
    n1, d1 = num.as_integer_ratio()
    n2, d2 = den.as_integer_ratio()
    a, b = n1 * d2, d1 * n2
    n1, d1 = prev_num.as_integer_ratio()
    n2, d2 = prev_den.as_integer_ratio()
    c, d = n1 * d2, d1 * n2
    if a < 0 or b <= 0 or c < 0 or d <= 0:
        return None
    diff = a * d - c * b  # current - previous = diff / (b * d), b and d > 0
    band: Change = "increase" if diff > 0 else "decrease"
    if ep.flat_exact:  # no tolerance: 持平 only when the two are equal (the test below, as tn = 0 < td)
        if not diff:
            band = "flat"
    else:
        tn, td = ep.tolerance
        if abs(diff) * 100 * td <= tn * c * b:
            band = "flat"
    match = ep.changes.get(band)
    sn, sd = ep.scale_units  # the scale × 10^4 (values are shown to 4 places)
    cur_units = _half_up(a * sn, b * sd)
    prev_units = _half_up(c * sn, d * sd)
    if cur_units is None or prev_units is None:
        return None
    change = ""
    value: Decimal | None = None
    if c != 0:
        vn, vd = diff * d * 100, b * d * c  # vd > 0
        cents = _half_up(abs(vn) * 100, vd)
        if cents is None:
            return None
        value = _units_decimal(cents, 2, vn < 0)
        if band != "flat":
            change = f"，{CHANGE_NAMES[band]} {_units_text(cents, 2)}%"
    cur_shown, prev_shown = Decimal(cur_units).scaleb(-4), Decimal(prev_units).scaleb(-4)
    unit = ep.unit
    described = f"{ep.change_prefix}{_units_text(cur_units, 4)}{unit}、前年 {_units_text(prev_units, 4)}{unit}{change}"
    if match is None:
        msg = f"{described}，不在任何选项范围内，请核对数据"
        return _new_evidence_check(ep.name, "out_of_range", value, cur_shown, prev_shown, None, None, msg)
    verdict = ep.verdicts.get((match.code, ticked))
    if verdict is None:
        return None
    msg = described + verdict[1]
    return _new_evidence_check(ep.name, "computed", value, cur_shown, prev_shown, match.code, verdict[0], msg)


# ---- checks before submission ---------------------------------------------------------------

EXPLANATION_MAX = 500
EXPLANATION_MIN = 4


@dataclass(frozen=True, slots=True)
class FigureFinding:
    """A figure that cannot be true (blocks submission) or figures that contradict the ticked option
    (the enterprise corrects them or explains why before submitting)."""

    question_id: str
    kind: Literal["impossible", "contradiction"]
    ref: str  # where the message belongs: the evidence field (impossible) or the question (contradiction)
    message: str


def _field_name(defn: Definition, fid: str) -> str:
    """ "其中生产设备数量为（台）" → "生产设备数量" for a sentence."""
    label = defn.evidence_fields[fid].label.removeprefix("其中")
    label = label.split("（", 1)[0]
    return label.removesuffix("为") or fid


def figure_findings(definition: DefinitionLike, answers: Answers) -> list[FigureFinding]:
    """Impossible figures (a share above 100 %: the part is larger than the whole) and contradictions between
    the figures and the ticked option, question by question. Drafts included: nothing needs to be complete."""
    defn = as_definition(definition)
    plan = _plan(defn)
    found: list[FigureFinding] = []
    for q in defn.questions:
        compute = q.compute
        if compute is None:
            continue
        if compute.kind == "ratio_percent":
            r = compute.current
            num, den = answers.evidence.get(r.numerator), answers.evidence.get(r.denominator)
            if num is not None and den is not None and num > den:
                msg = (
                    f"{_q(q)}：{compute.name}不能超过 100%（{_field_name(defn, r.numerator)} {fmt(num)} "
                    f"大于{_field_name(defn, r.denominator)} {fmt(den)}），请核对数据"
                )
                found.append(FigureFinding(q.id, "impossible", r.numerator, msg))
                continue
        codes = answers.choices.get(q.id, ())
        if len(codes) != 1:
            continue
        ev = _evidence(defn, plan.evidence[q.id], answers, answers.evidence, codes[0])
        if ev.consistent is False or ev.status == "out_of_range":
            found.append(FigureFinding(q.id, "contradiction", q.id, f"{_q(q)}：{ev.message}"))
    return found


def clean_explanation(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def submission_issues(
    definition: DefinitionLike, answers: Answers, explanations: Mapping[str, Any]
) -> list[AnswerIssue]:
    """What blocks a submission beyond completeness: every impossible figure, and every contradiction that
    is neither resolved (option or figures changed) nor explained in at least a few words."""
    issues: list[AnswerIssue] = []
    for f in figure_findings(definition, answers):
        if f.kind == "impossible":
            issues.append(AnswerIssue(f.ref, IssueCode.IMPOSSIBLE_FIGURE, f.message))
        elif len(clean_explanation(explanations.get(f.question_id))) < EXPLANATION_MIN:
            msg = f"{f.message}。请修改所选选项或数据，或在该题下说明原因（至少 {EXPLANATION_MIN} 个字）后再提交"
            issues.append(AnswerIssue(f.ref, IssueCode.UNEXPLAINED_CONTRADICTION, msg))
    return issues


# ---- scoring ------------------------------------------------------------------------------


def _ok(met: bool) -> str:
    return "满足" if met else "未满足"


def _scenario_entry(defn: Definition, s: Scenario, level: int) -> tuple[ScenarioRating, TraceStep]:
    type_name = defn.scenario_type_names["constraint" if s.constraint else "guidance"]
    rating = ScenarioRating(
        s.id, s.name, s.group_id, s.group_name, s.constraint, type_name, level, defn.scenario_level_names[level]
    )
    described = f"：{s.descriptions[level]}" if level in s.descriptions else ""
    text = f"{s.id} {s.name}（{type_name}）：评定为{rating.level_name}{described}"
    return rating, TraceStep("scenario", s.id, text, None)


# ---- the scoring plan -----------------------------------------------------------------------
#
# A definition is compiled once per object (one indicator-set version, one process) into a flat
# plan: what each answer scores and how the trace says it, each scenario level's rating and trace
# line, and memos of the parts that depend on a few answers only (an indicator's and a group's ticked
# options, the dimension scores; the pieces of the count and rule lines). Results share these immutable parts, so a
# result built from them equals one built afresh. Scores are compared and used as memo keys as
# integers in fixed-point units (10^places, places = the most decimals of any option score); every
# Decimal in a result is the one the reference computes. Memos stop growing at ``_MEMO_LIMIT``.


@dataclass(frozen=True, slots=True)
class _GroupPart:
    """A group for one set of ticked options: the group without evidence checks, its trace lines,
    its score in units, the indicators whose evidence must be checked (index, plan, ticked code) and
    the headroom the distance to the next level starts from."""

    plain: GroupScore
    steps: tuple[TraceStep, ...]  # the indicators' lines, then the group's
    units: int
    checks: tuple[tuple[int, _EvidencePlan, str, tuple[Any, ...]], ...]  # … and the indicator's other fields
    headroom: tuple[IndicatorHeadroom, ...]  # the indicators that can still gain points, in order


class _GroupPlan:
    __slots__ = ("group", "head", "parts", "qids", "questions", "tail")

    def __init__(self, group: Group) -> None:
        self.group = group
        self.head = f"{group.name}："
        self.tail = f" 分（满分 {fmt(group.max_score)} 分）"
        self.qids = tuple(q.id for q in group.questions)
        self.questions = group.questions
        self.parts: dict[tuple[Any, ...], _GroupPart] = {}


class _DimPlan:
    __slots__ = ("dim", "groups", "head", "steps", "tail")

    def __init__(self, dim: Dimension) -> None:
        self.dim = dim
        self.head = f"{dim.name}："
        self.tail = f" 分（满分 {fmt(dim.max_score)} 分）"
        self.groups = tuple(_GroupPlan(g) for g in dim.groups)
        self.steps: dict[tuple[int, ...], TraceStep] = {}


class _EvidencePlan:
    """A banded question's evidence check, compiled: field ids, integer bands, fixed texts."""

    __slots__ = (
        "change_prefix",
        "changes",
        "compute",
        "cur_den",
        "cur_num",
        "flat_exact",
        "incomplete",
        "intervals",
        "name",
        "percent_prefix",
        "percent_table",
        "percent_top",
        "prev_den",
        "prev_num",
        "q",
        "ratio_kind",
        "scale",
        "scale_ok",
        "scale_units",
        "tolerance",
        "unit",
        "verdicts",
        "warn_prefix",
    )

    def __init__(self, q: Question, compute: Compute) -> None:
        self.q = q
        self.compute = compute
        self.name = compute.name
        self.ratio_kind = compute.kind == "ratio_percent"
        self.cur_num, self.cur_den = compute.current.numerator, compute.current.denominator
        prev = compute.previous
        self.prev_num = prev.numerator if prev is not None else ""
        self.prev_den = prev.denominator if prev is not None else ""
        bands = _bands(q, compute)
        self.intervals = bands.intervals
        self.changes = bands.changes
        self.tolerance = bands.tolerance
        self.scale = bands.scale
        self.scale_ok = bands.scale[0] >= 0 and bands.scale[1] > 0
        self.scale_units = (bands.scale[0] * 10_000, bands.scale[1])
        self.flat_exact = bands.tolerance[0] == 0  # the denominator of a ratio is positive
        # Bands on whole percentages (as published: "[0,10]", "(10,20]" …) are decided by a table: entry 2k
        # for exactly k %, entry 2k + 1 for the percentages strictly between k and k + 1 (no edge lies there).
        # Each entry is what the interval loop gives for that percentage, so the table agrees with it.
        edges = [e for i in bands.intervals for e in (i[1], i[2], i[4], i[5])]
        whole = all(i[2] == 1 and i[5] == 1 for i in bands.intervals)
        self.percent_top = max((i[4] for i in bands.intervals), default=0)
        self.percent_table: tuple[Option | None, ...] | None = None
        if bands.intervals and whole and min(edges) >= 0 and self.percent_top <= 10_000:
            self.percent_table = tuple(
                _band_of(bands.intervals, n, 2) for n in range(0, 2 * self.percent_top + 1)
            )  # n / 2 %: 2k → k %, 2k + 1 → k + ½ %
        self.incomplete = EvidenceCheck(
            compute.name, "incomplete", None, None, None, None, None, "佐证数据未填写完整，未计算"
        )
        # (option the figures point to, ticked option) → (consistent, end of the message)
        self.verdicts: dict[tuple[str, str], tuple[bool, str]] = {}
        for match in q.options:
            for chosen in q.options:
                if match is chosen:
                    tail = f"，对应选项 {_option_label(match)}，与所选一致"
                else:
                    tail = f"，对应选项 {_option_label(match)}，与所选选项 {_option_label(chosen)}不一致"
                self.verdicts[(match.code, chosen.code)] = (match is chosen, tail)
        self.warn_prefix = f"{_q(q)}："
        self.percent_prefix = f"根据填写数据，{compute.name}为 "
        self.change_prefix = f"根据填写数据，{compute.name}上年 "
        self.unit = compute.unit


class _Plan:
    """One definition compiled for scoring (see the comment above)."""

    __slots__ = (
        "choice_memo",
        "conclusions",
        "constraint",
        "count_pieces",
        "defn",
        "dims",
        "evidence",
        "field_integer",
        "indicator_parts",
        "level_counts",
        "level_set",
        "levels",
        "levels_desc",
        "n_questions",
        "n_scenarios",
        "raises",
        "rating_tables",
        "rule_heads",
        "rule_middles",
        "scenario_ids",
        "scenario_order",
        "scenario_raises",
        "score_texts",
        "step_tables",
        "total_tail",
        "unit_scale",
        "zeros",
    )

    def __init__(self, defn: Definition) -> None:
        self.defn = defn
        self.choice_memo: dict[tuple[str, Any], tuple[str, ...]] = {}
        self.level_set = frozenset(defn.scenario_levels)
        self.n_questions = len(defn.questions)
        self.n_scenarios = len(defn.scenarios)
        self.field_integer = {fid: f.integer for fid, f in defn.evidence_fields.items()}
        places = 0
        for q in defn.questions:
            for o in q.options:
                exponent = o.score.as_tuple().exponent
                if isinstance(exponent, int):  # scores are finite (checked when compiled)
                    places = max(places, -exponent)
        self.unit_scale = 10**places
        self.dims = tuple(_DimPlan(d) for d in defn.dimensions)
        self.evidence = {q.id: _EvidencePlan(q, q.compute) for q in defn.questions if q.compute is not None}
        self.scenario_ids = tuple(s.id for s in defn.scenarios)
        self.constraint = tuple(s.constraint for s in defn.scenarios)
        entries = [{level: _scenario_entry(defn, s, level) for level in defn.scenario_levels} for s in defn.scenarios]
        self.rating_tables = tuple({level: e[0] for level, e in table.items()} for table in entries)
        self.step_tables = tuple({level: e[1] for level, e in table.items()} for table in entries)
        # levels are 0, 1, … n (checked when compiled), so a level is its own index
        self.levels = defn.scenario_levels
        self.levels_desc = tuple(reversed(defn.scenario_levels))
        self.zeros = (0,) * len(defn.scenarios)
        # (level, exactly, exactly 约束性, at or above, at or above 约束性) → the shared LevelCount
        self.level_counts: dict[tuple[int, int, int, int, int], LevelCount] = {}
        # (level, exactly, exactly 约束性) → its part of the scenario-count line
        self.count_pieces: dict[tuple[int, int, int], str] = {}
        # per rule: the start of its trace line up to the actual score; (rule index, scenes, 约束性 scenes) →
        # (scenes met, 约束性 met, the line's scenario part)
        self.rule_heads = tuple(
            f"{r.name}规则：总分 {'≥' if r.min_score_inclusive else '>'} {_fmt(r.min_score)} 分（实际 "
            for r in defn.level_rules
        )
        self.rule_middles: dict[tuple[int, int, int], tuple[bool, bool, str]] = {}
        self.score_texts: dict[int, str] = {}  # score in units → its text
        self.indicator_parts: dict[
            tuple[str, tuple[str, ...]], tuple[IndicatorScore, TraceStep, IndicatorHeadroom | None, str]
        ] = {}
        self.total_tail = (
            f" 分（满分 {fmt(defn.total_max)} 分；{defn.scenario_dimension_name}不计分，按业务场景等级判定）"
        )
        self.conclusions: dict[int, TraceStep] = {}
        self.raises: dict[tuple[str, tuple[str, ...]], IndicatorRaise] = {}
        self.scenario_order = {s.id: i for i, s in enumerate(defn.scenarios)}
        self.scenario_raises: dict[tuple[str, int, int], ScenarioRaise] = {}

    def units(self, value: Decimal) -> int:
        """A score in fixed-point units (exact: no score has more decimals than the options)."""
        return int(value * self.unit_scale)


_PLANS: dict[int, tuple[Definition, _Plan]] = {}
_PLAN_LIMIT = 64


def _plan(defn: Definition) -> _Plan:
    """The definition's plan, built on first use; the definition is kept alive so its id is never reused."""
    hit = _PLANS.get(id(defn))
    if hit is not None and hit[0] is defn:
        return hit[1]
    plan = _Plan(defn)
    if len(_PLANS) >= _PLAN_LIMIT:
        _PLANS.pop(next(iter(_PLANS)), None)
    _PLANS[id(defn)] = (defn, plan)
    return plan


def _score_text(plan: _Plan, units: int, value: Decimal) -> str:
    """``fmt`` of a score, remembered by its integer units (a score's text depends on its value only)."""
    text = plan.score_texts.get(units)
    if text is None:
        text = fmt(value)
        if len(plan.score_texts) < _MEMO_LIMIT:
            plan.score_texts[units] = text
    return text


def _indicator_part(
    plan: _Plan, q: Question, codes: tuple[str, ...]
) -> tuple[IndicatorScore, TraceStep, IndicatorHeadroom | None, str]:
    """One indicator for its ticked options: its score (no evidence check), trace line, headroom and its part
    of the group's line; remembered per (question, codes), as groups of several answers repeat less often."""
    key = (q.id, codes)
    hit = plan.indicator_parts.get(key)
    if hit is not None:
        return hit
    selected, score, text = _indicator_answer(q, codes)
    room = _new_headroom(q.id, q.indicator, score, q.max_score, q.max_score - score) if score < q.max_score else None
    made = (
        _new_indicator_score(q.id, q.indicator, q.text, q.type, selected, score, q.max_score, None),
        _new_trace_step("indicator", q.id, text, score),
        room,
        f"{q.id} {_score_text(plan, plan.units(score), score)}",
    )
    if len(plan.indicator_parts) < _MEMO_LIMIT:
        plan.indicator_parts[key] = made
    return made


def _group_part(plan: _Plan, gp: _GroupPlan, key: tuple[Any, ...]) -> _GroupPart:
    indicators: list[IndicatorScore] = []
    steps: list[TraceStep] = []
    checks: list[tuple[int, _EvidencePlan, str, tuple[Any, ...]]] = []
    headroom: list[IndicatorHeadroom] = []
    pieces: list[str] = []
    for i, (q, given) in enumerate(zip(gp.questions, key, strict=True)):
        codes: tuple[str, ...] = tuple(given) if given else ()
        indicator, step, room, piece = _indicator_part(plan, q, codes)
        indicators.append(indicator)
        steps.append(step)
        pieces.append(piece)
        if q.compute is not None and len(codes) == 1:
            head = (q.id, q.indicator, q.text, q.type, indicator.selected, indicator.score, q.max_score)
            checks.append((i, plan.evidence[q.id], codes[0], head))
        if room is not None:
            headroom.append(room)
    group = gp.group
    g_score = sum([i.score for i in indicators], ZERO)
    g_units = plan.units(g_score)
    text = f"{gp.head}{' + '.join(pieces)} = {_score_text(plan, g_units, g_score)}{gp.tail}"
    steps.append(_new_trace_step("group", group.id, text, g_score))
    part = _GroupPart(
        _new_group_score(group.id, group.name, g_score, group.max_score, tuple(indicators)),
        tuple(steps),
        g_units,
        tuple(checks),
        tuple(headroom),
    )
    if len(gp.parts) < _MEMO_LIMIT:
        gp.parts[key] = part
    return part


def _score_answers(defn: Definition, answers: Answers) -> ScoreResult:
    plan = _plan(defn)
    trace: list[TraceStep] = []
    warnings: list[ResultWarning] = []
    dimensions: list[DimensionScore] = []
    get = answers.choices.get
    evidence = answers.evidence
    exact_context = getcontext().prec == _DECIMAL_PRECISION  # what the integer rounding reproduces
    dim_units: list[int] = []
    texts = plan.score_texts
    for dp in plan.dims:
        groups: list[GroupScore] = []
        units: list[int] = []
        for gp in dp.groups:
            key = tuple(map(get, gp.qids))
            try:
                part = gp.parts.get(key)
            except TypeError:  # codes given as lists (answers built by hand)
                key = tuple(tuple(c) if c else None for c in key)
                part = gp.parts.get(key)
            if part is None:
                part = _group_part(plan, gp, key)
            trace += part.steps
            units.append(part.units)
            plain = part.plain
            if part.checks:
                indicators = list(plain.indicators)
                for i, ep, ticked, head in part.checks:
                    check = _evidence_fast(ep, evidence, ticked) if exact_context else None
                    if check is None:
                        check = _check_evidence(defn, ep.q, ep.compute, answers, ticked)
                    status = check.status
                    if check.consistent is False or status == "out_of_range" or status == "undefined":
                        code = "evidence_mismatch" if check.consistent is False else f"evidence_{status}"
                        warnings.append(_new_warning(ep.q.id, code, ep.warn_prefix + check.message))
                    indicators[i] = _new_indicator_score(*head, check)
                groups.append(_new_group_score(plain.id, plain.name, plain.score, plain.max_score, tuple(indicators)))
            else:
                groups.append(plain)
        dim = dp.dim
        d_score = sum([g.score for g in groups], ZERO)
        d_units = sum(units)
        d_key = tuple(units)
        d_step = dp.steps.get(d_key)
        if d_step is None:
            parts = " + ".join(
                [
                    f"{g.name} {texts.get(u) or _score_text(plan, u, g.score)}"
                    for g, u in zip(groups, units, strict=True)
                ]
            )
            text = f"{dp.head}{parts} = {texts.get(d_units) or _score_text(plan, d_units, d_score)}{dp.tail}"
            d_step = _new_trace_step("dimension", dim.id, text, d_score)
            if len(dp.steps) < _MEMO_LIMIT:
                dp.steps[d_key] = d_step
        trace.append(d_step)
        dim_units.append(d_units)
        dimensions.append(_new_dimension_score(dim.id, dim.name, d_score, dim.max_score, tuple(groups)))
    total = sum([d.score for d in dimensions], ZERO)
    total_units = sum(dim_units)
    # the total line is rarely the same twice (one per combination of dimension scores): made, not remembered
    parts = " + ".join(
        [
            f"{d.name} {texts.get(u) or _score_text(plan, u, d.score)}"
            for d, u in zip(dimensions, dim_units, strict=True)
        ]
    )
    text = f"总分：{parts} = {texts.get(total_units) or _score_text(plan, total_units, total)}{plan.total_tail}"
    trace.append(_new_trace_step("total", "total", text, total))

    levels = list(map(answers.scenarios.get, plan.scenario_ids, plan.zeros))
    ratings = tuple(map(getitem, plan.rating_tables, levels))
    trace += map(getitem, plan.step_tables, levels)
    con_levels = list(compress(levels, plan.constraint))
    # Counts and rule checks are made afresh: the combinations of levels and totals rarely repeat, and memos of
    # them would mostly grow (and give the garbage collector more to walk) rather than be read.
    counts, counts_step, at_or_above = _counts(
        plan, tuple(map(levels.count, plan.levels)), tuple(map(con_levels.count, plan.levels))
    )
    trace.append(counts_step)

    checks: list[RuleCheck] = []
    reached: RuleCheck | None = None
    for index, rule in enumerate(defn.level_rules):
        scenes, constraint = at_or_above.get(rule.level, (0, 0))
        rc = _rule_check_fast(rule, total, scenes, constraint)
        checks.append(rc)
        if reached is None:  # the rules are read from the highest level down, until the first one met
            trace.append(_rule_step(plan, index, rc, total_units))
            if rc.met:
                reached = rc
    pending = ""  # whether the rules await confirmation is told to administrators (indicator sets), not here
    if reached is not None:
        level, level_name = reached.level, reached.name
    else:
        level, level_name = 0, defn.no_level_name
    conclusion = plan.conclusions.get(level)
    if conclusion is None:
        if reached is not None:
            text = f"结论：自高到低逐级判定，首个满足的是{reached.name}规则，评定等级为{reached.name}{pending}"
        else:
            text = f"结论：各等级规则均未满足，评定结果为{defn.no_level_name}{pending}"
        conclusion = plan.conclusions[level] = TraceStep("level", f"level-{level}", text, None)
    trace.append(conclusion)
    return _new_score_result(
        defn.code,
        defn.version,
        total,
        defn.total_max,
        tuple(dimensions),
        ratings,
        counts,
        tuple(checks),
        level,
        level_name,
        defn.level_rules_status,
        tuple(warnings),
        tuple(trace),
    )


def _counts(
    plan: _Plan, exact: tuple[int, ...], exact_con: tuple[int, ...]
) -> tuple[tuple[LevelCount, ...], TraceStep, dict[int, tuple[int, int]]]:
    """Level counts from the scenarios rated exactly at each level (all, 约束性); the LevelCount objects
    and the parts of the trace line are shared through the plan's memos."""
    defn = plan.defn
    at_or_above: dict[int, tuple[int, int]] = {}
    made: list[LevelCount] = []
    pieces: list[str] = []
    level_counts, count_pieces = plan.level_counts, plan.count_pieces
    n_all = n_con = 0
    for level in plan.levels_desc:
        e, ec = exact[level], exact_con[level]
        n_all += e
        n_con += ec
        at_or_above[level] = (n_all, n_con)
        key = (level, e, ec, n_all, n_con)
        count = level_counts.get(key)
        if count is None:
            name = defn.scenario_level_names[level]
            count = _new_level_count(level, name, e, ec, e - ec, n_all, n_con, n_all - n_con)
            if len(level_counts) < _MEMO_LIMIT:
                level_counts[key] = count
        made.append(count)
        piece = count_pieces.get(key[:3])
        if piece is None:
            con_name = defn.scenario_type_names["constraint"]
            piece = f"{count.name} {e} 个（其中{con_name} {ec} 个）"
            if len(count_pieces) < _MEMO_LIMIT:
                count_pieces[key[:3]] = piece
        pieces.append(piece)
    step = _new_trace_step("scenario_counts", "scenarios", f"业务场景等级分布：{'；'.join(pieces)}", None)
    return tuple(made), step, at_or_above


def _rule_check_fast(rule: LevelRule, total: Decimal, scenes: int, constraint: int) -> RuleCheck:
    """One level rule against the total and the scenario counts, its slots filled directly."""
    score_met = rule.score_met(total)
    scenes_met = scenes >= rule.min_scenes
    constraint_met = constraint >= rule.min_constraint_scenes
    return _new_rule_check(
        rule.level,
        rule.name,
        rule.min_score,
        rule.min_score_inclusive,
        total,
        score_met,
        rule.min_scenes,
        scenes,
        scenes_met,
        rule.min_constraint_scenes,
        constraint,
        constraint_met,
        score_met and scenes_met and constraint_met,
    )


def _rule_step(plan: _Plan, index: int, check: RuleCheck, total_units: int) -> TraceStep:
    """The trace line of :func:`_rule_message`, from the rule's fixed head and a memo of its scenario part."""
    m_key = (index, check.scenes, check.constraint_scenes)
    middle = plan.rule_middles.get(m_key)
    if middle is None:
        con_name = plan.defn.scenario_type_names["constraint"]
        text = (
            f"不低于{check.name}的业务场景 ≥ {check.min_scenes} 个（实际 {check.scenes} 个，{_ok(check.scenes_met)}）；"
            f"其中{con_name} ≥ {check.min_constraint_scenes} 个"
            f"（实际 {check.constraint_scenes} 个，{_ok(check.constraint_met)}）→ "
        )
        middle = (check.scenes_met, check.constraint_met, text)
        if len(plan.rule_middles) < _MEMO_LIMIT:
            plan.rule_middles[m_key] = middle
    text = (
        f"{plan.rule_heads[index]}{plan.score_texts.get(total_units) or _score_text(plan, total_units, check.score)} 分，"
        f"{_ok(check.score_met)}）；"
        f"{middle[2]}{'达到' if check.met else '未达到'}"
    )
    return _new_trace_step("rule", f"level-{check.level}", text, None)


def score(definition: DefinitionLike, document: Any) -> ScoreResult:
    """Score a complete answer document (raises :class:`AnswersInvalid` when it is not)."""
    defn = as_definition(definition)
    return _score_answers(defn, parse_answers(defn, document))


# ---- distance to the next level -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorRaise:
    """Raise one indicator: from the ticked options to these, for ``gain`` more points."""

    id: str
    indicator: str
    from_options: tuple[str, ...]
    from_score: Decimal
    to_options: tuple[str, ...]
    to_score: Decimal
    gain: Decimal


@dataclass(frozen=True, slots=True)
class IndicatorHeadroom:
    id: str
    indicator: str
    score: Decimal
    max_score: Decimal
    headroom: Decimal


@dataclass(frozen=True, slots=True)
class ScenarioRaise:
    id: str
    name: str
    constraint: bool
    from_level: int
    to_level: int
    to_description: str


@dataclass(frozen=True, slots=True)
class Distance:
    """What separates an assessment from the next level, computed from the rules and the answers.

    ``score_plan`` raises the fewest indicators (largest headroom first, the last one only as far
    as needed); ``scenario_plan`` raises the fewest scenarios, each by the fewest levels (约束性
    ones first while the 约束性 count is short). ``headroom`` lists every indicator that can
    still gain points, for other plans.
    """

    current_level: int
    current_level_name: str
    target_level: int | None
    target_level_name: str | None
    rule: RuleCheck | None
    score_gap: Decimal
    score_plan: tuple[IndicatorRaise, ...]
    headroom: tuple[IndicatorHeadroom, ...]
    scenes_short: int
    constraint_scenes_short: int
    scenario_plan: tuple[ScenarioRaise, ...]
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return jsonable(self)  # type: ignore[no-any-return]

    def apply(self, answers: Answers) -> Answers:
        """The answers with the plan carried out (what-if; the level reaches ``target_level``)."""
        choices = dict(answers.choices)
        for r in self.score_plan:
            choices[r.id] = r.to_options
        scenarios = dict(answers.scenarios)
        for s in self.scenario_plan:
            scenarios[s.id] = s.to_level
        return Answers(choices=choices, scenarios=scenarios, evidence=answers.evidence)


def _raise(
    q: Question, codes: tuple[str, ...], score_now: Decimal, rule: LevelRule | None, base: Decimal
) -> IndicatorRaise:
    """Raise ``q`` fully (rule None) or until ``base + gain`` meets the rule's score condition.

    A single-choice question moves to the lowest option that is enough; a multiple-choice one
    adds the fewest options (highest scores first).
    """

    def enough(gain: Decimal) -> bool:
        return rule is not None and rule.score_met(base + gain)

    if q.type == "single":
        candidates = sorted((o for o in q.options if o.score > score_now), key=lambda o: o.score)
        pick = next((o for o in candidates if enough(o.score - score_now)), candidates[-1])
        to: tuple[Option, ...] = (pick,)
    else:
        chosen = {c for c in codes if not q.option_by_code[c].exclusive}
        free = sorted((o for o in q.options if not o.exclusive and o.code not in chosen), key=lambda o: -o.score)
        gained = ZERO
        for o in free:
            if enough(gained):
                break
            chosen.add(o.code)
            gained += o.score
        to = tuple(o for o in q.options if o.code in chosen)
    to_score = sum((o.score for o in to), ZERO)
    return IndicatorRaise(
        q.id, q.indicator, codes, score_now, tuple(o.code for o in to), to_score, to_score - score_now
    )


_BY_HEADROOM = attrgetter("headroom")


def _full_raise(plan: _Plan, q: Question, codes: tuple[str, ...], score_now: Decimal) -> IndicatorRaise:
    """``_raise`` all the way (no rule to stop at): depends on the ticked options only, so remembered."""
    key = (q.id, codes)
    try:
        hit = plan.raises.get(key)
    except TypeError:  # codes given as a list (answers built by hand)
        return _raise(q, codes, score_now, None, ZERO)
    if hit is None:
        hit = _raise(q, codes, score_now, None, ZERO)
        if len(plan.raises) < _MEMO_LIMIT:
            plan.raises[key] = hit
    return hit


def _scenario_raise(plan: _Plan, s: Scenario, from_level: int, to_level: int) -> ScenarioRaise:
    key = (s.id, from_level, to_level)
    made = plan.scenario_raises.get(key)
    if made is None:
        made = ScenarioRaise(s.id, s.name, s.constraint, from_level, to_level, s.descriptions[to_level])
        plan.scenario_raises[key] = made  # bounded: scenarios × levels × levels
    return made


def _distance(defn: Definition, answers: Answers, result: ScoreResult) -> Distance:
    higher = [r for r in defn.level_rules if r.level > result.level]
    if not higher:
        summary = f"已达到最高等级{result.level_name}"
        return Distance(result.level, result.level_name, None, None, None, ZERO, (), (), 0, 0, (), summary)
    rule = higher[-1]  # the lowest level above the current one
    check = next(c for c in result.rule_checks if c.level == rule.level)

    fast = _plan(defn)
    get = answers.choices.get
    room: list[IndicatorHeadroom] = []
    for dp in fast.dims:
        for gp in dp.groups:
            key = tuple(map(get, gp.qids))
            try:
                part = gp.parts.get(key)
            except TypeError:  # codes given as lists (answers built by hand)
                key = tuple(tuple(c) if c else None for c in key)
                part = gp.parts.get(key)
            if part is None:
                part = _group_part(fast, gp, key)
            room += part.headroom
    # largest headroom first; reverse=True keeps the definition order among equals (the sort is stable)
    headroom = sorted(room, key=_BY_HEADROOM, reverse=True)
    plan: list[IndicatorRaise] = []
    gained = ZERO
    if not check.score_met:
        for h in headroom:
            q = defn.question_by_id[h.id]
            base = result.total + gained
            last = rule.score_met(base + h.headroom)
            codes = get(q.id, ())
            step = _raise(q, codes, h.score, rule, base) if last else _full_raise(fast, q, codes, h.score)
            plan.append(step)
            gained += step.gain
            if last:
                break
    gap = max(ZERO, rule.min_score - result.total)

    short_all = max(0, rule.min_scenes - check.scenes)
    short_con = max(0, rule.min_constraint_scenes - check.constraint_scenes)
    raised: list[Scenario] = []
    if short_all or short_con:
        levels_of = answers.scenarios
        below = [s for s in defn.scenarios if levels_of.get(s.id, 0) < rule.level]
        below.sort(key=lambda s: -levels_of.get(s.id, 0))  # stable: definition order among equals
        raised = [s for s in below if s.constraint][:short_con]
        chosen = {s.id for s in raised}
        raised += [s for s in below if s.id not in chosen][: max(0, short_all - len(raised))]
        order = fast.scenario_order
        raised.sort(key=lambda s: order[s.id])
    scenario_plan = tuple(_scenario_raise(fast, s, answers.scenarios.get(s.id, 0), rule.level) for s in raised)

    parts: list[str] = []
    op = "≥" if rule.min_score_inclusive else ">"
    if check.score_met:
        parts.append(f"总分条件已满足（{fmt(result.total)} 分，需 {op} {fmt(rule.min_score)} 分）")
    else:
        steps = "、".join(f"{r.id} {r.indicator}由 {fmt(r.from_score)} 分提高到 {fmt(r.to_score)} 分" for r in plan)
        parts.append(
            f"总分需 {op} {fmt(rule.min_score)} 分，当前 {fmt(result.total)} 分，还差 {fmt(gap)} 分，例如：{steps}"
        )
    con_name = defn.scenario_type_names["constraint"]
    if short_all == 0 and short_con == 0:
        parts.append(
            f"业务场景条件已满足（不低于{rule.name}的场景 {check.scenes} 个，其中{con_name} {check.constraint_scenes} 个）"
        )
    else:
        steps = "、".join(
            f"{s.id} {s.name}{'（约束性）' if s.constraint else ''}由{defn.scenario_level_names[s.from_level]}"
            f"提升到{defn.scenario_level_names[s.to_level]}"
            for s in scenario_plan
        )
        parts.append(
            f"不低于{rule.name}的业务场景需 ≥ {rule.min_scenes} 个（当前 {check.scenes} 个），"
            f"其中{con_name}需 ≥ {rule.min_constraint_scenes} 个（当前 {check.constraint_scenes} 个），"
            f"还需提升 {len(scenario_plan)} 个场景：{steps}"
        )
    summary = f"距{rule.name}：" + "；".join(parts)
    return _new_distance(
        result.level,
        result.level_name,
        rule.level,
        rule.name,
        check,
        gap,
        tuple(plan),
        tuple(headroom),
        short_all,
        short_con,
        scenario_plan,
        summary,
    )


_new_distance = _constructor(Distance)
_new_headroom = _constructor(IndicatorHeadroom)


def distance_to_next_level(definition: DefinitionLike, document: Any) -> Distance:
    """Which indicators and scenarios, raised how far, would reach the next level."""
    defn = as_definition(definition)
    answers = parse_answers(defn, document)
    return _distance(defn, answers, _score_answers(defn, answers))


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Result and distance to the next level from one check of the answers (CLI and API)."""

    answers: Answers
    result: ScoreResult
    distance: Distance

    def to_dict(self) -> dict[str, Any]:
        data = self.result.to_dict()
        data["distance_to_next_level"] = self.distance.to_dict()
        return data


def evaluate(definition: DefinitionLike, document: Any) -> Evaluation:
    """Check, score and compute the distance to the next level — the one entry point for callers."""
    defn = as_definition(definition)
    answers = parse_answers(defn, document)
    result = _score_answers(defn, answers)
    return Evaluation(answers, result, _distance(defn, answers, result))


def evaluate_answers(definition: Definition, answers: Answers) -> Evaluation:
    """:func:`evaluate` for answers already checked (e.g. after :meth:`Distance.apply`)."""
    result = _score_answers(definition, answers)
    return Evaluation(answers, result, _distance(definition, answers, result))
