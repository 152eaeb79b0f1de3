"""The shared pagination: capped page windows (issue 12, defect 1), has_next, and the bounded count."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smedt.core.api import pagination
from smedt.core.tests.helpers import assert_error
from smedt.orgs.models import Organization

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775807"


@pytest.mark.parametrize(
    "path",
    ["/api/orgs", "/api/audit/records", "/api/assessment/assessments", "/api/notify/messages", "/api/projects"],
)
def test_a_huge_page_is_a_422_not_a_500(api, city_admin, path):
    for params in ({"page": HUGE}, {"page_size": "100000"}, {"page": "0"}, {"page": "-1"}):
        body = assert_error(api(city_admin).get(path, params), 422, "validation_error")
        assert "page" in body["details"]["fields"] or "page_size" in body["details"]["fields"], body
    # beyond MAX_PAGE without a cursor: the offset window refuses (a cursor goes deeper)
    body = assert_error(api(city_admin).get(path, {"page": "10001"}), 422, "page_out_of_range")
    assert "page" in body["details"]["fields"]


def test_a_huge_page_on_a_public_list_is_a_422(api):
    assert_error(api().get("/api/providers/catalogue", {"page": HUGE}), 422, "validation_error")
    assert_error(api().get("/api/portal/public/announcements", {"page": HUGE}), 422, "validation_error")


def test_a_window_deeper_than_the_offset_cap_is_a_422(api, city_admin):
    # page 600 × 200 rows = offset 119,800 > MAX_OFFSET
    body = assert_error(api(city_admin).get("/api/orgs", {"page": 600, "page_size": 200}), 422, "page_out_of_range")
    assert body["details"]["max_offset"] == pagination.MAX_OFFSET


def test_has_next_comes_from_one_extra_row(api, city_admin, make_org):
    for i in range(3):
        make_org("410702", name=f"分页企业{i}")
    total = Organization.objects.count()
    first = api(city_admin).get("/api/orgs", {"page_size": total - 1}).json()
    assert first["has_next"] is True and first["total"] == total and first["total_exact"] is True
    assert len(first["items"]) == total - 1
    last = api(city_admin).get("/api/orgs", {"page_size": total - 1, "page": 2}).json()
    assert last["has_next"] is False and len(last["items"]) == 1


def test_a_large_total_is_counted_once_then_served_from_the_cache(monkeypatch, make_org):
    for i in range(4):
        make_org("410702", name=f"计数企业{i}")
    monkeypatch.setattr(pagination, "COUNT_EXACT_LIMIT", 2)
    cache.clear()
    qs = Organization.objects.filter(name__startswith="计数企业")
    params = pagination.PageParams(page=1, page_size=2)
    with CaptureQueriesContext(connection) as first:
        page = pagination.paginate(qs, params)
    assert (page["total"], page["total_exact"], page["has_next"]) == (4, True, True)
    assert len(first) == 3  # bounded count, exact count, page
    make_org("410702", name="计数企业新")
    with CaptureQueriesContext(connection) as second:
        page = pagination.paginate(qs, params)
    # still the cached total (a brief staleness is the price of not scanning a big table per request)
    assert (page["total"], page["total_exact"]) == (4, False)
    assert len(second) == 2
    bounded = [q["sql"] for q in second.captured_queries if "COUNT" in q["sql"].upper()]
    assert bounded and "LIMIT" in bounded[0].upper()
    cache.clear()


def test_a_small_total_is_exact_on_every_request(make_org):
    qs = Organization.objects.filter(name__startswith="精确企业")
    params = pagination.PageParams(page=1, page_size=20)
    assert pagination.paginate(qs, params)["total"] == 0
    make_org("410702", name="精确企业1")
    assert pagination.paginate(qs, params)["total"] == 1


# ---- keyset (deep pages) ---------------------------------------------------------------------------------


def _walk(client, path, params, page_size):
    """Every row by following next_cursor from page 1."""
    seen, cursor, pages = [], None, 0
    while True:
        query = {**params, "page_size": page_size, **({"cursor": cursor} if cursor else {})}
        body = client.get(path, query).json()
        seen += [r["id"] for r in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        assert (cursor is not None) == body["has_next"], body
        if not cursor:
            return seen, pages


def test_following_next_cursor_visits_every_row_once_in_order(api, city_admin, make_org):
    for i in range(7):
        make_org("410702", name=f"键集企业{i}")
    client = api(city_admin)
    by_offset = [r["id"] for r in client.get("/api/orgs", {"page_size": 200, "q": "键集企业"}).json()["items"]]
    seen, pages = _walk(client, "/api/orgs", {"q": "键集企业"}, 3)
    assert seen == by_offset and len(seen) == 7 and pages == 3


def test_the_keyset_follows_a_sort_key_with_ties(monkeypatch, make_org):
    orgs = [make_org("410702", name=f"同时企业{i}") for i in range(5)]
    stamp = orgs[0].created_at
    Organization.objects.filter(pk__in=[o.pk for o in orgs]).update(created_at=stamp)  # all tied
    qs = Organization.objects.filter(name__startswith="同时企业")
    params = pagination.PageParams(page=1, page_size=2, ordering="-created_at")
    seen: list[int] = []
    while True:
        page = pagination.paginate(qs, params, allowed_ordering=("created_at",))
        seen += [o.pk for o in page["items"]]
        if not page["next_cursor"]:
            break
        params = pagination.PageParams(
            page=params.page + 1, page_size=2, ordering="-created_at", cursor=page["next_cursor"]
        )
    assert seen == sorted((o.pk for o in orgs), reverse=True)


def test_a_cursor_page_uses_no_offset_and_goes_beyond_the_cap(make_org):
    for i in range(3):
        make_org("410702", name=f"深页企业{i}")
    qs = Organization.objects.filter(name__startswith="深页企业")
    first = pagination.paginate(qs, pagination.PageParams(page=1, page_size=1))
    deep = pagination.PageParams(page=pagination.MAX_PAGE + 5, page_size=1, cursor=first["next_cursor"])
    with CaptureQueriesContext(connection) as ctx:
        page = pagination.paginate(qs, deep)
    assert page["page"] == pagination.MAX_PAGE + 5 and len(page["items"]) == 1 and page["has_next"]
    rows_sql = ctx.captured_queries[-1]["sql"].upper()
    assert "OFFSET" not in rows_sql


def test_a_bad_or_foreign_cursor_is_a_422(api, city_admin, make_org):
    for i in range(3):
        make_org("410702", name=f"游标企业{i}")
    client = api(city_admin)
    cursor = client.get("/api/orgs", {"page_size": 1}).json()["next_cursor"]
    for bad in ("!!!", "e30", cursor[:-3] + "xyz"):
        assert_error(client.get("/api/orgs", {"cursor": bad}), 422, "invalid_cursor")
    # a cursor made for another ordering is refused, not misread
    assert_error(client.get("/api/orgs", {"cursor": cursor, "ordering": "name"}), 422, "invalid_cursor")
