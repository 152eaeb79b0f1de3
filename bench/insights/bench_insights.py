"""Results dashboard (试点成效) at city scale: p95 of every widget endpoint and of the whole page.

    cd backend && DATABASE_URL=sqlite:////tmp/smedt_i18bench.sqlite3 \\
        uv run --frozen python ../bench/insights/bench_insights.py [--enterprises 100000] [--projects 20000] [--json]
    # PostgreSQL: createdb smedt_i18bench, then DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_i18bench

What it does: migrate, load the reference data, then — only when the database holds fewer than
``--enterprises`` enterprise records — write in bulk (valid rows, not through the services):
enterprises over the nine counties, each with its 一企一档 record (细分行业, 规上 flag for ~40 %),
a current digital level (``AnalysisEntry``) for ~70 %, 200 pool providers, ~10 % of the enterprises
in the pilot library, and ``--projects`` diagnosis and transformation projects in every status with
their timeline events (what the funnel, stage durations and progress report read). Rows are kept
for the next run; delete the file / drop the database to start over.

Then, as a city admin and as a county officer (django.test.Client, cache off so every request
hits the database): each widget ``GET /api/insights/widgets/<name>`` — p50 / p95 over
``--requests`` requests after a warm-up, and its query count; the two lists behind the board
(progress report, 未达标规上企业; page of 20); and "the whole page": all eleven widgets requested
one after the other (what one browser refresh costs the server with an empty cache), plus the
same with the one-minute cache warm.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("SMEDT_INSIGHTS_CACHE_SECONDS", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.assessment.models import AnalysisEntry, IndicatorSet  # noqa: E402
from smedt.enterprises.models import EnterpriseProfile, PilotEnterprise  # noqa: E402
from smedt.insights import summary  # noqa: E402
from smedt.orgs.credit_code import make_valid  # noqa: E402
from smedt.orgs.models import Organization, OrgKind  # noqa: E402
from smedt.projects.models import Project, ProjectEvent  # noqa: E402
from smedt.providers.models import ProviderPoolMember  # noqa: E402
from smedt.rbac.models import Role, RoleAssignment  # noqa: E402
from smedt.regions.models import Region  # noqa: E402

COUNTIES = ["410702", "410703", "410704", "410711", "410721", "410724", "410725", "410781", "410783"]
SUBS = ["lifting_equipment", "medical_devices", "auto_parts", "new_chemicals"]
WIDGETS = [
    "projects-stage",
    "projects-trend",
    "pilots",
    "pilot-levels",
    "subsidies",
    "providers",
    "signing",
    "funnel",
    "kpi",
    "durations",
    "forecast",
]
PATHS = {
    "diagnosis": {
        "pending_provider": ["create"],
        "diagnosing": ["create", "confirm", "contract_signed"],
        "done": ["create", "confirm", "contract_signed", "submit_report", "confirm_report"],
        "cancelled": ["create", "cancel"],
    },
    "transformation": {
        "pending_provider": ["create"],
        "contracting": ["create", "confirm"],
        "signed": ["create", "confirm", "contract_signed"],
        "filing_review": ["create", "confirm", "contract_signed", "submit_filing"],
        "implementing": ["create", "confirm", "contract_signed", "submit_filing", "filing_approved"],
        "completed": ["create", "confirm", "contract_signed", "submit_filing", "filing_approved", "complete"],
        "acceptance_review": [
            "create",
            "confirm",
            "contract_signed",
            "submit_filing",
            "filing_approved",
            "complete",
            "apply_acceptance",
        ],
        "accepted": [
            "create",
            "confirm",
            "contract_signed",
            "submit_filing",
            "filing_approved",
            "complete",
            "apply_acceptance",
            "acceptance_approved",
        ],
    },
}
BATCH = 2000


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def setup() -> tuple[User, User]:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    admin = User.objects.get_or_create(username="bench_city_admin")[0]
    RoleAssignment.objects.get_or_create(
        user=admin, role=Role.objects.get(code="city_admin"), region=Region.objects.get(code="410700")
    )
    officer = User.objects.get_or_create(username="bench_county_officer")[0]
    RoleAssignment.objects.get_or_create(
        user=officer, role=Role.objects.get(code="county_officer"), region=Region.objects.get(code="410702")
    )
    return admin, officer


def _keep_given_times() -> None:
    """Bulk rows carry their own creation times (spread over a year) instead of auto_now_add's "now"."""
    for model in (Project, ProjectEvent):
        model._meta.get_field("created_at").auto_now_add = False  # type: ignore[attr-defined]


