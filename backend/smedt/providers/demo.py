"""Demo data for the provider registries (idempotent): the demo providers in the pool, one published product each."""

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
