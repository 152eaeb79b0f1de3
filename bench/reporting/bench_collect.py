"""National-platform outbox collection at 10,000 pilot enterprises / 100,000 records: the set-based collection
against the per-record path it replaced.

    cd backend && DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_i16f_bench \\
        uv run --frozen python ../bench/reporting/bench_collect.py [--records 100000] [--old-sample 2000]

Reads the data seeded by bench/insights/bench_insights.py (10,000 pilot enterprises, 20,000 projects: run it
once first). Then, only when the sources would give fewer than ``--records`` records, adds accepted
transformation projects (clones of the seeded ones, two records each: 项目 and 验收) in bulk. It empties the
outbox and times, with transport off (nothing is sent) and an HMAC-SM3 key (every record signed):
- the old path, ``outbox_add`` once per record (one SELECT of the key, one savepoint + INSERT each), on the first
  ``--old-sample`` records of the same sources — records/s, and what that rate means for all of them;
- ``services.collect_all`` over everything (first pass, every record new);
- ``services.collect_all`` again (nothing new: one SELECT of the keys per chunk, no INSERT).
Also times ``outbox_send_pending`` picking a batch (records not sent: transport off returns at once).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from smedt.enterprises.models import PilotEnterprise  # noqa: E402
from smedt.funds.models import LedgerEntry  # noqa: E402
from smedt.projects.models import Project  # noqa: E402
from smedt.regions.models import Region  # noqa: E402
from smedt.reporting import services  # noqa: E402
from smedt.reporting.models import OutboxRecord  # noqa: E402


def expected_records() -> int:
    transformation = Project.objects.filter(kind="transformation")
    return (
        PilotEnterprise.objects.filter(status="active").count()
        + transformation.count()
        + transformation.filter(status="accepted").count()
        + LedgerEntry.objects.filter(kind="disburse").count()
    )


def grow(target: int) -> int:
    """Clone seeded transformation projects as accepted ones until the sources give ``target`` records."""
    missing = target - expected_records()
    if missing <= 0:
        return 0
    template = list(Project.objects.filter(kind="transformation").order_by("pk")[:2000])
    clones = []
    for i, p in zip(range((missing + 1) // 2), itertools.cycle(template), strict=False):
        p.pk = None
        p.id = None
        p.status = "accepted"
        p.title = f"采集压测改造项目{i}"
        clones.append(p)
    Project.objects.bulk_create(clones, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return len(clones)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--old-sample", type=int, default=2000)
    args = parser.parse_args()
    settings.SMEDT_NATIONAL_TRANSPORT = "off"
    settings.SMEDT_NATIONAL_HMAC_KEY = "00112233445566778899aabbccddeeff"
    out: dict[str, object] = {"vendor": connection.vendor, "cloned_projects": grow(args.records)}
    out["pilot_enterprises"] = PilotEnterprise.objects.filter(status="active").count()
    out["expected_records"] = expected_records()
    OutboxRecord.objects.all().delete()

    # the old path: one outbox_add per record, over the first records of the same sources
    region_by_id = {r.pk: r for r in Region.objects.all()}
    rows = list(itertools.islice(itertools.chain(services._pilot_rows(), services._project_rows()), 50))
    sample = list(itertools.islice(itertools.chain.from_iterable(rows), args.old_sample))
    t = time.perf_counter()
    for row in sample:
        services.outbox_add(
            kind=row.kind, object_ref=row.ref, title=row.title, region=region_by_id[row.region_id], data=row.data
        )
    old_s = time.perf_counter() - t
    rate = len(sample) / old_s
    out["old_per_record"] = {
        "records": len(sample),
        "seconds": round(old_s, 1),
        "records_per_s": round(rate),
        "projected_all_s": round(int(str(out["expected_records"])) / rate),
    }
    OutboxRecord.objects.all().delete()

    t = time.perf_counter()
    counts = services.collect_all()
    first = time.perf_counter() - t
    n = OutboxRecord.objects.count()
    out["set_based_first"] = {"records": n, "seconds": round(first, 1), "records_per_s": round(n / first)}
    out["counts"] = counts
    t = time.perf_counter()
    services.collect_all()
    out["set_based_again"] = {"new": OutboxRecord.objects.count() - n, "seconds": round(time.perf_counter() - t, 1)}
    t = time.perf_counter()
    picked = services.outbox_send_pending()
    out["send_pending_pick_ms"] = round((time.perf_counter() - t) * 1000, 1)
    out["send_pending"] = picked
    out["loadavg"] = os.getloadavg()
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
