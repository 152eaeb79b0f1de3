"""Schemas of /api/insights (separate In and Out)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class StageCountOut(Schema):
    stage: str
    label: str
    count: int


class CountyStagesOut(Schema):
    code: str
    name: str
    total: int
    by_stage: dict[str, int]


class IndustryStagesOut(Schema):
    value: str
    label: str
    total: int
    by_stage: dict[str, int]


class ProjectsStageOut(Schema):
    total: int
    overdue: int
    stages: list[StageCountOut]
    counties: list[CountyStagesOut]
    industries: list[IndustryStagesOut]
    generated_at: str


class MonthOut(Schema):
    month: str
    date_from: str
    date_to: str
    diagnosis: int
    transformation: int


class ProjectsTrendOut(Schema):
    months: list[MonthOut]
    generated_at: str


class CountyCountOut(Schema):
    code: str
    name: str
    count: int


class IndustryCountOut(Schema):
    value: str
    label: str
    count: int


class LevelCountOut(Schema):
    level: int | None
    label: str
    count: int


class PilotsOut(Schema):
    total: int
    counties: list[CountyCountOut]
    industries: list[IndustryCountOut]
    levels: list[LevelCountOut]
    generated_at: str


class LevelBeforeAfterOut(Schema):
    level: int
    label: str
    before: int
    after: int


class PilotLevelsOut(Schema):
    total: int
    levels: list[LevelBeforeAfterOut]
    generated_at: str


class SubsidyItemOut(Schema):
    org_id: int
    org_name: str
    region_name: str
    amount: Decimal
    published_at: datetime | None = None


class SubsidiesOut(Schema):
    available: bool
    total_amount: Decimal | None
    enterprise_count: int | None
    items: list[SubsidyItemOut]
    list_link: str
    generated_at: str


class InsightStatusCountOut(Schema):
    status: str
    label: str
    count: int


class GradeCountOut(Schema):
    grade: str
    count: int


class ProviderRowOut(Schema):
    org_id: int
    name: str
    status: str
    status_label: str
    provider_type: str
    products: int
    projects: int
    grade: str
    rating_total: Decimal | None


class ProvidersOut(Schema):
    total: int
    working: int
    products: int
    projects: int
    by_status: list[InsightStatusCountOut]
    by_grade: list[GradeCountOut]
    top: list[ProviderRowOut]
    generated_at: str


class SigningRowOut(Schema):
    org_id: int
    name: str
    enterprises: int
    contracts: int
    stages: dict[str, int]
    target: dict[str, int]
    enterprises_pct: Decimal | None
    contracts_pct: Decimal | None
    accepted_pct: Decimal | None


class SigningOut(Schema):
    stage_labels: dict[str, str]
    providers: list[SigningRowOut]
    targets_note: str
    generated_at: str


class FunnelStepOut(Schema):
    key: str
    label: str
    count: int
    share: Decimal | None


class FunnelOut(Schema):
    steps: list[FunnelStepOut]
    generated_at: str


class KpiIndustryOut(Schema):
    value: str
    label: str
    above_total: int
    above_reached: int
    above_below: int
    above_share: Decimal | None
    gap_to_target: int
    met: bool
    below_scale_total: int
    below_scale_reached: int
    below_scale_share: Decimal | None


class KpiOut(Schema):
    metric: str
    target_level: int
    target_level_label: str
    target_share: Decimal
    below_scale_target: str
    pilot_ends_on: str
    pilot_ends_on_confirmed: bool
    industries: list[KpiIndustryOut]
    generated_at: str


class DurationStepOut(Schema):
    key: str
    label: str
    projects: int
    avg_days: Decimal | None
    max_days: Decimal | None


class DurationsOut(Schema):
    steps: list[DurationStepOut]
    generated_at: str


class ForecastIndustryOut(Schema):
    value: str
    label: str
    current_share: Decimal | None
    in_flight: int
    forecast_share: Decimal | None
    target_share: Decimal


class ForecastOut(Schema):
    method: str
    pass_rate: Decimal | None
    finished_projects: int
    pilot_ends_on: str
    industries: list[ForecastIndustryOut]
    generated_at: str


class ProgressFilter(InSchema):
    q: str | None = None
    region_code: str | None = None
    sub_industry: str | None = None
    milestone: str | None = Field(None, description="pilot / diagnosed / signed / filed / accepted（当前进度）")
    reached: str | None = Field(None, description="diagnosed / signed / filed / accepted（已到达该环节）")


class ProgressRowOut(Schema):
    id: int
    org_id: int
    org_name: str
    region_name: str
    sub_industry: str
    level: int | None
    level_label: str
    entered_at: datetime
    diagnosed_at: datetime | None
    signed_at: datetime | None
    filed_at: datetime | None
    acceptance_applied_at: datetime | None
    accepted_at: datetime | None
    milestone: str
    milestone_label: str
    subsidy_label: str
    subsidy_date: Any = None


class KpiBelowFilter(InSchema):
    sub_industry: str | None = None
    region_code: str | None = None


class KpiBelowRowOut(Schema):
    org_id: int
    org_name: str
    region_name: str
    level: int | None
    level_label: str
    gap: int | None
    gap_label: str
    in_flight: bool


class PublicCountyOut(Schema):
    code: str
    name: str
    count: int


class PublicIndustryOut(Schema):
    label: str
    count: int


class PublicSummaryOut(Schema):
    pilot_enterprises: int
    providers: int
    counties: list[PublicCountyOut]
    industries: list[PublicIndustryOut]
    stages: list[StageCountOut]
    target_share: Decimal
    target_level_label: str
    generated_at: str


class MapOut(Schema):
    city_code: str
    city_name: str
    geojson: dict[str, Any]
