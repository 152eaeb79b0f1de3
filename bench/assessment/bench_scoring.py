"""Scoring throughput of the pure module: assessments per second of CPU time on randomized answer sets.

    cd backend && uv run python ../bench/assessment/bench_scoring.py [--count 20000] [--seed 2024] [--json]
    # before / after in one process, modules alternated batch by batch on the same answer sets:
    git show REV:backend/smedt/assessment/scoring.py > /tmp/scoring_before.py
    cd backend && uv run python ../bench/assessment/bench_scoring.py --compare /tmp/scoring_before.py
    # … on new answer sets for every batch (a cold pass for each module: nothing scored twice):
    cd backend && uv run python ../bench/assessment/bench_scoring.py --compare /tmp/scoring_before.py --fresh

No database and no Django: the packaged indicator set is compiled once (as the API does per
version), then every answer set is checked and scored — and, in the "evaluate" runs, the
distance to the next level is computed too. Answer sets are complete, random (single options,
random multi subsets or the exclusive 无, scenario levels 0–4) and carry random evidence
figures so the band checks run. The clock is ``time.process_time`` (CPU time of this process:
other work on a shared machine distorts it far less than wall time) and measures only the
scoring calls. ``--compare`` also checks that every module gives the same ``to_dict()``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))

from smedt.assessment import scoring  # noqa: E402
from smedt.assessment.definition import Definition, load_bytes, packaged_path  # noqa: E402

REFERENCE = BACKEND / "smedt" / "assessment" / "tests" / "reference_scoring.py"


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


def load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def runs_of(module: ModuleType, defn: Definition) -> list[tuple[str, Callable[[Any], Any]]]:
    return [
        ("score (check + score + level + trace)", lambda d: module.score(defn, d)),
        ("evaluate (score + distance to next level)", lambda d: module.evaluate(defn, d)),
        ("evaluate + to_dict + json.dumps", lambda d: json.dumps(module.evaluate(defn, d).to_dict())),
    ]


def cpu_seconds(fn: Callable[[Any], Any], docs: list[dict[str, Any]]) -> float:
    start = time.process_time()
    for doc in docs:
        fn(doc)
    return time.process_time() - start


def measure(name: str, fn: Callable[[Any], Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    for doc in docs[:200]:  # warm-up
        fn(doc)
    elapsed = cpu_seconds(fn, docs)
    return {
        "run": name,
        "assessments": len(docs),
        "cpu_seconds": round(elapsed, 3),
        "per_second": round(len(docs) / elapsed),
        "microseconds_each": round(elapsed / len(docs) * 1e6, 1),
    }


def compare(
    modules: dict[str, ModuleType],
    defn: Definition,
    docs: list[dict[str, Any]],
    rounds: int,
    batch: int,
    fresh: random.Random | None = None,
) -> list[dict[str, Any]]:
    """Each run, module after module on the same batch, batch after batch (so load changes hit all alike).

    With ``fresh``, every batch is a new set of answer sets (drawn from that generator): no module has seen
    them, so the figures are those of a cold pass — no memo hit from scoring the same answer sets again.
    """
    for doc in docs[:1000]:
        outs = {name: json.dumps(m.evaluate(defn, doc).to_dict(), sort_keys=True) for name, m in modules.items()}
        if len(set(outs.values())) != 1:
            raise SystemExit(f"results differ for {doc}")
    report = []
    for run_index, (run_name, _) in enumerate(runs_of(scoring, defn)):
        fns = {name: runs_of(m, defn)[run_index][1] for name, m in modules.items()}
        for fn in fns.values():
            for doc in docs[:200]:
                fn(doc)
        rates: dict[str, list[float]] = {name: [] for name in fns}
        for round_index in range(rounds):
            for start in range(0, len(docs), batch):
                chunk = docs[start : start + batch]
                if fresh is not None:
                    chunk = [random_document(defn, fresh) for _ in chunk]
                order = list(fns.items())
                if (start // batch + round_index) % 2:
                    order.reverse()  # who runs first alternates too
                for name, fn in order:
                    rates[name].append(len(chunk) / cpu_seconds(fn, chunk))
        row: dict[str, Any] = {"run": run_name, "assessments": len(docs) * rounds}
        for name, values in rates.items():
            row[name] = round(statistics.median(values))
        report.append(row)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20_000, help="answer sets per run (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--indicator-set", default="2024-manufacturing")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--compare",
        metavar="BEFORE.py",
        type=Path,
        help="a former scoring.py: alternate it, the frozen reference and this module on the same answer sets",
    )
    parser.add_argument("--rounds", type=int, default=3, help="passes over the answer sets with --compare")
    parser.add_argument("--batch", type=int, default=1000, help="answer sets per alternation with --compare")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="with --compare: new answer sets for every batch (cold figures: nothing is scored twice)",
    )
    args = parser.parse_args()

    defn = load_bytes(packaged_path(args.indicator_set).read_bytes())[1]
    rng = random.Random(args.seed)  # noqa: S311 — reproducible test data, not secrets
    docs = [random_document(defn, rng) for _ in range(args.count)]
    levels = [0] * (defn.top_level + 1)
    for doc in docs[:2000]:
        levels[scoring.score(defn, doc).level] += 1

    load_before = os.getloadavg()
    if args.compare:
        modules = {
            "reference": load_module(REFERENCE, "bench_reference_scoring"),
            "before": load_module(args.compare, "bench_before_scoring"),
            "after": scoring,
        }
        fresh = random.Random(args.seed + 1) if args.fresh else None  # noqa: S311 — test data
        runs = compare(modules, defn, docs, args.rounds, args.batch, fresh)
    else:
        runs = [measure(name, fn, docs) for name, fn in runs_of(scoring, defn)]
    report = {
        "indicator_set": f"{defn.code} {defn.version}",
        "answer_sets": "new for every batch (cold)" if args.compare and args.fresh else "the same in every round",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "clock": "time.process_time (CPU seconds of this process)",
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "level_mix_of_first_2000": dict(enumerate(levels)),
        "runs": runs,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(f"indicator set {report['indicator_set']}, Python {report['python']} ({report['machine']})")
    print(f"level mix of the first 2000 answer sets (level: count): {report['level_mix_of_first_2000']}")
    print(f"load average before {report['load_average_before']}, after {report['load_average_after']}")
    if args.compare:
        print(f"answer sets: {report['answer_sets']}")
    for r in runs:
        if args.compare:
            rates = "  ".join(f"{name} {r[name]:>6} /s" for name in ("reference", "before", "after"))
            print(f"{r['run']:<45} {rates}  (CPU time, median of batches)")
        else:
            print(
                f"{r['run']:<45} {r['per_second']:>8} /s  ({r['microseconds_each']} µs CPU each, {r['assessments']} sets)"
            )


if __name__ == "__main__":
    main()
