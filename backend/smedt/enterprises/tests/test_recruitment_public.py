"""招聘信息 on the portal (GET /api/enterprises/recruitment/public): only approved, unexpired notices, for anyone,
with the published contact and nothing internal; keyword and region filters; a pinned number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.core.tests.helpers import assert_error
from smedt.enterprises.models import PostStatus, RecruitmentPost
from smedt.enterprises.tests.factories import make_pilot

pytestmark = pytest.mark.django_db

URL = "/api/enterprises/recruitment/public"
PUBLIC_FIELDS = {
    "id",
    "org_name",
    "region_name",
    "title",
    "positions",
    "requirements",
    "contact_name",
    "contact_phone",
    "valid_until",
    "published_at",
}


def make_post(
    org: Any, title: str, *, status: str = PostStatus.PUBLISHED, days: int = 30, **kw: Any
) -> RecruitmentPost:
    return RecruitmentPost.objects.create(
        org=org,
        title=title,
        positions=kw.pop("positions", [{"name": "数控车工", "count": 2, "salary": "6000-8000 元/月"}]),
        requirements=kw.pop("requirements", "中专以上学历"),
        contact_name="王先生",
        contact_phone="0373-5550000",
        valid_until=timezone.localdate() + timedelta(days=days),
        status=status,
        published_at=timezone.now() if status == PostStatus.PUBLISHED else None,
        **kw,
    )


def titles(api: Any, **params: Any) -> list[str]:
    res = api().get(URL, params)
    assert res.status_code == 200, res.content
    return [row["title"] for row in res.json()["items"]]


def test_only_published_and_unexpired_notices_are_listed_to_anonymous_visitors(api, enterprise_a):
    make_pilot(enterprise_a)
    for status in (
        PostStatus.DRAFT,
        PostStatus.REVIEWING,
        PostStatus.RETURNED,
        PostStatus.REJECTED,
        PostStatus.WITHDRAWN,
    ):
        make_post(enterprise_a, f"未发布-{status}", status=status)
    make_post(enterprise_a, "已过期", days=-1)
    make_post(enterprise_a, "今天到期", days=0)
    make_post(enterprise_a, "有效")

    assert sorted(titles(api)) == ["今天到期", "有效"]


def test_a_row_carries_the_published_contact_and_nothing_internal(api, enterprise_a, enterprise_a_user):
    make_post(enterprise_a, "MES 工程师招聘", created_by=enterprise_a_user)
    row = api().get(URL).json()["items"][0]
    assert set(row) == PUBLIC_FIELDS
    assert row["org_name"] == "红旗测试企业"
    assert row["region_name"] == "红旗区"
    assert row["contact_name"] == "王先生" and row["contact_phone"] == "0373-5550000"
    assert row["positions"] == [{"name": "数控车工", "count": 2, "salary": "6000-8000 元/月"}]


def test_newest_published_first(api, enterprise_a):
    old = make_post(enterprise_a, "较早")
    make_post(enterprise_a, "较新")
    RecruitmentPost.objects.filter(pk=old.pk).update(published_at=timezone.now() + timedelta(hours=1))
    assert titles(api) == ["较早", "较新"]
    assert titles(api, ordering="valid_until") == ["较新", "较早"]  # same date: newest id first
    assert_error(api().get(URL, {"ordering": "contact_phone"}), 422, "invalid_ordering")


def test_keyword_matches_title_company_requirements_and_position_names(api, enterprise_a, enterprise_b):
    make_post(enterprise_a, "质量部招聘", positions=[{"name": "MES 实施工程师", "count": 1, "salary": ""}])
    make_post(enterprise_b, "起重装备扩产", requirements="持焊工证，三年以上经验")

    assert titles(api, q="质量部") == ["质量部招聘"]
    assert titles(api, q="长垣测试") == ["起重装备扩产"]
    assert titles(api, q="焊工证") == ["起重装备扩产"]
    assert titles(api, q="实施工程师") == ["质量部招聘"]  # a position name (JSON), non-ASCII
    assert titles(api, q="mes") == ["质量部招聘"]  # case-insensitive
    assert titles(api, q="  质量部 ") == ["质量部招聘"]
    assert titles(api, q="不存在的岗位") == []
    assert_error(api().get(URL, {"q": "长" * 101}), 422, "validation_error")


def test_region_filter_narrows_to_the_company_region(api, enterprise_a, enterprise_b):
    make_post(enterprise_a, "红旗区岗位")
    make_post(enterprise_b, "长垣市岗位")

    assert titles(api, region_code="410702") == ["红旗区岗位"]
    assert titles(api, region_code="410783") == ["长垣市岗位"]
    assert sorted(titles(api, region_code="410700")) == ["红旗区岗位", "长垣市岗位"]  # the city: all its counties
    assert titles(api, region_code="999999") == []


def test_filtered_query_count_is_pinned(api, make_org):
    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            res = api().get(URL, {"q": "车工", "region_code": "410702", "page_size": 50})
        assert res.status_code == 200, res.content
        return len(ctx.captured_queries), res.json()["total"]

    make_post(make_org("410702"), "招聘")
    one, total_one = count()
    for _ in range(29):
        make_post(make_org("410702"), "招聘")
    thirty, total_thirty = count()
    assert (total_one, total_thirty) == (1, 30)
    assert one == thirty == 2  # count, page: the region and keyword add no query
