"""公开产品详情 GET /api/providers/catalogue/{id}: anyone reads a published product (labels, prices, the provider's
other published products); a draft, one under review, an offline one or an unknown id is 404 with the Chinese
error envelope; the query count does not grow with the provider's catalogue."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.core.tests.helpers import assert_error
from smedt.providers.api.outputs import pilot_price
from smedt.providers.models import Product, ProviderPoolMember

pytestmark = pytest.mark.django_db


def product(org, *, status="published", name="智造云 MES", days_ago=0, **kw) -> Product:
    data = {
        "org": org,
        "name": name,
        "summary": "面向汽车零部件企业的轻量化 MES",
        "xkqz": {"small": "按模块订阅", "fast": "两周上线", "light": "免运维", "precise": "聚焦关键工序"},
        "sub_industries": ["auto_parts", "lifting_equipment"],
        "scenarios": ["S05"],
        "deployment_mode": "saas",
        "list_price": Decimal("68000.00"),
        "pilot_discount_pct": Decimal("12.50"),
        "subsidy_share_pct": Decimal("50.00"),
        "status": status,
        "published_at": timezone.now() - timedelta(days=days_ago) if status == "published" else None,
    }
    data.update(kw)
    return Product.objects.create(**data)


def test_anonymous_reads_a_published_product(api, provider_org, make_org):
    ProviderPoolMember.objects.create(org=provider_org, region=provider_org.region, provider_type="light_product")
    p = product(provider_org)
    older = product(provider_org, name="设备联网看板", kind="solution", days_ago=3)
    product(provider_org, name="草稿产品", status="draft")
    product(provider_org, name="已下架产品", status="offline")
    product(make_org("410771", kind="provider"), name="别家产品")
    res = api().get(f"/api/providers/catalogue/{p.pk}")
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["name"] == "智造云 MES" and body["org_name"] == "测试服务商" and body["kind_label"] == "产品"
    assert body["region_name"] == provider_org.region.name
    assert body["provider_type"] == "light_product" and body["provider_type_label"] == "“小快轻准”产品型"
    assert body["xkqz"] == {"small": "按模块订阅", "fast": "两周上线", "light": "免运维", "precise": "聚焦关键工序"}
    assert body["sub_industry_labels"] == ["汽车零部件", "起重装备"]
    assert [s["id"] for s in body["scenarios"]] == ["S05"] and body["scenarios"][0]["name"] not in ("", "S05")
    assert body["deployment_mode_label"] == "SaaS 云服务"
    assert (body["list_price"], body["pilot_discount_pct"], body["subsidy_share_pct"]) == ("68000.00", "12.50", "50.00")
    assert body["pilot_price"] == "59500.00"
    assert body["published_at"]
    # only this provider's other published products; no status, actions or internal fields
    assert [(o["id"], o["name"], o["kind_label"]) for o in body["other_products"]] == [
        (older.pk, "设备联网看板", "解决方案")
    ]
    assert not {"status", "allowed_actions", "review", "review_id", "org_id", "scenario_set"} & set(body)


def test_not_published_or_unknown_is_404_in_chinese(api, provider_org, provider_user, city_admin):
    hidden = [product(provider_org, status=s, name=f"产品{s}") for s in ("draft", "reviewing", "returned", "offline")]
    for p in hidden:
        for user in (None, provider_user, city_admin):  # not even the owner or the city: this is the public page
            res = api(user).get(f"/api/providers/catalogue/{p.pk}")
            assert_error(res, 404, "not_found")
            assert res.json()["message"] == "产品不存在或未发布"
    assert_error(api().get("/api/providers/catalogue/999999"), 404, "not_found")


def test_a_provider_without_a_pool_membership_still_shows(api, provider_org):
    p = product(provider_org)
    body = api().get(f"/api/providers/catalogue/{p.pk}").json()
    assert body["provider_type"] == "" and body["provider_type_label"] == "" and body["other_products"] == []


def test_pilot_price_is_exact_to_the_cent():
    assert pilot_price(Decimal("68000.00"), Decimal("12.50")) == Decimal("59500.00")
    assert pilot_price(Decimal("99.99"), Decimal("33.33")) == Decimal("66.66")  # 66.663333 → 66.66
    assert pilot_price(Decimal("0.05"), Decimal("50")) == Decimal("0.03")  # 0.025 → 0.03 (half up)
    assert pilot_price(Decimal("100"), Decimal("0")) == Decimal("100.00")


def test_detail_has_a_pinned_query_count(api, provider_org):
    ProviderPoolMember.objects.create(org=provider_org, region=provider_org.region, provider_type="integrator")
    p = product(provider_org)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            res = api().get(f"/api/providers/catalogue/{p.pk}")
        assert res.status_code == 200, res.content
        return len(ctx.captured_queries)

    one = count()
    for i in range(20):
        product(provider_org, name=f"其他产品{i}", days_ago=i + 1)
    many = count()
    assert one == many == PINNED_DETAIL, (one, many)


# product (+ org, region, pool), scenario names (indicator set lookup), dictionary labels, other products
PINNED_DETAIL = 4
