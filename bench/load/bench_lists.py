"""p95 of each list endpoint at scale, and its ratio to the time of its own SQL.

    cd backend && source ../bench/load/env.sh && \\
        uv run --frozen python ../bench/load/bench_lists.py [--requests 30] [--json]

Runs in-process against the seeded PostgreSQL database (bench/load/seed.py) with Django's test
Client, signed in as the city administrator and as a county officer (红旗区). For every endpoint
it records the queries of one request, then times (a) the whole request N times and (b) those
same SQL statements N times straight on the connection. The ratio endpoint p95 / SQL p95 is the
Python overhead (goal ≤ 1.5× at scale). Targets (issue 13): lists ≤ 100 ms p95, name / credit-code
search ≤ 100 ms, public search ≤ 50 ms, the analysis summary ≤ 200 ms.
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

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.core import publiccache  # noqa: E402

TARGETS_MS = {"list": 100, "name search": 100, "public search": 50, "summary": 200}

CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    # (who, kind, path, params)
    ("city", "list", "/api/orgs", {}),
    ("county", "list", "/api/orgs", {}),
    ("city", "list", "/api/enterprises/profiles", {}),
    ("county", "list", "/api/enterprises/profiles", {}),
    ("city", "list", "/api/assessment/assessments", {}),
    ("county", "list", "/api/assessment/assessments", {}),
    ("city", "list", "/api/audit/records", {}),
    ("county", "list", "/api/audit/records", {}),
    ("city", "list", "/api/projects", {}),
    ("county", "list", "/api/projects", {}),
    ("city", "list", "/api/reviews/todo", {}),
    ("county", "list", "/api/reviews/todo", {}),
    ("city", "name search", "/api/orgs", {"q": "压测企业0123"}),
    ("county", "name search", "/api/enterprises/profiles", {"q": "智能制造"}),
    ("city", "name search", "/api/orgs", {"q": "91410702MB"}),
    ("city", "summary", "/api/assessment/analysis", {}),
    ("county", "summary", "/api/assessment/analysis", {}),
    ("anon", "public search", "/api/portal/public/search", {"q": "数字化 转型"}),
    ("anon", "public search", "/api/portal/public/search", {"q": "汽车零部件"}),
    ("anon", "list", "/api/portal/public/announcements", {}),
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_test_environment()
    clients: dict[str, Client] = {"anon": Client()}
    for who, username in (("city", "bench_city"), ("county", "bench_county_410702")):
        c = Client()
        c.force_login(User.objects.get(username=username))
        clients[who] = c
    report = []
    for who, kind, path, params in CASES:
        client = clients[who]
        res = client.get(path, params)  # warm-up (and the cached exact total of a big list, as in production)
        if res.status_code != 200:
            raise SystemExit(f"{who} {path} {params} → {res.status_code}: {res.content[:300]!r}")
        publiccache._bump()
        with CaptureQueriesContext(connection) as ctx:
            client.get(path, params)
        statements = [q["sql"] for q in ctx.captured_queries]
        endpoint: list[float] = []
        cpu: list[float] = []
        sql: list[float] = []
        for _ in range(args.requests):
            publiccache._bump()  # measure the work, not the public answer cache (the load test's subject)
            t, c = time.perf_counter(), time.process_time()
            client.get(path, params)
            endpoint.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            t = time.perf_counter()
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                    cursor.fetchall() if cursor.description else None
            sql.append((time.perf_counter() - t) * 1000)
        p95, sql95 = pct(endpoint, 0.95), pct(sql, 0.95)
        report.append(
            {
                "who": who,
                "kind": kind,
                "endpoint": path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""),
                "queries": len(statements),
                "p50_ms": round(statistics.median(endpoint), 1),
                "p95_ms": round(p95, 1),
                "sql_p95_ms": round(sql95, 1),
                "web_cpu_p50_ms": round(statistics.median(cpu), 1),
                "ratio": round(p95 / sql95, 2) if sql95 else None,
                "target_ms": TARGETS_MS[kind],
                "ok": p95 <= TARGETS_MS[kind],
            }
        )
    # a cached public answer (the common case for anonymous visitors): CPU of a hit
    hits = []
    for path in ("/api/portal/public/home", "/api/portal/public/announcements", "/api/providers/catalogue"):
        clients["anon"].get(path)
        cpu_hit = []
        for _ in range(args.requests):
            c = time.process_time()
            res = clients["anon"].get(path)
            cpu_hit.append((time.process_time() - c) * 1000)
        hits.append((path, res.get("X-Cache", ""), statistics.median(cpu_hit)))
    load = os.getloadavg()
    if args.json:
        print(json.dumps({"loadavg": load, "rows": report}, ensure_ascii=False, indent=2))
        return
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.requests} requests each\n")
    print("| who | endpoint | queries | p50 ms | p95 ms | SQL p95 ms | ratio | web CPU p50 ms | target | met |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in report:
        print(
            f"| {r['who']} | `{r['endpoint']}` | {r['queries']} | {r['p50_ms']} | {r['p95_ms']} | {r['sql_p95_ms']} "
            f"| {r['ratio']} | {r['web_cpu_p50_ms']} | ≤ {r['target_ms']} | {'yes' if r['ok'] else 'no'} |"
        )
    print("\n| cached public answer | X-Cache | web CPU p50 ms |\n|---|---|---|")
    for path, state, ms in hits:
        print(f"| `{path}` | {state} | {ms:.2f} |")


if __name__ == "__main__":
    main()
