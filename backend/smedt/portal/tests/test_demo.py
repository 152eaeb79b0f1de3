"""``portal_demo_load``: demo announcements per category, 2 cases, a need and a matching offer — once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from smedt.portal.demo import portal_demo_load
from smedt.portal.models import Announcement, Need, Offer, SearchDocument, TypicalCase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_setup")]


def test_demo_load_is_idempotent_and_visible_on_the_portal(api, monkeypatch):
    monkeypatch.setenv("SMEDT_DEMO_PASSWORD", "Demo@2026pass")
    call_command("load_demo", quiet_accounts=True)  # calls portal_demo_load() itself
    assert portal_demo_load() == 0
    assert Announcement.objects.filter(status="published").count() == 6
    assert all("示例" in a.title for a in Announcement.objects.all())
    assert TypicalCase.objects.filter(status="published").count() == 2
    assert Need.objects.get().status == "published" and Offer.objects.get().status == "published"
    assert SearchDocument.objects.exclude(kind="product").count() == 10
    # the demo providers' published products are indexed by smedt.providers (index_external)
    from smedt.providers.models import Product

    products = set(Product.objects.filter(status="published").values_list("pk", flat=True))
    assert (
        products and set(SearchDocument.objects.filter(kind="product").values_list("object_id", flat=True)) == products
    )

    home = api().get("/api/portal/public/home").json()
    assert all(block["items"] for block in home["categories"])
    assert home["categories"][0]["items"][0]["pinned"] is True
    assert len(home["cases"]) == 2
    need = Need.objects.get()
    matches = api().get(f"/api/portal/public/needs/{need.pk}").json()["matches"]
    assert [m["offer"]["id"] for m in matches] == [Offer.objects.get().pk]
