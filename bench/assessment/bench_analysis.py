"""Latency of the 综合分析 endpoint over 100,000 submitted assessments in PostgreSQL.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE smedt_bench"      # once
    cd backend && DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_bench \\
        uv run python ../bench/assessment/bench_analysis.py [--assessments 100000] [--orgs 50000] [--requests 30] [--json]

What it does: migrate, load the reference data (regions, dictionaries, permissions, the packaged
indicator set), then — only when the database holds fewer than ``--assessments`` submitted
self-assessments — generate enterprises spread over the city's counties, 行业大类 and size bands,
and submitted self-assessments (about 2% on-site ratings on top) spread over 18 months, written
with ``bulk_create``, plus the ``AnalysisEntry`` row of each enterprise (its current result, as
the submit services maintain it). Scores come from real evaluations of random answer sets; the
bulk rows keep a trimmed result snapshot (total, level, dimensions) because the analysis never
reads the frozen trace. Then it signs in a city administrator with Django's test ``Client`` and
times ``GET /api/assessment/analysis`` (and the drill-down list) over a few filter combinations,
printing p50 / p95 / max in milliseconds. Generated rows are kept for the next run; drop the
database to start over.

Settings: ``DJANGO_SETTINGS_MODULE`` (default ``config.settings_test``, which brings throwaway
keys; before the assessment router is mounted in ``config/api.py`` point it at a settings module
whose URLconf mounts it).
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

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.assessment.definition import Definition  # noqa: E402
from smedt.assessment.models import (  # noqa: E402
    AnalysisEntry,
    Assessment,
    AssessmentStatus,
    IndicatorSet,
    OnsiteRating,
    ResultSource,
    SizeBand,
)
from smedt.assessment.scoring import evaluate  # noqa: E402
from smedt.assessment.selectors import indicator_set_definition  # noqa: E402
from smedt.assessment.services.analysis_entries import month_of  # noqa: E402
from smedt.orgs.credit_code import make_valid  # noqa: E402
from smedt.orgs.models import Organization, OrgKind, OrgStatus  # noqa: E402
from smedt.rbac.models import Role, RoleAssignment  # noqa: E402
from smedt.regions.models import Region, RegionLevel  # noqa: E402

CITY = "410700"
DIVISIONS = ["13", "14", "17", "26", "27", "29", "30", "33", "34", "35", "36", "38", "39", "40"]
SIZES = [SizeBand.MEDIUM, SizeBand.SMALL, SizeBand.SMALL, SizeBand.MICRO, SizeBand.MICRO, SizeBand.UNKNOWN]
MONTHS = 18
BATCH = 5000


def random_document(defn: Definition, rng: random.Random) -> dict[str, Any]:
    bias = rng.random()  # some enterprises are far ahead of others
    answers: dict[str, Any] = {}
    for q in defn.questions:
        if q.type == "single":
            ranked = sorted(q.options, key=lambda o: o.score)
            answers[q.id] = ranked[min(len(ranked) - 1, int(rng.random() * bias * len(ranked) * 1.6))].code
        else:
            picked = [o.code for o in q.options if not o.exclusive and rng.random() < bias]
            answers[q.id] = picked or [q.exclusive_code or q.options[0].code]
    top = max(defn.scenario_levels)
    scenarios = {s.id: min(top, int(rng.random() * bias * (top + 1) * 1.5)) for s in defn.scenarios}
    return {"answers": answers, "scenarios": scenarios}


def profiles(defn: Definition, rng: random.Random, n: int = 200) -> list[dict[str, Any]]:
    """``n`` real evaluations to draw scores from (scoring 100k documents is the scoring bench's job)."""
    out = []
    for _ in range(n):
        doc = random_document(defn, rng)
        result = evaluate(defn, doc).to_dict()
        out.append(
            {
                "doc": doc,
                "total": Decimal(result["total"]),
                "level": result["level"],
                "dims": {d["id"]: d["score"] for d in result["dimensions"]},
                "result": {
                    "total": result["total"],
                    "level": result["level"],
                    "level_name": result["level_name"],
                    "dimensions": [
                        {k: d[k] for k in ("id", "name", "score", "max_score")} for d in result["dimensions"]
                    ],
                    "trimmed": True,
                },
            }
        )
    return out


def generate(*, n_assessments: int, n_orgs: int, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 — reproducible test data, not secrets
    indicator_set = IndicatorSet.objects.get(code="2024-manufacturing", status="active")
    defn = indicator_set_definition(indicator_set)
    pool = profiles(defn, rng)
    counties = list(Region.objects.filter(path__startswith=f"410000/{CITY}/", level=RegionLevel.COUNTY))
    filler, _ = User.objects.get_or_create(username="bench_filler")
    now = timezone.now()
    start_seq = Organization.objects.count()

    print(f"generating {n_orgs} enterprises and {n_assessments} assessments …", file=sys.stderr)
    t0 = time.perf_counter()
    orgs: list[Organization] = []
    for i in range(n_orgs):
        county = rng.choice(counties)
        seq = start_seq + i
        orgs.append(
            Organization(
                name=f"压测企业{seq:06d}",
                credit_code=make_valid(f"91{county.code}MB{seq:07d}"),
                kind=OrgKind.ENTERPRISE,
                region=county,
                status=OrgStatus.ACTIVE,
                industry_code=f"C{rng.choice(DIVISIONS)}{rng.randint(10, 99)}",
            )
        )
    with transaction.atomic():
        Organization.objects.bulk_create(orgs, batch_size=BATCH)
    orgs = list(Organization.objects.filter(name__startswith="压测企业").select_related("region").order_by("id"))
    sizes = {o.pk: rng.choice(SIZES) for o in orgs}

    latest: dict[int, tuple[dt.datetime, Any, str]] = {}
    rows: list[Assessment] = []
    ratings: list[OnsiteRating] = []

    def flush() -> None:
        with transaction.atomic():
            Assessment.objects.bulk_create(rows, batch_size=BATCH)
            OnsiteRating.objects.bulk_create(ratings, batch_size=BATCH)
        rows.clear()
        ratings.clear()

    def fields(org: Organization, p: dict[str, Any], when: dt.datetime) -> dict[str, Any]:
        return {
            "org": org,
            "indicator_set": indicator_set,
            "status": AssessmentStatus.SUBMITTED,
            "answers": p["doc"]["answers"],
            "scenarios": p["doc"]["scenarios"],
            "region": org.region,
            "industry_division": org.industry_code[1:3],
            "size_band": sizes[org.pk],
            "result": p["result"],
            "total_score": p["total"],
            "level": p["level"],
            "submitted_at": when,
            "progress_answered": 31,
            "progress_total": 31,
        }

    for i in range(n_assessments):
        org = orgs[i] if i < len(orgs) else rng.choice(orgs)  # every enterprise at least once
        p = rng.choice(pool)
        when = now - dt.timedelta(days=rng.uniform(0, MONTHS * 30.4))
        rows.append(
            Assessment(
                created_by=filler, submitted_by=filler, commitment=True, commitment_at=when, **fields(org, p, when)
            )
        )
        if org.pk not in latest or (latest[org.pk][2] == ResultSource.SELF and when > latest[org.pk][0]):
            latest[org.pk] = (when, p, ResultSource.SELF)
        if rng.random() < 0.02:  # an on-site rating a few weeks later, which then counts
            rated = min(now, when + dt.timedelta(days=rng.uniform(5, 40)))
            q = rng.choice(pool)
            ratings.append(OnsiteRating(rated_by=filler, remarks="压测现场评定", **fields(org, q, rated)))
            if latest[org.pk][2] == ResultSource.SELF or rated > latest[org.pk][0]:
                latest[org.pk] = (rated, q, ResultSource.ONSITE)
        if len(rows) >= BATCH:
            flush()
    flush()

    by_pk = {o.pk: o for o in orgs}
    entries = [
        AnalysisEntry(
            org=by_pk[org_id],
            source=source,
            indicator_set=indicator_set,
            region=by_pk[org_id].region,
            industry_division=by_pk[org_id].industry_code[1:3],
            size_band=sizes[org_id],
            submitted_at=when,
            submitted_month=month_of(when),
            total_score=p["total"],
            level=p["level"],
            dimension_scores=p["dims"],
        )
        for org_id, (when, p, source) in latest.items()
    ]
    with transaction.atomic():
        AnalysisEntry.objects.bulk_create(entries, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def timed(client: Client, path: str, params: dict[str, Any]) -> float:
    t = time.perf_counter()
    res = client.get(path, params)
    elapsed = (time.perf_counter() - t) * 1000
    if res.status_code != 200:
        raise SystemExit(f"{path} {params} → {res.status_code}: {res.content[:300]!r}")
    return elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("run against PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_bench")

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    have = Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).count()
    if have < args.assessments:
        generate(n_assessments=args.assessments - have, n_orgs=args.orgs, seed=args.seed)

    admin, _ = User.objects.get_or_create(username="bench_city_admin")
    RoleAssignment.objects.get_or_create(
        user=admin, role=Role.objects.get(code="city_admin"), region=Region.objects.get(code=CITY), org=None
    )
    setup_test_environment()  # lets the test Client's "testserver" host in
    client = Client()
    client.force_login(admin)
    counties = list(
        Region.objects.filter(path__startswith=f"410000/{CITY}/", level=RegionLevel.COUNTY).values_list(
            "code", flat=True
        )
    )
    today = timezone.localdate()
    combos: list[dict[str, Any]] = [
        {},
        {"region_code": counties[0]},
        {"division": "34"},
        {"size_band": "small", "date_from": (today - dt.timedelta(days=180)).isoformat(), "date_to": today.isoformat()},
        {"region_code": counties[1], "division": "36", "at_or_above": 3},
    ]
    summary_ms: list[float] = []
    drill_ms: list[float] = []
    timed(client, "/api/assessment/analysis", {})  # warm-up: compiles the definition, opens the connection
    for i in range(args.requests):
        params = combos[i % len(combos)]
        summary_ms.append(timed(client, "/api/assessment/analysis", params))
        drill_ms.append(timed(client, "/api/assessment/analysis/entries", {**params, "level": 2, "page_size": 50}))

    report = {
        "database": f"PostgreSQL {connection.cursor().connection.info.server_version}",
        "submitted_assessments": Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).count(),
        "onsite_ratings": OnsiteRating.objects.filter(status=AssessmentStatus.SUBMITTED).count(),
        "analysis_entries": AnalysisEntry.objects.count(),
        "requests": args.requests,
        "filter_combinations": combos,
        "analysis_ms": {
            "p50": round(statistics.median(summary_ms), 1),
            "p95": round(percentile(summary_ms, 0.95), 1),
            "max": round(max(summary_ms), 1),
        },
        "drill_down_ms": {
            "p50": round(statistics.median(drill_ms), 1),
            "p95": round(percentile(drill_ms, 0.95), 1),
            "max": round(max(drill_ms), 1),
        },
        "settings": settings.SETTINGS_MODULE,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
