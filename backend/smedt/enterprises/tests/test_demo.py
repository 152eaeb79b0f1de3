from __future__ import annotations

import pytest
from django.core.management import call_command

from smedt.applications.models import Campaign
from smedt.enterprises.demo import registries_demo_load
from smedt.enterprises.models import EnterpriseYearFigure, PilotEnterprise
from smedt.providers.models import Product, ProviderPoolMember

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent(reference):
    call_command("load_demo", "--quiet-accounts")  # once merged, load_demo itself calls registries_demo_load()
    registries_demo_load()
    assert registries_demo_load() == 0  # a second run changes nothing
    assert (
        EnterpriseYearFigure.objects.get(profile__org__name="长垣华瑞起重装备有限公司", year=2025).size_class
        == "medium"
    )
    pilot_rounds = Campaign.objects.filter(kind="pilot", status="open")
    assert pilot_rounds.count() == 1 and pilot_rounds.get().field_options["sub_industry"][0] == "lifting_equipment"
    assert PilotEnterprise.objects.count() == 1
    assert ProviderPoolMember.objects.count() == 2 and Product.objects.filter(status="published").count() == 2
