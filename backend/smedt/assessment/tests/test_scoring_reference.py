"""The fast scoring module gives exactly the results of the frozen reference (issue 13 speed work).

``reference_scoring.py`` is the module as it was before the speed work (integer band checks,
memoized parts, parse fast paths). Random answer documents — every option, missing and zero
figures, figures as int / text / Decimal, bad answers — must give identical results, trace text,
warnings, findings and errors, with the memos cold and warm.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest

from smedt.assessment import scoring
from smedt.assessment.definition import Definition
from smedt.assessment.tests import reference_scoring as reference


def _figure(rng: random.Random, integer: bool) -> Any:
    roll = rng.random()
    if roll < 0.08:
        return None
    if roll < 0.16:
        return 0
    if roll < 0.22:
        return ""
    if integer:
        n = rng.choice([1, 2, 3, 7, 10, 99, 100, 101, 500, 10_000])
        return str(n) if rng.random() < 0.2 else n
    value = Decimal(rng.randint(1, 10_000_000)) / 100
    return str(value) if rng.random() < 0.2 else value


def _document(defn: Definition, rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in defn.questions:
        if rng.random() < 0.03:
            continue  # unanswered (incomplete documents raise the same errors)
        if q.type == "single":
            answers[q.id] = rng.choice(q.options).code
        else:
            plain = [o.code for o in q.options if not o.exclusive]
            answers[q.id] = [c for c in plain if rng.random() < 0.5] or [q.exclusive_code]
    evidence = {f.id: _figure(rng, f.integer) for f in defn.evidence_fields.values() if rng.random() < 0.95}
    # figures close to each other so the "flat" tolerance and band edges are hit
    if rng.random() < 0.3:
        for f in defn.evidence_fields.values():
            evidence[f.id] = rng.choice([100, 101, 99, 50, 10, 20, 30, 60, 80])
    scenarios = {s.id: rng.choice(defn.scenario_levels) for s in defn.scenarios if rng.random() < 0.99}
    return {"answers": answers, "scenarios": scenarios, "evidence": evidence}


def _outcome(module: Any, defn: Definition, doc: dict[str, Any]) -> Any:
    try:
        evaluation = module.evaluate(defn, doc)
    except module.AnswersInvalid as err:
        return ("invalid", [(i.ref, str(i.code), i.message) for i in err.issues])
    answers = module.parse_answers(defn, doc)
    findings = [(f.question_id, f.kind, f.ref, f.message) for f in module.figure_findings(defn, answers)]
    return (evaluation.to_dict(), module.score(defn, doc).to_dict(), findings)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_documents_score_exactly_as_the_reference(defn: Definition, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 — reproducible test data
    docs = [_document(defn, rng) for _ in range(400)]
    for round_ in range(2):  # memos cold, then warm
        for doc in docs:
            assert _outcome(scoring, defn, doc) == _outcome(reference, defn, doc), (round_, doc)


def test_bad_answers_give_the_same_issues(defn: Definition) -> None:
    q = defn.questions[0]
    bad = [
        {"answers": {q.id: ["A", "A"]}},
        {"answers": {q.id: 5}},
        {"answers": {q.id: "ZZ"}},
        {"answers": {q.id: q.options[0].code, "NOPE": "A"}},
        {"evidence": {next(iter(defn.evidence_fields)): "abc"}},
        {"evidence": {next(iter(defn.evidence_fields)): -1}},
        {"evidence": {next(iter(defn.evidence_fields)): Decimal("NaN")}},
        {"evidence": {next(iter(defn.evidence_fields)): True}},
        {"evidence": {f.id: "1.5" for f in defn.evidence_fields.values() if f.integer}},
        {"scenarios": {defn.scenarios[0].id: 9}},
    ]
    for doc in bad:
        for _ in range(2):
            assert _outcome(scoring, defn, doc) == _outcome(reference, defn, doc), doc
