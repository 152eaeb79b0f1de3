"""The demo gives the browser test's numbers through real data and matching: the issue's policy text,
extracted and confirmed, finds 37 eligible enterprises in the sandbox and in the match run; 5,000 万元
instead of 10,000 adds exactly 新乡红旗汽车零部件; 35 of the 37 agreed to policy-push SMS."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from smedt.accounts.models import User
from smedt.notify.models import SmsConsent
from smedt.policies.demo import cohort_demo_load, policies_demo_load
from smedt.policies.models import MatchRun, PolicyMatch
from smedt.policies.services import policy as svc
from smedt.policies.services.matching import conditions_of, match_run_execute, sandbox

pytestmark = pytest.mark.django_db

TEXT = "申报企业须在新乡市辖区内注册，属于制造业企业。\n上年度营业收入不低于10000万元，从业人员1000人以下。"


def test_demo_policy_text_finds_37_enterprises() -> None:
    call_command("load_demo", "--quiet-accounts")
    assert cohort_demo_load() == 0 and policies_demo_load() == 0  # idempotent
    city = User.objects.get(username="city_admin")
    p = svc.policy_create(
        actor=city, values={"title": "数字化改造专项奖励", "issuer": "新乡市工业和信息化局"}, region_code="410700"
    )
    proposals = svc.conditions_extract(actor=city, policy=p, text=TEXT)
    assert sorted(c.indicator for c in proposals) == ["employees", "industry", "operating_revenue", "region"]
    confirmed = [
        {**svc.condition_snapshot(c), "source_sentence": c.source_sentence, "confirmed": True, "proposed": True}
        for c in proposals
    ]
    svc.conditions_set(actor=city, policy=p, conditions=confirmed)
    conds = conditions_of(p.conditions.all())
    result = sandbox(policy=p, conditions=conds)
    assert result["after"] == 37

    lower = [
        c if c.indicator != "operating_revenue" else type(c)(c.indicator, c.operator, Decimal(5000), c.values, c.unit)
        for c in conds
    ]
    result = sandbox(policy=p, conditions=lower)
    assert result["after"] == 38
    assert [g["name"] for g in result["gained"]] == ["新乡红旗汽车零部件有限公司"]

    svc.policy_publish(actor=city, policy=p)
    match_run_execute(run_id=MatchRun.objects.filter(policy=p).latest("id").pk)
    eligible = PolicyMatch.objects.filter(policy=p, status="eligible")
    assert eligible.count() == 37
    assert SmsConsent.objects.filter(org_id__in=eligible.values("org_id")).count() == 35
    # exactly at both thresholds (不低于 10000 万元, 1000 人以下) is eligible
    boundary = eligible.get(org__name="新乡市豫北精工机械有限公司")
    assert {d["indicator"]: d["result"] for d in boundary.details} == {
        "region": "met",
        "industry": "met",
        "operating_revenue": "met",
        "employees": "met",
    }
    missing = PolicyMatch.objects.get(policy=p, org__name="新乡市华新生物饲料有限公司")
    assert missing.status == "missing"
