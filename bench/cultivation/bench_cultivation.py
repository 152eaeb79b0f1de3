"""梯度培育 benchmarks: the pure evaluation of 100,000 enterprises against all three tiers, and the
pipeline query over the stored standings of 100,000 enterprises.

    cd backend && uv run python ../bench/cultivation/bench_cultivation.py evaluate [--n 100000] [--version v2026]
    git show REV:backend/smedt/cultivation/evaluation.py > /tmp/evaluation_before.py
    cd backend && uv run python ../bench/cultivation/bench_cultivation.py compare --n 2000 --baseline /tmp/evaluation_before.py
    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE smedt_i15_bench"      # once
    cd backend && DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_i15_bench \\
        uv run python ../bench/cultivation/bench_cultivation.py pipeline [--n 100000] [--requests 20]

``evaluate``: random but complete enterprises (every figure known, spread so that every tier passes for
some and fails for others) are evaluated with ``cultivation.evaluation.evaluate`` — conditions, points,
直通条件 and the gap (the smallest changes that pass, verified by evaluating them again) for
创新型, 专精特新 and 小巨人 at once. No database. Prints enterprises per second.

``pipeline``: migrate, load the reference data and the criteria, then — when the database holds fewer
than ``--n`` bench enterprises — create them across the city's counties and 细分行业 with their
three ``TierStanding`` rows (written with ``bulk_create``; the totals and gaps come from real
evaluations of random enterprises), and time the pipeline aggregate (``selectors.pipeline``) and the
"who to help first" list (``GET /api/cultivation/pipeline/candidates``) as the city administrator.
"""

from __future__ import annotations

import argparse
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

D = Decimal
SUBS = ["lifting_equipment", "auto_parts", "medical_devices", "new_chemicals", "battery", "food"]


def random_enterprise(rng: random.Random) -> dict[str, Any]:
    scale = D(rng.choice([300, 800, 1500, 3000, 6000, 12000, 30000]))
    rev = [(scale * D(str(round(rng.uniform(0.7, 1.3), 2)))).quantize(D("0.01")) for _ in range(3)]
    main = [(r * D(str(round(rng.uniform(0.4, 1.0), 2)))).quantize(D("0.01")) for r in rev]
    assets = (scale * D(str(round(rng.uniform(0.8, 2.0), 2)))).quantize(D("0.01"))
    employees = rng.randint(20, 1500)
    c1 = rng.randint(0, 8)
    return {
        "revenue_y1": rev[0],
        "revenue_y2": rev[1],
        "revenue_y3": rev[2],
        "main_revenue_y1": main[0],
        "main_revenue_y2": main[1],
        "main_revenue_y3": main[2],
        "net_profit_y1": (rev[0] * D(str(round(rng.uniform(-0.05, 0.15), 3)))).quantize(D("0.01")),
        "total_assets_y1": assets,
        "total_liabilities_y1": (assets * D(str(round(rng.uniform(0.2, 0.95), 2)))).quantize(D("0.01")),
        "employees_y1": employees,
        "rd_staff_y1": rng.randint(0, employees // 3),
        "rd_expense_y1": (rev[0] * D(str(round(rng.uniform(0, 0.09), 3)))).quantize(D("0.01")),
        "rd_expense_y2": (rev[1] * D(str(round(rng.uniform(0, 0.09), 3)))).quantize(D("0.01")),
        "equity_financing_2y": D(rng.choice([0, 0, 0, 800, 2500])),
        "equity_financing_3y": D(rng.choice([0, 0, 600])),
        "segment_years": rng.randint(0, 20),
        "market_share_pct": D(rng.randint(0, 30)),
        "ip_class1": c1,
        "ip_class1_self": rng.randint(0, c1),
        "ip_class1_high_value": rng.randint(0, c1) // 2,
        "ip_class1_applied": rng.randint(0, c1),
        "ip_class2": rng.randint(0, 10),
        "rd_institution_level": rng.randint(0, 4),
        "digital_level": rng.randint(0, 4),
        "dev_score": D(rng.randint(20, 80)),
        "quality_items": rng.sample(["quality_award", "iso9001", "own_brand", "standards"], rng.randint(0, 3)),
        "product_field": rng.randint(0, 2),
        **{
            k: rng.random() < 0.3
            for k in (
                "strategic_emerging",
                "sci_award_3y",
                "sci_award_province_top3_3y",
                "sci_award_national_top5_3y",
                "sci_award_national_top3_3y",
                "honor_high_tech",
                "tech_sme_valid",
                "maker_china_500_3y",
                "maker_china_50_3y",
                "market_top3",
                "key_chain",
                "key_field",
            )
        },
        **{k: rng.random() < 0.7 for k in ("info_system", "mgmt_certification", "own_brand", "market_leading")},
        "holds_innovative": rng.random() < 0.5,
        "holds_specialized": rng.random() < 0.2,
    }


def compiled(version: str) -> Any:
    from smedt.cultivation import criteria as C
    from smedt.cultivation.evaluation import compile_criteria

    data = C.parse_bytes((C.DATA_DIR / f"criteria-{version}.yaml").read_bytes())
    return compile_criteria(C.resolve(data))


def bench_evaluate(n: int, version: str, seed: int) -> None:
    from smedt.cultivation.evaluation import evaluate

    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    crit = compiled(version)
    enterprises = [random_enterprise(rng) for _ in range(n)]
    statuses: dict[str, dict[str, int]] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for e in enterprises:
        ev = evaluate(crit, e)
        for t, r in ev.results.items():
            statuses.setdefault(t, {}).setdefault(r.status, 0)
            statuses[t][r.status] += 1
    dt, ct = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"criteria {version}: {n} enterprises × 3 tiers (with gaps) in {dt:.1f} s wall = {n / dt:,.0f} enterprises/s"
        f" ({ct:.1f} s CPU = {n / ct:,.0f} enterprises/s per core)"
    )
    for t, s in statuses.items():
        print(f"  {t}: {s}")


