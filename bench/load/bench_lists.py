"""p95 of each list endpoint at scale, and its ratio to the time of its own SQL.

    cd backend && source ../bench/load/env.sh && \\
        uv run --frozen python ../bench/load/bench_lists.py [--requests 30] [--json] [--kind "name search,public search"]

Runs in-process against the seeded PostgreSQL database (bench/load/seed.py) with Django's test
Client, signed in as the city administrator and as a county officer (红旗区). For every endpoint
it records the queries of one request, then times (a) the whole request N times and (b) those
same SQL statements N times straight on the connection. The ratio endpoint p95 / SQL p95 is the
Python overhead (goal ≤ 1.5× at scale). Targets (issue 13): lists ≤ 100 ms p95, name / credit-code
search ≤ 100 ms, public search ≤ 50 ms, the analysis summary ≤ 200 ms, a login ≤ 100 ms of server
CPU (measured over N enterprise accounts, `bench_ent_<i>`, with the password in clear).

Before/after on a shared machine: run the old and the new code alternately with `--json`, keeping the
raw samples, then pool them into one table:

    python bench_lists.py --json > after-1.json        # (and the old checkout's copy > before-1.json) …
    python bench_lists.py --compare before-1.json,before-2.json after-1.json,after-2.json
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
PASSWORD = os.environ.get("SMEDT_BENCH_PASSWORD", "Bench-Passw0rd!2026")

TARGETS_MS = {"list": 100, "name search": 100, "public search": 50, "summary": 200, "login (CPU)": 100}

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
    ("county", "name search", "/api/orgs", {"q": "智能制造"}),
    ("county", "name search", "/api/orgs", {"q": "电池"}),
    ("city", "name search", "/api/enterprises/profiles", {"q": "智能制造"}),
    ("city", "name search", "/api/enterprises/profiles", {"q": "智"}),
    ("county", "name search", "/api/assessment/assessments", {"q": "汽车零部件"}),
    ("city", "summary", "/api/assessment/analysis", {}),
    ("county", "summary", "/api/assessment/analysis", {}),
    ("anon", "public search", "/api/portal/public/search", {"q": "数字化 转型"}),
    ("anon", "public search", "/api/portal/public/search", {"q": "汽车零部件"}),
    ("anon", "list", "/api/portal/public/announcements", {}),
]


def _login_case(requests: int, client_class: Any, capture: Any, connection: Any) -> dict[str, Any]:
    """A full password login (PBKDF2-HMAC-SM3 at the production cost, session, login log) of N different
    enterprise accounts: the target is its server CPU time."""
    endpoint: list[float] = []
    cpu: list[float] = []
    sql: list[float] = []
    statements: list[str] = []
    for i in range(requests + 1):
        client = client_class()
        body = {"username": f"bench_ent_{i}", "password": PASSWORD}
        if i == 0:  # warm-up, and the statements of one login
            with capture(connection) as ctx:
                res = client.post("/api/auth/login", body, content_type="application/json")
            if res.status_code != 200:
                raise SystemExit(f"login → {res.status_code}: {res.content[:300]!r}")
            statements = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
            continue
        t, c = time.perf_counter(), time.process_time()
        res = client.post("/api/auth/login", body, content_type="application/json")
        endpoint.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        if res.status_code != 200:
            raise SystemExit(f"login → {res.status_code}: {res.content[:300]!r}")
        t = time.perf_counter()
        with connection.cursor() as cursor:
            for statement in statements:  # the reads only: replaying the writes would change the data
                cursor.execute(statement)
                cursor.fetchall()
        sql.append((time.perf_counter() - t) * 1000)
    return _stats(
        "enterprise", "login (CPU)", "/api/auth/login", len(statements), {"endpoint": endpoint, "cpu": cpu, "sql": sql}
    )


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _stats(who: str, kind: str, endpoint: str, queries: int, samples: dict[str, list[float]]) -> dict[str, Any]:
    wall, cpu, sql = samples["endpoint"], samples["cpu"], samples["sql"]
    p95, sql95 = pct(wall, 0.95), pct(sql, 0.95)
    measured = pct(cpu, 0.95) if kind == "login (CPU)" else p95
    return {
        "who": who,
        "kind": kind,
        "endpoint": endpoint,
        "queries": queries,
        "n": len(wall),
        "p50_ms": round(statistics.median(wall), 1),
        "p95_ms": round(p95, 1),
        "sql_p95_ms": round(sql95, 1),
        "web_cpu_p50_ms": round(statistics.median(cpu), 1),
        "web_cpu_p95_ms": round(pct(cpu, 0.95), 1),
        "ratio": round(p95 / sql95, 2) if sql95 else None,
        "target_ms": TARGETS_MS[kind],
        "ok": measured <= TARGETS_MS[kind],
        "samples": samples,
    }


def _row(r: dict[str, Any]) -> str:
    return (
        f"| {r['who']} | `{r['endpoint']}` | {r['queries']} | {r['p50_ms']} | {r['p95_ms']} | {r['sql_p95_ms']} "
        f"| {r['ratio']} | {r['web_cpu_p50_ms']} | ≤ {r['target_ms']} | {'yes' if r['ok'] else 'no'} |"
    )


def compare(before_files: list[str], after_files: list[str]) -> None:
    """Pool the raw samples of alternating runs of the old and the new code into one before/after table."""

    def pooled(files: list[str]) -> tuple[dict[tuple[str, str], dict[str, Any]], list[list[float]]]:
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        loads = []
        for name in files:
            data = json.loads(Path(name).read_text(encoding="utf-8"))
            loads.append(data["loadavg"])
            for r in data["rows"]:
                key = (r["who"], r["endpoint"])
                if key not in rows:
                    rows[key] = {**r, "samples": {k: list(v) for k, v in r["samples"].items()}}
                else:
                    for k, v in r["samples"].items():
                        rows[key]["samples"][k].extend(v)
        return {
            k: _stats(r["who"], r["kind"], r["endpoint"], r["queries"], r["samples"]) for k, r in rows.items()
        }, loads

    before, before_loads = pooled(before_files)
    after, after_loads = pooled(after_files)
    fmt = "; ".join
    print(
        f"before: {len(before_files)} runs, load average {fmt(' / '.join(f'{x:.1f}' for x in la) for la in before_loads)}"
    )
    print(
        f"after: {len(after_files)} runs, load average {fmt(' / '.join(f'{x:.1f}' for x in la) for la in after_loads)}\n"
    )
    print(
        "| who | endpoint | target ms | before p50 | before p95 | before SQL p95 | before ratio | before CPU p50 "
        "| after p50 | after p95 | after SQL p95 | after ratio | after CPU p50 | after queries | met |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key, a in after.items():
        b = before.get(key)
        old = (
            f"{b['p50_ms']} | {b['p95_ms']} | {b['sql_p95_ms']} | {b['ratio']} | {b['web_cpu_p50_ms']}"
            if b
            else "– | – | – | – | –"
        )
        print(
            f"| {a['who']} | `{a['endpoint']}` | ≤ {a['target_ms']} | {old} | {a['p50_ms']} | {a['p95_ms']} "
            f"| {a['sql_p95_ms']} | {a['ratio']} | {a['web_cpu_p50_ms']} | {a['queries']} | {'yes' if a['ok'] else 'no'} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="machine-readable, with the raw samples")
    parser.add_argument("--only", default="", help="run only the cases whose endpoint contains this text")
    parser.add_argument(
        "--kind",
        default="",
        help='run only the cases of these kinds (comma-separated: "name search,public search"); no login or hit rows',
    )
    parser.add_argument(
        "--backend",
        default=str(BACKEND),
        help="the backend directory to import (e.g. an exported older commit, to measure before/after alternately)",
    )
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE_JSONS", "AFTER_JSONS"), help="comma-separated files")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare[0].split(","), args.compare[1].split(","))
        return
    sys.path.insert(0, args.backend)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from smedt.accounts.models import User
    from smedt.core import aggcache, publiccache
    from smedt.insights import summary

    def uncached() -> None:
        """Measure the work, not the answer caches: the public answer cache (the load test's subject) and
        the cached aggregates (under load every submitted assessment retires the cached 综合分析)."""
        publiccache._bump()
        aggcache._bump("assessment.analysis")

    setup_test_environment()
    if not args.kind or "summary" in args.kind:
        started = time.perf_counter()
        refreshed = summary.refresh()  # what the periodic job keeps fresh in production
        print(f"summary refresh: {refreshed} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    clients: dict[str, Client] = {"anon": Client()}
    for who, username in (("city", "bench_city"), ("county", "bench_county_410702")):
        c = Client()
        c.force_login(User.objects.get(username=username))
        clients[who] = c
    report = []
    for who, kind, path, params in CASES:
        if args.only and args.only not in path:
            continue
        if args.kind and kind not in args.kind.split(","):
            continue
        client = clients[who]
        res = client.get(path, params)  # warm-up (and the cached exact total of a big list, as in production)
        if res.status_code != 200:
            raise SystemExit(f"{who} {path} {params} → {res.status_code}: {res.content[:300]!r}")
        uncached()
        with CaptureQueriesContext(connection) as ctx:
            client.get(path, params)
        statements = [q["sql"] for q in ctx.captured_queries]
        endpoint: list[float] = []
        cpu: list[float] = []
        sql: list[float] = []
        for _ in range(args.requests):
            uncached()
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
        endpoint_name = path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
        samples = {"endpoint": endpoint, "cpu": cpu, "sql": sql}
        report.append(_stats(who, kind, endpoint_name, len(statements), samples))
    if (not args.only or "login" in args.only) and not args.kind:
        report.append(_login_case(args.requests, Client, CaptureQueriesContext, connection))
    # a cached public answer (the common case for anonymous visitors): CPU of a hit
    hits = []
    for path in (
        ()
        if args.only or args.kind
        else ("/api/portal/public/home", "/api/portal/public/announcements", "/api/providers/catalogue")
    ):
        clients["anon"].get(path)
        cpu_hit = []
        for _ in range(args.requests):
            c = time.process_time()
            res = clients["anon"].get(path)
            cpu_hit.append((time.process_time() - c) * 1000)
        hits.append((path, res.get("X-Cache", ""), statistics.median(cpu_hit)))
    load = os.getloadavg()
    if args.json:
        print(json.dumps({"loadavg": load, "rows": report}, ensure_ascii=False))
        return
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.requests} requests each\n")
    print("| who | endpoint | queries | p50 ms | p95 ms | SQL p95 ms | ratio | web CPU p50 ms | target | met |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in report:
        print(_row(r))
    print("\n| cached public answer | X-Cache | web CPU p50 ms |\n|---|---|---|")
    for path, state, ms in hits:
        print(f"| `{path}` | {state} | {ms:.2f} |")


if __name__ == "__main__":
    main()
