"""Anonymous portal answers are cached, dropped on publish/withdraw, and carry Cache-Control + ETag."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from smedt.portal.services import announcements as ann

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_setup")]

LIST = "/api/portal/public/announcements"


@pytest.fixture(autouse=True)
def cached():
    cache.clear()
    with override_settings(SMEDT_PUBLIC_CACHE_SECONDS=60):
        yield
    cache.clear()


def _titles(res):
    assert res.status_code == 200, res.content
    return [a["title"] for a in res.json()["items"]]


def test_a_second_read_is_served_from_the_cache(client, make_announcement, django_assert_num_queries):
    make_announcement(title="缓存公告一")
    first = client.get(LIST)
    assert first["X-Cache"] == "MISS" and first["Cache-Control"] == "public, max-age=0, s-maxage=5" and first["ETag"]
    with django_assert_num_queries(0):
        second = client.get(LIST)
    assert second["X-Cache"] == "HIT" and second.content == first.content
    assert second["X-Content-Type-Options"] == "nosniff"  # security headers still applied on a hit


def test_publishing_and_withdrawing_drop_the_cached_answers(client, make_announcement, city_admin):
    make_announcement(title="缓存公告一")
    assert _titles(client.get(LIST)) == ["缓存公告一"]
    second = make_announcement(title="缓存公告二")
    assert set(_titles(client.get(LIST))) == {"缓存公告一", "缓存公告二"}
    ann.announcement_withdraw(actor=city_admin, announcement=second)
    assert _titles(client.get(LIST)) == ["缓存公告一"]


def test_search_is_cached_per_query(client, make_announcement):
    make_announcement(title="数字化转型政策解读")
    a = client.get("/api/portal/public/search", {"q": "数字化"})
    b = client.get("/api/portal/public/search", {"q": "转型"})
    assert a["X-Cache"] == b["X-Cache"] == "MISS"
    assert client.get("/api/portal/public/search", {"q": "数字化"})["X-Cache"] == "HIT"


def test_an_unchanged_answer_revalidates_with_304(client, make_announcement):
    make_announcement(title="缓存公告一")
    etag = client.get(LIST)["ETag"]
    res = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert res.status_code == 304 and res.content == b""


def test_details_and_errors_are_never_cached(client, make_announcement):
    a = make_announcement(title="缓存公告一")
    detail = client.get(f"{LIST}/{a.pk}")
    assert detail.status_code == 200 and "X-Cache" not in detail
    bad = client.get(LIST, {"page": "0"})
    assert bad.status_code == 422 and "X-Cache" not in bad
    assert client.get(LIST, {"page": "0"}).status_code == 422


def test_the_edge_cache_time_comes_from_the_setting(client, settings, make_announcement):
    """nginx's micro-cache keeps a public answer s-maxage seconds; 0 turns it off (browsers always revalidate)."""
    make_announcement(title="边缘缓存公告")
    settings.SMEDT_PUBLIC_EDGE_SECONDS = 30
    assert client.get(LIST)["Cache-Control"] == "public, max-age=0, s-maxage=30"
    cache.clear()
    settings.SMEDT_PUBLIC_EDGE_SECONDS = 0
    assert client.get(LIST)["Cache-Control"] == "public, no-cache"
