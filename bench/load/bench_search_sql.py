"""Public search SQL, old against new, alternately in one process (issue 13: public search ≤ 50 ms p95).

    cd backend && export SMEDT_BENCH_VAR=/work/bench-var && source ../bench/load/env.sh && \\
        git archive <old commit> backend | tar -x -C /tmp/old && \\
        uv run --frozen python ../bench/load/bench_search_sql.py --old /tmp/old/backend [--rounds 40]

Calls `core.dbcompat.fulltext_search` of an older checkout (`--old`) and of this one with the same
arguments as `portal.selectors.search` (page 1, 20 rows, 2,000 candidates), one after the other, round
after round, so both see the same machine state. Prints p50 / p95 of the wall time of the SQL (the
database's work plus one round trip per statement) and checks that both return the same page and total.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"
QUERIES = ["数字化 转型", "汽车零部件", "智能制造 设备联网", "医疗器械"]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", required=True, help="backend directory of the older checkout")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    sys.path.insert(0, str(BACKEND))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from smedt.core import dbcompat as new
    from smedt.portal.models import SearchDocument
    from smedt.portal.search import query_terms
    from smedt.portal.selectors import SEARCH_MAX_CANDIDATES, SEARCH_MAX_TERMS

    spec = importlib.util.spec_from_file_location("old_dbcompat", Path(args.old) / "smedt" / "core" / "dbcompat.py")
    assert spec and spec.loader
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)

    def call(module: object, terms: list[str]) -> tuple[list[tuple[int, float]], int]:
        return module.fulltext_search(  # type: ignore[attr-defined, no-any-return]
            table=SearchDocument._meta.db_table,
            terms=terms,
            filters={},
            order_tiebreak=("-published_at", "-id"),
            limit=20,
            offset=0,
            count_limit=SEARCH_MAX_CANDIDATES,
            candidate_limit=SEARCH_MAX_CANDIDATES,
        )

    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.rounds} rounds\n")
    print("| query | old p50 ms | old p95 ms | new p50 ms | new p95 ms | same page and total |")
    print("|---|---|---|---|---|---|")
    for q in QUERIES:
        terms = query_terms(q)[:SEARCH_MAX_TERMS]
        same = [r for r, _ in call(old, terms)[0]] == [r for r, _ in call(new, terms)[0]]
        same = same and call(old, terms)[1] == call(new, terms)[1]
        times: dict[str, list[float]] = {"old": [], "new": []}
        for i in range(args.rounds):
            order = (("old", old), ("new", new)) if i % 2 == 0 else (("new", new), ("old", old))
            for name, module in order:
                t = time.perf_counter()
                call(module, terms)
                times[name].append((time.perf_counter() - t) * 1000)
        o, n = times["old"], times["new"]
        print(
            f"| {q} | {statistics.median(o):.1f} | {pct(o, 0.95):.1f} | {statistics.median(n):.1f} "
            f"| {pct(n, 0.95):.1f} | {'yes' if same else 'NO'} |"
        )
    print(f"\nload average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