def build(n_ent: int, n_proj: int, rng: random.Random) -> dict[str, int]:
    _keep_given_times()
    regions = {r.code: r for r in Region.objects.filter(code__in=COUNTIES)}
    iset, _ = IndicatorSet.objects.get_or_create(
        code="bench-insights",
        version="1",
        defaults={
            "name": "基准指标体系",
            "status": "archived",
            "definition": {},
            "source_digest": "bench-insights",
            "imported_at": timezone.now(),
        },
    )
    now = timezone.now()
    enterprises: list[Organization] = []
    for start in range(0, n_ent, BATCH):
        chunk = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"成效基准企业{i:06d}",
                    credit_code=make_valid(f"91{COUNTIES[i % 9]}MD{i:07d}"),
                    kind=OrgKind.ENTERPRISE,
                    region=regions[COUNTIES[i % 9]],
                )
                for i in range(start, min(n_ent, start + BATCH))
            ]
        )
        enterprises.extend(chunk)
        EnterpriseProfile.objects.bulk_create(
            [EnterpriseProfile(org=o, sub_industries=[rng.choice(SUBS)], above_scale=rng.random() < 0.4) for o in chunk]
        )
        AnalysisEntry.objects.bulk_create(
            [
                AnalysisEntry(
                    org=o,
                    source="self",
                    indicator_set=iset,
                    region_id=o.region_id,
                    submitted_at=now,
                    submitted_month=now.date().replace(day=1),
                    total_score=Decimal("50.00"),
                    level=rng.choice([1, 1, 2, 2, 2, 3, 4]),
                )
                for o in chunk
                if rng.random() < 0.7
            ]
        )
    providers = Organization.objects.bulk_create(
        [
            Organization(
                name=f"成效基准服务商{i:04d}",
                credit_code=make_valid(f"91{COUNTIES[i % 9]}ME{i:07d}"),
                kind=OrgKind.PROVIDER,
                region=regions[COUNTIES[i % 9]],
            )
            for i in range(200)
        ]
    )
    ProviderPoolMember.objects.bulk_create(
        [
            ProviderPoolMember(org=p, region_id=p.region_id, provider_type="integrator", sub_industries=SUBS)
            for p in providers
        ]
    )
    pilots = enterprises[::10]
    PilotEnterprise.objects.bulk_create(
        [
            PilotEnterprise(
                org=o, region_id=o.region_id, sub_industry=rng.choice(SUBS), level=rng.choice([None, 1, 2, 3])
            )
            for o in pilots
        ],
        batch_size=BATCH,
    )
    events = 0
    for start in range(0, n_proj, BATCH):
        rows = []
        for _ in range(start, min(n_proj, start + BATCH)):
            e = rng.choice(pilots)
            kind = "transformation" if rng.random() < 0.6 else "diagnosis"
            status = rng.choice(list(PATHS[kind]))
            t0 = now - dt.timedelta(days=rng.randint(10, 360))
            rows.append(
                Project(
                    kind=kind,
                    title=f"{e.name}项目",
                    enterprise=e,
                    provider=rng.choice(providers),
                    region_id=e.region_id,
                    sub_industry=rng.choice(SUBS),
                    amount=Decimal(rng.randint(50, 3000) * 1000),
                    status=status,
                    step_due_at=now + dt.timedelta(days=rng.randint(-20, 40)),
                    finished_at=now if status in ("accepted", "done") else None,
                    created_at=t0,
                )
            )
        projects = Project.objects.bulk_create(rows)
        ev = []
        for p in projects:
            for k, action in enumerate(PATHS[p.kind][p.status]):
                at = p.created_at + dt.timedelta(days=k * rng.randint(2, 20))
                ev.append(ProjectEvent(project=p, action=action, created_at=at))
        ProjectEvent.objects.bulk_create(ev)
        events += len(ev)
    return {
        "enterprises": len(enterprises),
        "pilots": len(pilots),
        "providers": 200,
        "projects": n_proj,
        "events": events,
    }


