"""Rating appeals: a provider appeals its scorecard, the city lists and decides them; scope and query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.core.tests.helpers import assert_error
from smedt.notify.models import Message
from smedt.providers.models import ProviderRating, RatingAppeal
from smedt.providers.ratings import provider_rating_add

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def rate(api, city_admin, org, government=60):
    provider_rating_add(org_id=org.pk, project_ref="p-1", dimension="satisfaction", score=Decimal(60))
    res = api(city_admin).put(
        "/api/providers/ratings", {"org_id": org.pk, "year": YEAR, "components": {"government": government}}
    )
    assert res.status_code == 200, res.content
    return res.json()


def test_appeal_upheld_recomputes_with_corrected_manual_score(
    api, provider_org, provider_user, city_admin, make_org, make_user
):
    row = rate(api, city_admin, provider_org)
    rid = row["id"]
    other_user = make_user(None, "provider_user", org=make_org("410771", kind="provider"))
    assert_error(
        api(other_user).post(f"/api/providers/ratings/{rid}/appeals", {"reason": "评分不公请复核"}), 404, "not_found"
    )
    assert_error(
        api(provider_user).post(f"/api/providers/ratings/{rid}/appeals", {"reason": "短"}),
        422,
        "providers.invalid_field",
    )
    res = api(provider_user).post(f"/api/providers/ratings/{rid}/appeals", {"reason": "主管部门评价偏低请复核"})
    assert res.status_code == 201, res.content
    aid = res.json()["id"]
    assert res.json()["my_actions"] == [] and res.json()["status_label"] == "待处理"
    assert_error(
        api(provider_user).post(f"/api/providers/ratings/{rid}/appeals", {"reason": "再次申诉请复核"}),
        409,
        "providers.appeal_open",
    )
    # the provider's scorecard no longer offers "appeal" while one is open
    assert "appeal" not in api(provider_user).get(f"/api/providers/ratings/{rid}").json()["my_actions"]
    assert_error(
        api(provider_user).post(f"/api/providers/appeals/{aid}/decide", {"upheld": True, "resolution": "x"}),
        404,
        "not_found",
    )
    # the detail shows the rating's evidence
    detail = api(city_admin).get(f"/api/providers/appeals/{aid}").json()
    assert detail["my_actions"] == ["decide"]
    dims = {d["key"]: d for d in detail["rating"]["dimensions"]}
    assert dims["satisfaction"]["evidence"] == {"count": 1, "average": "60.00"}
    assert_error(
        api(city_admin).post(f"/api/providers/appeals/{aid}/decide", {"upheld": True, "resolution": " "}),
        422,
        "providers.invalid_field",
    )
    assert_error(
        api(city_admin).post(
            f"/api/providers/appeals/{aid}/decide",
            {"upheld": True, "resolution": "属实", "components": {"satisfaction": 100}},
        ),
        422,
        "providers.invalid_rating",
    )
    res = api(city_admin).post(
        f"/api/providers/appeals/{aid}/decide",
        {"upheld": True, "resolution": "属实，更正主管部门评价", "components": {"government": 100}},
    )
    assert res.status_code == 200, res.content
    assert res.json()["status"] == "upheld" and res.json()["my_actions"] == []
    r = ProviderRating.objects.get()
    # satisfaction 60 (weight 20) + government 100 (weight 10); the others 无数据 (no project signed in the
    # year is no data, not 0), so their weight is shared out over these two
    assert r.total == ((Decimal(60) * 20 + Decimal(100) * 10) / 30).quantize(Decimal("0.01"))
    assert r.note.startswith("申诉更正")
    assert Message.objects.filter(title__contains="申诉成立").exists()
    assert_error(
        api(city_admin).post(f"/api/providers/appeals/{aid}/decide", {"upheld": False, "resolution": "再"}),
        409,
        "providers.appeal_decided",
    )


def test_appeal_dismissed_keeps_the_rating(api, provider_org, provider_user, city_admin):
    row = rate(api, city_admin, provider_org)
    aid = (
        api(provider_user)
        .post(f"/api/providers/ratings/{row['id']}/appeals", {"reason": "评分偏低请复核"})
        .json()["id"]
    )
    res = api(city_admin).post(
        f"/api/providers/appeals/{aid}/decide", {"upheld": False, "resolution": "经核实评分无误"}
    )
    assert res.json()["status"] == "dismissed"
    assert str(ProviderRating.objects.get().total) == row["total"]


def test_appeal_list_scope_and_filters(
    api, provider_org, provider_user, city_admin, county_b_officer, make_org, make_user
):
    row = rate(api, city_admin, provider_org)
    api(provider_user).post(f"/api/providers/ratings/{row['id']}/appeals", {"reason": "评分偏低请复核"})
    other = make_org("410771", kind="provider")
    other_user = make_user(None, "provider_user", org=other)
    rate(api, city_admin, other)
    assert api(city_admin).get("/api/providers/appeals").json()["total"] == 1
    assert api(city_admin).get("/api/providers/appeals", {"status": "open", "year": YEAR}).json()["total"] == 1
    assert api(city_admin).get("/api/providers/appeals", {"status": "upheld"}).json()["total"] == 0
    assert api(city_admin).get("/api/providers/appeals", {"year": YEAR - 1}).json()["total"] == 0
    assert api(provider_user).get("/api/providers/appeals").json()["total"] == 1
    assert api(other_user).get("/api/providers/appeals").json()["total"] == 0
    assert api(county_b_officer).get("/api/providers/appeals").json()["total"] == 0
    aid = RatingAppeal.objects.get().pk
    assert_error(api(other_user).get(f"/api/providers/appeals/{aid}"), 404, "not_found")
    assert_error(api(county_b_officer).get(f"/api/providers/appeals/{aid}"), 404, "not_found")
    assert_error(
        api(county_b_officer).post(f"/api/providers/appeals/{aid}/decide", {"upheld": False, "resolution": "驳回"}),
        404,
        "not_found",
    )
    # another provider cannot read the first provider's scorecard either
    assert_error(api(other_user).get(f"/api/providers/ratings/{row['id']}"), 404, "not_found")


def _count(api, user, path):
    client = api(user)
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(path, {"page_size": 50})
    assert res.status_code == 200, res.content
    return len(ctx.captured_queries), res.json()["total"]


def test_appeal_and_rating_lists_have_pinned_query_counts(api, city_admin, make_org):
    def fill(n):
        for _ in range(n):
            org = make_org("410771", kind="provider")
            r = ProviderRating.objects.create(org=org, year=YEAR, total=80, grade="三星", scheme_version="v")
            RatingAppeal.objects.create(rating=r, reason="评分偏低请复核")

    for path, pinned in (("/api/providers/appeals", 9), ("/api/providers/ratings", 9)):
        ProviderRating.objects.all().delete()
        fill(1)
        one, t1 = _count(api, city_admin, path)
        fill(20)
        many, t21 = _count(api, city_admin, path)
        assert (t1, t21) == (1, 21)
        assert one == many == pinned, (path, one, many)
