"""Schemas of /api/industry (separate In and Out). Figures are decimal strings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class IndustryOptionOut(Schema):
    value: str
    label: str


class IndustryIndicatorOut(Schema):
    code: str
    name: str
    unit: str
    kind: str
    signed: bool


class IndustryMetaOut(Schema):
    version: str
    frequency: str
    indicators: list[IndustryIndicatorOut]
    stages: list[IndustryOptionOut]
    roles: list[IndustryOptionOut]
    statuses: list[IndustryOptionOut]
    jump_pct: Decimal
    drop_pct: Decimal
    due_days: int
    current_period: str
    current_period_label: str
    recent_periods: list[IndustryOptionOut]
    my_org_id: int | None


class IndustryLinkOut(Schema):
    id: int
    stage: str
    stage_label: str
    name: str
    members: int


class IndustryChainOut(Schema):
    id: int
    code: str
    name: str
    sub_industry: str
    description: str
    region_name: str
    is_active: bool
    member_count: int
    model_count: int
    follower_count: int
    data_version: str


class IndustryChainDetailOut(IndustryChainOut):
    links: list[IndustryLinkOut]


class IndustryChainCreateIn(InSchema):
    region_code: str = Field(max_length=12, description="区划代码（市）")
    code: str = Field(max_length=32, pattern=r"^[a-z][a-z0-9_]{1,31}$", description="编码（小写字母、数字、下划线）")
    name: str = Field(max_length=64, min_length=1)
    sub_industry: str = Field("", max_length=32)
    description: str = Field("", max_length=500)


class IndustryChainUpdateIn(InSchema):
    name: str | None = Field(None, max_length=64, min_length=1)
    description: str | None = Field(None, max_length=500)
    is_active: bool | None = None


class IndustryLinkCreateIn(InSchema):
    stage: str = Field(max_length=16)
    name: str = Field(max_length=64, min_length=1)


class IndustryMemberIn(InSchema):
    org_id: int
    link_id: int
    role: str = Field("member", max_length=16)
    transformed_on: date | None = None


class IndustryMemberUpdateIn(InSchema):
    link_id: int
    role: str = Field(max_length=16)
    transformed_on: date | None = None


class IndustryMemberFilter(InSchema):
    link_id: int | None = None
    role: str | None = Field(None, max_length=16)
    q: str | None = Field(None, max_length=100)


class IndustryMemberOut(Schema):
    id: int
    chain_id: int
    link_id: int
    link_name: str
    stage: str
    stage_label: str
    org_id: int
    org_name: str
    region_name: str
    role: str
    role_label: str
    transformed_on: date | None


class IndustryValueIn(InSchema):
    indicator: str = Field(max_length=32)
    value: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    explanation: str = Field("", max_length=300)


class IndustryReportSaveIn(InSchema):
    period: str = Field(max_length=8, description="报送期，如 2026-03 或 2026-Q1（格式由服务检查，给出中文提示）")
    org_id: int | None = None
    values: list[IndustryValueIn] = Field(max_length=50)


class IndustryNoteIn(InSchema):
    note: str = Field("", max_length=500)


class IndustryReportFilter(InSchema):
    period: str | None = Field(None, max_length=8)
    status: str | None = Field(None, max_length=16)
    chain_id: int | None = None
    flagged: bool | None = None
    org_id: int | None = None
    region_code: str | None = Field(None, max_length=12)


class IndustryReportOut(Schema):
    id: int
    org_id: int
    org_name: str
    region_name: str
    period: str
    period_label: str
    status: str
    status_label: str
    flagged: int
    due_on: date
    late: bool
    submitted_at: datetime | None
    confirmed_at: datetime | None
    review_note: str


class IndustryValueOut(Schema):
    indicator: str
    name: str
    unit: str
    value: Decimal
    previous: Decimal | None
    change_pct: Decimal | None
    flagged: bool
    explanation: str


class IndustryReportDetailOut(IndustryReportOut):
    values: list[IndustryValueOut]
    allowed_actions: list[str]


class IndustryImportOut(Schema):
    id: int
    status: str
    status_label: str
    total: int
    progress: int
    written: int
    errors: list[dict[str, object]]
    created_at: datetime
    finished_at: datetime | None


class IndustryMonitorFilter(InSchema):
    period: str | None = Field(None, max_length=8)
    by: str = Field("chain", pattern=r"^(chain|county)$")
    chain_id: int | None = None
    drop_pct: Decimal | None = Field(None, gt=0, le=1000, max_digits=6, decimal_places=2)


class IndustryMonitorRowOut(Schema):
    key: str
    name: str
    expected: int
    reported: int
    confirmed: int
    unconfirmed: int
    missing: int
    late: int
    flagged: int
    dropped: int
    missing_twice: int
    rate: Decimal


class IndustryMonitorOut(Schema):
    period: str
    period_label: str
    due_on: date
    drop_pct: Decimal
    rows: list[IndustryMonitorRowOut]
    updated_at: datetime | None = Field(None, description="汇总数据的计算时间；为空表示实时计算")


class IndustryMonitorMemberFilter(InSchema):
    period: str | None = Field(None, max_length=8)
    chain_id: int | None = None
    state: str | None = Field(
        None, pattern=r"^(reported|missing|late|flagged|dropped|missing_twice|unconfirmed)$", max_length=16
    )
    drop_pct: Decimal | None = Field(None, gt=0, le=1000, max_digits=6, decimal_places=2)


class IndustryMonitorMemberOut(Schema):
    member_id: int
    org_id: int
    org_name: str
    region_name: str
    chain_name: str
    link_name: str
    role_label: str
    report_id: int | None
    status: str
    status_label: str
    submitted_at: datetime | None
    late: bool
    flagged: int
    dropped: bool
    missing_twice: bool


class IndustryBenchmarkFilter(InSchema):
    period: str | None = Field(None, max_length=8)
    chain_id: int | None = None


class IndustryGroupOut(Schema):
    group: str
    label: str
    n: int
    percentile: Decimal | None
    p25: Decimal | None
    median: Decimal | None
    p75: Decimal | None
    average: Decimal | None


class IndustryBenchIndicatorOut(Schema):
    indicator: str
    name: str
    unit: str
    value: Decimal | None
    groups: list[IndustryGroupOut]


class IndustryTrendOut(Schema):
    indicator: str
    own: list[Decimal | None]
    chain_median: list[Decimal | None]


class IndustryChainRefOut(Schema):
    id: int
    name: str


class IndustryBenchmarkOut(Schema):
    org_id: int
    org_name: str
    period: str
    period_label: str
    chain_id: int | None
    chain_name: str
    link_name: str
    role_label: str
    size_label: str
    chains: list[IndustryChainRefOut]
    indicators: list[IndustryBenchIndicatorOut]
    periods: list[str]
    trend: list[IndustryTrendOut]


class IndustryResultsFilter(InSchema):
    indicator: str = Field("revenue", max_length=32)


class IndustryResultLinkOut(Schema):
    name: str
    stage_label: str
    enterprises: int
    models: int
    total: Decimal | None


class IndustryResultTotalOut(Schema):
    indicator: str
    name: str
    unit: str
    total: Decimal | None


class IndustryResultSeriesOut(Schema):
    indicator: str
    name: str
    totals: list[Decimal | None]
    reporting: list[int]


class IndustryResultPhaseOut(Schema):
    role: str
    role_label: str
    phase: str
    phase_label: str
    average: Decimal | None
    enterprises: int


class IndustryResultCountsOut(Schema):
    total: int
    model: int
    follower: int
    transformed: int


class IndustryResultsOut(Schema):
    chain_id: int
    chain_name: str
    indicator: str
    indicator_name: str
    unit: str
    counts: IndustryResultCountsOut
    links: list[IndustryResultLinkOut]
    latest_period: str
    latest_period_label: str
    totals: list[IndustryResultTotalOut]
    periods: list[str]
    series: list[IndustryResultSeriesOut]
    phases: list[IndustryResultPhaseOut]
    updated_at: datetime | None = Field(None, description="汇总数据的计算时间；为空表示实时计算")
