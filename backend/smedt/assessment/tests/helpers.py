"""Answer builders for the assessment tests, read from the definition (no numbers of their own)."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from smedt.assessment.definition import DATA_DIR, Definition, Question, canonical, compile_definition, parse_bytes

PACKAGED = DATA_DIR / "2024-manufacturing.yaml"
SAMPLE = Path(__file__).resolve().parent / "data" / "sample-answers.json"


def packaged_canonical() -> dict[str, Any]:
    return canonical(parse_bytes(PACKAGED.read_bytes()))  # type: ignore[no-any-return]


def sample_document() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)  # type: ignore[no-any-return]


def edited(data: Mapping[str, Any], **changes: Any) -> Definition:
    """Compile a copy of ``data`` after replacing top-level keys."""
    copied = copy.deepcopy(dict(data))
    copied.update(changes)
    return compile_definition(copied)


def lowest(q: Question) -> str | list[str]:
    if q.type == "single":
        return min(q.options, key=lambda o: o.score).code
    return [q.exclusive_code or min(q.options, key=lambda o: o.score).code]


def highest(q: Question) -> str | list[str]:
    if q.type == "single":
        return max(q.options, key=lambda o: o.score).code
    return [o.code for o in q.options if not o.exclusive]


def document(
    defn: Definition,
    *,
    choices: Mapping[str, Any] | None = None,
    scenarios: Mapping[str, int] | None = None,
    evidence: Mapping[str, Any] | None = None,
    pick: Any = lowest,
    level: int = 0,
) -> dict[str, Any]:
    """A complete answer document: ``pick`` for every question unless given in ``choices``."""
    answers = {q.id: pick(q) for q in defn.questions}
    answers.update(choices or {})
    levels = {s.id: level for s in defn.scenarios}
    levels.update(scenarios or {})
    doc: dict[str, Any] = {"answers": answers, "scenarios": levels}
    if evidence is not None:
        doc["evidence"] = dict(evidence)
    return doc


def _question_sums(q: Question) -> dict[Decimal, tuple[str, ...]]:
    """Every score the question can award, with one answer that awards it."""
    if q.type == "single":
        out: dict[Decimal, tuple[str, ...]] = {}
        for o in q.options:
            out.setdefault(o.score, (o.code,))
        return out
    none = q.exclusive_code
    out = {Decimal(0): (none,) if none else ()}
    for o in q.options:
        if o.exclusive:
            continue
        for total, codes in list(out.items()):
            base = () if codes == (none,) else codes
            out.setdefault(total + o.score, (*base, o.code))
    return out


class Totals:
    """Every reachable total score and one set of answers for each (subset-sum over the options)."""

    def __init__(self, defn: Definition) -> None:
        self.defn = defn
        self.layers: list[dict[Decimal, tuple[Decimal, tuple[str, ...]]]] = []
        reach = {Decimal(0)}
        for q in defn.questions:
            sums = _question_sums(q)
            layer: dict[Decimal, tuple[Decimal, tuple[str, ...]]] = {}
            for before in reach:
                for gain, codes in sums.items():
                    layer.setdefault(before + gain, (before, codes))
            self.layers.append(layer)
            reach = set(layer)
        self.reachable = sorted(reach)

    def below(self, threshold: Decimal) -> Decimal:
        return max(t for t in self.reachable if t < threshold)

    def above(self, threshold: Decimal) -> Decimal:
        return min(t for t in self.reachable if t > threshold)

    def choices(self, total: Decimal) -> dict[str, Any]:
        """Answers whose total is exactly ``total``."""
        result: dict[str, Any] = {}
        current = total
        for q, layer in zip(reversed(self.defn.questions), reversed(self.layers), strict=True):
            before, codes = layer[current]
            result[q.id] = codes[0] if q.type == "single" else list(codes)
            current = before
        assert current == 0
        return result


def scenario_levels(defn: Definition, *, level: int, count: int, constraint: int, rest: int = 0) -> dict[str, int]:
    """``count`` scenarios at ``level`` of which ``constraint`` are 约束性; the others at ``rest``."""
    con = [s.id for s in defn.scenarios if s.constraint]
    guide = [s.id for s in defn.scenarios if not s.constraint]
    assert constraint <= len(con) and count - constraint <= len(guide), "not enough scenarios of a type"
    chosen = con[:constraint] + guide[: count - constraint]
    return {s.id: (level if s.id in chosen else rest) for s in defn.scenarios}
