"""Before/after of each lever of issue 13, measured in one process on the seeded database.

    cd backend && source ../bench/load/env.sh && uv run --frozen python ../bench/load/bench_levers.py [--n 20]

"Before" re-runs the former code path where it still exists or is rebuilt here verbatim:
- page count: exact `COUNT(*)` of the county's visible assessments with the expert-assignment
  branch (as every page did) vs the bounded count without it (as pages do now);
- public search: the portable path (LIKE candidates + BM25 in Python, still the SQLite path) vs
  PostgreSQL full-text ranked in SQL;
- login hash: PBKDF2-HMAC-SM3 at 600,000 vs 100,000 iterations (CPU time);
- project counts: every project loaded into Python vs GROUP BY in SQL;
- new connection per request vs a kept one (connect + first query).
Prints p50/p95 in ms and the machine's load average (shared machine: expect noise).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from smedt.accounts.models import User  # noqa: E402
from smedt.assessment.models import Assessment, ExpertAssignment  # noqa: E402
from smedt.core.api.pagination import bounded_count  # noqa: E402
from smedt.gmcrypto.pbkdf2 import pbkdf2_hmac_sm3  # noqa: E402
from smedt.portal import selectors as portal_selectors  # noqa: E402
from smedt.projects import selectors as project_selectors  # noqa: E402
from smedt.projects import workflow as project_workflow  # noqa: E402
from smedt.projects.models import Project  # noqa: E402


def timed(fn: Callable[[], Any], n: int, *, cpu: bool = False) -> tuple[float, float]:
    clock = time.process_time if cpu else time.perf_counter
    fn()
    values = []
    for _ in range(n):
        t = clock()
        fn()
        values.append((clock() - t) * 1000)
    values.sort()
    return statistics.median(values), values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def old_project_counts(user: Any) -> dict[str, Any]:
    rows = list(Project.objects.visible_to(user, "view").values_list("kind", "status", "step_due_at"))
    now = timezone.now()
    by_kind: dict[str, dict[str, int]] = {}
    overdue = 0
    for kind, status, due in rows:
        by_kind.setdefault(kind, {}).setdefault(status, 0)
        by_kind[kind][status] += 1
        if due and due < now and status not in project_workflow.TERMINAL:
            overdue += 1
    return {"total": len(rows), "overdue": overdue}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20)
    args = parser.parse_args()
    n = args.n
    county = User.objects.get(username="bench_county_410702")
    city = User.objects.get(username="bench_city")
    rows: list[tuple[str, str, tuple[float, float], tuple[float, float]]] = []

    # 1. the page count of the county's assessment list
    visible = Assessment.objects.visible_to(county, "view")
    with_branch = visible | Assessment.objects.filter(
        Q(status="submitted", org_id__in=ExpertAssignment.objects.filter(expert_id=county.pk).values("org_id"))
    )
    rows.append(
        (
            "county assessment list: page count",
            "exact COUNT(*) with expert branch → bounded count without it",
            timed(lambda: with_branch.count(), n),
            timed(lambda: bounded_count(visible.order_by("-pk")), n),
        )
    )
    city_visible = Assessment.objects.visible_to(city, "view")
    rows.append(
        (
            "city assessment list: page count",
            "exact COUNT(*) → bounded count (+ cached exact total)",
            timed(lambda: city_visible.count(), n),
            timed(lambda: bounded_count(city_visible.order_by("-pk")), n),
        )
    )

    # 2. public search
    for q in ("数字化 转型", "汽车零部件"):
        with mock.patch.object(portal_selectors.dbcompat, "is_postgresql", return_value=False):
            before = timed(lambda q=q: portal_selectors.search(query=q), n)
        rows.append(
            (
                f"public search “{q}”",
                "LIKE + BM25 in Python → tsvector/GIN ranked in SQL",
                before,
                timed(lambda q=q: portal_selectors.search(query=q), n),
            )
        )

    # 3. login hash (CPU)
    rows.append(
        (
            "password hash per login (CPU)",
            "PBKDF2-HMAC-SM3 600,000 → 100,000 iterations",
            timed(lambda: pbkdf2_hmac_sm3(b"password", b"saltsaltsaltsalt", 600_000), max(3, n // 4), cpu=True),
            timed(lambda: pbkdf2_hmac_sm3(b"password", b"saltsaltsaltsalt", 100_000), max(3, n // 4), cpu=True),
        )
    )

    # 4. project counts
    rows.append(
        (
            "projects/counts (city)",
            "all projects into Python → GROUP BY in SQL",
            timed(lambda: old_project_counts(city), n),
            timed(lambda: project_selectors.project_counts(user=city), n),
        )
    )

    # 5. connection per request
    def fresh() -> None:
        connections["default"].close()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    def kept() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    rows.append(("database connection", "new per request → kept (CONN_MAX_AGE)", timed(fresh, n), timed(kept, n)))

    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {n} runs each (ms)\n")
    print("| lever | change | before p50 | before p95 | after p50 | after p95 |")
    print("|---|---|---|---|---|---|")
    for name, change, (b50, b95), (a50, a95) in rows:
        print(f"| {name} | {change} | {b50:.1f} | {b95:.1f} | {a50:.1f} | {a95:.1f} |")


if __name__ == "__main__":
    main()
