"""Demo data for 惠企政策 (idempotent): a cohort of Xinxiang enterprises with 一企一档 figures (imported
like government data, so matching reads them through the fact providers like any other), their consent to
policy-push SMS, and three Xinxiang-plausible policies with confirmed conditions, published and matched.

The cohort is built so that a policy "在新乡市注册、制造业、上年度营业收入不低于10000万元、从业人员1000人以下"
finds exactly 37 eligible enterprises: 长垣华瑞 (21,300 万元) and 36 cohort members (one exactly at both
thresholds); the others fail one condition (revenue, industry, headcount) or lack the revenue figure, and
none lies between 5,000 and 10,000 万元, so lowering the threshold to 5,000 adds only 新乡红旗汽车零部件."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
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


COUNTIES = (
    "410702",
    "410703",
    "410704",
    "410711",
    "410721",
    "410724",
    "410725",
    "410726",
    "410727",
    "410781",
    "410782",
)
MAKERS = (
    "豫北精工机械",
    "牧野新材料",
    "获嘉恒通电机",
    "原阳金穗食品",
    "延津丰源面业",
    "封丘宏达纺织",
    "卫辉振兴电缆",
    "辉县太行水泥制品",
    "凤泉昌盛化工",
    "新乡县鑫源钢构",
    "平原智能装备",
    "北站液压件",
    "豫新环保设备",
    "华中滤清器",
    "中科电池材料",
    "鼎立起重部件",
    "同盛汽车配件",
    "奥达制药装备",
    "嘉禾包装材料",
    "恒瑞轴承",
    "新飞制冷部件",
    "天利电子元件",
    "宏图木业",
    "金河塑胶",
    "远航农机",
    "博远铸造",
    "永和医疗器械",
    "兴业纸业",
    "瑞丰精密模具",
    "天成变压器",
    "润泽生物科技",
    "联创光伏组件",
    "德润阀门",
    "广源线缆",
    "诚信汽车电器",
    "新能新材料",
)  # 36 eligible manufacturers
# (name, industry, revenue 万元 or None, employees): one condition fails, or the revenue is missing
OTHERS = (
    ("新乡市乾元纺织有限公司", "C1711", "4300.00", 210),
    ("新乡市润华五金制品有限公司", "C3389", "3200.00", 95),
    ("新乡市中建宏业建筑工程有限公司", "E4790", "15600.00", 380),
    ("新乡市百汇商贸有限公司", "F5139", "12800.00", 60),
    ("新乡市重型机床制造有限公司", "C3421", "26500.00", 1200),
    ("新乡市华新生物饲料有限公司", "C1329", None, 140),
)
NO_CONSENT = {2, 17}  # positions in MAKERS that have not agreed to policy-push SMS
FAILS_DELIVERY = 30  # its contact number ends in 4444: the local test gateway reports it undeliverable


def _cohort() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i, name in enumerate(MAKERS):
        boundary = i == 0  # exactly at both thresholds: still eligible (不低于 / 以下 include the number)
        rows.append(
            {
                "name": f"新乡市{name}有限公司",
                "industry": ("C3441", "C2929", "C3812", "C1431", "C1311", "C1713", "C3831")[i % 7],
                "revenue": "10000.00" if boundary else f"{10400 + i * 1370}.00",
                "employees": 1000 if boundary else 120 + i * 23,
                "consent": i not in NO_CONSENT,
                "phone": "13937304444" if i == FAILS_DELIVERY else f"1393730{i + 1:04d}",
                "county": COUNTIES[i % len(COUNTIES)],
            }
        )
    for j, (name, industry, revenue, employees) in enumerate(OTHERS):
        rows.append(
            {
                "name": name,
                "industry": industry,
                "revenue": revenue,
                "employees": employees,
                "consent": True,
                "phone": f"1393731{j + 1:04d}",
                "county": COUNTIES[(j * 5) % len(COUNTIES)],
            }
        )
    return rows


def cohort_demo_load() -> int:
    """The cohort enterprises with their profile and 2025 figures, and the SMS consents (also 华瑞's)."""
    from smedt.enterprises.models import FactSource
    from smedt.enterprises.services.profile import figure_apply, profile_apply, profile_for_org
    from smedt.notify.models import SmsConsent
    from smedt.orgs.credit_code import make_valid
    from smedt.orgs.models import Organization, OrgKind
    from smedt.orgs.services import org_create

    created = 0
    for i, row in enumerate(_cohort()):
        code = make_valid(f"91{row['county']}MA7{i:03d}K8X")
        org = Organization.objects.filter(credit_code=code).first()
        if org is not None:
            continue
        org = org_create(
            actor=None,
            name=row["name"],
            credit_code_value=code,
            kind=OrgKind.ENTERPRISE,
            region_code=row["county"],
            industry_code=row["industry"],
            contact_name="办公室",
            contact_phone=row["phone"],
        )
        profile = profile_for_org(org=org)
        profile_apply(
            profile=profile,
            values={"industry_code": row["industry"], "founded_on": date(2006 + i % 12, 1 + i % 12, 8)},
            source=FactSource.GOVERNMENT_IMPORT,
            actor=None,
            evidence=None,
        )
        figures: dict[str, Any] = {"employees": row["employees"]}
        if row["revenue"] is not None:
            figures["operating_revenue"] = Decimal(row["revenue"])
            figures["rd_expense"] = (Decimal(row["revenue"]) * Decimal("0.032")).quantize(Decimal("0.01"))
        figure_apply(
            profile=profile, year=2025, values=figures, source=FactSource.GOVERNMENT_IMPORT, actor=None, evidence=None
        )
        if row["consent"]:
            SmsConsent.objects.get_or_create(org=org)
        created += 1
    huarui = Organization.objects.filter(name="长垣华瑞起重装备有限公司").first()
    huarui_user = User.objects.filter(username="huarui_user").first()
    if huarui is not None and not SmsConsent.objects.filter(org=huarui).exists():
        SmsConsent.objects.create(org=huarui, given_by=huarui_user)
    return created


def policies_demo_load() -> int:
    actor = User.objects.filter(username="city_admin").first()
    if actor is None:
        return 0
    cohort_demo_load()
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
