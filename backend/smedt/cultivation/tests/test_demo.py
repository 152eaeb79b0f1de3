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
    assert SelfAssessment.objects.count() == 3  # 卫滨 self-assesses before applying for 创新型
    huarui = SelfAssessment.objects.get(org__name="长垣华瑞起重装备有限公司")
    assert huarui.answers["digital_level"]["source"] == "assessment"
    assert huarui.answers["revenue_y1"]["source"] == "fact_base"
    assert TierStanding.objects.filter(is_next=True).count() == 3

    # applications: an open 专精特新 campaign (expert scoring) and a 创新型 one with an application in review
    from smedt.applications.models import Campaign, Submission

    campaigns = {c.name: c for c in Campaign.objects.filter(result_handler="cultivation.recognition")}
    assert {c.status for c in campaigns.values()} == {"open"} and len(campaigns) == 2
    assert campaigns["2026年度专精特新中小企业认定申报"].expert_scoring
    subs = {s.org.name: s for s in Submission.objects.select_related("org").filter(campaign__in=campaigns.values())}
    assert {n: s.status for n, s in subs.items()} == {"新乡卫滨医用卫材有限公司": "reviewing"}
    weibin = subs["新乡卫滨医用卫材有限公司"]
    typed = [(f["field"], f["source"]) for f in weibin.findings if f["kind"] == "fact_mismatch"]
    assert ("rd_expense_y1", "tierself.rd_expense_y1") in typed
    assert any(r["key"].startswith("i_I") for r in weibin.indicators) and weibin.prereview_score > 0
    cultivation_demo_load()  # idempotent
    assert Submission.objects.filter(campaign__in=campaigns.values()).count() == 1
