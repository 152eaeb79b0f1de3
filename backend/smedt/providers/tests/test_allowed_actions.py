"""allowed_actions and status_label on products and pool members: per requesting user."""

from __future__ import annotations

import pytest

from smedt.providers.models import Product
from smedt.providers.tests.test_providers import member

pytestmark = pytest.mark.django_db


def actions(api, user, path):
    res = api(user).get(path)
    assert res.status_code == 200, res.content
    body = res.json()
    row = body["items"][0] if "items" in body else body
    return row["status_label"], row["allowed_actions"]


def test_product_actions_per_role(api, provider_org, provider_user, city_admin, make_user):
    zone_officer = make_user(None, "county_officer", region=provider_org.region.code)
    p = Product.objects.create(org=provider_org, name="产品", deployment_mode="saas", list_price=1)
    path = "/api/providers/products"
    assert actions(api, provider_user, path) == ("草稿", ["edit"])  # not in the pool yet: no submit
    member(provider_org)
    assert actions(api, provider_user, path) == ("草稿", ["edit", "submit"])
    assert actions(api, city_admin, path) == ("草稿", [])
    Product.objects.filter(pk=p.pk).update(status="published")
    assert actions(api, provider_user, path) == ("已发布", ["offline"])
    assert actions(api, city_admin, path) == ("已发布", ["offline"])
    assert actions(api, zone_officer, path) == ("已发布", [])
    # the public catalogue carries no actions
    row = api().get("/api/providers/catalogue").json()["items"][0]
    assert row["allowed_actions"] == [] and row["status_label"] == "已发布"


def test_pool_actions_per_role(api, provider_org, provider_user, city_admin, make_user):
    m = member(provider_org, status="warned")
    zone_officer = make_user(None, "county_officer", region=provider_org.region.code)
    assert actions(api, city_admin, "/api/providers/pool") == ("警告", ["disable", "exit", "restore"])
    assert actions(api, city_admin, f"/api/providers/pool/{m.pk}") == ("警告", ["disable", "exit", "restore"])
    assert actions(api, provider_user, "/api/providers/pool") == ("警告", [])
    assert actions(api, zone_officer, "/api/providers/pool") == ("警告", [])
    # a manage_pool holder over another county sees nothing to act on
    elsewhere = make_user(None, "city_admin", region="410783")
    assert api(elsewhere).get("/api/providers/pool").json()["total"] == 0
    res = api(city_admin).post(f"/api/providers/pool/{m.pk}/restore", {"reason": "整改完成"})
    assert res.json()["allowed_actions"] == ["warn", "disable", "exit"]
