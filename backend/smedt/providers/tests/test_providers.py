"""Pool, products with the public catalogue, ratings (the selection is in test_selection_campaign)."""

from __future__ import annotations

import pytest

from smedt.core.tests.helpers import assert_error
from smedt.exports.testing import export_start, export_xlsx
from smedt.providers.models import ProviderPoolMember
from smedt.providers.services import provider_in_pool

pytestmark = pytest.mark.django_db

ITEMS = [
    {"key": "ability", "name": "技术能力", "max_score": "60"},
    {"key": "cases", "name": "服务案例", "max_score": "40"},
]


def member(org, status="active"):
    return ProviderPoolMember.objects.create(
        org=org, region=org.region, provider_type="integrator", sub_industries=["auto_parts"], status=status
    )


def product_payload(**kw):
    return {
        "name": "轻量化 MES",
        "kind": "product",
        "summary": "面向汽配的轻量 MES",
        "xkqz": {"small": "按模块订阅", "fast": "两周上线", "light": "SaaS 免运维", "precise": "聚焦汽配质量追溯"},
        "sub_industries": ["auto_parts"],
        "scenarios": ["S01", "S02"],
        "deployment_mode": "saas",
        "list_price": "98000.00",
        "pilot_discount_pct": "20",
        "subsidy_share_pct": "50",
        **kw,
    }


def test_pool_warn_disable_restore_exit_and_export(api, provider_org, city_admin, county_b_officer, provider_user):
    m = member(provider_org)
    assert_error(api(provider_user).post(f"/api/providers/pool/{m.pk}/disable", {"reason": "x"}), 404, "not_found")
    assert api(city_admin).post(f"/api/providers/pool/{m.pk}/warn", {"reason": "项目延期"}).json()["status"] == "warned"
    assert provider_in_pool(provider_org.pk)
    assert (
        api(city_admin).post(f"/api/providers/pool/{m.pk}/disable", {"reason": "多次投诉"}).json()["status"]
        == "disabled"
    )
    assert not provider_in_pool(provider_org.pk)
    body = assert_error(
        api(city_admin).post(f"/api/providers/pool/{m.pk}/warn", {"reason": "x"}), 409, "invalid_transition"
    )
    assert body["details"]["allowed"] == ["退出", "恢复"]
    assert (
        api(city_admin).post(f"/api/providers/pool/{m.pk}/restore", {"reason": "整改完成"}).json()["status"] == "active"
    )
    rows = export_xlsx(api(city_admin), "provider_pool")
    assert rows[1][0] == "测试服务商"
    assert_error(export_start(api(provider_user), "provider_pool"), 403, "permission_denied")
    # provider region 410771 is outside county B
    assert api(county_b_officer).get("/api/providers/pool").json()["total"] == 0


def test_product_review_and_public_catalogue(api, provider_org, provider_user, city_admin, make_org, make_user):
    res = api(provider_user).post("/api/providers/products", product_payload())
    assert res.status_code == 201, res.json()
    pid = res.json()["id"]
    assert res.json()["list_price"] == "98000.00"
    assert_error(api(provider_user).post(f"/api/providers/products/{pid}/submit"), 409, "providers.not_in_pool")
    member(provider_org)
    res = api(provider_user).post(f"/api/providers/products/{pid}/submit")
    assert res.status_code == 200 and res.json()["status"] == "reviewing"
    assert api().get("/api/providers/catalogue").json()["total"] == 0
    from smedt.providers.models import Product

    assert (
        api(city_admin).post(f"/api/reviews/{Product.objects.get().review_id}/approve", {"opinion": ""}).status_code
        == 200
    )
    cat = lambda **p: api().get("/api/providers/catalogue", p).json()["total"]  # noqa: E731
    assert cat() == 1
    assert cat(scenario="S01") == 1 and cat(scenario="S16") == 0
    assert cat(sub_industry="auto_parts") == 1 and cat(sub_industry="new_chemicals") == 0
    assert cat(deployment_mode="private") == 0 and cat(q="MES") == 1
    assert cat(provider_type="integrator") == 1 and cat(provider_type="chain_leader") == 0
    # another provider cannot see or touch it outside the catalogue
    other = make_org("410702", kind="provider", name="别家服务商")
    other_user = make_user(None, "provider_user", org=other)
    assert_error(api(other_user).patch(f"/api/providers/products/{pid}", {"name": "改名"}), 404, "not_found")


def test_product_validation(api, provider_user):
    client = api(provider_user)
    assert_error(
        client.post("/api/providers/products", product_payload(scenarios=["S99"])), 422, "providers.invalid_field"
    )
    assert_error(
        client.post("/api/providers/products", product_payload(pilot_discount_pct="120")),
        422,
        "providers.invalid_field",
    )
    res = client.post(
        "/api/providers/products", product_payload(xkqz={"small": "x", "fast": "", "light": "", "precise": ""})
    )
    body = assert_error(res, 422, "providers.invalid_field")
    assert "快" in body["message"]
    assert api().get("/api/providers/scenarios").json()[0] == {"id": "S01", "name": "产品设计"}


def test_published_product_is_in_portal_search_until_offline(api, provider_org, provider_user, city_admin):
    from smedt.portal.models import SearchDocument
    from smedt.providers.models import Product

    member(provider_org)
    pid = (
        api(provider_user)
        .post("/api/providers/products", product_payload(summary="面向汽配的质量追溯平台"))
        .json()["id"]
    )
    search = lambda q: api().get("/api/portal/public/search", {"q": q}).json()  # noqa: E731
    assert api(provider_user).post(f"/api/providers/products/{pid}/submit").status_code == 200
    assert search("追溯")["total"] == 0  # under review: not public yet
    review_id = Product.objects.get().review_id
    assert api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": ""}).status_code == 200

    body = search("追溯")
    assert body["total"] == 1, body
    hit = body["items"][0]
    assert (hit["kind"], hit["kind_label"], hit["id"], hit["title"]) == ("product", "产品与解决方案", pid, "轻量化 MES")
    assert "<em>追溯</em>" in hit["snippet"]
    assert hit["published_at"] is not None
    # the 小快轻准 attributes, scenario names, 细分行业 labels and provider name are searchable too
    assert search("免运维")["items"][0]["id"] == pid
    assert search("测试服务商")["items"][0]["kind"] == "product"
    assert api().get("/api/portal/public/search", {"q": "追溯", "kind": "product"}).json()["total"] == 1
    assert api().get("/api/portal/public/search", {"q": "追溯", "kind": "case"}).json()["total"] == 0

    res = api(provider_user).post(f"/api/providers/products/{pid}/offline", {"reason": "停售"})
    assert res.status_code == 200 and res.json()["status"] == "offline"
    assert search("追溯")["total"] == 0
    assert not SearchDocument.objects.filter(kind="product", object_id=pid).exists()


def test_rejected_product_never_reaches_portal_search(api, provider_org, provider_user, city_admin):
    from smedt.portal.models import SearchDocument
    from smedt.providers.models import Product

    member(provider_org)
    pid = api(provider_user).post("/api/providers/products", product_payload()).json()["id"]
    api(provider_user).post(f"/api/providers/products/{pid}/submit")
    review_id = Product.objects.get().review_id
    assert api(city_admin).post(f"/api/reviews/{review_id}/reject", {"opinion": "材料不全"}).status_code == 200
    assert not SearchDocument.objects.filter(kind="product").exists()
    assert api().get("/api/portal/public/search", {"q": "MES"}).json()["total"] == 0
