"""Review materials of 服务商遴选 and 产品与解决方案发布."""

from __future__ import annotations

from django.utils import timezone

from smedt.providers.models import Product, ProviderApplication
from smedt.reviews.materials import (
    Finding,
    MaterialAttachment,
    Materials,
    MaterialSection,
    MaterialTable,
    Opinion,
    fields,
    labelled,
    text,
)


def application_materials(app: ProviderApplication) -> Materials:
    cases = tuple(
        (text(c.get("name")), text(c.get("customer")), text(c.get("year")), text(c.get("summary")))
        for c in (app.past_cases or [])
    )
    sections = [
        MaterialSection(
            "申请信息",
            fields(
                ("服务商", app.org.name),
                ("统一社会信用代码", app.org.credit_code),
                ("遴选批次", app.batch.name),
                ("服务商类型", labelled("provider_type", app.provider_type)),
                ("服务细分行业", labelled("pilot_sub_industry", app.sub_industries or [])),
                ("员工人数", f"{app.staff_count} 人"),
                ("技术人员人数", f"{app.tech_staff_count} 人"),
                (
                    "提交时间",
                    timezone.localtime(app.submitted_at).strftime("%Y-%m-%d %H:%M") if app.submitted_at else "",
                ),
                ("资质情况", app.qualifications),
                long=("资质情况",),
            ),
        ),
        MaterialSection("典型案例", table=MaterialTable(("案例名称", "客户", "年份", "简介"), cases)),
    ]
    attachments = [MaterialAttachment(f"申请附件 {i}", str(a)) for i, a in enumerate(app.attachments or [], 1) if a]
    findings: list[Finding] = []
    if app.staff_count < 1:
        findings.append(Finding("error", "员工人数应至少为 1 人"))
    if app.tech_staff_count > app.staff_count:
        findings.append(Finding("error", "技术人员人数多于员工人数"))
    if not cases:
        findings.append(Finding("warning", "未提供典型案例"))
    if not attachments:
        findings.append(Finding("warning", "未上传资质证明等附件"))
    outside = [s for s in (app.sub_industries or []) if app.batch.sub_industries and s not in app.batch.sub_industries]
    if outside:
        findings.append(
            Finding("warning", f"部分服务细分行业不在本批次范围内：{labelled('pilot_sub_industry', outside)}")
        )
    if not findings:
        findings.append(Finding("info", "人数、案例与附件齐全"))
    opinions = [
        Opinion(s.expert_name, "评审专家", s.opinion, f"{s.total} 分", s.created_at) for s in app.scores.order_by("id")
    ]
    return Materials(sections=sections, attachments=attachments, findings=findings, opinions=opinions)


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