def bench_compare(n: int, baseline: str, seed: int) -> None:
    """Same enterprises, alternating chunks: a baseline ``evaluation.py`` (e.g. ``git show REV:…``) against
    the current one, CPU time per core, and every result compared (to_dict) for identity."""
    import importlib.util
    import json

    from smedt.cultivation import criteria as C
    from smedt.cultivation import evaluation as current

    spec = importlib.util.spec_from_file_location("evaluation_baseline", baseline)
    assert spec is not None and spec.loader is not None
    base = importlib.util.module_from_spec(spec)
    sys.modules["evaluation_baseline"] = base
    spec.loader.exec_module(base)
    for version in ("v2022", "v2026"):
        resolved = C.resolve(C.parse_bytes((C.DATA_DIR / f"criteria-{version}.yaml").read_bytes()))
        cb, cc = base.compile_criteria(resolved), current.compile_criteria(resolved)
        rng = random.Random(seed)  # noqa: S311 - reproducible test data
        enterprises = [random_enterprise(rng) for _ in range(n)]
        tb = tc = 0.0
        differ = 0
        for i in range(0, n, 100):
            chunk = enterprises[i : i + 100]
            c0 = time.process_time()
            rb = [base.evaluate(cb, e) for e in chunk]
            c1 = time.process_time()
            rc = [current.evaluate(cc, e) for e in chunk]
            c2 = time.process_time()
            tb, tc = tb + c1 - c0, tc + c2 - c1
            for x, y in zip(rb, rc, strict=True):
                dx = json.dumps(x.to_dict(), sort_keys=True, default=str)
                differ += dx != json.dumps(y.to_dict(), sort_keys=True, default=str)
        print(
            f"criteria {version}: baseline {n / tb:,.0f}/s, current {n / tc:,.0f}/s per core (CPU), "
            f"{tb / tc:.2f}× faster; {differ} of {n} results differ"
        )


