"""Policy matching and push at scale (issue 17), on a copy of the seeded PostgreSQL database.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE smedt_<branch>_bench TEMPLATE smedt_bench'
    cd backend && export SMEDT_BENCH_VAR=/work/bench-var
    export BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_<branch>_bench && source ../bench/load/env.sh
    uv run --frozen python manage.py migrate --noinput
    uv run --frozen python ../bench/policies/bench_policies.py [--rounds 3] [--push 10000]

What it measures (each with the load average):
1. ``match_one``: one policy against every enterprise (100,000): `match_run_execute` end to end — the
   snapshot freshness check, evaluating every snapshot, replacing the policy's match rows (on
   PostgreSQL: the conditions as SQL over the snapshot table, one INSERT … SELECT). Goal ≤ 2 s.
   ``match_new_version``: the same, each round a new version of the policy (every row rewritten).
   ``match_python``: the same run through the portable Python path (what SQLite uses), alternating
   with the SQL path in the same process, rows checked identical.
2. ``rematch_one``: all 200 live policies against one enterprise: `org_rematch` — the enterprise's
   snapshot refreshed through the fact providers, then every policy evaluated and upserted. Goal ≤ 200 ms.
3. ``push``: a campaign of ``--push`` SMS deliveries created and sent through the task queue
   (`send_campaign` enqueued, it queues one `send_push_batch` task per `SMEDT_PUSH_BATCH` deliveries, all
   run by the worker's executor in this process), console gateway (the outbox row is written, no network):
   time, CPU time, messages per second, peak RSS (VmHWM, reset before the push), the deliveries' statuses
   and the outbox rows written (= messages: each sent once). `push_ab.py` compares it with an earlier
   revision's sending service, alternately in one process.
4. ``snapshot_refresh``: the per-enterprise cost of reading the facts through the providers, on 200
   enterprises, to say what a full refresh of 100,000 costs.

Setup (idempotent, marked ``压测政策``): the seeded enterprises carry only a profile (industry code), so
their matching snapshots (the values the fact providers would give: revenue, employees, R&D ratio, age,
IP count, digital level, tier, region path) are written with COPY from a seeded random generator; 200
published city policies with 2–5 confirmed conditions each over those indicators; SMS consent and a
contact number for the enterprises the push addresses.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "backend"))
sys.path.insert(0, str(ROOT / "bench" / "load"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from seed import copy_rows  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.notify.models import SmsConsent  # noqa: E402
from smedt.orgs.models import Organization, OrgKind, OrgStatus  # noqa: E402
from smedt.policies.models import (  # noqa: E402
    EnterpriseSnapshot,
    MatchRun,
    Policy,
    PolicyCondition,
    PolicyMatch,
    PushCampaign,
    PushDelivery,
)
from smedt.policies.services.matching import match_run_execute, org_rematch, snapshot_refresh  # noqa: E402
from smedt.regions.models import Region  # noqa: E402

PREFIX = "压测政策"
TIERS = ("none", "innovative", "specialized", "little_giant")


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def seed_snapshots(rng: random.Random) -> int:
    orgs = list(
        Organization.objects.filter(kind=OrgKind.ENTERPRISE, status=OrgStatus.ACTIVE).values_list(
            "id", "region_id", "industry_code"
        )
    )
    if EnterpriseSnapshot.objects.count() >= len(orgs):
        return len(orgs)
    EnterpriseSnapshot.objects.all().delete()
    regions = {r.pk: r for r in Region.objects.all()}

    def rows() -> Any:
        for org_id, region_id, industry in orgs:
            region = regions[region_id]
            path = [c for c in region.path.split("/") if c]
            revenue = Decimal(rng.lognormvariate(7.5, 1.2)).quantize(Decimal("0.01"))
            rd = (revenue * Decimal(rng.uniform(0, 0.08))).quantize(Decimal("0.01"))
            values: dict[str, Any] = {
                "region": {"value": region.code, "path": path, "label": region.name, "source": "单位注册信息·所在区划"},
                "employees": {"value": str(rng.randint(5, 1500)), "source": "一企一档 · 2025年度 · 政府部门导入"},
                "age_years": {"value": str(rng.randint(0, 30)), "source": "由成立日期计算"},
                "ip_count": {"value": str(rng.randint(0, 60)), "source": "一企一档·专利与软件著作权合计"},
            }
            if industry:
                values["industry"] = {"value": industry, "source": "一企一档 · 政府部门导入"}
            if rng.random() < 0.9:  # one in ten has no revenue figure: "missing data"
                values["operating_revenue"] = {"value": str(revenue), "source": "一企一档 · 2025年度 · 政府部门导入"}
                values["rd_expense"] = {"value": str(rd), "source": "一企一档 · 2025年度 · 政府部门导入"}
                if revenue:
                    ratio = (rd * 100 / revenue).quantize(Decimal("0.0001"))
                    values["rd_ratio"] = {"value": str(ratio), "source": "由研发费用 ÷ 营业收入计算"}
            if rng.random() < 0.6:
                values["digital_level"] = {"value": str(rng.randint(1, 4)), "source": "数字化水平评测"}
            values["tier"] = {"value": rng.choice(TIERS), "source": "梯度培育"}
            yield {
                "org_id": org_id,
                "region_id": region_id,
                "county_id": region_id if region.level == "county" else None,
                "industry_section": (industry or "")[:1],
                "values": values,
            }

    return copy_rows(EnterpriseSnapshot, rows(), label="snapshots")


def _conditions(rng: random.Random, city: Region, counties: list[Region]) -> list[dict[str, Any]]:
    pool: list[dict[str, Any]] = [
        {
            "indicator": "operating_revenue",
            "operator": "gte",
            "threshold": Decimal(rng.choice([500, 1000, 2000, 5000])),
            "unit": "万元",
        },
        {"indicator": "employees", "operator": "lte", "threshold": Decimal(rng.choice([300, 1000])), "unit": "人"},
        {"indicator": "rd_ratio", "operator": "gte", "threshold": Decimal(rng.choice([2, 3, 5])), "unit": "%"},
        {"indicator": "age_years", "operator": "gte", "threshold": Decimal(rng.choice([1, 2, 3])), "unit": "年"},
        {"indicator": "ip_count", "operator": "gte", "threshold": Decimal(rng.choice([1, 5, 10])), "unit": "件"},
        {"indicator": "digital_level", "operator": "gte", "threshold": Decimal(rng.choice([2, 3])), "unit": "级"},
        {"indicator": "industry", "operator": "in", "values": ["C"]},
        {"indicator": "region", "operator": "in", "values": [rng.choice([city, *counties]).code]},
        {"indicator": "tier", "operator": "gte", "values": [rng.choice(TIERS[1:])]},
    ]
    return rng.sample(pool, rng.randint(2, 5))


def seed_policies(rng: random.Random, n: int = 200) -> list[Policy]:
    have = list(Policy.objects.filter(title__startswith=PREFIX).order_by("id"))
    if len(have) >= n:
        return have[:n]
    city = Region.objects.get(code="410700")
    counties = list(Region.objects.filter(path__startswith=city.path, level="county"))
    actor = User.objects.filter(is_superuser=True).first() or User.objects.first()
    with transaction.atomic():
        for i in range(len(have), n):
            p = Policy.objects.create(
                title=f"{PREFIX}{i:03d}",
                issuer="新乡市工业和信息化局",
                level="city",
                department="miit",
                region=city,
                support_type="subsidy",
                amount_max=Decimal(rng.choice([10, 30, 50, 100, 200])),
                status="published",
                version=1,
                created_by=actor,
            )
            # policy 0 is the broad one the push uses
            conds = (
                [{"indicator": "industry", "operator": "in", "values": ["C"]}]
                if i == 0
                else _conditions(rng, city, counties)
            )
            for pos, c in enumerate(conds):
                PolicyCondition.objects.create(policy=p, position=pos, confirmed=True, **c)
    return list(Policy.objects.filter(title__startswith=PREFIX).order_by("id"))[:n]


def bench_match_one(policy: Policy, rounds: int, *, new_version: bool = False) -> dict[str, Any]:
    """`new_version`: each round is a new version of the policy (every row's version changes, so every
    row is written); otherwise a re-run of the same version (only changed rows are written)."""
    settings.SMEDT_POLICY_SNAPSHOT_MAX_AGE = 10**9  # snapshots are kept fresh by the fact-change events
    times, cpu = [], []
    result: dict[str, int] = {}
    for _ in range(rounds):
        if new_version:
            policy.version += 1
            Policy.objects.filter(pk=policy.pk).update(version=policy.version)
        run = MatchRun.objects.create(policy=policy, policy_version=policy.version)
        t, c = time.perf_counter(), time.process_time()
        result = match_run_execute(run_id=run.pk)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        log(f"match_one {times[-1]:.2f} s, load {load()}")
    return {
        "enterprises": result.get("total"),
        "eligible": result.get("eligible"),
        "seconds": [round(x, 2) for x in times],
        "median_s": round(statistics.median(times), 2),
        # the client's CPU only: on PostgreSQL the evaluation runs in the database server
        "client_cpu_s": [round(x, 2) for x in cpu],
        "load": load(),
    }


def bench_match_python(policy: Policy, rounds: int) -> dict[str, Any]:
    """The Python path and the SQL path alternately on the same policy; the rows must be identical."""
    from smedt.policies.services.matching import conditions_of, match_policy

    conds = conditions_of(policy.conditions.all())
    cols = ("org_id", "status", "met", "total", "rank_score", "results", "region_id", "county_id")
    out: dict[str, list[float]] = {"sql_s": [], "python_s": []}
    seen = {}
    for _ in range(rounds):
        for name, use_sql in (("sql_s", True), ("python_s", False)):
            t = time.perf_counter()
            match_policy(policy, conds, use_sql=use_sql)
            out[name].append(round(time.perf_counter() - t, 2))
            log(f"{name} {out[name][-1]:.2f} s, load {load()}")
            seen[name] = set(PolicyMatch.objects.filter(policy=policy).values_list(*cols))
        assert seen["sql_s"] == seen["python_s"], "the SQL and the Python path differ"
    return {**out, "identical_rows": len(seen["sql_s"]), "load": load()}


def bench_rematch_one(rounds: int) -> dict[str, Any]:
    org_id = EnterpriseSnapshot.objects.order_by("org_id").values_list("org_id", flat=True)[500]
    org = Organization.objects.select_related("region").get(pk=org_id)
    times, cpu, refresh = [], [], []
    n = 0
    for _ in range(rounds):
        t, c = time.perf_counter(), time.process_time()
        n = org_rematch(org_id=org_id)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        t = time.perf_counter()
        snapshot_refresh(org=org)  # the part of the path that reads the facts through the providers
        refresh.append((time.perf_counter() - t) * 1000)
    return {
        "policies": n,
        "ms": [round(x) for x in times],
        "median_ms": round(statistics.median(times)),
        "median_cpu_ms": round(statistics.median(cpu)),
        "of_which_snapshot_refresh_median_ms": round(statistics.median(refresh)),
        "load": load(),
    }


def bench_snapshot_refresh(n: int = 200) -> dict[str, Any]:
    orgs = list(
        Organization.objects.filter(kind=OrgKind.ENTERPRISE, status=OrgStatus.ACTIVE).select_related("region")[:n]
    )
    t = time.perf_counter()
    for org in orgs:
        snapshot_refresh(org=org)
    per = (time.perf_counter() - t) * 1000 / len(orgs)
    return {"per_enterprise_ms": round(per, 2), "projected_100k_s": round(per * 100, 1), "load": load()}


def _rss_kb(field: str) -> int:
    """VmRSS / VmHWM of this process, in kB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak_rss() -> None:
    """Start the peak-RSS (VmHWM) count again from the current RSS (Linux ≥ 4.0: clear_refs 5)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def push_prepare(policy: Policy, n: int) -> tuple[Any, list[int]]:
    """The first `n` enterprises eligible for `policy`, with SMS consent and a contact number; earlier
    runs' campaigns of the policy removed (they would count against the weekly cap)."""
    settings.SMEDT_SMS_BACKEND = "console"
    settings.SMEDT_SMS_BACKEND_MARKETING = ""
    settings.SMEDT_PUSH_QUIET_HOURS = "0-0"
    settings.SMEDT_PUSH_WEEKLY_CAP = 1000
    org_ids = list(
        PolicyMatch.objects.filter(policy=policy, status="eligible")
        .order_by("org_id")
        .values_list("org_id", flat=True)[:n]
    )
    missing = set(org_ids) - set(SmsConsent.objects.filter(org_id__in=org_ids).values_list("org_id", flat=True))
    SmsConsent.objects.bulk_create([SmsConsent(org_id=o) for o in missing], batch_size=2000)
    Organization.objects.filter(pk__in=org_ids).update(contact_phone="13800000000")  # encrypted: no lookup
    actor = User.objects.filter(role_assignments__role__code="city_admin").first()
    assert actor is not None, "the bench needs the seed's city administrator"
    PushDelivery.objects.filter(campaign__policy=policy).delete()
    PushCampaign.objects.filter(policy=policy).delete()
    return actor, org_ids


