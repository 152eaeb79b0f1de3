"""allowed_actions and status_label on provider applications, products and pool members: per requesting user."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from smedt.providers.models import Product, ProviderApplication, ProviderExpertScore
from smedt.providers.tests.test_providers import make_batch, member
from smedt.reviews.models import ReviewRequest

pytestmark = pytest.mark.django_db


def actions(api, user, path):
    res = api(user).get(path)
    assert res.status_code == 200, res.content
    body = res.json()
    row = body["items"][0] if "items" in body else body
    return row["status_label"], row["allowed_actions"]


def test_application_actions_per_role(api, provider_org, provider_user, city_admin, expert, make_org):
    batch = make_batch()
    app = ProviderApplication.objects.create(
        batch=batch, org=provider_org, region=provider_org.region, provider_type="integrator"
    )
    path = f"/api/providers/applications/{app.pk}"
    assert actions(api, provider_user, path) == ("草稿", ["edit", "submit"])
    assert actions(api, city_admin, path) == ("草稿", [])
    # the deadline passed: no submit
    type(batch).objects.filter(pk=batch.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert actions(api, provider_user, "/api/providers/applications") == ("草稿", ["edit"])

    # in expert review: the expert may score once; the provider may withdraw
    review = ReviewRequest.objects.create(
        process_key="provider_selection",
        content_type=ContentType.objects.get_for_model(ProviderApplication),
        object_id=str(app.pk),
        title="t",
        region=provider_org.region,
        org=provider_org,
        submitted_at=timezone.now(),
    )
    ProviderApplication.objects.filter(pk=app.pk).update(status="reviewing", review=review)
    assert actions(api, expert, "/api/providers/applications") == ("审核中", ["score"])
    assert actions(api, provider_user, path) == ("审核中", ["withdraw"])
    ProviderExpertScore.objects.create(application=app, expert=expert, total=1)
    assert actions(api, expert, path) == ("审核中", [])

    # on publicity: the city finalizes once it is over
    ProviderApplication.objects.filter(pk=app.pk).update(
        status="publicity", publicity_ends_at=timezone.now() + timedelta(days=1)
    )
    assert actions(api, city_admin, path) == ("公示中", [])
    ProviderApplication.objects.filter(pk=app.pk).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    assert actions(api, city_admin, "/api/providers/applications") == ("公示中", ["finalize"])
    assert actions(api, provider_user, path) == ("公示中", [])


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
