"""试点企业入选公示 as a public notice (the engine's /api/applications/public/publicity, kind "pilot"): anyone
reads it without login, and it shows only what a printed notice shows (name, 统一社会信用代码, county, batch,
period and the fields the template marks public — the 细分行业 label) — never attachments, contacts, scores or
review opinions; objecting still needs a login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.applications.models import Submission, SubmissionScore
from smedt.core.tests.helpers import assert_error
from smedt.enterprises.tests.factories import make_pilot_campaign, make_submission

pytestmark = pytest.mark.django_db
URL = "/api/applications/public/publicity"


def on_publicity(org, campaign, *, days: float = 3) -> Submission:
    now = timezone.now()
    return make_submission(
        org,
        campaign,
        status="publicity",
        publicity_starts_at=now - timedelta(days=2),
        publicity_ends_at=now + timedelta(days=days),
        data={
            "sub_industry": "lifting_equipment",
            "contact_name": "王联系人",
            "plan_summary": "内部数字化计划，不对外公开",
            "plan": ["00000000-0000-0000-0000-000000000001"],
        },
    )


def test_anonymous_reads_the_notice_with_public_fields_only(api, make_org, expert, city_admin):
    org = make_org("410702", name="公示测试企业")
    sub = on_publicity(org, make_pilot_campaign(city_admin))
    SubmissionScore.objects.create(
        submission=sub, expert=expert, expert_name="专家", marks={"basis": "39"}, total="98.76", opinion="专家意见保密"
    )
    res = api().get(URL, {"kind": "pilot"})
    assert res.status_code == 200, res.content
    (row,) = res.json()["items"]
    assert row["id"] == sub.pk and row["org_name"] == "公示测试企业" and row["credit_code"] == org.credit_code
    assert row["region_name"] == "红旗区" and row["kind"] == "pilot"
    assert row["public_fields"] == [{"label": "申报细分行业", "value": "起重装备"}]
    assert row["publicity_starts_at"] and row["publicity_ends_at"]
    body = res.content.decode()
    for private in ("王联系人", "内部数字化计划", "00000000-0000-0000-0000-000000000001", "98.76", "专家意见保密"):
        assert private not in body, private


def test_only_running_publicity_is_listed(api, make_org, city_admin):
    campaign = make_pilot_campaign(city_admin)
    running = on_publicity(make_org("410702"), campaign)
    ended = on_publicity(make_org("410702"), campaign)
    Submission.objects.filter(pk=ended.pk).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    make_submission(make_org("410702"), campaign, status="reviewing")
    assert [r["id"] for r in api().get(URL, {"kind": "pilot"}).json()["items"]] == [running.pk]


def test_objecting_still_needs_a_login(api, make_org, outsider, city_admin):
    sub = on_publicity(make_org("410702"), make_pilot_campaign(city_admin))
    url = f"{URL}/{sub.pk}/objections"
    assert_error(api().post(url, {"content": "匿名提出的异议内容"}), 401, "not_authenticated")
    assert api(outsider).post(url, {"content": "登录后提出的异议内容"}).status_code == 201
    assert sub.objections.count() == 1


def test_anonymous_notice_has_a_pinned_query_count(api, make_org, city_admin):
    campaign = make_pilot_campaign(city_admin)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            res = api().get(URL, {"page_size": 50, "kind": "pilot"})
        assert res.status_code == 200, res.content
        return len(ctx.captured_queries), res.json()["total"]

    on_publicity(make_org("410702"), campaign)
    one, t1 = count()
    for _ in range(29):
        on_publicity(make_org("410783"), campaign)
    thirty, t30 = count()
    assert (t1, t30) == (1, 30)
    assert one == thirty == 3, (one, thirty)  # count, page, the page's template versions
