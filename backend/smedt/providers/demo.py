"""Demo data for the provider registries (idempotent): the demo providers in the pool (admitted through the demo
服务商遴选 campaign of the application engine), one published product each,
a pending complaint, the city's manual score and this year's scorecards computed from the platform's records."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from smedt.orgs.models import Organization, OrgKind
from smedt.providers.models import Product, ProviderPoolMember
from smedt.providers.services import product_search_sync

DEMO = {
    "新乡智造数字科技有限公司": (
        "integrator",
        ["auto_parts", "lifting_equipment"],
        "智造云 MES 轻量版",
        ["S05", "S06", "S07"],
    ),
    "河南中原工业互联网服务有限公司": (
        "light_product",
        ["medical_devices", "auto_parts"],
        "设备联网与能耗看板",
        ["S09", "S12"],
    ),
}


@transaction.atomic
def providers_demo_load() -> int:
    created = 0
    for name, (ptype, subs, product, scenarios) in DEMO.items():
        org = Organization.objects.filter(name=name, kind=OrgKind.PROVIDER).select_related("region").first()
        if org is None:
            continue
        _, new = ProviderPoolMember.objects.get_or_create(
            org=org, defaults={"region": org.region, "provider_type": ptype, "sub_industries": subs}
        )
        created += int(new)
        if not Product.objects.filter(org=org, name=product).exists():
            p = Product.objects.create(
                org=org,
                name=product,
                kind="product",
                summary=f"{name}面向试点细分行业的“小快轻准”产品。",
                xkqz={
                    "small": "按模块订阅",
                    "fast": "两周内上线",
                    "light": "云端部署免运维",
                    "precise": "聚焦细分行业关键场景",
                },
                sub_industries=subs,
                scenarios=scenarios,
                deployment_mode="saas",
                list_price=Decimal("68000.00"),
                pilot_discount_pct=Decimal("20.00"),
                subsidy_share_pct=Decimal("50.00"),
                status="published",
                published_at=timezone.now(),
            )
            product_search_sync(p)  # into the portal's full-text search, like a city approval
            created += 1
    created += provider_selection_demo_load()
    return created


SELECTION_NAME = "2026年度数字化服务商遴选"
SCORE_ITEMS = [
    {"key": "capability", "name": "技术能力与团队", "max_score": "40"},
    {"key": "cases", "name": "典型案例与成效", "max_score": "40"},
    {"key": "service", "name": "本地化服务能力", "max_score": "20"},
]


def provider_selection_demo_load() -> int:
    """服务商遴选 as a campaign of the application engine: the shipped template (published), an open campaign, and
    the demo providers' admitted submissions (their pool membership points at them)."""
    from smedt.accounts.models import User
    from smedt.applications.models import Campaign, Submission, SubmissionScore
    from smedt.applications.services.campaigns import campaign_create, campaign_open
    from smedt.applications.services.templates import template_published_or_create
    from smedt.providers.selection import CAMPAIGN_DEFAULTS, provider_template

    city = User.objects.filter(username="city_admin").first()
    if city is None or Campaign.objects.filter(name=SELECTION_NAME).exists():
        return 0
    doc = provider_template()
    version = template_published_or_create(
        actor=city, name=doc["name"], description=doc["description"], schema=doc["form"]
    )
    now = timezone.now()
    campaign = campaign_create(
        actor=city,
        values={
            **CAMPAIGN_DEFAULTS,
            "name": SELECTION_NAME,
            "description": "面向全市数字化服务商，遴选服务能力强、案例成效好的服务商进入数字化服务商库，承接试点企业改造项目。",
            "template_version_id": version.pk,
            "opens_at": now - timedelta(days=40),
            "closes_at": now + timedelta(days=20),
            "quota": 20,
            "score_items": SCORE_ITEMS,
            "min_expert_scores": 1,
            "publicity_days": 5,
        },
    )
    campaign_open(actor=city, campaign=campaign)
    expert = User.objects.filter(username="expert_sun").first()
    created = 1
    for name, (ptype, subs, _product, _scenarios) in DEMO.items():
        member = (
            ProviderPoolMember.objects.filter(org__name=name, submission__isnull=True).select_related("org").first()
        )
        if member is None:
            continue
        decided = now - timedelta(days=10)
        sub = Submission.objects.create(
            campaign=campaign,
            template_version=version,
            org=member.org,
            region=member.region,
            status="approved",
            data={
                "provider_type": ptype,
                "sub_industries": subs,
                "qualifications": "ISO 9001 质量管理体系认证；软件企业证书；两化融合管理体系评定。",
                "staff_count": "86",
                "tech_staff_count": "52",
                "past_cases": [
                    {
                        "name": "离散制造车间数字化改造",
                        "customer": "新乡某装备制造企业",
                        "year": "2025",
                        "summary": "MES 上线，设备联网率提升至 90%",
                    },
                ],
                "attachments": [],
            },
            submitted_at=now - timedelta(days=30),
            publicity_starts_at=decided - timedelta(days=5),
            publicity_ends_at=decided,
            decided_at=decided,
            created_by=city,
        )
        if expert is not None:
            SubmissionScore.objects.create(
                submission=sub,
                expert=expert,
                expert_name=str(getattr(expert, "display_name", "") or expert.username),
                marks={"capability": "34", "cases": "33", "service": "17"},
                total=Decimal("84"),
                opinion="技术团队稳定，本地案例扎实，同意推荐入库。",
            )
        member.submission = sub
        member.save(update_fields=["submission", "updated_at"])
        created += 1
    return created


COMPLAINING_ENTERPRISE = "新乡红旗汽车零部件有限公司"


def ratings_demo_load() -> int:
    """A pending complaint and a manual 主管部门 score for the first demo provider, then this year's scorecard of
    every pool provider that has none yet — through the compute path, like the city's 计算评级 button.

    load_demo runs it after the projects demo so the demo project counts; a second run only adds what is missing.
    """
    from smedt.providers.models import ProviderComplaint, ProviderRating, RatingManualScore
    from smedt.providers.ratings import compute_for_orgs, scheme_active

    created = 0
    year = timezone.localdate().year
    provider = Organization.objects.filter(name=next(iter(DEMO)), kind=OrgKind.PROVIDER).first()
    enterprise = Organization.objects.filter(name=COMPLAINING_ENTERPRISE, kind=OrgKind.ENTERPRISE).first()
    if provider is not None and enterprise is not None and not ProviderComplaint.objects.exists():
        ProviderComplaint.objects.create(
            enterprise=enterprise,
            provider=provider,
            title="现场服务响应慢",
            content="设备联网调试阶段，现场问题反馈后三个工作日未得到响应，影响产线计划。",
        )
        created += 1
    if provider is not None:
        scheme = scheme_active()
        manual = [d["key"] for d in scheme.dimensions if d.get("source") == "manual"]
        for key in manual:
            _, new = RatingManualScore.objects.get_or_create(
                org=provider, year=year, dimension=key, defaults={"score": Decimal("85.00"), "note": "演示：年度评价"}
            )
            created += int(new)
    rated = set(ProviderRating.objects.filter(year=year).values_list("org_id", flat=True))
    orgs = [
        m.org
        for m in ProviderPoolMember.objects.select_related("org__region").order_by("org_id")
        if m.org_id not in rated
    ]
    if orgs:
        created += len(compute_for_orgs(actor=None, orgs=orgs, year=year)[0])
    return created
