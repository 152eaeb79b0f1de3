"""Pilot projects at city scale: the government list, the Excel export, the acceptance pre-checks.

    cd backend && uv run python ../bench/projects/bench_projects.py [--projects 5000] [--invoices 50000] [--json]

With ``config.settings_test`` (the default) each run uses a fresh SQLite file under /tmp; set
DATABASE_URL to an empty PostgreSQL database for PostgreSQL. What it does: migrate, load the
reference data, then write in bulk (bulk_create, valid rows, not through the services)
``--projects`` diagnosis and transformation projects between enterprises of the nine counties
and pool providers, in every status (open steps with a due date, about a third of them
overdue), with their timeline events, milestones and ``--invoices`` investment lines (invoice
numbers) spread over the transformation projects.

Then, as a city admin through django.test.Client: GET /api/projects (page of 50) without a
filter and filtered by county, 细分行业, provider and overdue — p50/p95 over ``--requests``
requests after one warm-up request, and the queries of one request; the Excel export of all
rows (the background export job, kind ``projects``, run in-process): seconds, then again under tracemalloc for the peak and the
query count. Last, the acceptance pre-checks of one completed project with ``--lines``
investment lines (a few of their invoice numbers already used by other projects, a few invoices
dated before the contract) against the database: services.acceptance_facts + prechecks.run_prechecks,
p50/p95 over ``--requests`` runs and the queries of one run.
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
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.files.services import attachment_upload  # noqa: E402
from smedt.orgs.credit_code import make_valid  # noqa: E402
from smedt.orgs.models import Organization, OrgKind  # noqa: E402
from smedt.projects import prechecks, services  # noqa: E402
from smedt.projects.models import (  # noqa: E402
    Contract,
    ContractSignature,
    InvestmentItem,
    Milestone,
    Project,
    ProjectEvent,
    ProjectKind,
)
from smedt.providers.models import ProviderPoolMember  # noqa: E402
from smedt.rbac.models import Role, RoleAssignment  # noqa: E402
from smedt.regions.models import Region  # noqa: E402

COUNTIES = ["410702", "410703", "410704", "410711", "410721", "410724", "410725", "410781", "410783"]
SUB_INDUSTRIES = ["lifting_equipment", "medical_devices", "auto_parts", "new_chemicals"]
STATUSES = {
    ProjectKind.DIAGNOSIS: ["pending_provider", "contracting", "diagnosing", "report_submitted", "done", "cancelled"],
    ProjectKind.TRANSFORMATION: [
        "pending_provider",
        "contracting",
        "signed",
        "filing_review",
        "implementing",
        "implementing",
        "completed",
        "acceptance_review",
        "rectifying",
        "accepted",
        "accepted",
    ],
}
TERMINAL = {"declined", "cancelled", "done", "filing_rejected", "accepted", "acceptance_rejected"}
SIGNED = {"pending_provider", "contracting"}  # statuses before the contract is signed
WITH_INVESTMENTS = {"completed", "acceptance_review", "rectifying", "accepted"}
BATCH = 1000
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def timed_gets(client: Client, path: str, params: dict[str, Any], n: int) -> dict[str, Any]:
    res = client.get(path, params)  # warm-up, not counted
    assert res.status_code == 200, res.content[:500]
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(path, params)
    queries = len(ctx.captured_queries)  # read now: later requests reset the connection's query log
    assert res.status_code == 200, res.content[:500]
    total = res.json()["total"]
    ms = []
    for _ in range(n):
        t = time.perf_counter()
        assert client.get(path, params).status_code == 200
        ms.append((time.perf_counter() - t) * 1000)
    return {
        "total": total,
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


def orgs(kind: str, prefix: str, label: str, n: int, regions: dict[str, Region]) -> list[Organization]:
    return Organization.objects.bulk_create(
        [
            Organization(
                name=f"{label}{i:05d}",
                credit_code=make_valid(f"91{COUNTIES[i % 9]}{prefix}{i:07d}"),
                kind=kind,
                region=regions[COUNTIES[i % 9]],
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )


def build(n_projects: int, n_invoices: int, rng: random.Random) -> tuple[dict[str, int], list[Organization]]:
    regions = {r.code: r for r in Region.objects.filter(code__in=COUNTIES)}
    enterprises = orgs(OrgKind.ENTERPRISE, "MC", "基准企业", max(50, n_projects // 5), regions)
    providers = orgs(OrgKind.PROVIDER, "MB", "基准服务商", 100, regions)
    ProviderPoolMember.objects.bulk_create(
        [
            ProviderPoolMember(
                org=p, region_id=p.region_id, provider_type="integrator", sub_industries=SUB_INDUSTRIES[:2]
            )
            for p in providers
        ]
    )
    now = timezone.now()
    rows = []
    for i in range(n_projects):
        e = rng.choice(enterprises)
        kind = ProjectKind.TRANSFORMATION if rng.random() < 0.6 else ProjectKind.DIAGNOSIS
        status = rng.choice(STATUSES[kind])
        due = None if status in TERMINAL else now + timedelta(days=rng.randint(-20, 40))
        rows.append(
            Project(
                kind=kind,
                title=f"{e.name}{'数字化改造' if kind == ProjectKind.TRANSFORMATION else '咨询诊断'}项目{i}",
                enterprise=e,
                provider=rng.choice(providers),
                region_id=e.region_id,
                sub_industry=rng.choice(SUB_INDUSTRIES),
                requirement="生产数据采集与设备联网，质量追溯",
                amount=Decimal(rng.randint(50, 3000) * 1000),
                status=status,
                step_due_at=due,
                acceptance={"effectiveness": "产能提升 12%"} if status in WITH_INVESTMENTS else {},
            )
        )
    projects = Project.objects.bulk_create(rows, batch_size=BATCH)
    events: list[ProjectEvent] = []
    milestones: list[Milestone] = []
    for p in projects:
        events.append(ProjectEvent(project=p, action="create", to_status="pending_provider", actor_name="企业"))
        if p.status in SIGNED:
            continue
        events.append(ProjectEvent(project=p, action="confirm", to_status="contracting", actor_name="服务商"))
        events.append(ProjectEvent(project=p, action="contract_signed", to_status="signed", actor_name="系统"))
        if p.kind == ProjectKind.TRANSFORMATION and p.status not in ("signed", "filing_review"):
            start = date(2026, 3, 1) + timedelta(days=rng.randint(0, 120))
            for k in range(4):
                planned = start + timedelta(days=40 * k)
                done = p.status != "implementing" or k < 2
                actual = planned + timedelta(days=rng.randint(-5, 10)) if done else None
                milestones.append(Milestone(project=p, name=f"里程碑{k + 1}", planned_date=planned, actual_date=actual))
    ProjectEvent.objects.bulk_create(events, batch_size=BATCH)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)

    holders = [p for p in projects if p.status in WITH_INVESTMENTS] or projects
    items = []
    for i in range(n_invoices):
        p = holders[i % len(holders)]
        items.append(
            InvestmentItem(
                project=p,
                name=f"设备与软件{i % 40}",
                amount=Decimal(rng.randint(1, 500) * 100),
                invoice_no=f"2641{i:016d}",
                invoice_date=date(2026, 5, 1) + timedelta(days=i % 90),
                payment_date=date(2026, 5, 10) + timedelta(days=i % 90),
            )
        )
    InvestmentItem.objects.bulk_create(items, batch_size=BATCH)
    counts = {
        "projects": len(projects),
        "enterprises": len(enterprises),
        "providers": len(providers),
        "events": len(events),
        "milestones": len(milestones),
        "investment_lines": len(items),
    }
    return counts, providers


def precheck_project(admin: User, providers: list[Organization], lines: int, n_invoices: int) -> Project:
    """A completed transformation project: signed contract, `lines` investment lines with attachments."""
    e = Organization.objects.filter(kind=OrgKind.ENTERPRISE).order_by("pk").first()
    assert e is not None
    provider = providers[0]
    amounts = [Decimal(1000 + 10 * i) for i in range(lines)]
    p = Project.objects.create(
        kind=ProjectKind.TRANSFORMATION,
        title="预审基准项目",
        enterprise=e,
        provider=provider,
        region_id=e.region_id,
        sub_industry="auto_parts",
        amount=sum(amounts, Decimal(0)),
        status="completed",
        acceptance={
            "effectiveness": "产能提升 15%",
            "data_integration": "MES 与 ERP 贯通",
            "management_reform": "设立数字化部",
        },
        stated_benefit=Decimal("800000.00"),
    )
    contract = Contract.objects.create(
        project=p,
        number="XX-BENCH-0001",
        pdf=PDF,
        digest="0" * 64,
        size=len(PDF),
        rendered_at=timezone.now() - timedelta(days=200),
        rendered_by=admin,
    )
    for party, org in (("enterprise", e), ("provider", provider)):
        ContractSignature.objects.create(
            contract=contract,
            org=org,
            party=party,
            signer_name="签署人",
            public_key="04" + "a" * 128,
            signature="b" * 128,
            signed_at=timezone.now() - timedelta(days=199),
        )
    invoice = attachment_upload(actor=admin, upload=SimpleUploadedFile("发票.pdf", PDF, "application/pdf"))
    proof = attachment_upload(actor=admin, upload=SimpleUploadedFile("付款凭证.pdf", PDF, "application/pdf"))
    signed_on = timezone.localdate() - timedelta(days=199)
    rows = []
    for i, amount in enumerate(amounts):
        reused = i < 5 and n_invoices > 5  # five invoice numbers already used by other projects
        early = 5 <= i < 8  # three invoices dated before the contract
        rows.append(
            InvestmentItem(
                project=p,
                name=f"改造投资{i}",
                amount=amount,
                invoice_no=f"2641{i * (n_invoices // 5):016d}" if reused else f"3641{i:016d}",
                invoice_date=signed_on - timedelta(days=3) if early else signed_on + timedelta(days=10 + i % 60),
                payment_date=signed_on + timedelta(days=20 + i % 60),
                invoice=invoice,
                payment_proof=proof,
            )
        )
    InvestmentItem.objects.bulk_create(rows)
    return p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=5000, help="projects (default: %(default)s)")
    parser.add_argument("--invoices", type=int, default=50_000, help="investment lines in the database")
    parser.add_argument("--lines", type=int, default=200, help="investment lines of the pre-checked project")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per list (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 — reproducible test data, not secrets
    started = time.perf_counter()
    admin = setup_reference()
    t = time.perf_counter()
    counts, providers = build(args.projects, args.invoices, rng)
    build_s = time.perf_counter() - t

    client = Client()
    client.force_login(admin)
    lists = {}
    for name, params in (
        ("all", {}),
        ("county", {"region": "410702"}),
        ("sub_industry", {"sub_industry": "auto_parts"}),
        ("provider", {"provider_id": providers[1].pk}),
        ("overdue", {"overdue": "true"}),
    ):
        lists[name] = timed_gets(client, "/api/projects", {"page_size": 50, **params}, args.requests)

    # the export is a background job (smedt.exports): started and run here in-process
    from smedt.exports.services import export_run, export_start

    t, cpu = time.perf_counter(), time.process_time()
    job = export_start(actor=admin, kind="projects", params={})
    assert export_run(job_id=job.pk) == "ok"
    job.refresh_from_db()
    size = job.size
    export_s, export_cpu = time.perf_counter() - t, time.process_time() - cpu
    tracemalloc.start()
    with CaptureQueriesContext(connection) as ctx:
        job = export_start(actor=admin, kind="projects", params={})
        export_run(job_id=job.pk)
    export_queries = len(ctx.captured_queries)
    export_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    project = precheck_project(admin, providers, args.lines, args.invoices)
    with CaptureQueriesContext(connection) as ctx:
        findings = prechecks.run_prechecks(services.acceptance_facts(Project.objects.get(pk=project.pk)))
    precheck_queries = len(ctx.captured_queries)
    codes: dict[str, int] = {}
    for f in findings:
        codes[f["code"]] = codes.get(f["code"], 0) + 1
    ms = []
    for _ in range(args.requests):
        fresh = Project.objects.get(pk=project.pk)
        t = time.perf_counter()
        prechecks.run_prechecks(services.acceptance_facts(fresh))
        ms.append((time.perf_counter() - t) * 1000)

    result = {
        "database": connection.vendor,
        "data": counts,
        "build_seconds": round(build_s, 2),
        "list_page_50": lists,
        "export_all": {
            "rows": Project.objects.count() - 1,
            "seconds": round(export_s, 2),
            "cpu_seconds": round(export_cpu, 2),  # this process only: less sensitive to a busy machine
            "bytes": size,
            "tracemalloc_peak_mib": round(export_peak / 2**20, 1),
            "queries": export_queries,
        },
        "prechecks": {
            "lines": args.lines,
            "invoices_in_db": InvestmentItem.objects.count(),
            "findings": codes,
            "queries": precheck_queries,
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(pct(ms, 0.95), 1),
        },
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
