"""Demo data for 试点资金 (idempotent): the 2026 central money with a transformation line and a platform line,
one commitment to a demo pilot enterprise and a first disbursement — all through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.accounts.models import User
from smedt.funds import services
from smedt.funds.models import FundSource, SourceKind
from smedt.orgs.models import Organization, OrgKind
from smedt.regions.models import Region

DEMO_SOURCE = "2026年中央中小企业发展专项资金（数字化转型方向）"
DEMO_ENTERPRISE = "新乡红旗汽车零部件有限公司"


@transaction.atomic
def funds_demo_load() -> int:
    """Returns the number of ledger entries written (0 when the demo budget exists already)."""
    actor = User.objects.filter(username="city_admin").first()
    city = Region.objects.filter(code="410700").first()
    enterprise = Organization.objects.filter(name=DEMO_ENTERPRISE, kind=OrgKind.ENTERPRISE).first()
    if actor is None or city is None or FundSource.objects.filter(name=DEMO_SOURCE).exists():
        return 0
    source = services.source_create(
        actor=actor,
        kind=SourceKind.CENTRAL,
        name=DEMO_SOURCE,
        year=2026,
        amount="10000000",
        region=city,
        document_no="财建〔2026〕示例号",
    )
    line = services.line_create(actor=actor, source=source, purpose="transformation", name="试点企业数字化改造补贴")
    platform = services.line_create(actor=actor, source=source, purpose="platform", name="公共服务平台建设")
    services.entry_allocate(actor=actor, line=line, amount="8000000", reference="新工信〔2026〕示例号")
    services.entry_allocate(actor=actor, line=platform, amount="1500000", reference="新工信〔2026〕示例号")
    written = 2
    if enterprise is not None:
        commit = services.entry_commit(actor=actor, line=line, enterprise=enterprise, amount="300000", note="示例承诺")
        assert commit.commitment is not None  # a commit entry always names its commitment
        services.entry_disburse(
            actor=actor, commitment=commit.commitment, amount="150000", reference="拨付凭证 2026-001", note="第一批"
        )
        written += 2
    return written


# --- subsidies: accepted projects, an approved and partly paid subsidy, one in review, one ready to apply -----

SUBSIDY_CAMPAIGNS = ("2026年第一批试点企业数字化改造补贴", "2026年第二批试点企业数字化改造补贴")
HUARUI = "长垣华瑞起重装备有限公司"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {
    "contact": "刘主管",
    "contact_phone": "13803730001",
    "bank_name": "中国工商银行新乡红旗支行",
    "bank_account": "6222021707000012345",
    "statement": "承诺所提供的发票、付款凭证真实有效，同一支出未重复申请其他财政资金。",
}


def _pdf(user: Any, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from smedt.files.services import attachment_upload

    return attachment_upload(actor=user, upload=SimpleUploadedFile(name, PDF, "application/pdf"))


def _accepted_project(org: Organization, user: Any, title: str, items: list[tuple[str, str, str, str]]) -> Any:
    """An accepted transformation project rated after by the enterprise's latest assessment, with invoices."""
    from smedt.assessment.models import Assessment
    from smedt.projects.models import InvestmentItem, Project, ProjectKind

    provider = Organization.objects.filter(name="新乡智造数字科技有限公司", kind=OrgKind.PROVIDER).first()
    after = Assessment.objects.filter(org=org, level__isnull=False).order_by("-submitted_at", "-id").first()
    if provider is None or after is None:
        return None
    now = timezone.now()
    project = Project.objects.create(
        kind=ProjectKind.TRANSFORMATION,
        title=title,
        enterprise=org,
        provider=provider,
        region=org.region,
        sub_industry="",
        requirement="设备联网、生产执行系统上线与质量追溯。",
        amount=sum((Decimal(a) for _, _, a, _ in items), Decimal("0")),
        status="accepted",
        status_note="验收通过",
        after_assessment=after,
        finished_at=now,
    )
    for no, name, amount, category in items:
        InvestmentItem.objects.create(
            project=project,
            name=name,
            amount=Decimal(amount),
            invoice_no=no,
            invoice_date=timezone.localdate() - timedelta(days=60),
            payment_date=timezone.localdate() - timedelta(days=50),
            cost_category=category,
            invoice=_pdf(user, f"发票{no}.pdf"),
            payment_proof=_pdf(user, f"付款凭证{no}.pdf"),
        )
    return project


