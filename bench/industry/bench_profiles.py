"""行业画像, 对标分析 and 企业画像 at city scale: live SQL against the background summary cells, alternately.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE smedt_i19p_bench TEMPLATE smedt_bench'
    cd backend && export SMEDT_BENCH_VAR=/work/bench-var && source ../bench/load/env.sh && \\
        export BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_i19p_bench && \\
        export DATABASE_URL=$BENCH_DATABASE_URL && uv run --frozen python manage.py migrate && \\
        uv run --frozen python ../bench/industry/bench_profiles.py [--requests 10] [--json]

Seeds like ``bench_industry.py`` (100,000 chain members, 800,000 quarterly reports, 7,200,000 values; skipped
when done), then runs the two background summaries once (``insights.summary.refresh`` of ``ind_profile`` and
``ind_benchmark``, timed: their cost moves off the request path) and checks that the cells answer exactly what
the live SQL answers. Then, with the aggregate cache off, every request of each endpoint alternates between
``live`` (``SMEDT_INSIGHTS_SUMMARY_MAX_AGE=0``: the SQL aggregates over the rows, as before the cells) and
``cells`` (the same endpoint answered from the summary cells), so both see the same machine load. Wall time
p50 / p95 per mode and the CPU time of this process (Django + driver; the database's own time is in the wall
figure). Goal p95 ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_industry  # noqa: E402 — sets up Django with the load-test settings
from bench_industry import TARGET_MS, pct, seed  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.industry.models import Chain, ChainMember  # noqa: E402
from smedt.industry.profiles import SUMMARY_WIDGET  # noqa: E402
from smedt.industry.selectors import BENCHMARK_WIDGET  # noqa: E402
from smedt.insights import summary  # noqa: E402
from smedt.rbac.registry import sync_permissions_and_roles  # noqa: E402

_ = bench_industry


def strip(body: Any) -> Any:
    if isinstance(body, dict):
        return {k: strip(v) for k, v in body.items() if k != "generated_at"}
    return body


def main() -> None:
    import random

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--no-refresh", action="store_true", help="reuse cells computed by an earlier run")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only: DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_<branch>_bench")
    settings.SMEDT_INDUSTRY_FREQUENCY = "quarter"
    sync_permissions_and_roles()
    seed(random.Random(args.seed))  # noqa: S311 — reproducible test data
    setup_test_environment()
    refresh: dict[str, Any] = {}
    if not args.no_refresh:
        for widget in (SUMMARY_WIDGET, BENCHMARK_WIDGET):
            t, c = time.perf_counter(), time.process_time()
            cells = summary.refresh((widget,))[widget]
            refresh[widget] = {
                "cells": cells,
                "wall_s": round(time.perf_counter() - t, 1),
                "cpu_s": round(time.process_time() - c, 1),
            }
    chain = Chain.objects.order_by("sort").first()
    assert chain is not None
    county = "410702"
    org = (
        ChainMember.objects.filter(chain=chain, org__region__code=county)
        .order_by("org_id")
        .values_list("org_id", flat=True)
        .first()
    )
    clients: dict[str, Client] = {}
    for who, username in (("city", "bench_city"), ("county", f"bench_county_{county}")):
        c = Client()
        c.force_login(User.objects.get(username=username))
        clients[who] = c
    profile = "/api/industry/profiles/industry"
    cases: list[tuple[str, str, str, dict[str, Any]]] = [
        ("city", "industry profile", profile, {"dimension": "chain", "key": str(chain.pk)}),
        ("county", "industry profile", profile, {"dimension": "chain", "key": str(chain.pk)}),
        ("city", "industry profile", profile, {"dimension": "sub_industry", "key": chain.sub_industry}),
        ("county", "industry profile", profile, {"dimension": "sub_industry", "key": chain.sub_industry}),
        ("city", "industry profile", profile, {"dimension": "industry_code", "key": "C34"}),
        ("city", "industry profile", profile, {"dimension": "industry_code", "key": "C"}),
        ("city", "enterprise portrait", f"/api/industry/profiles/enterprises/{org}", {}),
        ("city", "benchmark", f"/api/industry/benchmark/{org}", {}),
        ("county", "benchmark", f"/api/industry/benchmark/{org}", {}),
    ]
    settings.SMEDT_AGGREGATE_CACHE_SECONDS = 0
    cache.clear()
    modes = {"live": 0, "cells": 24 * 3600}
    report = []
    mismatches = []
    for who, kind, path, params in cases:
        client = clients[who]
        answers = {}
        for mode, age in modes.items():  # warm-up, and the equality check
            settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = age
            res = client.get(path, params)
            if res.status_code != 200:
                raise SystemExit(f"{who} {path} {params} → {res.status_code}: {res.content[:300]!r}")
            answers[mode] = strip(res.json())
        if answers["live"] != answers["cells"]:
            mismatches.append(f"{who} {path} {params}")
        times: dict[str, list[float]] = {m: [] for m in modes}
        cpu: dict[str, list[float]] = {m: [] for m in modes}
        for _ in range(args.requests):
            for mode, age in modes.items():
                settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = age
                t, c = time.perf_counter(), time.process_time()
                client.get(path, params)
                times[mode].append((time.perf_counter() - t) * 1000)
                cpu[mode].append((time.process_time() - c) * 1000)
        for mode in modes:
            p95 = pct(times[mode], 0.95)
            report.append(
                {
                    "mode": mode,
                    "who": who,
                    "kind": kind,
                    "endpoint": path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""),
                    "p50_ms": round(statistics.median(times[mode]), 1),
                    "p95_ms": round(p95, 1),
                    "cpu_p50_ms": round(statistics.median(cpu[mode]), 1),
                    "ok": p95 <= TARGET_MS,
                }
            )
    load = os.getloadavg()
    if args.json:
        out = {"loadavg": load, "refresh": refresh, "mismatches": mismatches, "rows": report}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.requests} requests per mode, alternating")
    print(f"background refresh: {refresh or 'skipped (--no-refresh)'}")
    print(f"cells == live: {'yes' if not mismatches else 'NO: ' + '; '.join(mismatches)}\n")
    print("| mode | who | widget | endpoint | p50 ms | p95 ms | CPU p50 ms | ≤ 300 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for r in report:
        print(
            f"| {r['mode']} | {r['who']} | {r['kind']} | `{r['endpoint']}` | {r['p50_ms']} | {r['p95_ms']} "
            f"| {r['cpu_p50_ms']} | {'yes' if r['ok'] else 'no'} |"
        )


if __name__ == "__main__":
    main()
