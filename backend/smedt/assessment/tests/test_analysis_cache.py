"""The 综合分析 summary is cached per scope and filters and recomputed as soon as an entry changes."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from smedt.assessment.tests.factories import level_document, make_submitted

pytestmark = pytest.mark.django_db

URL = "/api/assessment/analysis"


@pytest.fixture(autouse=True)
def cached():
    cache.clear()
    with override_settings(SMEDT_AGGREGATE_CACHE_SECONDS=300):
        yield
    cache.clear()


def _n(api, user, **params):
    res = api(user).get(URL, params)
    assert res.status_code == 200, res.content
    return res.json()["total"]


def test_a_repeated_summary_is_served_without_aggregating_again(
    api, city_admin, make_org, make_user, indicator_set, totals
):
    org = make_org("410702", name="缓存分析企业")
    make_submitted(
        org=org, indicator_set=indicator_set, doc=level_document(indicator_set, totals, 2), user=make_user("f")
    )
    assert _n(api, city_admin) == 1
    with CaptureQueriesContext(connection) as ctx:
        assert _n(api, city_admin) == 1
    assert not any("assessment_analysisentry" in q["sql"] for q in ctx.captured_queries)


def test_a_new_submission_shows_at_once_and_scopes_never_share_an_answer(
    api, city_admin, county_a_officer, county_b_officer, make_org, make_user, indicator_set, totals
):
    filler = make_user("filler")
    a = make_org("410702", name="红旗分析企业")
    make_submitted(org=a, indicator_set=indicator_set, doc=level_document(indicator_set, totals, 2), user=filler)
    assert (_n(api, city_admin), _n(api, county_a_officer), _n(api, county_b_officer)) == (1, 1, 0)
    b = make_org("410783", name="长垣分析企业")
    make_submitted(org=b, indicator_set=indicator_set, doc=level_document(indicator_set, totals, 3), user=filler)
    assert (_n(api, city_admin), _n(api, county_a_officer), _n(api, county_b_officer)) == (2, 1, 1)
    assert _n(api, city_admin, region_code="410783") == 1
