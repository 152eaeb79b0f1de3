"""产业链场景库 at city scale: the background aggregate and the scenario endpoints on the seeded bench data.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE smedt_<branch>_bench TEMPLATE smedt_bench'
    cd backend && DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_<branch>_bench \\
        uv run --frozen python ../bench/industry/bench_scenarios.py [--members 100000] [--requests 20] [--json]

What it does: migrate, load the chains and the seed scenarios (published), then — only when the chains have
fewer than ``--members`` members — put the bench enterprises (``压测企业…``, each with a current assessment
result from the 1,000,000 seeded assessments) on the four chains' links in bulk (valid rows, not through the
services). Then it times one full aggregate run (``scenarios.run_execute``: reporters of every scenario and the
candidate problems of every chain) and, as the city admin and a county officer (django.test.Client, public cache
off), p50 / p95 and the query count of each scenario endpoint.
"""

from __future__ import annotations

import argparse
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
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.industry import scenarios, services  # noqa: E402
from smedt.industry.models import Chain, ChainLink, ChainMember  # noqa: E402
from smedt.industry.scenario_models import Scenario, ScenarioRun  # noqa: E402
from smedt.orgs.models import Organization  # noqa: E402
from smedt.rbac.grants import forget_grants  # noqa: E402
from smedt.rbac.models import Role, RoleAssignment  # noqa: E402
from smedt.regions.models import Region  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def seed(members: int) -> None:
    call_command("migrate", "--noinput", verbosity=0)
    from smedt.rbac.registry import sync_permissions_and_roles

    sync_permissions_and_roles()
    services.chains_load()
    scenarios.scenarios_load()
    Scenario.objects.update(status="published")
    have = ChainMember.objects.count()
    if have >= members:
        return
    links = list(ChainLink.objects.filter(chain__region__code="410700").order_by("chain__sort", "sort"))
    by_chain: dict[int, list[ChainLink]] = {}
    for link in links:
        by_chain.setdefault(link.chain_id, []).append(link)
    chain_ids = sorted(by_chain)
    taken = set(ChainMember.objects.values_list("org_id", flat=True))
    orgs = (
        Organization.objects.filter(name__startswith="压测企业")
        .exclude(pk__in=taken)
        .order_by("id")
        .values_list("id", flat=True)[: members - have]
    )
    rows = []
    for org_id in orgs:
        chain_id = chain_ids[org_id % len(chain_ids)]
        chain_links = by_chain[chain_id]
        rows.append(ChainMember(chain_id=chain_id, link=chain_links[(org_id // 7) % len(chain_links)], org_id=org_id))
    ChainMember.objects.bulk_create(rows, batch_size=5000)


def user(username: str, role: str, region_code: str) -> User:
    u = User.objects.get_or_create(username=username, defaults={"display_name": username})[0]
    RoleAssignment.objects.get_or_create(
        user=u, role=Role.objects.get(code=role), region=Region.objects.get(code=region_code)
    )
    forget_grants(u)
    return u


def timed(client: Client, path: str, n: int, params: dict[str, Any] | None = None) -> dict[str, Any]:
    res = client.get(path, params or {})
    assert res.status_code == 200, (path, res.status_code, res.content[:200])
    # counted by an execute wrapper: CaptureQueriesContext loses the request's queries (request_started resets the
    # log it slices) and keeps none at all while DEBUG is off
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path, params or {})
    times = []
    for _ in range(n):
        t = time.perf_counter()
        client.get(path, params or {})
        times.append((time.perf_counter() - t) * 1000)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(pct(times, 0.95), 1),
        "queries": len(executed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings.SMEDT_PUBLIC_CACHE_SECONDS = 0
    seed(args.members)
    setup_test_environment()  # the test client's host ("testserver") is allowed
    out: dict[str, Any] = {
        "members": ChainMember.objects.count(),
        "load_average": os.getloadavg(),
    }
    city = Region.objects.get(code="410700")
    run = ScenarioRun.objects.create(region=city)
    t = time.perf_counter()
    scenarios.run_execute(run_id=run.pk)
    out["aggregate_run_s"] = round(time.perf_counter() - t, 2)
    print(f"aggregate run: {out['aggregate_run_s']} s", file=sys.stderr, flush=True)
    run.refresh_from_db()
    out["reporters"], out["candidates"] = run.reporters, run.candidates
    weld = Scenario.objects.get(chain__code="lifting_equipment", code="weld_quality_trace")
    paths = {
        "list": "/api/industry/scenarios",
        "detail": f"/api/industry/scenarios/{weld.pk}",
        "reporters": f"/api/industry/scenarios/{weld.pk}/reporters",
        "demand": "/api/industry/scenario-demand",
        "candidates": "/api/industry/scenario-candidates",
        "public_list": "/api/industry/public/scenarios",
        "public_detail": f"/api/industry/public/scenarios/{weld.pk}",
    }
    county = Region.objects.filter(parent=city).order_by("code").first()
    assert county is not None
    for who, u in (
        ("city_admin", user("bench_scenario_city", "city_admin", "410700")),
        ("county_officer", user("bench_scenario_county", "county_officer", county.code)),
    ):
        client = Client()
        client.force_login(u)
        for name, path in paths.items():
            if name == "candidates" and who == "county_officer":
                continue
            out[f"{who}:{name}"] = timed(client, path, args.requests)
    out["load_average_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:40} {v}")


if __name__ == "__main__":
    main()
