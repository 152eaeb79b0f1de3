"""The fast scoring path (issue 13) gives exactly what the frozen reference gives — property tests.

Random documents drawn by hypothesis (missing answers, the exclusive 无, lowest and highest options,
shuffled multi answers, bad options; figures missing, empty, zero, int, text, Decimal with many
places, huge and tiny) are scored by ``scoring`` and by ``reference_scoring``: results, trace text,
warnings, findings, progress, distance and errors must be identical, and every Decimal in a result
must have the reference's digits, exponent and sign. The integer rounding that replaces the Decimal
division in the evidence checks is proved against the Decimal computation it replaces, including
around rounding ties and where it must give way to the Decimal path.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from smedt.assessment import scoring
from smedt.assessment.definition import Definition, compile_definition, fmt
from smedt.assessment.tests import reference_scoring as reference
from smedt.assessment.tests.helpers import packaged_canonical

DEFN: Definition = compile_definition(packaged_canonical())
MANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _answer(draw: st.DrawFn, q: Any, complete: bool) -> Any:
    codes = [o.code for o in q.options]
    hows = ["lowest", "highest", "random", "random", "random"]
    how = draw(st.sampled_from(hows if complete else [*hows, "missing", "empty", "bad"]))
    if how == "missing":
        return ...
    if how == "empty":
        return draw(st.sampled_from([None, "", []]))
    if how == "bad":
        return draw(st.sampled_from(["ZZ", ["ZZ"], 5, [codes[0], codes[0]], {"a": 1}, [[codes[0]]]]))
    if q.type == "single":
        by_score = sorted(q.options, key=lambda o: o.score)
        pick = {"lowest": by_score[0], "highest": by_score[-1]}.get(how) or draw(st.sampled_from(q.options))
        return pick.code
    plain = [o.code for o in q.options if not o.exclusive]
    if how == "lowest":
        return [q.exclusive_code] if q.exclusive_code else [plain[0]]  # N/A (无)
    if how == "highest":
        return draw(st.permutations(plain))
    picked = draw(st.lists(st.sampled_from(plain), unique=True, max_size=len(plain)))
    return picked or [q.exclusive_code or plain[0]]


def _figure(draw: st.DrawFn, integer: bool) -> Any:
    kind = draw(st.sampled_from(["none", "empty", "zero", "int", "int", "text", "decimal", "decimal", "huge", "tiny"]))
    if kind == "none":
        return None
    if kind == "empty":
        return ""
    if kind == "zero":
        return draw(st.sampled_from([0, "0", Decimal("0.00")]))
    if kind == "int":
        return draw(st.integers(min_value=0, max_value=10**7))
    if kind == "huge":
        return draw(st.sampled_from([10**18, 10**25 + 7, Decimal("1E+22"), "123456789012345678901234567"]))
    if integer:
        n = draw(st.integers(min_value=0, max_value=10**6))
        return str(n) if kind == "text" else Decimal(n)
    value = Decimal(draw(st.integers(min_value=0, max_value=10**9))).scaleb(-draw(st.integers(0, 6)))
    if kind == "tiny":
        value = Decimal(draw(st.integers(min_value=1, max_value=99))).scaleb(-draw(st.integers(4, 12)))
    return str(value) if kind == "text" else value


@st.composite
def documents(draw: st.DrawFn, complete: bool = False, defn: Definition = DEFN) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in defn.questions:
        value = _answer(draw, q, complete)
        if value is not ...:
            answers[q.id] = value
    scenarios: dict[str, Any] = {}
    for s in defn.scenarios:
        roll = 2 if complete else draw(st.integers(0, 40))
        if roll == 0:
            continue  # missing
        if roll == 1:
            scenarios[s.id] = draw(st.sampled_from([None, 9, -1, "2", True]))
        else:
            scenarios[s.id] = draw(st.sampled_from(defn.scenario_levels))
    evidence = {f.id: _figure(draw, f.integer) for f in defn.evidence_fields.values() if draw(st.integers(0, 20))}
    if draw(st.booleans()):  # figures equal or close, so 持平, the band edges and ties are hit
        base = draw(st.sampled_from([10, 20, 40, 60, 99, 100, 101, 200]))
        for f in defn.evidence_fields.values():
            evidence[f.id] = base + draw(st.sampled_from([0, 0, 0, 1, -1]))
    return {"answers": answers, "scenarios": scenarios, "evidence": evidence}


def _decimals(result: Any) -> list[str]:
    """Every score and evidence value as its exact Decimal text (digits, exponent and sign)."""
    out = [str(result.total)]
    for d in result.dimensions:
        out.append(str(d.score))
        for g in d.groups:
            out.append(str(g.score))
            for i in g.indicators:
                out.append(str(i.score))
                if i.evidence is not None:
                    out += [str(i.evidence.value), str(i.evidence.current), str(i.evidence.previous)]
    return out


def _outcome(module: Any, doc: dict[str, Any]) -> Any:
    try:
        made = module.answer_progress(DEFN, doc)
        progress: Any = (made.answered, made.total, made.missing)
    except module.AnswersInvalid as err:
        progress = ("invalid", [(i.ref, str(i.code), i.message) for i in err.issues])
    try:
        evaluation = module.evaluate(DEFN, doc)
        answers = evaluation.answers
        findings = [(f.question_id, f.kind, f.ref, f.message) for f in module.figure_findings(DEFN, answers)]
        issues = [(i.ref, str(i.code), i.message) for i in module.submission_issues(DEFN, answers, {})]
        scored = module.score(DEFN, doc).to_dict()
    except module.AnswersInvalid as err:
        return progress, ("invalid", [(i.ref, str(i.code), i.message) for i in err.issues], err.details)
    except ArithmeticError as err:  # a figure too large for the reference's rounding: the fast path fails alike
        return progress, ("arithmetic", type(err).__name__)
    return progress, evaluation.to_dict(), _decimals(evaluation.result), scored, findings, issues


@MANY
@given(documents())
def test_random_documents_score_exactly_as_the_reference(doc: dict[str, Any]) -> None:
    assert _outcome(scoring, doc) == _outcome(reference, doc)


@MANY
@given(documents(complete=True))
def test_complete_documents_score_exactly_as_the_reference(doc: dict[str, Any]) -> None:
    """Every answer and scenario filled in, so mostly results (not errors) are compared."""
    assert _outcome(scoring, doc) == _outcome(reference, doc)


def test_the_extremes_score_exactly_as_the_reference() -> None:
    """All lowest (无 where there is one), all highest, every scenario at each level, no figures."""
    for pick in (0, -1):
        answers = {
            q.id: sorted(q.options, key=lambda o: o.score)[pick].code
            if q.type == "single"
            else (
                [q.exclusive_code] if pick == 0 and q.exclusive_code else [o.code for o in q.options if not o.exclusive]
            )
            for q in DEFN.questions
        }
        for level in DEFN.scenario_levels:
            doc = {"answers": answers, "scenarios": {s.id: level for s in DEFN.scenarios}}
            ours = _outcome(scoring, doc)
            assert ours == _outcome(reference, doc)
            assert not isinstance(ours[1], tuple)  # scored, not refused


def test_remembered_answers_keep_a_list_a_tuple_and_a_text_apart() -> None:
    """[] is unanswered, () is an empty answer, ["A"] is not "A": the answer memo must not mix them up."""
    single = next(q for q in DEFN.questions if q.type == "single")
    multi = next(q for q in DEFN.questions if q.type == "multi")
    code = multi.options[0].code
    for value in ((), [], (), [code], code, [code], (code,), code):
        for q in (single, multi):
            doc = {"answers": {q.id: value}}
            for _ in range(2):
                assert _outcome(scoring, doc) == _outcome(reference, doc), (q.id, value)


# ---- the integer rounding of the evidence checks ------------------------------------------------


def _decimal_shown(p: int, q: int, places: int) -> Decimal:
    """What the reference computes (``_shown_ratio``)."""
    return (Decimal(p) / Decimal(q)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _fast_shown(p: int, q: int, places: int) -> Decimal | None:
    units = scoring._half_up(abs(p) * 10**places, q)
    return None if units is None else scoring._units_decimal(units, places, p < 0)


@settings(max_examples=3000, deadline=None)
@given(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=1, max_value=10**30),
    st.sampled_from([2, 4]),
)
@example(5, 1000, 2)  # 0.005 → 0.01 (a tie)
@example(-5, 1000, 2)  # -0.005 → -0.01
@example(-1, 10**6, 2)  # -0.000001 → -0.00 (negative zero, shown "-0")
@example(0, 7, 4)
@example(10**30, 1, 2)  # too large to quantize: the Decimal path decides
def test_integer_rounding_equals_the_decimal_division(p: int, q: int, places: int) -> None:
    fast = _fast_shown(p, q, places)
    if fast is None:
        return  # the Decimal path is taken; see the tie test below for when
    expected = _decimal_shown(p, q, places)
    assert str(fast) == str(expected)  # digits, exponent and sign
    text = scoring._units_text(abs(int(fast.scaleb(places))), places)
    plain_fmt = fmt.__wrapped__  # not the cache: -0.00 and 0.00 are equal keys there
    assert text == plain_fmt(abs(expected))
    assert ("-" if fast.is_signed() else "") + text == plain_fmt(expected)


@settings(max_examples=2000, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**8),
    st.integers(min_value=1, max_value=10**36),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from([2, 4]),
)
def test_near_ties_are_exact_or_left_to_decimal(whole: int, k: int, nudge: int, places: int) -> None:
    """p / q on a rounding tie (whole + ½ units) or a few 1/q away: the integer path agrees or declines."""
    q = 2 * 10**places * k
    p = (2 * whole + 1) * k + nudge  # p / q = (whole + ½) / 10^places + nudge / q
    assume(p >= 0)
    fast = _fast_shown(p, q, places)
    if nudge == 0 or k < 10**15:
        assert fast is not None  # exact ties and ordinary figures never need the Decimal path
    if fast is not None:
        assert str(fast) == str(_decimal_shown(p, q, places))


def test_a_quotient_beyond_28_digits_near_a_tie_goes_the_decimal_way() -> None:
    """The case the guard exists for: the exact value rounds down, the 28-digit quotient sits on the tie."""
    q = 10**40
    p = 5 * 10**37 - 1  # p / q = 0.004999…9 (40 digits): 0.00 exactly, but Decimal rounds the quotient to 0.005
    assert _decimal_shown(p, q, 2) == Decimal("0.01")  # what the reference shows
    assert scoring._half_up(p * 100, q) is None  # so the fast path declines and the reference's digits stand


def test_the_slot_constructors_make_the_same_frozen_objects() -> None:
    """``_constructor`` fills the slots directly: equal, same hash and repr, still frozen; refused for defaults."""
    import dataclasses

    import pytest

    from smedt.assessment.definition import Compute

    values = ("名称", "computed", Decimal("12.30"), None, Decimal("-0.00"), "B", False, "消息")
    fast, plain = scoring._new_evidence_check(*values), scoring.EvidenceCheck(*values)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert type(fast) is scoring.EvidenceCheck
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        scoring._constructor(Compute)  # has defaults: needs its own __init__


# ---- the one-pass parse and the whole-percent band tables --------------------


def _parsed(module: Any, doc: dict[str, Any], complete: bool) -> Any:
    try:
        answers = module.parse_answers(DEFN, doc, complete=complete)
    except module.AnswersInvalid as err:
        return "invalid", [(i.ref, str(i.code), i.message) for i in err.issues]
    # the items in the document's order (the answer document written back keeps it)
    return list(answers.choices.items()), list(answers.scenarios.items()), list(answers.evidence.items())


@MANY
@given(documents(), st.booleans())
def test_the_one_pass_parse_keeps_the_items_and_their_order(doc: dict[str, Any], complete: bool) -> None:
    """Documents where some items take the one-pass path and others the checks: same items, order, issues."""
    for _ in range(2):  # cold, then with the answers remembered
        ours = _parsed(scoring, doc, complete)
        assert ours == _parsed(reference, doc, complete)
        if ours[0] != "invalid":
            assert [str(v) for _, v in ours[2]] == [str(v) for _, v in _parsed(reference, doc, complete)[2]]


def test_a_figure_the_one_pass_parse_refuses_sends_all_through_the_checks_in_order() -> None:
    """A text figure between numbers: the answer set keeps the document's order of the figures."""
    fields = [f.id for f in DEFN.evidence_fields.values()]
    doc = {"evidence": {fields[0]: 5, fields[1]: "7", fields[2]: Decimal(9)}}
    ours = scoring.parse_answers(DEFN, doc, complete=False)
    assert list(ours.evidence) == fields[:3] == list(reference.parse_answers(DEFN, doc, complete=False).evidence)
    doc = {"scenarios": {"S02": 1, "S01": True, "S03": 2}}  # a bool is not a level
    with pytest.raises(scoring.AnswersInvalid) as err:
        scoring.parse_answers(DEFN, doc, complete=False)
    assert [i.ref for i in err.value.issues] == ["S01"]