def bench_pipeline(n: int, requests: int, seed: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    from smedt.accounts.models import User
    from smedt.cultivation import selectors as sel
    from smedt.cultivation.evaluation import evaluate
    from smedt.cultivation.models import CriteriaSet, SelfAssessment, TierStanding
    from smedt.cultivation.services.criteria import criteria_sets_load
    from smedt.orgs.models import Organization, OrgKind, OrgStatus
    from smedt.rbac.models import Role, RoleAssignment
    from smedt.regions.models import Region, RegionLevel

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    criteria_sets_load()
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    have = Organization.objects.filter(name__startswith="梯度压测企业").count()
    if have < n:
        print(f"generating {n - have} enterprises with their standings …", file=sys.stderr)
        t0 = time.perf_counter()
        crit = compiled("v2026")
        pool = []
        for _ in range(300):
            ev = evaluate(crit, random_enterprise(rng))
            pool.append((ev.next_tier, {t: r for t, r in ev.results.items()}))
        counties = list(Region.objects.filter(path__startswith="410000/410700/", level=RegionLevel.COUNTY))
        cs = CriteriaSet.objects.get(version="v2026")
        with transaction.atomic():
            orgs = [
                Organization(
                    name=f"梯度压测企业{i:06d}",
                    credit_code=f"BENCHCULT{i:09d}",
                    kind=OrgKind.ENTERPRISE,
                    region=rng.choice(counties),
                    status=OrgStatus.ACTIVE,
                )
                for i in range(have, n)
            ]
            Organization.objects.bulk_create(orgs, batch_size=5000)
        orgs = list(Organization.objects.filter(name__startswith="梯度压测企业").order_by("id")[have:n])
        anchor = SelfAssessment.objects.create(
            org=orgs[0],
            region=orgs[0].region,
            criteria_set=cs,
            answers={},
            result={"tiers": []},
            as_of=cs.effective_from,
        )
        rows: list[TierStanding] = []
        for o in orgs:
            nxt, results = rng.choice(pool)
            sub = rng.choice(SUBS)
            for t, r in results.items():
                gap = r.gap or {}
                rows.append(
                    TierStanding(
                        org=o,
                        tier=t,
                        self_assessment=anchor,
                        region_id=o.region_id,
                        sub_industry=sub,
                        status=r.status,
                        points=r.total,
                        pass_line=r.pass_line,
                        points_gap=r.points_gap,
                        unmet=r.unmet,
                        missing=r.missing_count,
                        is_next=t == nxt,
                        gap_summary=(gap.get("summary") or "")[:500],
                    )
                )
            if len(rows) >= 15000:
                with transaction.atomic():
                    TierStanding.objects.bulk_create(rows, batch_size=5000)
                rows.clear()
        with transaction.atomic():
            TierStanding.objects.bulk_create(rows, batch_size=5000)
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute("ANALYZE cultivation_tierstanding")
        print(f"generated in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    admin, _ = User.objects.get_or_create(username="bench_city_admin")
    RoleAssignment.objects.get_or_create(
        user=admin, role=Role.objects.get(code="city_admin"), region=Region.objects.get(code="410700")
    )
    total = TierStanding.objects.count()
    times = []
    for _ in range(requests):
        t0 = time.perf_counter()
        out = sel.pipeline(user=admin)
        times.append((time.perf_counter() - t0) * 1000)
    print(
        f"{connection.vendor}: {total} standings; pipeline aggregate ({len(out['rows'])} groups, totals {out['totals']})"
    )
    print(f"  pipeline query: p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms over {requests} runs")
    client = Client()
    client.force_login(admin)
    times = []
    for _ in range(requests):
        t0 = time.perf_counter()
        res = client.get("/api/cultivation/pipeline/candidates", {"page_size": 20, "max_gap": 10})
        times.append((time.perf_counter() - t0) * 1000)
        assert res.status_code == 200, res.content[:200]
    print(
        f"  GET /pipeline/candidates (closest first, ≤10 分): p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms"
    )
    times = []
    for _ in range(requests):
        t0 = time.perf_counter()
        res = client.get("/api/cultivation/pipeline")
        times.append((time.perf_counter() - t0) * 1000)
    print(f"  GET /pipeline (HTTP, signed in): p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["evaluate", "compare", "pipeline"])
    p.add_argument("--baseline", default="", help="compare: path of the baseline evaluation.py")
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--version", default="v2026")
    p.add_argument("--requests", type=int, default=20)
    p.add_argument("--seed", type=int, default=15)
    a = p.parse_args()
    if a.what == "evaluate":
        bench_evaluate(a.n, a.version, a.seed)
    elif a.what == "compare":
        bench_compare(a.n, a.baseline, a.seed)
    else:
        bench_pipeline(a.n, a.requests, a.seed)


if __name__ == "__main__":
    main()
