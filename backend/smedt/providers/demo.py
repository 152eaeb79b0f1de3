"""Demo data for the provider registries (idempotent): the demo providers in the pool, one published product each,
a pending complaint, the city's manual score and this year's scorecards computed from the platform's records."""

from __future__ import annotations

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
