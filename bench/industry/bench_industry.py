"""产业服务 at city scale: the chain dashboard and the industry profile over 100,000 enterprises × 8 quarters.

    # once: a private copy of the seeded load-test database (never write to smedt_bench itself)
    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE smedt_i19p_bench TEMPLATE smedt_bench'
    cd backend && export SMEDT_BENCH_VAR=/work/bench-var && source ../bench/load/env.sh && \\
        BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_i19p_bench \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_i19p_bench \\
        uv run --frozen python ../bench/industry/bench_industry.py [--requests 20] [--json]

Seeding (idempotent, COPY, only when the chains hold fewer members than the seeded enterprises):
the city's four chains from `industry/data/chains-xinxiang.yaml`; every 压测企业 on one chain (round
robin by id) and one of its links, ~2 % 样板企业 and ~8 % 复制推广企业 (transformed a year ago); its
一企一档 细分行业 set to the chain's; one operating report per enterprise for each of the last 8 quarters
(status confirmed, 9 % of the last quarter left submitted only) with every configured indicator
(9 values per report: 800,000 reports, 7,200,000 values) drifting by a few percent a quarter; 5 % of
the enterprises in the cultivation library. Then ANALYZE.

Measured in-process (django.test.Client, signed in as the city administrator and a county officer),
each endpoint p50 / p95 over ``--requests`` requests after one warm-up, with the aggregate cache off
(every request computes: the cold cost) and on (the one-minute cache of the profile):
成效展示 ``/chains/{id}/results`` and 线上监测 ``/monitoring`` (the chain dashboard), 行业画像 per chain /
细分行业 / 国民经济行业, 企业画像, and 对标分析 (percentiles in SQL). Goal p95 ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "load"))
from seed import CITY, copy_rows, log  # noqa: E402 — sets up Django with the load-test settings

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.core import dbcompat  # noqa: E402
from smedt.cultivation.models import LibraryEntry  # noqa: E402
from smedt.industry import config, services  # noqa: E402
from smedt.industry.models import Chain, ChainMember, OperatingReport, ReportValue  # noqa: E402
from smedt.orgs.models import Organization  # noqa: E402
from smedt.rbac.registry import sync_permissions_and_roles  # noqa: E402

TARGET_MS = 300


def periods() -> list[config.Period]:
    return config.periods_back(config.period_current_due(timezone.localdate()), 8)


def seed(rng: random.Random) -> None:
    services.chains_load(region_code=CITY)
    chains = list(Chain.objects.order_by("sort"))
    orgs = list(Organization.objects.filter(name__startswith="压测企业").order_by("id").values_list("id", "region_id"))
    if ChainMember.objects.count() >= len(orgs):
        log("industry: members already seeded")
        return
    links = {c.pk: list(c.links.values_list("id", flat=True)) for c in chains}
    transformed = timezone.localdate() - dt.timedelta(days=365)
    members = []
    for i, (org_id, _region) in enumerate(orgs):
        chain = chains[i % len(chains)]
        r = rng.random()
        role = "model" if r < 0.02 else "follower" if r < 0.10 else "member"
        members.append(
            {
                "chain_id": chain.pk,
                "link_id": rng.choice(links[chain.pk]),
                "org_id": org_id,
                "role": role,
                "transformed_on": transformed if role != "member" else None,
            }
        )
    copy_rows(ChainMember, members, label="chain members")
    with connection.cursor() as cursor:
        for chain in chains:
            cursor.execute(
                "UPDATE enterprises_enterpriseprofile p SET sub_industries = %s::jsonb FROM industry_chainmember m "
                "WHERE m.org_id = p.org_id AND m.chain_id = %s",
                [json.dumps([chain.sub_industry]), chain.pk],
            )
    # the indexed 细分行业 link follows the profiles (raw UPDATE above bypasses EnterpriseProfile.save)
    from smedt.enterprises.models import sub_industry_links_sync

    sub_industry_links_sync([org_id for org_id, _ in orgs])
    if not LibraryEntry.objects.exists():
        tiers = ["innovative", "specialized", "little_giant"]
        library = [
            {"org_id": org_id, "region_id": region, "tier": rng.choice(tiers)}
            for org_id, region in orgs
            if rng.random() < 0.05
        ]
        copy_rows(LibraryEntry, library, label="library entries")
    indicators = [i.code for i in config.indicators()]
    ps = periods()
    next_id = (OperatingReport.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    now = timezone.now()
    base = {org_id: Decimal(rng.randint(200, 20000)) for org_id, _ in orgs}
    factors = {"revenue": Decimal(1), "output_value": Decimal("1.1"), "profit": Decimal("0.08")}
    for pi, p in enumerate(ps):
        first_id = next_id
        reports: list[dict[str, Any]] = []
        for org_id, region in orgs:
            status = "submitted" if pi == len(ps) - 1 and rng.random() < 0.09 else "confirmed"
            reports.append(
                {
                    "id": next_id,
                    "org_id": org_id,
                    "region_id": region,
                    "period": p.code,
                    "period_start": p.start,
                    "due_on": p.due_on,
                    "status": status,
                    "submitted_at": now,
                    "confirmed_at": now if status == "confirmed" else None,
                    "config_version": config.version(),
                }
            )
            next_id += 1
        copy_rows(OperatingReport, reports, label=f"reports {p.code}", with_id=True)

        def values(pi: int = pi, first_id: int = first_id) -> Any:
            for k, (org_id, _region) in enumerate(orgs):
                level = base[org_id] * (1 + Decimal(pi) * Decimal("0.02")) * Decimal(rng.randint(90, 110)) / 100
                for code in indicators:
                    value = level * factors[code] if code in factors else Decimal(rng.randint(1, 1000))
                    yield {"report_id": first_id + k, "indicator": code, "value": value.quantize(Decimal("0.01"))}

        copy_rows(ReportValue, values(), label=f"values {p.code}")
    dbcompat.sequences_reset([OperatingReport])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only: DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_<branch>_bench")
    settings.SMEDT_INDUSTRY_FREQUENCY = "quarter"
    t0 = time.perf_counter()
    sync_permissions_and_roles()
    seed(random.Random(args.seed))  # noqa: S311 — reproducible test data
    log(f"seeding checked in {time.perf_counter() - t0:.0f} s")
    setup_test_environment()
    connection.force_debug_cursor = True  # DEBUG is off in these settings: count the queries anyway
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
    cases: list[tuple[str, str, str, dict[str, Any]]] = [
        ("city", "chain dashboard", f"/api/industry/chains/{chain.pk}/results", {}),
        ("county", "chain dashboard", f"/api/industry/chains/{chain.pk}/results", {}),
        ("city", "chain dashboard", "/api/industry/monitoring", {}),
        ("county", "chain dashboard", "/api/industry/monitoring", {}),
        ("city", "industry profile", "/api/industry/profiles/industry", {"dimension": "chain", "key": str(chain.pk)}),
        ("county", "industry profile", "/api/industry/profiles/industry", {"dimension": "chain", "key": str(chain.pk)}),
        (
            "city",
            "industry profile",
            "/api/industry/profiles/industry",
            {"dimension": "sub_industry", "key": chain.sub_industry},
        ),
        ("city", "industry profile", "/api/industry/profiles/industry", {"dimension": "industry_code", "key": "C34"}),
        ("city", "enterprise portrait", f"/api/industry/profiles/enterprises/{org}", {}),
        ("city", "benchmark", f"/api/industry/benchmark/{org}", {}),
    ]
    report = []
    for cached in (False, True):
        settings.SMEDT_AGGREGATE_CACHE_SECONDS = 300 if cached else 0
        cache.clear()
        for who, kind, path, params in cases:
            client = clients[who]
            res = client.get(path, params)
            if res.status_code != 200:
                raise SystemExit(f"{who} {path} {params} → {res.status_code}: {res.content[:300]!r}")
            with CaptureQueriesContext(connection) as ctx:
                client.get(path, params)
            times = []
            for _ in range(args.requests):
                t = time.perf_counter()
                client.get(path, params)
                times.append((time.perf_counter() - t) * 1000)
            p95 = pct(times, 0.95)
            report.append(
                {
                    "cache": "on" if cached else "off",
                    "who": who,
                    "kind": kind,
                    "endpoint": path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""),
                    "queries": len(ctx.captured_queries),
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(p95, 1),
                    "ok": p95 <= TARGET_MS,
                }
            )
    load = os.getloadavg()
    counts = {
        "enterprises": Organization.objects.filter(name__startswith="压测企业").count(),
        "reports": OperatingReport.objects.count(),
        "values": ReportValue.objects.count(),
        "members": ChainMember.objects.count(),
    }
    if args.json:
        print(json.dumps({"loadavg": load, "counts": counts, "rows": report}, ensure_ascii=False, indent=2))
        return
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.requests} requests each; {counts}\n")
    print("| cache | who | widget | endpoint | queries | p50 ms | p95 ms | ≤ 300 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for r in report:
        print(
            f"| {r['cache']} | {r['who']} | {r['kind']} | `{r['endpoint']}` | {r['queries']} | {r['p50_ms']} "
            f"| {r['p95_ms']} | {'yes' if r['ok'] else 'no'} |"
        )


if __name__ == "__main__":
    main()
