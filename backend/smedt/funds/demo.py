"""Demo data for 试点资金 (idempotent): the 2026 central money with a transformation line and a platform line,
one commitment to a demo pilot enterprise and a first disbursement — all through the services."""

from __future__ import annotations

from django.db import transaction

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
