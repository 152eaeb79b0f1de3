"""The demo loads the 规上 flags with their provenance, once."""

from __future__ import annotations

from smedt.enterprises.models import EnterpriseProfile, FactRecord
from smedt.insights.demo import insights_demo_load


def test_demo_records_above_scale_as_government_import(db):
    from django.core.management import call_command

    call_command("load_demo", "--quiet-accounts")
    flags = dict(EnterpriseProfile.objects.filter(above_scale__isnull=False).values_list("org__name", "above_scale"))
    assert flags["长垣华瑞起重装备有限公司"] is True and flags["新乡卫滨医用卫材有限公司"] is False
    fact = FactRecord.objects.get(profile__org__name="长垣华瑞起重装备有限公司", field="above_scale", is_current=True)
    assert fact.value == "是" and fact.source == "government_import"
    assert insights_demo_load() == 0
