"""Review materials of 产品与解决方案发布 (服务商遴选 is an application campaign: the engine's materials)."""

from __future__ import annotations

from smedt.providers.models import Product
from smedt.reviews.materials import (
    Finding,
    Materials,
    MaterialSection,
    fields,
    labelled,
)

XKQZ = {"small": "小", "fast": "快", "light": "轻", "precise": "准"}


def product_materials(p: Product) -> Materials:
    from smedt.portal.services.common import scenario_names

    names = scenario_names() if p.scenarios else {}
    x = p.xkqz or {}
    findings: list[Finding] = []
    if p.pilot_discount_pct > 100 or p.subsidy_share_pct > 100:
        findings.append(Finding("error", "优惠或补贴比例超过 100%"))
    if not p.scenarios:
        findings.append(Finding("warning", "未选择业务场景"))
    return Materials(
        sections=[
            MaterialSection(
                "产品信息",
                fields(
                    ("服务商", p.org.name),
                    ("名称", p.name),
                    ("类别", "解决方案" if p.kind == "solution" else "产品"),
                    ("部署方式", p.get_deployment_mode_display()),
                    ("标准价格", f"{p.list_price} 元"),
                    ("试点企业优惠", f"{p.pilot_discount_pct}%"),
                    ("可申请补贴比例", f"{p.subsidy_share_pct}%"),
                    ("适用细分行业", labelled("pilot_sub_industry", p.sub_industries or [])),
                    ("业务场景", [names.get(s, s) for s in p.scenarios or []]),
                    ("简介", p.summary),
                    long=("简介",),
                ),
            ),
            MaterialSection("“小快轻准”特征", fields(*((label, x.get(k)) for k, label in XKQZ.items()))),
        ],
        findings=findings,
    )