_PERCENT_PLANS = [ep for ep in scoring._plan(DEFN).evidence.values() if ep.ratio_kind]


def test_the_packaged_percentage_bands_use_the_whole_percent_tables() -> None:
    assert _PERCENT_PLANS and all(ep.percent_table is not None for ep in _PERCENT_PLANS)


@settings(max_examples=2000, deadline=None)
@given(
    st.sampled_from(_PERCENT_PLANS),
    st.one_of(
        st.tuples(st.integers(0, 12_000), st.just(100)),  # whole and hundredth percentages, every edge
        st.tuples(st.integers(0, 10**9), st.integers(1, 10**9)),
        st.tuples(st.integers(0, 10**6).map(lambda k: 10**12 * k + 1), st.just(10**14)),  # just above a whole %
        st.tuples(st.integers(1, 10**6).map(lambda k: 10**12 * k - 1), st.just(10**14)),  # just below
    ),
    st.sampled_from(["A", "B", "C", "D", "E"]),
)
@example(_PERCENT_PLANS[0], (10, 100), "A")  # exactly 10 %: "[0,10]" holds it, "(10,20]" does not
@example(_PERCENT_PLANS[0], (100_001, 1_000_000), "A")  # 10.0001 %: shown 10.00 like 10 %, but band B
@example(_PERCENT_PLANS[0], (100, 100), "E")  # 100 %: the top edge, inclusive
@example(_PERCENT_PLANS[0], (1_000_001, 1_000_000), "E")  # above 100 %: out of range, shown 100.00
def test_the_percentage_check_decides_and_shows_as_the_reference(
    ep: Any, figures: tuple[int, int], ticked: str
) -> None:
    """The band from the whole-percent table, the shown value and the text are those of the reference
    computation, also when two percentages show the same digits but lie in different bands."""
    num, den = figures
    evidence = {ep.cur_num: Decimal(num), ep.cur_den: Decimal(den)}
    answers = reference.Answers(choices={}, scenarios={}, evidence=evidence)
    made = reference._check_evidence(DEFN, ep.q, ep.compute, answers, ticked)
    expected = (made.name, made.status, str(made.value), made.current, made.previous, made.option)
    fast = scoring._evidence_fast(ep, evidence, ticked)
    assert fast is not None  # whole figures well away from a 28-digit tie: never left to the Decimal path
    got = (fast.name, fast.status, str(fast.value), fast.current, fast.previous, fast.option)
    assert got == expected
    assert (fast.consistent, fast.message) == (made.consistent, made.message)
    band = scoring._band_of(ep.intervals, num * 100, den)
    assert (band.code if band else None) == made.option
