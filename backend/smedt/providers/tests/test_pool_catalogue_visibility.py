"""A provider's standing in the pool decides whether its products are public: disabled → hidden from the catalogue,
the detail page and the portal search until restored; exited → every published product is taken offline with the
reason and an audit entry. Warned providers stay listed. The catalogue keeps its pinned query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error
from smedt.portal.models import SearchDocument
from smedt.providers.models import Product, ProviderPoolMember
from smedt.providers.services import product_search_sync

pytestmark = pytest.mark.django_db


def member(org, status="active"):
    return ProviderPoolMember.objects.create(
        org=org, region=org.region, provider_type="integrator", sub_industries=["auto_parts"], status=status
    )


def published(org, name="云端排产助手", status="published"):
    p = Product.objects.create(
        org=org,
        name=name,
        summary="面向起重装备的智能排产",
        xkqz={"small": "按模块订阅", "fast": "两周上线", "light": "免运维", "precise": "聚焦排产"},
        sub_industries=["auto_parts"],
        scenarios=["S05"],
        deployment_mode="saas",
        list_price=Decimal("68000.00"),
        status=status,
        published_at=timezone.now() if status == "published" else None,
    )
    product_search_sync(p)  # as a city approval does
    return p


def pool_action(api, user, m, action, reason="多次投诉查实"):
    res = api(user).post(f"/api/providers/pool/{m.pk}/{action}", {"reason": reason})
    assert res.status_code == 200, res.content
    return res.json()


def listed(api, p) -> tuple[bool, bool, bool]:
    """(in the catalogue list, detail found, found by the portal search)."""
    ids = [r["id"] for r in api().get("/api/providers/catalogue").json()["items"]]
    detail = api().get(f"/api/providers/catalogue/{p.pk}")
    hits = api().get("/api/portal/public/search", {"q": "排产"}).json()["items"]
    found = any(h["kind"] == "product" and h["id"] == p.pk for h in hits)
    return p.pk in ids, detail.status_code == 200, found


def test_disable_hides_products_and_restore_brings_them_back(api, provider_org, city_admin):
    m = member(provider_org)
    p = published(provider_org)
    assert listed(api, p) == (True, True, True)

    pool_action(api, city_admin, m, "warn", "项目延期")  # a warning does not hide anything
    assert listed(api, p) == (True, True, True)

    pool_action(api, city_admin, m, "disable")
    assert listed(api, p) == (False, False, False)
    assert_error(api().get(f"/api/providers/catalogue/{p.pk}"), 404, "not_found")
    assert api().get("/api/providers/catalogue", {"provider_type": "integrator"}).json()["total"] == 0
    p.refresh_from_db()
    assert p.status == "published"  # hidden, not taken offline: the provider may be restored

    pool_action(api, city_admin, m, "restore", "整改完成")
    assert listed(api, p) == (True, True, True)
    assert SearchDocument.objects.filter(kind="product", object_id=p.pk).count() == 1


def test_exit_takes_published_products_offline_with_reason_and_audit(api, provider_org, city_admin, provider_user):
    m = member(provider_org)
    p = published(provider_org)
    draft = published(provider_org, name="草稿产品", status="draft")
    pool_action(api, city_admin, m, "exit", "主动申请退出")
    p.refresh_from_db()
    draft.refresh_from_db()
    assert (p.status, draft.status) == ("offline", "draft")
    assert listed(api, p) == (False, False, False)
    rec = AuditRecord.objects.get(action="providers.product_offline", target_id=str(p.pk))
    assert rec.after["reason"] == "服务商退出服务商库：主动申请退出" and rec.actor_id == city_admin.pk
    pool_rec = AuditRecord.objects.get(action="providers.pool_exit")
    assert pool_rec.after["products_offline"] == [p.pk]
    # the provider's own list still shows it, offline
    own = api(provider_user).get("/api/providers/products").json()["items"]
    assert {(r["id"], r["status"]) for r in own} >= {(p.pk, "offline")}


def test_exit_from_disabled_takes_the_hidden_products_offline(api, provider_org, city_admin):
    m = member(provider_org)
    p = published(provider_org)
    pool_action(api, city_admin, m, "disable")
    pool_action(api, city_admin, m, "exit", "整改不到位")
    p.refresh_from_db()
    assert p.status == "offline" and listed(api, p) == (False, False, False)


def test_a_product_approved_while_its_provider_is_disabled_is_not_indexed(provider_org):
    member(provider_org, status="disabled")
    p = published(provider_org)
    assert not SearchDocument.objects.filter(kind="product", object_id=p.pk).exists()


def test_other_providers_are_unaffected(api, provider_org, make_org, city_admin):
    m = member(provider_org)
    mine = published(provider_org)
    other_org = make_org("410771", kind="provider")
    member(other_org)
    theirs = published(other_org, name="别家排产助手")
    pool_action(api, city_admin, m, "disable")
    assert listed(api, mine) == (False, False, False)
    assert listed(api, theirs) == (True, True, True)


def test_catalogue_query_counts_stay_pinned_with_hidden_providers(api, provider_org, make_org, city_admin):
    m = member(provider_org)
    p = published(provider_org)

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            res = api().get(path, {"page_size": 50})
        assert res.status_code == 200, res.content
        return len(ctx.captured_queries)

    list_one, detail_one = count("/api/providers/catalogue"), count(f"/api/providers/catalogue/{p.pk}")
    for i in range(10):
        org = make_org("410771", kind="provider")
        member(org, status=("disabled", "exited", "warned", "active")[i % 4])
        published(org, name=f"产品{i}")
    assert api().get("/api/providers/catalogue").json()["total"] == 1 + 4  # active + warned ones
    assert (count("/api/providers/catalogue"), count(f"/api/providers/catalogue/{p.pk}")) == (list_one, detail_one)
    assert (list_one, detail_one) == (2, 4)  # as pinned in test_list_queries / test_catalogue_detail
    pool_action(api, city_admin, m, "disable")
    assert_error(api().get(f"/api/providers/catalogue/{p.pk}"), 404, "not_found")
