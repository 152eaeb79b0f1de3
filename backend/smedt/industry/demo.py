"""Demo data for 产业服务 (idempotent): the demo enterprises on their chains (样板 / 复制推广, with
transformation dates), a year of monthly operating reports confirmed by their counties, and the latest
period left open for 华瑞起重 so the demo can report it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from smedt.accounts.models import User
from smedt.industry import config, services
from smedt.industry.models import Chain, ChainMember, OperatingReport
from smedt.industry.services import ValueIn
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.orgs.services import org_create
from smedt.rbac.grants import forget_grants
from smedt.rbac.models import Role, RoleAssignment

# (name, first 17 of the credit code, region, chain, link stage, role, transformed months ago, base revenue)
MEMBERS = [
    ("长垣华瑞起重装备有限公司", None, "410783", "lifting_equipment", "midstream", "model", 6, 900),
    ("长垣豫起机械有限公司", "91410783MA4AGK1N7", "410783", "lifting_equipment", "midstream", "follower", 3, 520),
    ("长垣恒达起重部件有限公司", "91410783MA4BHL2P8", "410783", "lifting_equipment", "upstream", "follower", None, 260),
    ("新乡红旗汽车零部件有限公司", None, "410702", "auto_parts", "midstream", "model", 5, 1200),
    ("新乡卫滨医用卫材有限公司", None, "410703", "medical_devices", "midstream", "model", 4, 640),
]
CONFIRMERS = {"410783": "changyuan_officer", "410702": "hongqi_officer"}
OPEN_FOR_DEMO = "长垣华瑞起重装备有限公司"


def _reporter(org: Organization) -> User:
    """The org's demo user, or a demo reporter account for the extra enterprises."""
    ra = RoleAssignment.objects.filter(org=org, role__code="enterprise_user").select_related("user").first()
    if ra is not None:
        return ra.user
    username = f"reporter_{org.pk}"
    user: User = User.objects.filter(username=username).first() or User.objects.create_user(
        username=username, password=None, display_name=f"{org.name[:10]} 填报员"
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.objects.get(code="enterprise_user"), org=org)
    forget_grants(user)
    return user


def _figures(base: int, n: int, months_after: int | None, total: int) -> dict[str, Decimal]:
    """A plausible month: slow growth, faster after the transformation."""
    after = months_after is not None and n >= total - months_after
    growth = Decimal("1.01") ** n * (Decimal("1.12") if after else Decimal(1))
    revenue = (Decimal(base) * growth).quantize(Decimal("0.01"))
    return {
        "revenue": revenue,
        "output_value": (revenue * Decimal("1.05")).quantize(Decimal("0.01")),
        "profit": (revenue * Decimal("0.08")).quantize(Decimal("0.01")),
        "tax": (revenue * Decimal("0.05")).quantize(Decimal("0.01")),
        "electricity": (revenue * Decimal("0.3")).quantize(Decimal("0.01")),
        "employees": Decimal(base // 5),
        "rd_expense": (revenue * Decimal("0.04")).quantize(Decimal("0.01")),
        "orders": (revenue * Decimal("1.1")).quantize(Decimal("0.01")),
        "capacity_utilization": Decimal("78") + (Decimal(8) if after else Decimal(0)),
    }


@transaction.atomic
def industry_demo_load() -> int:
    """Returns the number of reports written (0 when the demo memberships exist already)."""
    services.chains_load()
    city_admin = User.objects.filter(username="city_admin").first()
    if city_admin is None or ChainMember.objects.exists():
        return 0
    current = config.period_current_due(timezone.localdate())
    periods = config.periods_back(current, 12)
    written = 0
    for name, first17, region, chain_code, stage, role, months_ago, base in MEMBERS:
        org = Organization.objects.filter(name=name, kind=OrgKind.ENTERPRISE).first()
        if org is None and first17:
            org = org_create(
                actor=None,
                name=name,
                credit_code_value=make_valid(first17),
                kind=OrgKind.ENTERPRISE,
                region_code=region,
                status=OrgStatus.ACTIVE,
                industry_code="C3432",
                contact_name="联系人",
                contact_phone="13800000000",
            )
        chain = Chain.objects.filter(code=chain_code).first()
        if org is None or chain is None:
            continue
        link = chain.links.filter(stage=stage).first()
        assert link is not None  # every shipped chain has each stage
        transformed = periods[len(periods) - 1 - months_ago].start if months_ago is not None else None
        services.member_add(
            actor=city_admin,
            chain=chain,
            org_id=org.pk,
            link_id=link.pk,
            role=role,
            transformed_on=transformed if role != "member" else None,
        )
        reporter = _reporter(org)
        confirmer = User.objects.filter(username=CONFIRMERS.get(region, "city_admin")).first() or city_admin
        for n, period in enumerate(periods):
            last = n == len(periods) - 1
            if last and name == OPEN_FOR_DEMO:
                continue
            figures = _figures(base, n, months_ago, len(periods))
            report = services.report_save(
                actor=reporter,
                org_id=org.pk,
                period=period.code,
                values=[ValueIn(k, v, "改造投产后产量提升") for k, v in figures.items()],
            )
            services.report_submit(actor=reporter, report=report)
            if not last or role == "model":
                services.report_confirm(actor=confirmer, report=OperatingReport.objects.get(pk=report.pk))
            written += 1
    return written
