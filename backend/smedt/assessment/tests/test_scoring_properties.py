"""Arithmetic properties of the scoring, checked on random complete answer sets (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smedt.assessment.definition import Definition, compile_definition
from smedt.assessment.scoring import evaluate, score
from smedt.assessment.tests.helpers import packaged_canonical

DEFN: Definition = compile_definition(packaged_canonical())
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def documents(draw: st.DrawFn, defn: Definition = DEFN) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in defn.questions:
        if q.type == "single":
            answers[q.id] = draw(st.sampled_from([o.code for o in q.options]))
        else:
            plain = [o.code for o in q.options if not o.exclusive]
            picked = draw(st.lists(st.sampled_from(plain), unique=True, max_size=len(plain)))
            answers[q.id] = picked or [q.exclusive_code]
    scenarios = {s.id: draw(st.sampled_from(defn.scenario_levels)) for s in defn.scenarios}
    return {"answers": answers, "scenarios": scenarios}


@st.composite
def improvements(draw: st.DrawFn, defn: Definition = DEFN) -> tuple[dict[str, Any], dict[str, Any]]:
    """A document and the same document with one answer made better (or equal, never worse)."""
    doc = draw(documents(defn))
    better = {"answers": dict(doc["answers"]), "scenarios": dict(doc["scenarios"])}
    items = [q.id for q in defn.questions] + [s.id for s in defn.scenarios]
    ref = draw(st.sampled_from(items))
    if ref in defn.scenario_by_id:
        better["scenarios"][ref] = draw(
            st.sampled_from([lv for lv in defn.scenario_levels if lv >= doc["scenarios"][ref]])
        )
        return doc, better
    q = defn.question_by_id[ref]
    if q.type == "single":
        now = q.option_by_code[doc["answers"][ref]].score
        better["answers"][ref] = draw(st.sampled_from([o.code for o in q.options if o.score >= now]))
    else:
        kept = [c for c in doc["answers"][ref] if not q.option_by_code[c].exclusive]
        free = [o.code for o in q.options if not o.exclusive and o.code not in kept]
        added = draw(st.lists(st.sampled_from(free), unique=True, max_size=len(free))) if free else []
        better["answers"][ref] = kept + added or [q.exclusive_code]
    return doc, better


def _indicators(result: Any) -> list[Any]:
    return [i for d in result.dimensions for g in d.groups for i in g.indicators]


@FAST
@given(documents())
def test_no_score_exceeds_its_maximum_or_falls_below_zero(doc: dict[str, Any]) -> None:
    result = score(DEFN, doc)
    assert 0 <= result.total <= result.total_max
    for d in result.dimensions:
        assert 0 <= d.score <= d.max_score
        assert d.score == sum((g.score for g in d.groups), Decimal(0))
        for g in d.groups:
            assert 0 <= g.score <= g.max_score
            for i in g.indicators:
                assert 0 <= i.score <= i.max_score
                assert i.score == sum((o.score for o in i.selected), Decimal(0))
    assert result.total == sum((d.score for d in result.dimensions), Decimal(0))


@FAST
@given(documents())
def test_the_level_is_the_highest_rule_met(doc: dict[str, Any]) -> None:
    """An independent reading of the rules: count at-or-above, compare, take the best level."""
    result = score(DEFN, doc)
    met = [
        rule.level
        for rule in DEFN.level_rules
        if result.total >= rule.min_score
        and sum(1 for lv in doc["scenarios"].values() if lv >= rule.level) >= rule.min_scenes
        and sum(1 for s in DEFN.scenarios if s.constraint and doc["scenarios"][s.id] >= rule.level)
        >= rule.min_constraint_scenes
    ]
    assert result.level == max(met, default=0)
    assert sum(c.exactly for c in result.scenario_counts) == len(DEFN.scenarios)


@FAST
@given(improvements())
def test_a_better_answer_never_lowers_any_score_or_the_level(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    before, after = (score(DEFN, doc) for doc in pair)
    assert after.total >= before.total
    assert after.level >= before.level
    for a, b in zip(_indicators(after), _indicators(before), strict=True):
        assert a.score >= b.score
    for a, b in zip(after.dimensions, before.dimensions, strict=True):
        assert a.score >= b.score


@FAST
@given(documents())
def test_carrying_out_the_distance_plan_reaches_the_target_level(doc: dict[str, Any]) -> None:
    evaluation = evaluate(DEFN, doc)
    distance = evaluation.distance
    if distance.target_level is None:
        assert evaluation.result.level == DEFN.top_level
        return
    assert distance.target_level > evaluation.result.level
    improved = score(DEFN, distance.apply(evaluation.answers).to_document(DEFN))
    assert improved.level >= distance.target_level
    assert improved.total - evaluation.result.total == sum((r.gain for r in distance.score_plan), Decimal(0))
    rule = distance.rule
    assert rule is not None
    assert len(distance.scenario_plan) == max(distance.scenes_short, distance.constraint_scenes_short)
    assert all(r.gain > 0 for r in distance.score_plan)
