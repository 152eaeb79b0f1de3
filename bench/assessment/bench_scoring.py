"""Scoring throughput of the pure module: assessments per second on randomized full answer sets.

    cd backend && uv run python ../bench/assessment/bench_scoring.py [--count 20000] [--seed 2024] [--json]

No database and no Django: the packaged indicator set is compiled once (as the API does per
version), then every answer set is checked and scored — and, in the "evaluate" run, the
distance to the next level is computed too. Answer sets are complete, random (single options,
random multi subsets or the exclusive 无, scenario levels 0–4) and carry random evidence
figures so the band checks run. The clock measures only the scoring calls.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))

from smedt.assessment.definition import Definition, load_bytes, packaged_path  # noqa: E402
from smedt.assessment.scoring import evaluate, score  # noqa: E402


def random_document(defn: Definition, rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in defn.questions:
        if q.type == "single":
            answers[q.id] = rng.choice(q.options).code
        else:
            plain = [o.code for o in q.options if not o.exclusive]
            picked = [c for c in plain if rng.random() < 0.5]
            answers[q.id] = picked or [q.exclusive_code]
    evidence: dict[str, Any] = {}
    for field in defn.evidence_fields.values():
        if field.integer:
            evidence[field.id] = rng.randint(1, 500)
        else:
            evidence[field.id] = Decimal(rng.randint(1, 10_000_000)) / 100
    scenarios = {s.id: rng.choice(defn.scenario_levels) for s in defn.scenarios}
    return {"answers": answers, "scenarios": scenarios, "evidence": evidence}


def measure(name: str, fn: Callable[[Any], Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    for doc in docs[:200]:  # warm-up
        fn(doc)
    start = time.perf_counter()
    for doc in docs:
        fn(doc)
    elapsed = time.perf_counter() - start
    return {
        "run": name,
        "assessments": len(docs),
        "seconds": round(elapsed, 3),
        "per_second": round(len(docs) / elapsed),
        "microseconds_each": round(elapsed / len(docs) * 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20_000, help="answer sets per run (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--indicator-set", default="2024-manufacturing")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    defn = load_bytes(packaged_path(args.indicator_set).read_bytes())[1]
    rng = random.Random(args.seed)  # noqa: S311 — reproducible test data, not secrets
    docs = [random_document(defn, rng) for _ in range(args.count)]
    levels = [0] * (defn.top_level + 1)
    for doc in docs[:2000]:
        levels[score(defn, doc).level] += 1

    runs = [
        measure("score (check + score + level + trace)", lambda d: score(defn, d), docs),
        measure("evaluate (score + distance to next level)", lambda d: evaluate(defn, d), docs),
        measure("evaluate + to_dict + json.dumps", lambda d: json.dumps(evaluate(defn, d).to_dict()), docs),
    ]
    report = {
        "indicator_set": f"{defn.code} {defn.version}",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "level_mix_of_first_2000": dict(enumerate(levels)),
        "runs": runs,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(f"indicator set {report['indicator_set']}, Python {report['python']} ({report['machine']})")
    print(f"level mix of the first 2000 answer sets (level: count): {report['level_mix_of_first_2000']}")
    for r in runs:
        print(f"{r['run']:<45} {r['per_second']:>8} /s  ({r['microseconds_each']} µs each, {r['assessments']} sets)")


if __name__ == "__main__":
    main()
