"""GET /api/workspace/summary: per role, scoped, deadlines and alerts, a pinned query count."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.core.tests.helpers import solve_captcha
from smedt.orgs.credit_code import make_valid
from smedt.projects.models import Project

pytestmark = pytest.mark.django_db


def fill(org: Any, provider: Any, n: int, *, status: str, due: Any = None, title: str = "项目") -> None:
    Project.objects.bulk_create(
        [
            Project(
                kind="transformation",
                title=f"{title}{i}",
                enterprise=org,
                provider=provider,
                region=org.region,
                amount=Decimal("1000.00"),
                status=status,
                step_due_at=due,
            )
            for i in range(n)
        ]
    )


def summary(api: Any, user: Any) -> dict[str, Any]:
    res = api(user).get("/api/workspace/summary")
    assert res.status_code == 200, res.content
    return res.json()


def test_enterprise_sees_its_turn_with_deadline_and_the_overdue_alert(
    api: Any, world: Any, enterprise_a: Any, provider_org: Any
) -> None:
    past = timezone.now() - timedelta(days=2)
    fill(enterprise_a, provider_org, 1, status="signed", due=past, title="待备案")
    fill(enterprise_a, provider_org, 1, status="diagnosing", title="诊断中")
    body = summary(api, world["enterprise"])
    todo = next(t for t in body["todos"] if t["title"] == "待备案0")
    assert todo["action"] == "提交备案" and todo["overdue"] is True and todo["link"].startswith("/projects/")
    assert any(a["level"] == "error" and "待备案0" in a["title"] for a in body["alerts"])
    # the provider's turn is the enterprise's item in flight, and the provider's to-do
    assert any(t["title"] == "诊断中0" and t["status_label"] == "诊断实施中" for t in body["in_flight"])
    provider_todos = summary(api, world["provider"])["todos"]
    assert any(t["title"] == "诊断中0" and t["action"] == "提交诊断报告" for t in provider_todos)


def test_no_one_sees_another_scope(
    api: Any,
    world: Any,
    enterprise_a: Any,
    provider_org: Any,
    enterprise_b_user: Any,
    county_a_officer: Any,
    county_b_officer: Any,
) -> None:
    fill(enterprise_a, provider_org, 2, status="signed", title="A项目")
    client = api()
    res = client.post(
        "/api/orgs/register",
        {
            "captcha_id": solve_captcha(client),
            "captcha_answer": "ABCD",
            "org_name": "红旗新注册企业",
            "credit_code": make_valid("91410702MA0000100"),
            "kind": "enterprise",
            "region_code": "410702",
            "contact_name": "王",
            "contact_phone": "13811112222",
            "username": "newco",
            "password": "Qiye@2026pass",
        },
    )
    assert res.status_code == 201
    b = summary(api, enterprise_b_user)
    assert not [t for t in b["todos"] + b["in_flight"] if t["title"].startswith("A项目")]
    a_officer = summary(api, county_a_officer)
    todo = next(t for t in a_officer["todos"] if "红旗新注册企业" in t["title"])
    assert todo["action"] == "审核" and todo["link"].startswith("/reviews?tab=todo&open=")
    assert {"label": "待我审核", "value": 1} in a_officer["counters"]
    b_officer = summary(api, county_b_officer)
    assert not [t for t in b_officer["todos"] if "红旗新注册企业" in t["title"]]


def _queries(api: Any, user: Any) -> int:
    client = api(user)
    client.get("/api/workspace/summary")  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        res = client.get("/api/workspace/summary")
    assert res.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_pinned(api: Any, world: Any, enterprise_a: Any, provider_org: Any) -> None:
    fill(enterprise_a, provider_org, 1, status="signed", title="一")
    fill(enterprise_a, provider_org, 1, status="contracting", title="签")
    one = _queries(api, world["enterprise"])
    fill(enterprise_a, provider_org, 29, status="signed", title="多")
    fill(enterprise_a, provider_org, 29, status="contracting", title="签多")
    assert _queries(api, world["enterprise"]) == one
