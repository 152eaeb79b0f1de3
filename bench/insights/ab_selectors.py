"""Before/after of the dashboard widgets on the same data in the same minutes (A/B interleaved).

    cd backend && git show <base>:backend/smedt/insights/selectors.py > /tmp/old_selectors.py
    DATABASE_URL=postgres://…/smedt_i16n_bench uv run --frozen python ../bench/insights/ab_selectors.py /tmp/old_selectors.py

The shared machine's load changes from minute to minute (the same endpoint varied 2–10× between two
runs of bench_insights.py), so comparing two runs taken at different times says little. This calls
the old module's widget function and the current one alternately, ``--rounds`` times each, as the city
admin and a county officer of the bench data (run bench_insights.py once first to seed), the cache
bypassed, and prints p50 / p95 ms of both. The current code reads the background summary (refreshed
once here, timed) where it applies.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.insights import selectors, summary  # noqa: E402

WIDGETS = ("signing", "providers", "funnel", "kpi", "durations", "forecast")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old_module")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("old_selectors", args.old_module)
    assert spec and spec.loader
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 3600
    t = time.perf_counter()
    summary.refresh()
    out: dict[str, Any] = {"summary_refresh_ms": round((time.perf_counter() - t) * 1000, 1)}
    for who in ("bench_city_admin", "bench_county_officer"):
        user = User.objects.get(username=who)
        res: dict[str, Any] = {}
        for w in WIDGETS:
            before: list[float] = []
            after: list[float] = []
            for _ in range(args.rounds):
                for impl, acc in ((getattr(old, w), before), (getattr(selectors, w), after)):
                    t = time.perf_counter()
                    impl(user=user)
                    acc.append((time.perf_counter() - t) * 1000)
            res[w] = {
                "before": [round(statistics.median(before)), round(pct(before, 0.95))],
                "after": [round(statistics.median(after)), round(pct(after, 0.95))],
            }
        out[who] = res
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
