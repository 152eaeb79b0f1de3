"""Demo data for the projects module (idempotent): one diagnosis project in progress, contract signed, with the
findings the provider has recorded so far (equipment, quality, scheduling, data rules)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from smedt.gmcrypto.sm2 import sm2_sign
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.orgs.models import Organization, OrgKind
from smedt.projects import services, workflow
from smedt.projects.keys import org_keypair, org_private_key
from smedt.projects.models import (
    Contract,
    ContractSignature,
    DiagnosisFinding,
    FindingSeverity,
    Project,
    ProjectEvent,
    ProjectKind,
)

ENTERPRISE = "新乡红旗汽车零部件有限公司"
PROVIDER = "新乡智造数字科技有限公司"
TITLE = "红旗汽车零部件数字化转型咨询诊断"
# (scene, free title, severity, description, suggestion)
FINDINGS = [
    (
        "S08",
        "",
        FindingSeverity.HIGH,
        "冲压线 12 台压力机、焊接线 8 台焊接机器人未联网，设备状态和停机原因靠班组纸质记录，无法统计设备综合效率（OEE）。",
        "部署边缘采集网关，采集压力机与焊接机器人的运行、报警数据，接入设备管理系统，建立 OEE 看板和点检、保养计划。",
    ),
    (
        "S07",
        "",
        FindingSeverity.HIGH,
        "焊点检测结果只记在纸质检验单上，产品批次与工艺参数无法关联，主机厂质量投诉时需人工翻查 2～3 天。",
        "以产品批次码贯通冲压、焊接、检验工序，自动采集焊接电流、电压等关键参数，建设质量追溯模块，做到按件号 10 分钟内追溯。",
    ),
    (
        "S05",
        "",
        FindingSeverity.MEDIUM,
        "主机厂滚动订单由计划员用 Excel 手工排产，插单时各工序计划靠电话通知调整，月度计划达成率约 85%。",
        "在 MES 中启用排程功能，与 ERP 订单、库存数据联动，插单时自动重排并下发到工位终端。",
    ),
    (
        "",
        "数据管理制度缺失",
        FindingSeverity.LOW,
        "设备、质量数据没有明确的责任部门和填报规范，各车间统计口径不一致。",
        "制定企业数据管理办法，明确数据责任人、采集频率和口径，并纳入车间绩效考核。",
    ),
]


@transaction.atomic
def projects_demo_load() -> int:
    """Returns 1 when the demo project was created, 0 when it existed or its parties are missing.

    Needs the registries demo first (the enterprise in the pilot library, the provider in the pool).
    """
    enterprise = Organization.objects.filter(name=ENTERPRISE, kind=OrgKind.ENTERPRISE).select_related("region").first()
    provider = Organization.objects.filter(name=PROVIDER, kind=OrgKind.PROVIDER).first()
    if enterprise is None or provider is None or Project.objects.filter(title=TITLE).exists():
        return 0
    from smedt.enterprises.models import PilotEnterprise

    pilot = PilotEnterprise.objects.filter(org=enterprise).first()
    project = Project.objects.create(
        kind=ProjectKind.DIAGNOSIS,
        title=TITLE,
        enterprise=enterprise,
        provider=provider,
        region=enterprise.region,
        sub_industry=pilot.sub_industry if pilot else "auto_parts",
        requirement="梳理冲压、焊接产线的设备联网与质量追溯现状，对照 2024 年版评测指标给出改造路线。",
        amount=Decimal("80000.00"),
        status="diagnosing",
        step_due_at=timezone.now() + timedelta(days=45),
    )
    number = f"HT{timezone.localdate():%Y%m%d}{project.pk:06d}"
    pdf = services._render_pdf(project, number)
    contract = Contract.objects.create(
        project=project, number=number, pdf=pdf, digest=sm3_hex(pdf), size=len(pdf), rendered_at=timezone.now()
    )
    for party, org in (("enterprise", enterprise), ("provider", provider)):
        pair = org_keypair(org.pk)
        ContractSignature.objects.create(
            contract=contract,
            org=org,
            party=party,
            signer_name="演示数据",
            public_key=pair.public_key,
            signature=sm2_sign(org_private_key(pair), pdf, public_hex=pair.public_key).hex(),
            signed_at=timezone.now(),
        )
    for action, before, after in (
        ("create", "", "pending_provider"),
        ("confirm", "pending_provider", "contracting"),
        ("contract_signed", "contracting", "diagnosing"),
    ):
        ProjectEvent.objects.create(
            project=project, action=action, from_status=before, to_status=after, actor_name="演示数据"
        )
    DiagnosisFinding.objects.bulk_create(
        DiagnosisFinding(
            project=project,
            position=n,
            scene=scene,
            title=title,
            severity=severity,
            description=description,
            suggestion=suggestion,
        )
        for n, (scene, title, severity, description, suggestion) in enumerate(FINDINGS, start=1)
    )
    assert project.status in workflow.FINDINGS_OPEN
    return 1
