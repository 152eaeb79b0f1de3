"""Demo data for the projects module (idempotent): one diagnosis project in progress, contract signed."""

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
from smedt.projects.models import Contract, ContractSignature, Project, ProjectEvent, ProjectKind

ENTERPRISE = "新乡红旗汽车零部件有限公司"
PROVIDER = "新乡智造数字科技有限公司"
TITLE = "红旗汽车零部件数字化转型咨询诊断"


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
    assert project.status in workflow.STATUS_LABELS
    return 1
