"""House rule 9: every list endpoint runs the same number of queries for 1 row and for 30."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smedt.portal import workflow as wf
from smedt.portal.models import Announcement, Need, Offer, TypicalCase
from smedt.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_setup")]

# back office: session + user, grants (assignments + role permissions), count, page (region [+ org/cover] joined),
# and the session guard's activity refresh (savepoint, UPDATE django_session, release)
BACK_OFFICE_QUERIES = 9
# + the indicator set lookup for scenario names, once per page (no stored set here: the packaged file is used)
BACK_OFFICE_NAMED_QUERIES = 10
# public: count, page
PUBLIC_QUERIES = 2
# public with scenario names: count, page, indicator set lookup
PUBLIC_NAMED_QUERIES = 3


def _bulk(n, *, enterprise, provider):
    city = Region.objects.get(code="410700")
    Announcement.objects.bulk_create(
        [Announcement(category="policy", title=f"公告{i}", region=city, status=wf.PUBLISHED) for i in range(n)]
    )
    TypicalCase.objects.bulk_create(
        [
            TypicalCase(
                title=f"案例{i}", enterprise_name="企业", region=city, status=wf.PUBLISHED, scenario_codes=["S05"]
            )
            for i in range(n)
        ]
    )
    Need.objects.bulk_create(
        [
            Need(
                org=enterprise,
                region=enterprise.region,
                title=f"需求{i}",
                problem="p",
                scenario_code="S05",
                status=wf.PUBLISHED,
            )
            for i in range(n)
        ]
    )
    Offer.objects.bulk_create(
        [
            Offer(
                org=provider,
                region=provider.region,
                title=f"供给{i}",
                description="d",
                scenario_codes=["S05"],
                status=wf.PUBLISHED,
            )
            for i in range(n)
        ]
    )


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(path, {"page_size": 50})
    assert res.status_code == 200, res.content
    return len(ctx.captured_queries), len(res.json()["items"])


ENDPOINTS = [
    ("city_admin", "/api/portal/announcements", BACK_OFFICE_QUERIES),
    ("city_admin", "/api/portal/cases", BACK_OFFICE_NAMED_QUERIES),
    ("city_admin", "/api/portal/needs", BACK_OFFICE_NAMED_QUERIES),
    ("city_admin", "/api/portal/offers", BACK_OFFICE_NAMED_QUERIES),
    ("enterprise_a_user", "/api/portal/needs", BACK_OFFICE_NAMED_QUERIES),
    (None, "/api/portal/public/announcements", PUBLIC_QUERIES),
    (None, "/api/portal/public/cases", PUBLIC_NAMED_QUERIES),
    (None, "/api/portal/public/needs", PUBLIC_NAMED_QUERIES),
    (None, "/api/portal/public/offers", PUBLIC_NAMED_QUERIES),
]


@pytest.mark.parametrize(("who", "path", "expected"), ENDPOINTS)
def test_pinned_query_count(api, request, enterprise_a, provider_org, who, path, expected):
    user = request.getfixturevalue(who) if who else None
    _bulk(1, enterprise=enterprise_a, provider=provider_org)
    client = api(user)
    n1, rows1 = _count(client, path)
    _bulk(29, enterprise=enterprise_a, provider=provider_org)
    n30, rows30 = _count(api(user), path)
    assert (rows1, rows30) == (1, 30)
    assert n1 == n30 == expected, (n1, n30)


def test_home_is_bounded_by_the_number_of_categories(api, enterprise_a, provider_org):
    _bulk(1, enterprise=enterprise_a, provider=provider_org)
    with CaptureQueriesContext(connection) as small:
        api().get("/api/portal/public/home")
    _bulk(29, enterprise=enterprise_a, provider=provider_org)
    with CaptureQueriesContext(connection) as big:
        res = api().get("/api/portal/public/home")
    assert len(res.json()["categories"][0]["items"]) == 6
    assert len(small.captured_queries) == len(big.captured_queries)
