"""Demo data for 惠企政策 (idempotent): three Xinxiang-plausible policies with confirmed conditions,
published, and their matches computed against the demo enterprises."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from smedt.accounts.models import User
from smedt.policies.models import MatchRun, Policy, PolicyStatus
from smedt.policies.services import policy as svc
from smedt.policies.services.matching import match_run_execute

POLICIES: list[dict[str, Any]] = [
    {
        "title": "新乡市中小企业数字化转型奖补实施细则",
        "issuer": "新乡市工业和信息化局 新乡市财政局",
        "doc_number": "新工信〔2026〕18号",
        "level": "city",
        "department": "miit",
        "support_type": "subsidy",
        "amount_max": "200.00",
        "amount_text": "按数字化改造项目实际投入的 30% 给予补助，单个企业最高 200 万元",
        "keywords": ["数字化转型", "改造补助"],
        "summary": "支持制造业中小企业实施数字化改造。",
        "body": (
            "一、支持对象\n申报企业须在新乡市辖区内注册，属于制造业企业。\n"
            "上年度营业收入不低于2000万元，从业人员1000人以下。\n"
            "二、支持标准\n按数字化改造项目实际投入的30%给予补助，单个企业最高200万元。"
        ),
        "days": 20,
    },
    {
        "title": "新乡市专精特新中小企业研发投入后补助",
        "issuer": "新乡市科学技术局",
        "doc_number": "新科〔2026〕7号",
        "level": "city",
        "department": "science",
        "support_type": "award",
        "amount_max": "50.00",
        "amount_text": "按上年度研发费用增量的 10% 给予后补助，最高 50 万元",
        "keywords": ["研发", "专精特新"],
        "summary": "鼓励企业加大研发投入。",
        "body": "上年度研发费用总额不低于100万元，且占营业收入总额比重不低于3%。企业成立满三年。",
        "days": 90,
    },
    {
        "title": "河南省制造业中小企业贷款贴息",
        "issuer": "河南省财政厅",
        "doc_number": "豫财企〔2026〕21号",
        "level": "provincial",
        "department": "finance",
        "support_type": "loan_interest",
        "amount_max": "30.00",
        "amount_text": "按贷款基准利率的 50% 贴息，单户最高 30 万元",
        "keywords": ["贷款贴息", "融资"],
        "summary": "缓解制造业中小企业融资成本。",
        "body": "申报企业为制造业企业，从业人员1000人以下，上年度营业收入不超过4亿元。",
        "days": 150,
    },
]


def policies_demo_load() -> int:
    actor = User.objects.filter(username="city_admin").first()
    if actor is None:
        return 0
    today = timezone.localdate()
    created = 0
    for spec in POLICIES:
        if Policy.objects.filter(doc_number=spec["doc_number"]).exists():
            continue
        values = {k: v for k, v in spec.items() if k != "days"}
        values.update(
            window_start=today - timedelta(days=10),
            window_end=today + timedelta(days=spec["days"]),
            issued_on=today - timedelta(days=15),
        )
        p = svc.policy_create(actor=actor, values=values, region_code="410700")
        conds = svc.conditions_extract(actor=actor, policy=p)
        svc.conditions_set(
            actor=actor,
            policy=p,
            conditions=[
                {**svc.condition_snapshot(c), "source_sentence": c.source_sentence, "confirmed": True, "proposed": True}
                for c in conds
            ],
        )
        svc.policy_publish(actor=actor, policy=p)
        created += 1
    for run in MatchRun.objects.filter(policy__status=PolicyStatus.PUBLISHED).exclude(status="done"):
        match_run_execute(run_id=run.pk)
    return created
