"""Provider scorecards at city scale: compute-all for the year, the scorecard list and the appeals list.

    cd backend && uv run python ../bench/providers/bench_scorecard.py [--providers 300] [--seed 2026] [--json]

With ``config.settings_test`` (the default) each run uses a fresh SQLite file under /tmp; set
DATABASE_URL to an empty PostgreSQL database for PostgreSQL. What it does: migrate, load the
reference data, then write in bulk (bulk_create, valid rows, not through the services) a city
with ``--providers`` pool members (a few warned, disabled or exited), one user per provider, and
for each provider a spread of the current year's records: projects with a signed contract
(ProjectEvent contract_signed), milestones with planned and actual dates (on time, late, open),
ProjectRating rows (acceptance 100/60/0, on_time, satisfaction stars × 20), complaints (upheld,
dismissed, pending) and the city's manual 主管部门与专家评价 scores; about one provider in ten
has no project in the year (0 on 承接项目数量: a count of 0 is data, so with the packaged scheme
no provider is skipped).

Then it times ``rating_compute_all`` (the service behind POST /api/providers/ratings/compute)
three times — first computation, recomputation, and once more counting the queries — and the
fact gathering alone for all providers and for a tenth of them (its query count must not
depend on the number of providers). Some ratings then get appeals (open and decided), and it
times GET /api/providers/ratings (year, page of 50) and GET /api/providers/appeals (page of 50)
as a city admin: p50/p95 over ``--requests`` requests after one warm-up request.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.orgs.credit_code import make_valid  # noqa: E402
from smedt.orgs.models import Organization, OrgKind  # noqa: E402
from smedt.projects.models import Milestone, Project, ProjectEvent, ProjectKind  # noqa: E402
from smedt.providers.models import (  # noqa: E402
    ComplaintStatus,
    PoolStatus,
    ProjectRating,
    ProviderComplaint,
    ProviderPoolMember,
    ProviderRating,
    RatingAppeal,
    RatingManualScore,
)
from smedt.providers.ratings import gather_facts, rating_compute_all  # noqa: E402
from smedt.rbac.models import Role, RoleAssignment  # noqa: E402
from smedt.regions.models import Region  # noqa: E402

COUNTIES = ["410702", "410703", "410704", "410711", "410721", "410724", "410725", "410781", "410783"]
SUB_INDUSTRIES = ["lifting_equipment", "medical_devices", "auto_parts", "new_chemicals"]
BATCH = 1000


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def timed_gets(client: Client, path: str, params: dict[str, Any], n: int) -> dict[str, Any]:
    res = client.get(path, params)  # warm-up (URL resolution, schema build), not counted
    assert res.status_code == 200, res.content[:500]
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(path, params)
    queries = len(ctx.captured_queries)  # read now: later requests reset the connection's query log
    assert res.status_code == 200, res.content[:500]
    body = res.json()
    ms = []
    for _ in range(n):
        t = time.perf_counter()
        assert client.get(path, params).status_code == 200
        ms.append((time.perf_counter() - t) * 1000)
    return {
        "total": body["total"],
        "items": len(body["items"]),
        "queries": queries,
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(pct(ms, 0.95), 1),
    }


def setup_reference() -> User:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    from smedt.enterprises.tests.conftest import grant_role_defaults

    grant_role_defaults()
    admin: User = User.objects.get_or_create(username="bench_city_admin")[0]
    RoleAssignment.objects.get_or_create(
        user=admin, role=Role.objects.get(code="city_admin"), region=Region.objects.get(code="410700")
    )
    return admin


def build_city(n_providers: int, year: int, rng: random.Random) -> dict[str, int]:
    """The pool, its users and a year of records, in bulk. Returns row counts."""
    regions = {r.code: r for r in Region.objects.filter(code__in=COUNTIES)}
    providers = Organization.objects.bulk_create(
        [
            Organization(
                name=f"基准服务商{i:05d}",
                credit_code=make_valid(f"91{COUNTIES[i % 9]}MB{i:07d}"),
                kind=OrgKind.PROVIDER,
                region=regions[COUNTIES[i % 9]],
            )
            for i in range(n_providers)
        ],
        batch_size=BATCH,
    )
    n_ent = max(30, n_providers // 2)
    enterprises = Organization.objects.bulk_create(
        [
            Organization(
                name=f"基准企业{i:05d}",
                credit_code=make_valid(f"91{COUNTIES[i % 9]}MC{i:07d}"),
                kind=OrgKind.ENTERPRISE,
                region=regions[COUNTIES[i % 9]],
            )
            for i in range(n_ent)
        ],
        batch_size=BATCH,
    )
    # ~90% active, a few warned and disabled (rated: they served in the year), ~3% exited (not rated)
    statuses = [PoolStatus.ACTIVE] * 90 + [PoolStatus.WARNED] * 4 + [PoolStatus.DISABLED] * 3 + [PoolStatus.EXITED] * 3
    ProviderPoolMember.objects.bulk_create(
        [
            ProviderPoolMember(
                org=p,
                region_id=p.region_id,
                provider_type=rng.choice(["integrator", "light_product", "chain_leader"]),
                sub_industries=rng.sample(SUB_INDUSTRIES, rng.randint(1, 3)),
                status=rng.choice(statuses),
            )
            for p in providers
        ],
        batch_size=BATCH,
    )
    users = [User(username=f"bench_provider_{i:05d}") for i in range(n_providers)]
    for u in users:
        u.set_unusable_password()
    users = User.objects.bulk_create(users, batch_size=BATCH)
    role = Role.objects.get(code="provider_user")
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=u, role=role, org=p) for u, p in zip(users, providers, strict=True)], batch_size=BATCH
    )

    today = timezone.localdate()
    projects: list[Project] = []
    for p in providers:
        if rng.random() < 0.1:  # no projects this year
            continue
        for _ in range(rng.choice([1, 2, 3, 3, 4, 5, 6, 8])):
            e = rng.choice(enterprises)
            kind = ProjectKind.TRANSFORMATION if rng.random() < 0.6 else ProjectKind.DIAGNOSIS
            projects.append(
                Project(
                    kind=kind,
                    title=f"{e.name}{'数字化改造' if kind == ProjectKind.TRANSFORMATION else '咨询诊断'}项目",
                    enterprise=e,
                    provider=p,
                    region_id=e.region_id,
                    sub_industry=rng.choice(SUB_INDUSTRIES),
                    amount=Decimal(rng.randint(50, 3000) * 1000),
                    status=rng.choice(
                        ["implementing", "completed", "acceptance_review", "accepted"]
                        if kind == ProjectKind.TRANSFORMATION
                        else ["diagnosing", "report_submitted", "done"]
                    ),
                )
            )
    projects = Project.objects.bulk_create(projects, batch_size=BATCH)
    events: list[ProjectEvent] = []
    milestones: list[Milestone] = []
    ratings: list[ProjectRating] = []
    for pr in projects:
        events.append(ProjectEvent(project=pr, action="create", to_status="pending_provider", actor_name="企业"))
        events.append(ProjectEvent(project=pr, action="confirm", to_status="contracting", actor_name="服务商"))
        if rng.random() < 0.85:
            events.append(ProjectEvent(project=pr, action="contract_signed", to_status="signed", actor_name="系统"))
        if pr.kind == ProjectKind.TRANSFORMATION:
            start = date(today.year, 1, 15) + timedelta(days=rng.randint(0, 200))
            for k in range(rng.randint(3, 5)):
                planned = start + timedelta(days=45 * k)
                if planned > date(today.year, 12, 31):
                    break
                actual = None
                if planned < today:
                    r = rng.random()
                    if r < 0.7:
                        actual = planned - timedelta(days=rng.randint(0, 10))
                    elif r < 0.9:
                        actual = min(today, planned + timedelta(days=rng.randint(1, 30)))
                elif rng.random() < 0.2:
                    actual = today
                milestones.append(
                    Milestone(project=pr, name=f"里程碑{k + 1}", planned_date=planned, actual_date=actual)
                )
        if pr.status in ("accepted", "done", "acceptance_review") or rng.random() < 0.3:
            ref = f"project-{pr.pk}"
            acc = rng.choice([Decimal(100)] * 7 + [Decimal(60)] * 2 + [Decimal(0)])
            ratings.append(ProjectRating(org_id=pr.provider_id, project_ref=ref, dimension="acceptance", score=acc))
            ratings.append(
                ProjectRating(
                    org_id=pr.provider_id,
                    project_ref=ref,
                    dimension="on_time",
                    score=Decimal(rng.choice([100, 100, 75, 66.67, 50])).quantize(Decimal("0.01")),
                )
            )
            if rng.random() < 0.8:
                ratings.append(
                    ProjectRating(
                        org_id=pr.provider_id,
                        project_ref=ref,
                        dimension="satisfaction",
                        score=Decimal(20 * rng.choice([3, 4, 4, 5, 5])),
                    )
                )
    ProjectEvent.objects.bulk_create(events, batch_size=BATCH)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    ProjectRating.objects.bulk_create(ratings, batch_size=BATCH)

    by_provider: dict[int, list[Project]] = {}
    for pr in projects:
        by_provider.setdefault(pr.provider_id, []).append(pr)
    complaints: list[ProviderComplaint] = []
    for _ in range(max(1, n_providers * 3 // 10)):
        p = rng.choice(providers)
        mine = by_provider.get(p.pk, [])
        about = rng.choice(mine) if mine else None
        status = rng.choice([ComplaintStatus.UPHELD, ComplaintStatus.DISMISSED, ComplaintStatus.DISMISSED, "pending"])
        complaints.append(
            ProviderComplaint(
                enterprise=about.enterprise if about else rng.choice(enterprises),
                provider=p,
                project_id=about.pk if about else None,
                project_title=about.title if about else "",
                title="实施进度滞后",
                content="合同约定的里程碑多次延期，现场人员更换频繁，影响生产。",
                status=status,
                opinion="" if status == "pending" else "经核查，情况属实" if status == "upheld" else "经核查，不属实",
            )
        )
    ProviderComplaint.objects.bulk_create(complaints, batch_size=BATCH)
    RatingManualScore.objects.bulk_create(
        [
            RatingManualScore(
                org=p, year=year, dimension="government", score=Decimal(rng.randint(60, 100)), note="年度考评"
            )
            for p in providers
            if p.pk in by_provider and rng.random() < 0.6
        ],
        batch_size=BATCH,
    )
    return {
        "providers": n_providers,
        "enterprises": n_ent,
        "projects": len(projects),
        "events": len(events),
        "milestones": len(milestones),
        "project_ratings": len(ratings),
        "complaints": len(complaints),
        "manual_scores": RatingManualScore.objects.count(),
    }


def add_appeals(rng: random.Random, year: int, admin: User) -> int:
    ratings = list(ProviderRating.objects.filter(year=year).values_list("pk", flat=True))
    chosen = rng.sample(ratings, max(1, len(ratings) * 15 // 100))
    now = timezone.now()
    rows = []
    for i, rid in enumerate(chosen):
        status = "open" if i % 2 == 0 else rng.choice(["upheld", "dismissed"])
        decided = status != "open"
        rows.append(
            RatingAppeal(
                rating_id=rid,
                reason="里程碑延期系企业原因导致，申请复核按期完成率。",
                status=status,
                resolution="经复核，维持原评级" if decided else "",
                decided_by=admin if decided else None,
                decided_at=now if decided else None,
            )
        )
    RatingAppeal.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--providers", type=int, default=300, help="providers in the pool (default: %(default)s)")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per list (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 — reproducible test data, not secrets
    started = time.perf_counter()
    admin = setup_reference()
    year = timezone.localdate().year
    t = time.perf_counter()
    counts = build_city(args.providers, year, rng)
    build_s = time.perf_counter() - t

    # compute-all, three runs: first computation, recomputation, recomputation counting queries
    t = time.perf_counter()
    first = rating_compute_all(actor=admin, year=year)
    first_s = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    rating_compute_all(actor=admin, year=year)
    again_s, again_cpu = time.perf_counter() - t, time.process_time() - cpu
    with CaptureQueriesContext(connection) as ctx:
        rating_compute_all(actor=admin, year=year)
    compute_queries = len(ctx.captured_queries)

    # the fact gathering alone, for every rateable provider and for a tenth of them
    org_ids = list(
        ProviderPoolMember.objects.exclude(status=PoolStatus.EXITED).order_by("org_id").values_list("org_id", flat=True)
    )
    tenth = org_ids[: max(1, len(org_ids) // 10)]
    with CaptureQueriesContext(connection) as ctx_all:
        t = time.perf_counter()
        gather_facts(org_ids=org_ids, year=year)
        facts_ms = (time.perf_counter() - t) * 1000
    facts_queries = len(ctx_all.captured_queries)  # read now: the list is taken from the connection's log
    with CaptureQueriesContext(connection) as ctx_tenth:
        gather_facts(org_ids=tenth, year=year)
    facts_queries_tenth = len(ctx_tenth.captured_queries)
    tracemalloc.start()
    gather_facts(org_ids=org_ids, year=year)
    facts_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    appeals = add_appeals(rng, year, admin)
    client = Client()
    client.force_login(admin)
    ratings_page = timed_gets(client, "/api/providers/ratings", {"year": year, "page_size": 50}, args.requests)
    appeals_page = timed_gets(client, "/api/providers/appeals", {"page_size": 50}, args.requests)

    n_rated = first["providers"]
    result = {
        "database": connection.vendor,
        "data": counts,
        "build_seconds": round(build_s, 2),
        "compute_all": {
            "providers": n_rated,
            "computed": first["computed"],
            "skipped": len(first["skipped"]),
            "first_seconds": round(first_s, 2),
            "recompute_seconds": round(again_s, 2),
            "recompute_cpu_seconds": round(again_cpu, 2),  # this process only: less sensitive to a busy machine
            "ms_per_provider": round(again_s * 1000 / max(1, n_rated), 2),
            "queries": compute_queries,
            "queries_per_provider": round(compute_queries / max(1, n_rated), 1),
        },
        "gather_facts": {
            "providers": len(org_ids),
            "ms": round(facts_ms, 1),
            "queries": facts_queries,
            "queries_for_a_tenth": facts_queries_tenth,
            "tracemalloc_peak_kib": round(facts_peak / 1024),
        },
        "appeals": appeals,
        "ratings_page": ratings_page,
        "appeals_page": appeals_page,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    # the fresh data directory config.settings_test made for this process (SQLite file, media)
    if Path(settings.DATA_DIR) == Path(tempfile.gettempdir()) / f"smedt-test-{os.getpid()}":
        connection.close()
        shutil.rmtree(settings.DATA_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
