"""Request and response schemas of the assessment API (separate In and Out)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema

DEFAULT_CODE = "2024-manufacturing"


class AssessmentNamedRef(Schema):
    id: int
    name: str


class AssessmentRegionRef(Schema):
    code: str
    name: str


class IndicatorSetRef(Schema):
    id: int
    code: str
    version: str
    name: str


class IndicatorSetOut(Schema):
    id: int
    code: str
    version: str
    name: str
    status: str
    source_name: str
    source_digest: str
    imported_at: dt.datetime
    pending_confirmation: str = Field("", description="需管理员知悉的待确认配置（如等级判定阈值尚未与官方文件核对）")


class IndicatorSetImportOut(Schema):
    created: bool
    indicator_set: IndicatorSetOut


class IndicatorSetFilter(InSchema):
    code: str | None = Field(None, description="指标体系编码", max_length=64)
    status: str | None = Field(None, description="active 启用 / inactive 停用")


class AssessmentFilter(InSchema):
    status: str | None = Field(None, description="draft 草稿 / submitted 已提交")
    org_id: int | None = None
    region_code: str | None = None
    level: int | None = None
    q: str | None = Field(None, description="企业名称关键字")


class AssessmentStartIn(InSchema):
    org_id: int | None = Field(None, description="填报的企业；只属于一家企业的用户可省略")
    indicator_set_code: str = DEFAULT_CODE
    size_band: str | None = Field(None, description="企业规模 large/medium/small/micro（企业信息中没有时填写）")


class AssessmentOut(Schema):
    id: int
    org: AssessmentNamedRef
    region: AssessmentRegionRef
    indicator_set: IndicatorSetRef
    status: str
    status_label: str
    progress_answered: int
    progress_total: int
    industry_division: str
    size_band: str
    size_band_label: str
    total_score: Decimal | None
    level: int | None
    submitted_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class AssessmentMissingItem(Schema):
    ref: str
    kind: str
    message: str


class FigureFindingOut(Schema):
    question_id: str
    kind: str = Field(
        ..., description="impossible：不可能的数据（阻止提交）；contradiction：数据与所选选项不一致（需修改或说明）"
    )
    ref: str
    message: str


class AssessmentDetailOut(AssessmentOut):
    answers: dict[str, Any]
    scenarios: dict[str, Any]
    evidence: dict[str, Any]
    explanations: dict[str, str]
    findings: list[FigureFindingOut]
    missing: list[AssessmentMissingItem]
    level_name: str
    commitment: bool
    commitment_at: dt.datetime | None


class AssessmentSaveDraftIn(InSchema):
    """Sections to merge; inside a section, a null value clears that item."""

    answers: dict[str, Any] | None = None
    scenarios: dict[str, Any] | None = None
    evidence: dict[str, Any] | None = None
    explanations: dict[str, str | None] | None = Field(
        None, description="题号 → 数据与所选选项不一致的说明；空值清除（仅企业自评）"
    )
    size_band: str | None = None


class AssessmentSubmitIn(InSchema):
    commitment: bool = Field(False, description="真实性承诺：必须为 true")


class AssessmentHistoryItem(AssessmentOut):
    source: str


class AssessmentCompareSide(Schema):
    id: int
    submitted_at: dt.datetime | None
    level: int | None
    level_name: str


class AssessmentDeltaOut(Schema):
    a: str | None
    b: str | None
    delta: str | None


class AssessmentDimensionDelta(AssessmentDeltaOut):
    id: str
    name: str


class AssessmentIndicatorDelta(AssessmentDeltaOut):
    id: str
    indicator: str


class AssessmentCompareOut(Schema):
    a: AssessmentCompareSide
    b: AssessmentCompareSide
    total: AssessmentDeltaOut
    level_delta: int
    dimensions: list[AssessmentDimensionDelta]
    indicators: list[AssessmentIndicatorDelta]


class AssessmentPeerGroupOut(Schema):
    group: str
    label: str
    peers: int
    percentile: Decimal | None
    average_total: Decimal | None
    note: str


class AssessmentPeersOut(Schema):
    id: int
    total_score: Decimal
    groups: list[AssessmentPeerGroupOut]


# ---- on-site ratings -----------------------------------------------------------------------------------


class OnsiteRatingFilter(InSchema):
    status: str | None = None
    org_id: int | None = None
    region_code: str | None = None
    q: str | None = None


class OnsiteRatingCreateIn(InSchema):
    org_id: int
    assessment_id: int | None = Field(None, description="以该企业已提交的自评测为起点（复制其答卷）")
    indicator_set_code: str = DEFAULT_CODE


class OnsiteRatingOut(AssessmentOut):
    rated_by: AssessmentNamedRef
    counts_for_acceptance: bool
    assessment_id: int | None


class OnsiteRatingDetailOut(OnsiteRatingOut):
    answers: dict[str, Any]
    scenarios: dict[str, Any]
    evidence: dict[str, Any]
    missing: list[AssessmentMissingItem]
    level_name: str
    remarks: str
    attachments: list[str]


class OnsiteRatingSaveDraftIn(AssessmentSaveDraftIn):
    remarks: str | None = Field(None, max_length=4000)
    attachments: list[str] | None = Field(None, description="附件 ID 列表（须为评定人可见的附件）")


class ExpertAssignmentFilter(InSchema):
    org_id: int | None = None
    expert_id: int | None = None
    region_code: str | None = None


class ExpertAssignIn(InSchema):
    expert_id: int
    org_id: int
    note: str = Field("", max_length=255)


class ExpertAssignmentOut(Schema):
    id: int
    expert: AssessmentNamedRef
    org: AssessmentNamedRef
    region: AssessmentRegionRef
    assigned_by: AssessmentNamedRef
    note: str
    created_at: dt.datetime


# ---- analysis -----------------------------------------------------------------------------------------


class AnalysisFilter(InSchema):
    indicator_set_id: int | None = Field(None, description="指定版本；不填则为该编码的全部版本")
    indicator_set_code: str = DEFAULT_CODE
    region_code: str | None = Field(None, description="县区（含下级）")
    division: str | None = Field(None, description="行业大类，2 位数字，如 34")
    size_band: str | None = Field(None, description="large/medium/small/micro/unknown")
    date_from: dt.date | None = Field(None, description="提交日期起（含）")
    date_to: dt.date | None = Field(None, description="提交日期止（含）")
    source: str | None = Field(None, description="self 企业自评 / onsite 现场评定")
    at_or_above: int | None = Field(None, description="统计“某级及以上”占比的等级，默认 2（二级）")


class AnalysisDrillDownFilter(AnalysisFilter):
    level: int | None = Field(None, description="等级（0 = 未达一级）")
    min_level: int | None = Field(None, description="等级不低于")
    month: str | None = Field(None, description="提交月份 YYYY-MM")


class AnalysisLevelBucket(Schema):
    level: int
    name: str
    count: int
    share: Decimal


class AnalysisGroupBucket(Schema):
    key: str
    name: str
    total: int
    at_or_above: int
    at_or_above_share: Decimal
    levels: list[AnalysisLevelBucket]


class AnalysisDimensionAverage(Schema):
    id: str
    name: str
    max_score: Decimal
    average: Decimal | None


class AnalysisTrendPoint(Schema):
    month: str
    count: int
    average_total: Decimal | None
    at_or_above_count: int
    at_or_above_share: Decimal


class AnalysisOut(Schema):
    indicator_sets: list[IndicatorSetRef]
    source_rule: str
    total: int
    onsite: int
    average_total: Decimal | None
    at_or_above_level: int
    at_or_above_name: str
    at_or_above_count: int
    at_or_above_share: Decimal
    levels: list[AnalysisLevelBucket]
    dimensions: list[AnalysisDimensionAverage]
    by_county: list[AnalysisGroupBucket]
    by_division: list[AnalysisGroupBucket]
    by_size: list[AnalysisGroupBucket]
    trend: list[AnalysisTrendPoint]


class AnalysisEntryOut(Schema):
    id: int
    org: AssessmentNamedRef
    region: AssessmentRegionRef
    source: str
    source_label: str
    assessment_id: int | None
    onsite_rating_id: int | None
    industry_division: str
    size_band: str
    size_band_label: str
    submitted_at: dt.datetime
    total_score: Decimal
    level: int
    level_name: str
    dimension_scores: dict[str, str]
