"""试点企业入选公示 as a public notice: anyone reads it without login, and it shows only what a printed notice
shows (name, 统一社会信用代码, county, 细分行业, batch, period, how to object) — never attachments, contacts,
scores or review opinions; objecting still needs a login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.core.tests.helpers import assert_error
from smedt.enterprises.models import PilotApplication, PilotExpertScore
from smedt.enterprises.tests.factories import make_application, make_batch, make_sheet

pytestmark = pytest.mark.django_db

NOTICE_KEYS = {
    "id",
    "org_name",
    "credit_code",
    "region",
    "batch_name",
    "sub_industry",
    "sub_industry_label",
    "publicity_starts_at",
    "publicity_ends_at",
    "objection_how",
}


def on_publicity(org, batch=None, *, days: float = 3) -> PilotApplication:
    app = make_application(org, batch or make_batch(), status="publicity")
    now = timezone.now()
    PilotApplication.objects.filter(pk=app.pk).update(
        publicity_starts_at=now - timedelta(days=2),
        publicity_ends_at=now + timedelta(days=days),
        contact_name="王联系人",
        plan_summary="内部数字化计划，不对外公开",
        attachments={"plan": "00000000-0000-0000-0000-000000000001"},
        snapshot={"revenue": "123456789", "contact_phone": "13912345678"},
    )
    app.refresh_from_db()
    return app


def test_anonymous_reads_the_notice_with_public_fields_only(api, make_org, expert):
    org = make_org("410702", name="公示测试企业")
    app = on_publicity(org)
    PilotExpertScore.objects.create(
        application=app, sheet=make_sheet(), expert=expert, marks={"basis": "39"}, total="98.76", opinion="专家意见保密"
    )
    res = api().get("/api/enterprises/publicity")
    assert res.status_code == 200, res.content
    (row,) = res.json()["items"]
    assert set(row) == NOTICE_KEYS
    assert row["id"] == app.pk and row["org_name"] == "公示测试企业" and row["credit_code"] == org.credit_code
    assert row["region"] == {"code": "410702", "name": "红旗区"}
    assert row["sub_industry"] == "lifting_equipment" and row["sub_industry_label"] == "起重装备"
    assert row["publicity_starts_at"] and row["publicity_ends_at"]
    assert "提出异议" in row["objection_how"]
    body = res.content.decode()
    for private in (
        "王联系人",
        "内部数字化计划",
        "00000000-0000-0000-0000-000000000001",
        "13912345678",
        "98.76",
        "专家意见保密",
    ):
        assert private not in body, private


def test_only_running_publicity_is_listed(api, make_org):
    running = on_publicity(make_org("410702"))
    ended = on_publicity(make_org("410702"))
    PilotApplication.objects.filter(pk=ended.pk).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    make_application(make_org("410702"), make_batch(), status="reviewing")
    assert [r["id"] for r in api().get("/api/enterprises/publicity").json()["items"]] == [running.pk]


def test_objecting_still_needs_a_login(api, make_org, outsider):
    app = on_publicity(make_org("410702"))
    url = f"/api/enterprises/publicity/{app.pk}/objections"
    assert_error(api().post(url, {"content": "匿名提出的异议内容"}), 401, "not_authenticated")
    assert api(outsider).post(url, {"content": "登录后提出的异议内容"}).status_code == 201
    assert app.objections.count() == 1


def test_anonymous_notice_has_a_pinned_query_count(api, make_org):
    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            res = api().get("/api/enterprises/publicity", {"page_size": 50})
        assert res.status_code == 200, res.content
        return len(ctx.captured_queries), res.json()["total"]

    batch = make_batch()
    on_publicity(make_org("410702"), batch)
    one, t1 = count()
    for _ in range(29):
        on_publicity(make_org("410783"), batch)
    thirty, t30 = count()
    assert (t1, t30) == (1, 30)
    assert one == thirty == 3, (one, thirty)  # count, page, dictionary labels
