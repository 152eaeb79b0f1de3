"""Funds test setup: a central source with a transformation line, and a county's matching funds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from smedt.core.tests.helpers import PDF_BYTES
from smedt.files.services import attachment_upload
from smedt.funds import services
from smedt.funds.models import BudgetLine, FundSource
from smedt.funds.subsidy_campaign import subsidy_campaign_open
from smedt.regions.models import Region


@dataclass
class Budget:
    central: FundSource
    transformation: BudgetLine  # central, city-wide, 1,000,000.00 allocated
    county_source: FundSource
    county_line: BudgetLine  # 红旗区 matching funds, 200,000.00 allocated


@pytest.fixture
def budget(city_admin: Any) -> Budget:
    city = Region.objects.get(code="410700")
    county = Region.objects.get(code="410702")
    central = services.source_create(
        actor=city_admin, kind="central", name="中央中小企业发展专项资金", year=2026, amount="5000000", region=city
    )
    line = services.line_create(actor=city_admin, source=central, purpose="transformation", name="改造补贴")
    services.entry_allocate(actor=city_admin, line=line, amount="1000000")
    county_source = services.source_create(
        actor=city_admin, kind="county", name="红旗区配套资金", year=2026, amount="500000", region=county
    )
    county_line = services.line_create(
        actor=city_admin, source=county_source, purpose="transformation", name="红旗区改造补贴"
    )
    services.entry_allocate(actor=city_admin, line=county_line, amount=Decimal("200000"))
    line.refresh_from_db()
    county_line.refresh_from_db()
    return Budget(central, line, county_source, county_line)


def _file(user: Any, name: str) -> Any:
    return attachment_upload(actor=user, upload=SimpleUploadedFile(name, PDF_BYTES, "application/pdf"))


def accepted_project(enterprise: Any, user: Any, provider: Any, *, invoice_prefix: str = "INV") -> Any:
    """An accepted transformation project rated 二级 after, with four invoices (three eligible: 300,000.00)."""
    from smedt.assessment.services.indicator_sets import indicator_sets_load
    from smedt.assessment.tests.factories import full_document, make_submitted
    from smedt.projects.models import InvestmentItem, Project

    indicator_set = indicator_sets_load()[0].indicator_set
    after = make_submitted(org=enterprise, indicator_set=indicator_set, doc=full_document(indicator_set), user=user)
    type(after).objects.filter(pk=after.pk).update(level=2)
    project = Project.objects.create(
        kind="transformation",
        title="冲压车间设备联网改造",
        enterprise=enterprise,
        provider=provider,
        region=enterprise.region,
        amount=Decimal("400000.00"),
        status="accepted",
        after_assessment=after,
        finished_at=timezone.now(),
    )
    today = timezone.localdate()
    for no, name, amount, cat in (
        (f"{invoice_prefix}-001", "MES 软件许可", "200000.00", "software"),
        (f"{invoice_prefix}-002", "工业云平台服务", "60000.00", "cloud"),
        (f"{invoice_prefix}-003", "数据采集网关", "40000.00", "data_gateway"),
        (f"{invoice_prefix}-004", "数控机床", "300000.00", "hardware"),
    ):
        InvestmentItem.objects.create(
            project=project,
            name=name,
            amount=Decimal(amount),
            invoice_no=no,
            invoice_date=today,
            payment_date=today,
            cost_category=cat,
            invoice=_file(user, f"发票{no}.pdf"),
            payment_proof=_file(user, f"付款{no}.pdf"),
        )
    return project


@pytest.fixture
def accepted(enterprise_a: Any, enterprise_a_user: Any, provider_org: Any) -> Any:
    """An accepted transformation project of enterprise A, rated 二级 after, with four invoices."""
    return accepted_project(enterprise_a, enterprise_a_user, provider_org)


@pytest.fixture
def campaign(city_admin: Any) -> Any:
    now = timezone.now()
    return subsidy_campaign_open(
        actor=city_admin,
        name="2026年第一批数字化改造补贴",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
