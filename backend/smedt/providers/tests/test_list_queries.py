"""House rule 9 for the provider lists: scope by persona and a pinned query count (1 row = 30 rows)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smedt.providers.models import Product, ProviderPoolMember, ProviderRating

pytestmark = pytest.mark.django_db

# signed in: session, user, session-guard bookkeeping + session save, grants (2), count, page
PINNED = {
    "/api/providers/pool": 9,
    "/api/providers/products": 9,
    "/api/providers/ratings": 9,
    "/api/providers/catalogue": 2,  # anonymous: count, page
}


def fill(make_org, n):
    for i in range(n):
        org = make_org("410771", kind="provider")
        ProviderPoolMember.objects.create(org=org, region=org.region, provider_type="integrator")
        Product.objects.create(org=org, name=f"产品{i}", deployment_mode="saas", list_price=1, status="published")
        ProviderRating.objects.create(org=org, year=2025, total=80, grade="三星", scheme_version="v")


def count(api, user, path):
    client = api(user)
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(path, {"page_size": 50})
    assert res.status_code == 200, res.content
    return len(ctx.captured_queries), res.json()["total"]


@pytest.mark.parametrize("path", list(PINNED))
def test_query_count_is_pinned(api, make_org, city_admin, path):
    user = None if path.endswith("/catalogue") else city_admin
    fill(make_org, 1)
    one, t1 = count(api, user, path)
    fill(make_org, 29)
    thirty, t30 = count(api, user, path)
    assert t30 > t1 >= 1
    assert one == thirty == PINNED[path], (one, thirty)


def test_county_b_and_other_providers_see_none_of_a_providers_rows(
    api, make_org, make_user, county_b_officer, provider_user, provider_org
):
    fill(make_org, 2)
    for path in (
        "/api/providers/pool",
        "/api/providers/products",
        "/api/providers/ratings",
    ):
        assert count(api, county_b_officer, path)[1] == 0, path
    assert count(api, provider_user, "/api/providers/products")[1] == 0