def bench_push(policy: Policy, n: int, send: Any = None) -> dict[str, Any]:
    """One campaign of `n` SMS created (`campaign_create`, the request) and sent through the task queue
    (`run_ready_tasks`: the worker's executor in this process, one worker). `send` replaces the campaign
    sending service (the before/after comparison, `push_ab.py`)."""
    from unittest import mock

    from smedt.identity.models import SmsOutbox
    from smedt.policies.services import push
    from smedt.policies.services.push import campaign_create
    from smedt.taskqueue.testing import run_ready_tasks

    actor, org_ids = push_prepare(policy, n)
    outbox_before = SmsOutbox.objects.order_by("-id").values_list("id", flat=True).first() or 0
    rss0 = _rss_kb("VmRSS")
    _reset_peak_rss()
    t0 = time.perf_counter()
    campaign = campaign_create(actor=actor, policy=policy, channels=["sms"], org_ids=org_ids)
    c1, t1 = time.process_time(), time.perf_counter()
    with mock.patch.object(push, "campaign_send", send) if send else contextlib.nullcontext():
        run_ready_tasks()
    c2, t2 = time.process_time(), time.perf_counter()
    peak = _rss_kb("VmHWM")
    by = dict(PushDelivery.objects.filter(campaign=campaign).values_list("status").annotate(n=Count("id")))
    sent = SmsOutbox.objects.filter(id__gt=outbox_before, purpose="policy_push").count()
    campaign.refresh_from_db()
    return {
        "messages": len(org_ids),
        "create_s": round(t1 - t0, 2),
        "send_s": round(t2 - t1, 2),
        "send_cpu_s": round(c2 - c1, 2),
        "msgs_per_s": round(len(org_ids) / (t2 - t1)),
        "peak_rss_mb": round(peak / 1024, 1),
        "peak_rss_over_start_mb": round((peak - rss0) / 1024, 1),
        "statuses": by,
        "outbox_rows": sent,
        "campaign": {"status": campaign.status, "done": campaign.done, "total": campaign.total},
        "load": load(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--push", type=int, default=10_000)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "run on the PostgreSQL bench copy"
    rng = random.Random(17)  # noqa: S311 - synthetic bench data, reproducible
    log(f"snapshots: {seed_snapshots(rng):,}")
    policies = seed_policies(rng)
    log(f"policies: {len(policies)}")
    out: dict[str, Any] = {}
    only = set(args.only.split(",")) if args.only else {"match_one", "rematch_one", "snapshot_refresh", "push"}
    if "match_one" in only:
        out["match_one"] = bench_match_one(policies[1], args.rounds)
        log(json.dumps(out["match_one"]))
    if "match_new_version" in only:
        out["match_new_version"] = bench_match_one(policies[1], args.rounds, new_version=True)
        log(json.dumps(out["match_new_version"]))
    if "match_python" in only:
        out["match_python"] = bench_match_python(policies[1], args.rounds)
        log(json.dumps(out["match_python"]))
    if "rematch_one" in only:
        out["rematch_one"] = bench_rematch_one(max(args.rounds, 10))
        log(json.dumps(out["rematch_one"]))
    if "snapshot_refresh" in only:
        out["snapshot_refresh"] = bench_snapshot_refresh()
    if "push" in only:
        settings.SMEDT_POLICY_SNAPSHOT_MAX_AGE = 10**9  # the seeded snapshots count as fresh
        if PolicyMatch.objects.filter(policy=policies[0], status="eligible").count() < args.push:
            match_run_execute(run_id=MatchRun.objects.create(policy=policies[0], policy_version=1).pk)
        out["push"] = bench_push(policies[0], args.push)
        log(json.dumps(out["push"], ensure_ascii=False))
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
