"""Government follow-up (1.3.4): scope, filters, counts, export, and pinned query counts (1 row = 30 rows)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.exports.testing import export_start, export_xlsx
from smedt.projects.models import Project

pytestmark = pytest.mark.django_db

# session, user, session-guard bookkeeping + save, grants (2), count, page
PINNED = {"/api/projects": 10, "/api/projects/providers": 9}  # + the page's subsidy totals (one query)


def fill(org: Any, provider: Any, n: int, **kw: Any) -> None:
    Project.objects.bulk_create(
        [
            Project(
                kind=kw.get("kind", "diagnosis"),
                title=f"项目{i}",
                enterprise=org,
                provider=provider,
                region=org.region,
                amount=Decimal("1000.00"),
                status=kw.get("status", "diagnosing"),
                step_due_at=kw.get("due"),
                sub_industry=kw.get("sub", ""),
            )
            for i in range(n)
        ]
    )


def count(api: Any, user: Any, path: str, **query: Any) -> tuple[int, int]:
    client = api(user)
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(path, {"page_size": 50, **query})
    assert res.status_code == 200, res.content
    return len(ctx.captured_queries), res.json()["total"]


@pytest.mark.parametrize("path", list(PINNED))
def test_query_count_is_pinned(
    api: Any, world: Any, enterprise_a: Any, provider_org: Any, make_org: Any, path: str
) -> None:
    from smedt.providers.models import ProviderPoolMember

    user = world["enterprise"]
    fill(enterprise_a, provider_org, 1)
    one, t1 = count(api, user, path)
    fill(enterprise_a, provider_org, 29)
    for _ in range(29):
        p = make_org("410771", kind="provider")
        ProviderPoolMember.objects.create(org=p, region=p.region, provider_type="integrator")
    thirty, t30 = count(api, user, path)
    assert t30 > t1
    assert one == thirty == PINNED[path]


def test_county_b_sees_none_of_county_a(
    api: Any,
    enterprise_a: Any,
    enterprise_b: Any,
    provider_org: Any,
    county_a_officer: Any,
    county_b_officer: Any,
    city_admin: Any,
    provider_user: Any,
    enterprise_b_user: Any,
) -> None:
    fill(enterprise_a, provider_org, 3)
    fill(enterprise_b, provider_org, 2)
    assert api(county_a_officer).get("/api/projects").json()["total"] == 3
    b = api(county_b_officer).get("/api/projects").json()
    assert b["total"] == 2 and {r["enterprise_id"] for r in b["items"]} == {enterprise_b.pk}
    assert api(city_admin).get("/api/projects").json()["total"] == 5
    assert api(provider_user).get("/api/projects").json()["total"] == 5  # the provider side of every project
    assert api(enterprise_b_user).get("/api/projects").json()["total"] == 2
    assert api(county_b_officer).get("/api/projects/counts").json()["total"] == 2


def test_filters_and_overdue(
    api: Any, enterprise_a: Any, enterprise_b: Any, provider_org: Any, city_admin: Any
) -> None:
    past = timezone.now() - timedelta(days=1)
    fill(enterprise_a, provider_org, 2, due=past)
    fill(enterprise_a, provider_org, 1, kind="transformation", status="implementing")
    fill(enterprise_b, provider_org, 1, status="done", due=past)  # finished: never late
    city = api(city_admin)
    assert city.get("/api/projects", {"overdue": True}).json()["total"] == 2
    assert city.get("/api/projects", {"kind": "transformation"}).json()["total"] == 1
    assert city.get("/api/projects", {"region": "410783"}).json()["total"] == 1
    assert city.get("/api/projects", {"provider_id": provider_org.pk}).json()["total"] == 4
    assert city.get("/api/projects", {"status": "done"}).json()["total"] == 1
    rows = city.get("/api/projects", {"overdue": True}).json()["items"]
    assert all(r["overdue"] and r["status_label"] == "诊断实施中" for r in rows)
    counts = city.get("/api/projects/counts").json()
    assert counts["total"] == 4 and counts["overdue"] == 2


def test_export_is_scoped_and_permissioned(
    api: Any, enterprise_a: Any, enterprise_b: Any, provider_org: Any, county_b_officer: Any, enterprise_b_user: Any
) -> None:
    fill(enterprise_a, provider_org, 2)
    fill(enterprise_b, provider_org, 1)
    rows = export_xlsx(api(county_b_officer), "projects")
    assert rows[0][0] == "项目名称" and len(rows) == 2 and rows[1][2] == "长垣测试企业"
    assert export_start(api(enterprise_b_user), "projects").status_code == 403


def test_provider_and_sub_industry_filters_keep_the_pin(
    api: Any, enterprise_a: Any, enterprise_b: Any, provider_org: Any, make_org: Any, city_admin: Any,
    county_b_officer: Any,
) -> None:  # fmt: skip
    other = make_org("410771", kind="provider")
    fill(enterprise_a, provider_org, 2, sub="auto_parts")
    fill(enterprise_a, other, 1, sub="textile")
    fill(enterprise_b, provider_org, 1, sub="auto_parts")
    city = api(city_admin)
    assert city.get("/api/projects", {"provider_id": other.pk}).json()["total"] == 1
    assert city.get("/api/projects", {"sub_industry": "auto_parts"}).json()["total"] == 3
    both = city.get("/api/projects", {"sub_industry": "auto_parts", "provider_id": provider_org.pk}).json()
    assert both["total"] == 3 and {r["sub_industry"] for r in both["items"]} == {"auto_parts"}
    # a county filtering by provider still sees only its own
    assert api(county_b_officer).get("/api/projects", {"provider_id": provider_org.pk}).json()["total"] == 1
    rows = export_xlsx(city, "projects", {"provider_id": other.pk})
    assert len(rows) == 2 and rows[1][5] == "textile"

    query = {"provider_id": provider_org.pk, "sub_industry": "auto_parts"}
    one, t1 = count(api, city_admin, "/api/projects", **query)
    fill(enterprise_a, provider_org, 29, sub="auto_parts")
    thirty, t30 = count(api, city_admin, "/api/projects", **query)
    assert t30 == t1 + 29 and one == thirty == PINNED["/api/projects"]


def test_expert_list_is_pinned_and_limited_to_scoring(
    api: Any, enterprise_a: Any, provider_org: Any, expert: Any, monkeypatch: Any
) -> None:
    from smedt.projects import config

    fill(enterprise_a, provider_org, 3, kind="transformation", status="acceptance_review")
    assert api(expert).get("/api/projects").json()["total"] == 0  # scoring off: nothing to see
    monkeypatch.setattr(config, "expert_scoring", lambda: {"enabled": True, "min_experts": 1, "items": []})
    # no review at the city step yet: still nothing
    one, total = count(api, expert, "/api/projects")
    assert total == 0 and one <= PINNED["/api/projects"]