def _submit(campaign: Any, user: Any, org: Organization) -> Any:
    from smedt.applications.services.submissions import prefill, submission_create, submission_submit

    values = prefill(org_id=org.pk, schema=campaign.template_version.schema)["values"]
    data = {**FORM, "eligible_investment": values["eligible_investment"], "applied_amount": values["applied_amount"]}
    app = submission_create(
        actor=user, campaign=campaign, org_id=org.pk, template_version_id=campaign.template_version_id, data=data
    )
    return submission_submit(actor=user, submission=app, template_version_id=campaign.template_version_id, data=data)


@transaction.atomic
def subsidies_demo_load() -> int:
    """Returns the number of subsidy claims made (0 when the demo campaigns exist or their parties are missing)."""
    from smedt.applications.models import Campaign, Submission
    from smedt.applications.services.review import submission_finalize
    from smedt.funds.models import SubsidyClaim
    from smedt.funds.subsidies import disburse
    from smedt.funds.subsidy_campaign import subsidy_campaign_open
    from smedt.reviews.services.requests import review_decide

    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "city_admin",
                "city_reviewer",
                "finance_officer",
                "hongqi_officer",
                "hongqi_parts_user",
                "huarui_user",
            ]
        )
    }
    hongqi = Organization.objects.filter(name=DEMO_ENTERPRISE, kind=OrgKind.ENTERPRISE).select_related("region").first()
    huarui = Organization.objects.filter(name=HUARUI, kind=OrgKind.ENTERPRISE).select_related("region").first()
    if (
        len(users) < 6
        or hongqi is None
        or huarui is None
        or Campaign.objects.filter(name=SUBSIDY_CAMPAIGNS[0]).exists()
    ):
        return 0
    city, ent = users["city_admin"], users["hongqi_parts_user"]
    now = timezone.now()
    # the fund rules are issued by 市工信局 with 市财政局, who releases the money: the demo's subsidy campaigns
    # end their review at the finance bureau (a deployment chooses with SMEDT_FUNDS_FINANCE_REVIEW)
    first = subsidy_campaign_open(
        actor=city,
        name=SUBSIDY_CAMPAIGNS[0],
        opens_at=now - timedelta(days=40),
        closes_at=now + timedelta(days=20),
        finance=True,
    )
    second = subsidy_campaign_open(
        actor=city,
        name=SUBSIDY_CAMPAIGNS[1],
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=60),
        finance=True,
    )
    made = 0
    # 红旗: first project accepted, subsidy approved and the first tranche paid with its voucher
    if _accepted_project(
        hongqi,
        ent,
        "红旗汽车零部件冲压车间数字化改造",
        [
            ("04412001", "MES 生产执行系统软件许可", "260000.00", "software"),
            ("04412002", "工业互联网平台云服务（一年）", "48000.00", "cloud"),
            ("04412003", "设备数据采集网关 12 台", "36000.00", "data_gateway"),
            ("04412004", "伺服压力机", "420000.00", "hardware"),
        ],
    ):
        app = _submit(first, ent, hongqi)
        for reviewer in (users["hongqi_officer"], users["city_reviewer"], users["finance_officer"]):
            assert app.review is not None
            review_decide(request=app.review, reviewer=reviewer, decision="approve", opinion="材料齐全，同意")
        Submission.objects.filter(pk=app.pk).update(publicity_ends_at=now - timedelta(minutes=1))
        submission_finalize(actor=city, submission=app)
        claim = SubsidyClaim.objects.get(submission=app)
        disburse(
            actor=city, claim=claim, voucher_id=_pdf(city, "第一批拨付转账回单.pdf").pk, reference="新财拨〔2026〕0137"
        )
        made += 1
        # a second project accepted later: its subsidy is in review at the county
        if _accepted_project(
            hongqi,
            ent,
            "红旗汽车零部件焊装线质量追溯改造",
            [
                ("04413001", "质量追溯系统软件", "120000.00", "software"),
                ("04413002", "扫码与数据采集终端（网关）", "30000.00", "data_gateway"),
            ],
        ):
            _submit(second, ent, hongqi)
            made += 1
    # 华瑞: an accepted project, ready to apply
    _accepted_project(
        huarui,
        users["huarui_user"],
        "华瑞起重装备智能工厂改造",
        [
            ("05521001", "起重设备远程运维平台软件", "180000.00", "software"),
            ("05521002", "云端数据存储服务", "24000.00", "cloud"),
            ("05521003", "数据采集网关 8 台", "26000.00", "data_gateway"),
            ("05521004", "焊接机器人", "350000.00", "hardware"),
        ],
    )
    return made
