"""The chain dashboard (成效展示 + 线上监测) before and after the summary cells, at 100,000 members × 8 quarters.

    # once: a private copy of the seeded load-test database (never write to smedt_bench itself)
    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE smedt_i19d_bench TEMPLATE smedt_bench'
    cd backend && export SMEDT_BENCH_VAR=/work/bench-var && source ../bench/load/env.sh && \\
        BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_i19d_bench \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_i19d_bench \\
        uv run --frozen python manage.py migrate && \\
        uv run --frozen python ../bench/industry/bench_dashboard.py [--requests 20] [--live-requests 3] [--json]

Seeds like ``bench_industry.py`` (same function, idempotent). Then:

1. the whole refresh of the ``industry`` summary cells (``insights.summary.refresh(("industry",))``, what
   the scheduler's ``insights.refresh_summary`` runs) and the part refresh a confirmed report queues
   (``insights.summary.refresh_parts``): wall and CPU seconds;
2. per endpoint, requests alternately live (``SMEDT_INSIGHTS_SUMMARY_MAX_AGE=0``: the old SQL, the
   "before") and from the cells ("after") in the same process, signed in as the city administrator and a
   county officer; p50 / p95 wall ms, mean CPU ms of the web process, and the query count of one request
   (``connection.force_debug_cursor``: DEBUG is off in these settings). The aggregate cache is off.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_industry  # noqa: E402 — sets up Django with the load-test settings (through bench/load/seed.py)

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.industry import config  # noqa: E402
from smedt.industry import summary as industry_summary  # noqa: E402
from smedt.industry.models import Chain, ChainMember, OperatingReport, ReportValue  # noqa: E402
from smedt.insights import summary  # noqa: E402
from smedt.rbac.registry import sync_permissions_and_roles  # noqa: E402

TARGET_MS = 300


def timed(fn: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def main() -> None:
    import random

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20, help="requests from the cells per endpoint")
    parser.add_argument("--live-requests", type=int, default=3, help="live requests per endpoint (seconds each)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only: DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_<branch>_bench")
    settings.SMEDT_INDUSTRY_FREQUENCY = "quarter"
    settings.SMEDT_AGGREGATE_CACHE_SECONDS = 0
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 3600  # the bench runs longer than the default 180 s
    sync_permissions_and_roles()
    bench_industry.seed(random.Random(args.seed))  # noqa: S311 — reproducible test data
    setup_test_environment()
    connection.force_debug_cursor = True  # count queries although DEBUG is off

    full_wall, full_cpu, done = timed(lambda: summary.refresh((industry_summary.WIDGET,)))
    chain = Chain.objects.order_by("sort").first()
    assert chain is not None
    county = "410702"
    member = ChainMember.objects.filter(chain=chain, org__region__code=county).order_by("org_id").first()
    assert member is not None
    period = config.period_current_due(timezone.localdate())
    # the parts a confirmed report of the member queues (parts_changed), refreshed as the worker would
    parts = [
        f"m{chain.pk}|{period.code}",
        f"m{chain.pk}|{config.period_of(period.end + dt.timedelta(days=1)).code}",
        f"c{chain.pk}",
        f"r{chain.pk}|{period.code}",
        f"m*|{period.code}",
    ]
    part_times = {}
    for part in parts:
        wall, cpu, _ = timed(lambda part=part: summary.refresh_parts(industry_summary.WIDGET, [part]))
        part_times[part] = (round(wall, 2), round(cpu, 2))

    clients: dict[str, Client] = {}
    for who, username in (("city", "bench_city"), ("county", f"bench_county_{county}")):
        c = Client()
        c.force_login(User.objects.get(username=username))
        clients[who] = c
    results = f"/api/industry/chains/{chain.pk}/results"
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("city", results, {}),
        ("county", results, {}),
        ("city", "/api/industry/monitoring", {}),
        ("county", "/api/industry/monitoring", {}),
        ("city", "/api/industry/monitoring", {"by": "county"}),
        ("city", "/api/industry/monitoring", {"by": "county", "chain_id": chain.pk}),
    ]
    max_age = settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE
    report = []
    for who, path, params in cases:
        client = clients[who]
        samples: dict[str, list[tuple[float, float]]] = {"live": [], "cells": []}
        queries: dict[str, int] = {}
        for mode in ("live", "cells"):  # warm-up and the query count of one request
            settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 0 if mode == "live" else max_age
            res = client.get(path, params)
            if res.status_code != 200:
                raise SystemExit(f"{who} {path} {params} → {res.status_code}: {res.content[:300]!r}")
            assert (res.json()["updated_at"] is None) == (mode == "live"), (mode, path)
            with CaptureQueriesContext(connection) as ctx:
                client.get(path, params)
            queries[mode] = len(ctx.captured_queries)
        for i in range(max(args.requests, args.live_requests)):
            for mode in ("live", "cells"):  # alternately, in the same process
                if mode == "live" and i >= args.live_requests or mode == "cells" and i >= args.requests:
                    continue
                settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 0 if mode == "live" else max_age
                cache.clear()
                wall, cpu, _ = timed(lambda: client.get(path, params))
                samples[mode].append((wall * 1000, cpu * 1000))
        settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = max_age
        for mode in ("live", "cells"):
            walls = [w for w, _ in samples[mode]]
            p95 = bench_industry.pct(walls, 0.95)
            report.append(
                {
                    "mode": mode,
                    "who": who,
                    "endpoint": path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""),
                    "requests": len(walls),
                    "queries": queries[mode],
                    "p50_ms": round(statistics.median(walls), 1),
                    "p95_ms": round(p95, 1),
                    "cpu_ms": round(statistics.mean(c for _, c in samples[mode]), 1),
                    "ok": p95 <= TARGET_MS,
                }
            )
    # the 线上监测 member list: a paginated live list (no cells), each member's report of the period joined in
    members = "/api/industry/monitoring/enterprises"
    for who, params in (
        ("city", {}),
        ("city", {"state": "missing"}),
        ("city", {"state": "unconfirmed"}),
        ("city", {"state": "dropped", "chain_id": chain.pk}),
        ("county", {"state": "missing"}),
    ):
        client = clients[who]
        res = client.get(members, params)
        if res.status_code != 200:
            raise SystemExit(f"{who} {members} {params} → {res.status_code}: {res.content[:300]!r}")
        with CaptureQueriesContext(connection) as ctx:
            client.get(members, params)
        samples_list = []
        for _ in range(args.requests):
            cache.clear()
            wall, cpu, _ = timed(lambda client=client, params=params: client.get(members, params))
            samples_list.append((wall * 1000, cpu * 1000))
        walls = [w for w, _ in samples_list]
        p95 = bench_industry.pct(walls, 0.95)
        report.append(
            {
                "mode": "list",
                "who": who,
                "endpoint": members + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""),
                "requests": len(walls),
                "queries": len(ctx.captured_queries),
                "p50_ms": round(statistics.median(walls), 1),
                "p95_ms": round(p95, 1),
                "cpu_ms": round(statistics.mean(c for _, c in samples_list), 1),
                "ok": p95 <= TARGET_MS,
            }
        )
    load = os.getloadavg()
    counts = {
        "reports": OperatingReport.objects.count(),
        "values": ReportValue.objects.count(),
        "members": ChainMember.objects.count(),
        "cells": done.get(industry_summary.WIDGET, 0),
    }
    refresh = {"whole_s": (round(full_wall, 1), round(full_cpu, 1)), "parts_s": part_times}
    if args.json:
        print(json.dumps({"loadavg": load, "counts": counts, "refresh": refresh, "rows": report}, indent=2))
        return
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {counts}")
    print(f"whole refresh of the industry cells: {full_wall:.1f} s wall, {full_cpu:.1f} s CPU (web process)")
    for part, (wall, cpu) in part_times.items():
        print(f"part {part}: {wall} s wall, {cpu} s CPU")
    print()
    print("| mode | who | endpoint | requests | queries | p50 ms | p95 ms | CPU ms (mean) | ≤ 300 ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in report:
        print(
            f"| {r['mode']} | {r['who']} | `{r['endpoint']}` | {r['requests']} | {r['queries']} | {r['p50_ms']} "
            f"| {r['p95_ms']} | {r['cpu_ms']} | {'yes' if r['ok'] else 'no'} |"
        )


if __name__ == "__main__":
    main()
