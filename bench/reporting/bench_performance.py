"""绩效 snapshot at city scale: time to compute every indicator of the plan, and to collect the outbox.

    cd backend && DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_i16n_bench \\
        uv run --frozen python ../bench/reporting/bench_performance.py [--rounds 5] [--collect]

Reads the data seeded by bench/insights/bench_insights.py (100,000 enterprise records, 10,000 pilot
enterprises, 20,000 projects): run that once first. As the bench city administrator it times
``reporting.indicators.compute`` (what the background snapshot task does) with the dashboard's background
summary fresh and with it off, and with ``--collect`` one ``services.collect_all`` (queue every pilot
enterprise, transformation project, acceptance and disbursement as a signed record; a second run shows
the idempotent pass that finds nothing new).
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

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.enterprises.models import EnterpriseProfile, PilotEnterprise  # noqa: E402
from smedt.insights import summary  # noqa: E402
from smedt.reporting import indicators, services  # noqa: E402
from smedt.reporting.models import OutboxRecord  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def timed(n: int, fn: object) -> dict[str, float]:
    ms = []
    for _ in range(n):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        ms.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": round(statistics.median(ms)), "p95_ms": round(pct(ms, 0.95))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--collect", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    admin = User.objects.get(username="bench_city_admin")
    out: dict[str, object] = {
        "enterprise_records": EnterpriseProfile.objects.count(),
        "pilot_enterprises": PilotEnterprise.objects.count(),
    }
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 3600
    summary.refresh()
    out["snapshot_with_summary"] = timed(args.rounds, lambda: indicators.compute(admin))
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 0
    out["snapshot_live"] = timed(args.rounds, lambda: indicators.compute(admin))
    if args.collect:
        settings.SMEDT_NATIONAL_TRANSPORT = "off"
        settings.SMEDT_NATIONAL_HMAC_KEY = "00112233445566778899aabbccddeeff"
        t = time.perf_counter()
        counts = services.collect_all()
        out["collect_first_s"] = round(time.perf_counter() - t, 1)
        out["collect_counts"] = counts
        out["outbox_rows"] = OutboxRecord.objects.count()
        t = time.perf_counter()
        services.collect_all()
        out["collect_again_s"] = round(time.perf_counter() - t, 1)
        out["outbox_rows_after_again"] = OutboxRecord.objects.count()
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
