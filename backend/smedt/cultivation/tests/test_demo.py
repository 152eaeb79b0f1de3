"""``cultivation_demo_load``: two demo enterprises with tiers, self-assessments and standings, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from smedt.cultivation.demo import cultivation_demo_load
from smedt.cultivation.models import LibraryEntry, SelfAssessment, TierStanding

pytestmark = pytest.mark.django_db(transaction=False)


def test_demo_load_is_idempotent(monkeypatch):
    monkeypatch.setenv("SMEDT_DEMO_PASSWORD", "Demo@2026pass")
    call_command("load_demo", quiet_accounts=True)
    cultivation_demo_load()
    tiers = {e.org.name: e.tier for e in LibraryEntry.objects.select_related("org")}
    assert tiers == {"长垣华瑞起重装备有限公司": "specialized", "新乡红旗汽车零部件有限公司": "innovative"}
    assert SelfAssessment.objects.count() == 2
    huarui = SelfAssessment.objects.get(org__name="长垣华瑞起重装备有限公司")
    assert huarui.answers["digital_level"]["source"] == "assessment"
    assert huarui.answers["revenue_y1"]["source"] == "fact_base"
    assert TierStanding.objects.filter(is_next=True).count() == 2