def timed(client: Client, path: str, n: int, params: dict[str, Any] | None = None) -> dict[str, Any]:
    res = client.get(path, params or {})
    assert res.status_code == 200, res.content[:300]
    with CaptureQueriesContext(connection) as ctx:
        client.get(path, params or {})
    queries = len(ctx.captured_queries)
    ms = []
    for _ in range(n):
        t = time.perf_counter()
        assert client.get(path, params or {}).status_code == 200
        ms.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(pct(ms, 0.95), 1), "queries": queries}


def whole_page(client: Client, n: int, *, warm: bool) -> dict[str, Any]:
    if warm:
        for w in WIDGETS:  # fill the cache first
            client.get(f"/api/insights/widgets/{w}")
    ms = []
    for _ in range(n):
        if not warm:
            cache.clear()
        t = time.perf_counter()
        for w in WIDGETS:
            assert client.get(f"/api/insights/widgets/{w}").status_code == 200
        ms.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(pct(ms, 0.95), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per endpoint")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--summary-max-age",
        type=int,
        default=3600,
        help="seconds the background summary of the KPI/durations stays valid (0: every widget computes live)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 — reproducible test data
    admin, officer = setup()
    t = time.perf_counter()
    have = EnterpriseProfile.objects.filter(org__name__startswith="成效基准企业").count()
    counts = build(args.enterprises, args.projects, rng) if have < args.enterprises else {"reused": have}
    build_s = round(time.perf_counter() - t, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:  # bulk-loaded tables have no planner statistics yet
            cur.execute("ANALYZE")
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = args.summary_max_age
    refresh_ms: list[float] = []
    if args.summary_max_age:
        for _ in range(3):  # what the background task costs the worker each SMEDT_INSIGHTS_SUMMARY_EVERY seconds
            t = time.perf_counter()
            summary.refresh()
            refresh_ms.append(round((time.perf_counter() - t) * 1000, 1))
    out: dict[str, Any] = {
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "rows": counts,
        "build_s": build_s,
        "cache_seconds": settings.SMEDT_INSIGHTS_CACHE_SECONDS,
        "summary_max_age": args.summary_max_age,
        "summary_refresh_ms": refresh_ms,
    }
    for who, user in (("city_admin", admin), ("county_officer_410702", officer)):
        client = Client()
        client.force_login(user)
        res: dict[str, Any] = {}
        for w in WIDGETS:
            res[w] = timed(client, f"/api/insights/widgets/{w}", args.requests)
        res["list:progress"] = timed(client, "/api/insights/progress", args.requests, {"page_size": 20})
        res["list:kpi_below"] = timed(
            client, "/api/insights/kpi/below", args.requests, {"page_size": 20, "sub_industry": "auto_parts"}
        )
        res["page:all_widgets_cold"] = whole_page(client, max(3, args.requests // 4), warm=False)
        out[who] = res
    # the one-minute cache in front: a refresh of the whole page within the minute
    with_cache = Client()
    with_cache.force_login(admin)
    settings.SMEDT_INSIGHTS_CACHE_SECONDS = 60
    out["city_admin"]["page:all_widgets_cached"] = whole_page(with_cache, args.requests, warm=True)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    print(f"database: {out['database']}  rows: {out['rows']}  build: {build_s}s  summary refresh: {refresh_ms} ms")
    for who in ("city_admin", "county_officer_410702"):
        print(f"\n{who}: endpoint  p50 / p95 ms  (queries)")
        for name, r in out[who].items():
            q = f"  ({r['queries']})" if "queries" in r else ""
            print(f"  {name:<28} {r['p50_ms']:>8} / {r['p95_ms']:>8}{q}")


if __name__ == "__main__":
    main()
