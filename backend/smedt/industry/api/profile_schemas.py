"""Schemas of /api/industry/profiles: 企业画像 and 行业画像 (figures are decimal strings)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class PortraitTagOut(Schema):
    kind: str
    label: str


class PortraitFigureOut(Schema):
    year: int
    operating_revenue: Decimal | None
    profit: Decimal | None
    rd_expense: Decimal | None
    employees: int | None


class PortraitChainOut(Schema):
    chain_id: int
    chain_name: str
    link_name: str
    role_label: str
    transformed_on: date | None


class PortraitRadarOut(Schema):
    id: str
    name: str
    max_score: Decimal | None
    score: str | None
    ratio: Decimal | None


class PortraitSceneOut(Schema):
    id: str
    name: str
    group_name: str
    level: int
    level_name: str


class PortraitHistoryOut(Schema):
    submitted_at: datetime | None
    total_score: Decimal | None
    level: int | None


class PortraitLevelOut(Schema):
    assessed: bool
    level: int | None = None
    level_name: str = ""
    total_score: Decimal | None = None
    source_label: str = ""
    submitted_at: datetime | None = None
    indicator_set_version: str = ""
    radar: list[PortraitRadarOut] = []
    strengths: list[str] = []
    weaknesses: list[str] = []
    weak_scenes: list[PortraitSceneOut] = []
    history: list[PortraitHistoryOut] = []


class PortraitReadinessOut(Schema):
    tier: str
    label: str
    status: str
    status_label: str
    points: Decimal | None
    pass_line: Decimal | None
    points_gap: Decimal | None
    unmet: int
    missing: int
    is_next: bool
    gap_summary: str


class PortraitTiersOut(Schema):
    held: str
    held_label: str
    valid_until: date | None
    self_assessments: int
    last_self_assessment: date | None
    readiness: list[PortraitReadinessOut]


class PortraitProjectOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    stage_label: str
    amount: Decimal | None
    has_report: bool
    created_at: datetime


class PortraitProjectsOut(Schema):
    items: list[PortraitProjectOut]
    diagnoses: int
    diagnosis_reports: int
    transformations: int
    funds_committed: Decimal
    funds_disbursed: Decimal


class PortraitFindingOut(Schema):
    scene: str
    scene_name: str
    title: str
    severity: str
    severity_label: str
    description: str
    suggestion: str


class PortraitFindingsOut(Schema):
    """The latest diagnosis findings: of the enterprise's most recent diagnosis project that has findings."""

    project_id: int | None
    project_title: str
    status_label: str
    confirmed: bool = Field(description="企业已确认诊断报告（诊断发现已锁定）")
    date: datetime | None = Field(description="确认日期，未确认时为最近保存时间")
    items: list[PortraitFindingOut]


class ProfileSeriesOut(Schema):
    indicator: str
    name: str
    unit: str
    values: list[Decimal | None]


class PortraitOperatingOut(Schema):
    periods: list[str]
    period_labels: list[str]
    series: list[ProfileSeriesOut]
    last_due_period: str
    last_due_label: str
    last_due_status: str


class PortraitCompletenessOut(Schema):
    group: str
    key: str
    label: str
    state: str
    state_label: str
    source_label: str
    recorded_at: datetime | None


class EnterprisePortraitOut(Schema):
    org_id: int
    name: str
    region_name: str
    industry_code: str
    sub_industries: list[str]
    above_scale: bool | None
    size_class: str
    size_label: str
    size_year: int | None
    figures: list[PortraitFigureOut]
    tags: list[PortraitTagOut]
    chains: list[PortraitChainOut]
    level: PortraitLevelOut
    tiers: PortraitTiersOut
    projects: PortraitProjectsOut
    findings: PortraitFindingsOut
    operating: PortraitOperatingOut
    completeness: list[PortraitCompletenessOut]
    completeness_rate: Decimal


class IndustryProfileFilter(InSchema):
    dimension: Literal["chain", "sub_industry", "industry_code"] = "chain"
    key: str = Field(..., max_length=64)


class IndustryProfileLevelOut(Schema):
    level: int
    name: str
    count: int
    share: Decimal


class IndustryProfileDimensionOut(Schema):
    id: str
    name: str
    max_score: Decimal | None
    average: Decimal | None
    ratio: Decimal | None


class IndustryProfileSceneOut(Schema):
    id: str
    name: str
    group_name: str
    average_level: Decimal | None
    low_count: int


class IndustryProfileTierOut(Schema):
    tier: str
    label: str
    count: int


class IndustryProfileGrowthOut(Schema):
    indicator: str
    name: str
    unit: str
    totals: list[Decimal | None]
    reporting: list[int]
    growth_pct: list[Decimal | None]


class IndustryProfileTopOut(Schema):
    org_id: int
    org_name: str
    region_name: str
    total_score: Decimal | None
    level: int
    level_name: str


class IndustryProfileOut(Schema):
    dimension: str
    dimension_label: str
    key: str
    name: str
    enterprises: int
    above_scale: int
    assessed: int
    average_score: Decimal | None
    levels: list[IndustryProfileLevelOut]
    dimensions: list[IndustryProfileDimensionOut]
    weak_scenes: list[IndustryProfileSceneOut]
    tiers: list[IndustryProfileTierOut]
    tiered: int
    periods: list[str]
    period_labels: list[str]
    growth: list[IndustryProfileGrowthOut]
    top: list[IndustryProfileTopOut]
    generated_at: datetime
