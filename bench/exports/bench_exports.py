"""Exports at scale (issue 13): all 100,000 enterprises (kind ``orgs``) as a background job.

    export SMEDT_BENCH_VAR=…; . bench/load/env.sh          # production settings; BENCH_DATABASE_URL = a copy
    cd backend && uv run --frozen python ../bench/exports/bench_exports.py [--user bench_city] [--json]

For each scope (one county, the whole city) it measures, as the city user ``bench_city`` of
``bench/load/seed.py``:

- the web request that starts the export (``POST /api/exports`` through django.test.Client, in this
  process): its time — the request only checks, records and queues; it never builds the file;
- the job itself (``exports.services.export_run``) in a separate process, like the worker: time,
  rows/s, its RSS before the first row and sampled at every progress save (peak RSS must not grow
  with the row count: write-only openpyxl, ``iterator(chunk_size)``);
- while the job runs, ``GET /api/exports/{id}`` every 0.5 s from this process: the status answers
  stay fast and show the progress moving (no web worker is held by the export).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_job(job_id: int) -> None:
    """The worker's side, in its own process: run one job, sampling RSS at each progress save."""
    import django

    django.setup()
    from smedt.exports import services

    samples: list[tuple[int, float]] = []
    real = services._progress_save

    def sample(jid: int, written: int) -> None:
        real(jid, written)
        samples.append((written, round(_rss_mib(), 1)))

    services._progress_save = sample  # type: ignore[assignment]
    before = _rss_mib()
    t, cpu = time.perf_counter(), time.process_time()
    outcome = services.export_run(job_id=job_id)
    seconds, cpu_s = time.perf_counter() - t, time.process_time() - cpu
    from smedt.exports.models import ExportJob

    job = ExportJob.objects.get(pk=job_id)
    print(
        json.dumps(
            {
                "outcome": outcome,
                "rows": job.row_count,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu_s, 2),
                "rows_per_second": round(job.row_count / seconds) if seconds else None,
                "file_mib": round(job.size / 2**20, 1),
                "rss_before_mib": round(before, 1),
                "rss_samples": samples,
                "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--user", default="bench_city")
    parser.add_argument("--county", default="410702", help="the county of the smaller export")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--run-job", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_job:
        run_job(args.run_job)
        return

    import django

    django.setup()
    from django.test import Client

    from smedt.accounts.models import User
    from smedt.exports.models import ExportJob

    user = User.objects.get(username=args.user)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    results: dict[str, Any] = {"load_average_before": os.getloadavg()}
    for name, params in (("county", {"region_code": args.county}), ("city", {})):
        body = {"kind": "orgs", "params": params}
        t = time.perf_counter()
        res = client.post("/api/exports", body, content_type="application/json")
        post_ms = (time.perf_counter() - t) * 1000
        assert res.status_code == 202, res.content[:300]
        job_id = res.json()["id"]
        child = subprocess.Popen(
            [sys.executable, __file__, "--run-job", str(job_id)], cwd=BACKEND, stdout=subprocess.PIPE, text=True
        )
        polls: list[float] = []
        seen: list[int] = []
        while child.poll() is None:
            t = time.perf_counter()
            status = client.get(f"/api/exports/{job_id}").json()
            polls.append((time.perf_counter() - t) * 1000)
            seen.append(status["progress"])
            time.sleep(0.5)
        out, _ = child.communicate()
        job_result = json.loads(out.strip().splitlines()[-1])
        t = time.perf_counter()
        dl = client.get(f"/api/exports/{job_id}/download")
        first_byte_ms = (time.perf_counter() - t) * 1000
        assert dl.status_code == 200
        dl.close()
        results[name] = {
            "start_request_ms": round(post_ms, 1),
            "status_polls": len(polls),
            "status_p50_ms": round(statistics.median(polls), 1) if polls else None,
            "status_max_ms": round(max(polls), 1) if polls else None,
            "progress_seen": sorted(set(seen))[:3] + ["…"] + sorted(set(seen))[-2:] if len(set(seen)) > 5 else seen,
            "download_first_response_ms": round(first_byte_ms, 1),
            **job_result,
        }
        ExportJob.objects.filter(pk=job_id).delete()
    results["load_average_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(f"load average before {results['load_average_before']}, after {results['load_average_after']}")
    print(
        "| scope | rows | POST /api/exports (ms) | job (s) | rows/s | job CPU (s) | RSS before → peak (MiB) "
        "| RSS at progress saves (MiB) | status GET p50 / max (ms) | download first response (ms) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in ("county", "city"):
        r = results[name]
        rss = [s[1] for s in r["rss_samples"]]
        spread = f"{min(rss)} … {max(rss)} ({len(rss)} saves)" if rss else "—"
        print(
            f"| {name} | {r['rows']:,} | {r['start_request_ms']} | {r['seconds']} | {r['rows_per_second']:,} "
            f"| {r['cpu_seconds']} | {r['rss_before_mib']} → {r['peak_rss_mib']} | {spread} "
            f"| {r['status_p50_ms']} / {r['status_max_ms']} | {r['download_first_response_ms']} |"
        )


if __name__ == "__main__":
    main()
