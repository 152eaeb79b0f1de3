"""Demo data for the portal: ``portal_demo_load()`` (called by ``manage.py load_demo`` after the accounts).

Idempotent: each item is looked up by its title and created only when missing. Everything goes
through the real services as the demo users (city admin, 红旗区 officer, an enterprise and a
provider user), so reviews, audit records and the search index are the real ones. All texts are
invented examples and say so (示例).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from smedt.accounts.models import User
from smedt.orgs.models import Organization
from smedt.portal.models import Announcement, Need, Offer, TypicalCase
from smedt.reviews.models import ReviewRequest
from smedt.reviews.services.requests import review_decide

NOTE = "（示例内容，仅供演示）"

# (category, title, summary, body, region)
ANNOUNCEMENTS = [
    (
        "policy",
        "【示例】新乡市中小企业数字化转型城市试点实施方案",
        "围绕起重装备、高端医疗器械及卫材、汽车零部件、新型化工等细分行业，分批推动中小企业数字化改造。",
        "<p>为贯彻落实中小企业数字化转型城市试点工作部署，结合我市实际，制定本方案。</p>"
        "<h3>一、工作目标</h3><p>聚焦试点细分行业，遴选试点企业，培育一批“小快轻准”数字化产品和服务商。</p>"
        "<h3>二、支持方式</h3><p>对完成数字化改造并通过验收的试点企业，按规定给予资金支持。</p>",
        "410700",
    ),
    (
        "policy",
        "【示例】数字化转型试点资金管理办法（征求意见稿）",
        "明确试点资金的支持对象、申报条件、审核流程与绩效管理。",
        "<p>试点资金实行“企业申报、县区初审、市级复审”的流程，资金拨付以验收结果为依据。</p>",
        "410700",
    ),
    (
        "news",
        "【示例】我市召开中小企业数字化转型试点推进会",
        "市工信局组织试点企业、服务商代表交流改造进展。",
        "<p>会议通报了试点工作进展，服务商代表介绍了轻量化MES、设备联网等解决方案。</p>",
        "410700",
    ),
    (
        "news",
        "【示例】红旗区开展汽车零部件企业数字化诊断活动",
        "区工信局组织服务商走进企业开展免费诊断。",
        "<p>本次诊断覆盖区内汽车零部件企业，形成“一企一策”改造建议。</p>",
        "410702",
    ),
    (
        "supply_demand",
        "【示例】汽车零部件行业数字化供需对接会报名通知",
        "面向汽车零部件企业和数字化服务商征集对接需求与解决方案。",
        "<p>请有意参会的企业和服务商在平台“供需对接”栏目发布需求或供给。</p>",
        "410700",
    ),
    (
        "scenario_need",
        "【示例】起重装备行业典型场景需求清单",
        "梳理起重装备企业在计划排程、设备管理、质量管控等场景的共性需求。",
        "<p>重点场景：计划排程、生产管控、设备管理、质量管控、售后服务（远程运维）。</p>",
        "410700",
    ),
]

CASES: list[dict[str, Any]] = [
    {
        "title": "【示例】汽车零部件企业数字化改造提升交付能力",
        "summary": "引入轻量化MES与质量追溯系统，实现计划排程与质量数据贯通。",
        "enterprise": "新乡红旗汽车零部件有限公司",
        "provider": "新乡智造数字科技有限公司",
        "product_name": "轻量化MES（示例）",
        "sub_industry": "auto_parts",
        "scenario_codes": ["S05", "S09"],
        "investment": Decimal("860000.00"),
        "level_before": 1,
        "level_after": 3,
        "efficiency": [
            {"name": "订单准时交付率", "before": "82", "after": "95", "unit": "%"},
            {"name": "不良品率", "before": "2.4", "after": "1.1", "unit": "%"},
        ],
        "story": "<p>企业原有生产计划依赖人工排产，质量数据分散在纸质记录中。改造后实现排程自动化与质量追溯。</p>",
        "region": "410702",
    },
    {
        "title": "【示例】起重装备企业设备联网与远程运维",
        "summary": "关键设备联网，售后服务由被动维修转为远程诊断。",
        "enterprise": "长垣华瑞起重装备有限公司",
        "provider": "河南中原工业互联网服务有限公司",
        "product_name": "设备联网平台（示例）",
        "sub_industry": "lifting_equipment",
        "scenario_codes": ["S04", "S07"],
        "investment": Decimal("1200000.00"),
        "level_before": 2,
        "level_after": 3,
        "efficiency": [{"name": "设备综合效率", "before": "61", "after": "74", "unit": "%"}],
        "story": "<p>通过设备联网采集运行数据，建立售后远程诊断机制，服务响应时间明显缩短。</p>",
        "region": "410783",
    },
]


def _user(username: str) -> User | None:
    found: User | None = User.objects.filter(username=username).first()
    return found


def _approve(target: Any, reviewer: Any) -> None:
    request = (
        ReviewRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk), status="pending"
        )
        .order_by("-id")
        .first()
    )
    if request is not None:
        review_decide(request=request, reviewer=reviewer, decision="approve", opinion="同意发布（示例）")


@transaction.atomic
def portal_demo_load() -> int:
    """Create the demo portal content that is missing; returns the number of items created."""
    from smedt.portal.services import announcements as ann
    from smedt.portal.services import cases
    from smedt.portal.services import supply_demand as sd

    city = _user("city_admin")
    city_reviewer = _user("city_reviewer")
    county = _user("hongqi_officer")
    county_reviewer = _user("hongqi_reviewer")
    county_b = _user("changyuan_officer")
    enterprise_user = _user("hongqi_parts_user")
    provider_user = _user("zhizao_user")
    if not (city and city_reviewer and county and county_reviewer and county_b and enterprise_user and provider_user):
        return 0  # the demo accounts come first (load_demo)
    created = 0
    for category, title, summary, body, region in ANNOUNCEMENTS:
        if Announcement.objects.filter(title=title).exists():
            continue
        author = city if region == "410700" else county
        a = ann.announcement_create(
            actor=author,
            category=category,
            title=title,
            summary=summary,
            body=body + f"<p>{NOTE}</p>",
            region_code=region,
            source="新乡市工业和信息化局（示例）",
            tags=["示例"],
        )
        ann.announcement_submit(actor=author, announcement=a)
        # separation of duties: a colleague of the author decides
        _approve(a, city_reviewer if author is city else county_reviewer)
        created += 1
    first = Announcement.objects.filter(title=ANNOUNCEMENTS[0][1]).first()
    if first is not None and not first.pinned and first.status == "published":
        ann.announcement_pin(actor=city, announcement=first, pinned=True)

    for spec in CASES:
        if TypicalCase.objects.filter(title=spec["title"]).exists():
            continue
        enterprise = Organization.objects.filter(name=spec["enterprise"]).first()
        provider = Organization.objects.filter(name=spec["provider"]).first()
        editor = county if spec["region"] == "410702" else county_b
        data = {
            k: spec[k]
            for k in (
                "title",
                "summary",
                "product_name",
                "sub_industry",
                "scenario_codes",
                "investment",
                "level_before",
                "level_after",
                "efficiency",
                "story",
            )
        }
        data["story"] += f"<p>{NOTE}</p>"
        data.update(
            enterprise_id=enterprise.pk if enterprise else None,
            enterprise_name=spec["enterprise"],
            provider_id=provider.pk if provider else None,
            provider_name=spec["provider"],
        )
        c = cases.case_create(actor=editor, region_code=spec["region"], data=data)
        cases.case_consent_record(actor=editor, case=c, person="企业负责人（示例）", note="企业书面同意公开（示例）")
        cases.case_publish(actor=editor, case=c)
        created += 1

    need_title = "【示例】汽车零部件生产计划排程数字化需求"
    enterprise = Organization.objects.filter(name="新乡红旗汽车零部件有限公司").first()
    if enterprise is not None and not Need.objects.filter(title=need_title).exists():
        n = sd.need_create(
            actor=enterprise_user,
            org_id=enterprise.pk,
            title=need_title,
            problem="多品种小批量订单增多，人工排产难以及时响应插单，希望引入排程工具并与现有ERP对接。" + NOTE,
            scenario_code="S05",
            sub_industry="auto_parts",
            budget_min=Decimal("100000.00"),
            budget_max=Decimal("300000.00"),
            deadline=timezone.localdate() + timedelta(days=90),
        )
        sd.need_submit(actor=enterprise_user, need=n)
        _approve(n, city)
        created += 1
    offer_title = "【示例】离散制造轻量化排程解决方案"
    provider = Organization.objects.filter(name="新乡智造数字科技有限公司").first()
    if provider is not None and not Offer.objects.filter(title=offer_title).exists():
        o = sd.offer_create(
            actor=provider_user,
            org_id=provider.pk,
            title=offer_title,
            description="SaaS 化排程工具，支持插单重排、产能负荷分析，可与主流 ERP 对接。" + NOTE,
            scenario_codes=["S05", "S06"],
            sub_industries=["auto_parts", "lifting_equipment"],
            product_name="智造排程云（示例）",
        )
        sd.offer_submit(actor=provider_user, offer=o)
        _approve(o, city)
        created += 1
    return created
