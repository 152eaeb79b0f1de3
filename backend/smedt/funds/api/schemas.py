"""Schemas of /api/funds (separate In and Out)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema

Money = Decimal


class OptionOut(Schema):
    value: str
    label: str


class MetaOut(Schema):
    source_kinds: list[OptionOut]
    purposes: list[OptionOut]
    entry_kinds: list[OptionOut]
    central_transformation_min_pct: Decimal
    version: str
    allowed_actions: list[str] = []


class SourceCreateIn(InSchema):
    kind: str = Field(max_length=16, description="资金类别")
    name: str = Field(max_length=200, description="资金名称")
    year: int = Field(ge=2000, le=2100, description="年度")
    amount: Decimal = Field(gt=0, max_digits=16, decimal_places=2, description="资金总额（元）")
    region_code: str = Field(max_length=12, description="区划代码：县级配套资金填县区，其余填市级")
    document_no: str = Field("", max_length=100, description="文号")


class SourceFilter(InSchema):
    year: int | None = Field(None, ge=2000, le=2100)
    kind: str | None = Field(None, max_length=16)


class SourceOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    year: int
    amount: Decimal
    allocated: Decimal
    unallocated: Decimal
    other_purpose_cap: Decimal
    other_allocated: Decimal
    region_code: str
    region_name: str
    document_no: str
    created_at: datetime


class LineCreateIn(InSchema):
    source_id: int
    purpose: str = Field(max_length=32, description="用途类别")
    name: str = Field(max_length=200, description="科目名称")
    region_code: str | None = Field(None, max_length=12, description="区划代码（默认为资金来源的区划）")


class LineFilter(InSchema):
    year: int | None = Field(None, ge=2000, le=2100)
    source_id: int | None = None
    purpose: str | None = Field(None, max_length=32)
    region_code: str | None = Field(None, max_length=12)


class LineOut(Schema):
    id: int
    source_id: int
    source_name: str
    source_kind_label: str
    purpose: str
    purpose_label: str
    name: str
    year: int
    region_code: str
    region_name: str
    allocated: Decimal
    committed: Decimal
    disbursed: Decimal
    available: Decimal
    undisbursed: Decimal


class AllocateIn(InSchema):
    amount: Decimal = Field(gt=0, max_digits=16, decimal_places=2, description="下达金额（元）")
    reference: str = Field("", max_length=100, description="文号/凭证号")
    note: str = Field("", max_length=500)


class CommitIn(InSchema):
    enterprise_id: int
    project_id: int | None = None
    amount: Decimal = Field(gt=0, max_digits=16, decimal_places=2, description="承诺金额（元）")
    reference: str = Field("", max_length=100)
    note: str = Field("", max_length=500)


class DisburseIn(InSchema):
    amount: Decimal = Field(gt=0, max_digits=16, decimal_places=2, description="拨付金额（元）")
    reference: str = Field("", max_length=100, description="拨付凭证号")
    note: str = Field("", max_length=500)


class ReverseIn(InSchema):
    reason: str = Field(min_length=1, max_length=500, description="冲销原因")
    reference: str = Field("", max_length=100)


class EntryFilter(InSchema):
    kind: str | None = Field(None, max_length=16)
    source_id: int | None = None
    line_id: int | None = None
    enterprise_id: int | None = None
    project_id: int | None = None
    region_code: str | None = Field(None, max_length=12)
    date_from: date | None = None
    date_to: date | None = None


class EntryOut(Schema):
    id: int
    created_at: datetime
    kind: str
    kind_label: str
    source_id: int
    source_name: str
    line_id: int
    line_name: str
    commitment_id: int | None
    enterprise_id: int | None
    enterprise_name: str
    project_id: int | None
    project_title: str
    region_name: str
    amount: Decimal
    allocated_delta: Decimal
    committed_delta: Decimal
    disbursed_delta: Decimal
    reverses_id: int | None
    reversed_by_id: int | None
    reason: str
    reference: str
    note: str
    actor_name: str


class ReconcileFilter(InSchema):
    by: str = Field("source", max_length=16, description="对账维度：source / county / enterprise / project")
    year: int | None = Field(None, ge=2000, le=2100)
    source_id: int | None = None
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(50, ge=1, le=200)


class ReconcileRowOut(Schema):
    key: int
    name: str
    allocated: Decimal
    committed: Decimal
    disbursed: Decimal
    undisbursed: Decimal
    entries: int


class TotalsOut(Schema):
    allocated: Decimal
    committed: Decimal
    disbursed: Decimal
    available: Decimal


class ReconcileOut(Schema):
    by: str
    items: list[ReconcileRowOut]
    total: int
    page: int
    page_size: int
    has_next: bool
    sum: TotalsOut


class IntegrityOut(Schema):
    ok: bool
    checked: int
    message: str
    first_bad_id: int | None


# --- subsidies (补贴申请) -----------------------------------------------------------------------------------


class TraceStepOut(Schema):
    step: str
    formula: str
    value: str


class TraceLineOut(Schema):
    project: str
    name: str
    invoice_no: str
    category: str
    amount: str
    counted: str
    reason: str


class SubsidyRulesOut(Schema):
    version: str
    ratio_pct: Decimal
    cap: Decimal
    min_level_label: str
    categories: list[str]
    tranches_pct: list[Decimal]


class SubsidyPreviewOut(Schema):
    eligible: bool
    amount: Decimal
    eligible_investment: Decimal
    level: int | None
    level_label: str
    project_title: str
    trace: list[TraceStepOut]
    lines: list[TraceLineOut]
    rules: SubsidyRulesOut


class SubsidyDisbursementOut(Schema):
    tranche: int
    amount: Decimal
    reference: str
    voucher_id: str
    voucher_name: str
    created_at: datetime
    entry_id: int


class SubsidyClaimOut(Schema):
    id: int
    submission_id: int
    campaign_name: str
    enterprise_id: int
    enterprise_name: str
    region_name: str
    project_title: str
    eligible_investment: Decimal
    amount: Decimal
    committed: Decimal
    disbursed: Decimal
    status: str
    status_label: str
    approved_at: datetime | None
    created_at: datetime
    allowed_actions: list[str]
    trace: list[TraceStepOut]
    lines: list[TraceLineOut]
    disbursements: list[SubsidyDisbursementOut]
    next_tranche: int | None
    next_amount: Decimal | None


class SubsidyFilter(InSchema):
    status: str | None = Field(None, max_length=16, description="approved 已批准 / reviewing 审核中")
    year: int | None = Field(None, ge=2000, le=2100)


class SubsidyDisburseIn(InSchema):
    voucher_id: str = Field(max_length=64, description="拨付凭证（银行转账回单）附件")
    amount: Decimal | None = Field(
        None, gt=0, max_digits=16, decimal_places=2, description="本批金额（元），不填按批次比例"
    )
    reference: str = Field(max_length=100, description="凭证号")
    note: str = Field("", max_length=500)


class PublicSubsidyFilter(InSchema):
    year: int | None = Field(None, ge=2000, le=2100)
    region_code: str | None = Field(None, max_length=12)


class PublicSubsidyOut(Schema):
    id: int
    enterprise_name: str
    region_name: str
    project_title: str
    campaign_name: str
    amount: Decimal
    approved_at: datetime | None
