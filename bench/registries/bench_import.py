"""Government bulk import and pilot-library reads at city scale.

    cd backend && PYTHONPATH=<dir with a settings module mounting the registries>:. \\
        DJANGO_SETTINGS_MODULE=<that module> uv run python ../bench/registries/bench_import.py [--rows 3000] [--json]

With ``config.settings_test`` (the default, once the lead has mounted the routers) each run uses a
fresh SQLite file under /tmp; set DATABASE_URL for PostgreSQL. What it does: migrate, load the
reference data, then time one Excel import of ``--rows`` new enterprises (validation of every
row, then the all-or-nothing write with facts and size classes), then put every imported
enterprise in the pilot library and time ``GET /api/enterprises/pilots`` (page of 50) and the
Excel export of all rows. Prints seconds and rows per second.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.enterprises.models import ImportJob, PilotEnterprise  # noqa: E402
from smedt.enterprises.services.imports import COLUMNS, import_run, import_start  # noqa: E402
from smedt.orgs.credit_code import make_valid  # noqa: E402
from smedt.orgs.models import Organization  # noqa: E402
from smedt.rbac.models import Role, RoleAssignment  # noqa: E402
from smedt.regions.models import Region  # noqa: E402

COUNTIES = ["410702", "410703", "410704", "410711", "410721", "410724", "410725", "410781", "410783"]


def workbook(rows: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业导入")
    ws.append([h for h, _ in COLUMNS])
    for i in range(rows):
        county = COUNTIES[i % len(COUNTIES)]
        code = make_valid(f"91{county}MB{i:07d}")
        ws.append(
            [
                f"基准测试企业{i:05d}",
                code,
                county,
                "地址",
                "C3670",
                500 + i % 100,
                "2015-06-01",
                "张三",
                "李四",
                "13800000000",
                2025,
                300 + i % 5000,
                20,
                30,
                800,
                10 + i % 600,
                3,
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    from smedt.enterprises.tests.conftest import grant_role_defaults

    grant_role_defaults()
    admin, _ = User.objects.get_or_create(username="bench_city_admin")
    RoleAssignment.objects.get_or_create(
        user=admin, role=Role.objects.get(code="city_admin"), region=Region.objects.get(code="410700")
    )
    data = workbook(args.rows)
    job = import_start(actor=admin, upload=SimpleUploadedFile("bench.xlsx", data))
    t0 = time.perf_counter()
    import_run(job_id=job.pk)
    import_s = time.perf_counter() - t0
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == "succeeded", job.errors[:5]
    PilotEnterprise.objects.bulk_create(
        [
            PilotEnterprise(org=o, region_id=o.region_id, sub_industry="auto_parts")
            for o in Organization.objects.filter(name__startswith="基准测试企业").exclude(pilot__isnull=False)
        ],
        batch_size=1000,
    )
    client = Client()
    client.force_login(admin)
    page_ms = []
    for _ in range(20):
        t = time.perf_counter()
        assert client.get("/api/enterprises/pilots", {"page_size": 50, "region_code": "410702"}).status_code == 200
        page_ms.append((time.perf_counter() - t) * 1000)
    from smedt.exports.services import export_run, export_start

    t = time.perf_counter()
    job = export_start(actor=admin, kind="pilots", params={})  # the background job, run here in-process
    assert export_run(job_id=job.pk) == "ok"
    export_s = time.perf_counter() - t
    result = {
        "rows": args.rows,
        "import_seconds": round(import_s, 2),
        "import_rows_per_second": round(args.rows / import_s, 1),
        "pilots_page_p50_ms": round(statistics.median(page_ms), 1),
        "pilots_page_max_ms": round(max(page_ms), 1),
        "export_all_seconds": round(export_s, 2),
    }
    print(json.dumps(result, ensure_ascii=False) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
