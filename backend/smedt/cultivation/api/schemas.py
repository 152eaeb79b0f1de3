from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema

# --- criteria


class CriteriaTierOut(Schema):
    tier: str
    name: str


class CriteriaParameterOut(Schema):
    key: str
    label: str
    kind: str
    choices: dict[str, str]
    default: Any
    value: Any
    customized: bool


class CriteriaOut(Schema):
    version: str
    name: str
    document_no: str
    effective_from: date
    in_force: bool
    tiers: list[CriteriaTierOut]


class CriteriaDetailOut(CriteriaOut):
    parameters: list[CriteriaParameterOut]


class CriteriaSettingIn(InSchema):
    value: Any = Field(None, description="新的取值；为空表示恢复默认值")


class FormChoiceOut(Schema):
    value: Any
    label: str


class FormInputOut(Schema):
    name: str
    label: str
    kind: str
    unit: str
    group: str
    choices: list[FormChoiceOut]


class TeseOptionOut(Schema):
    code: str
    text: str
    score: str


class TeseQuestionOut(Schema):
    id: str
    name: str
    options: list[TeseOptionOut]


class PrefillValueOut(Schema):
    value: Any
    source: str
    source_label: str
    note: str


class SelfAssessmentFormOut(Schema):
    org_id: int
    org_name: str
    criteria: CriteriaOut
    inputs: list[FormInputOut]
    tese: list[TeseQuestionOut]
    prefill: dict[str, PrefillValueOut]
    previous: dict[str, Any] = Field(description="上次自评填报的取值")
    previous_tese: dict[str, str]


# --- self-assessments


class SelfAssessmentIn(InSchema):
    org_id: int | None = None
    answers: dict[str, Any]
    tese: dict[str, str] = Field(default_factory=dict)


class TierBriefOut(Schema):
    tier: str
    name: str
    status: str
    status_label: str


class SelfAssessmentRowOut(Schema):
    id: int
    org_id: int
    org_name: str
    criteria_version: str
    criteria_document_no: str
    trigger: str
    trigger_label: str
    as_of: date
    created_at: datetime
    tiers: list[TierBriefOut]
    next_tier: str | None


class AnswerOut(Schema):
    name: str
    label: str
    unit: str
    value: Any
    value_text: str
    source: str
    source_label: str
    note: str


class SelfAssessmentDetailOut(SelfAssessmentRowOut):
    region_name: str
    answers: list[AnswerOut]
    raw_answers: dict[str, Any]
    tese: dict[str, str]
    result: dict[str, Any] = Field(description="三个梯度的评估结果（条件、指标得分、直通条件、差距）")
    parameter_values: dict[str, Any]


class SelfAssessmentFilter(InSchema):
    org_id: int | None = None


# --- library


class LibraryFilter(InSchema):
    q: str | None = None
    region_code: str | None = None
    sub_industry: str | None = Field(None, max_length=64)
    tier: str | None = None
    status: str | None = Field(None, max_length=16)
    expiring_days: int | None = Field(None, description="有效期在今后若干天内到期")
    org_id: int | None = None


class LibraryRowOut(Schema):
    id: int
    org_id: int
    org_name: str
    credit_code: str
    region_code: str
    region_name: str
    sub_industry: str
    sub_industry_label: str
    tier: str
    tier_label: str
    tier_since: date | None
    valid_until: date | None
    review_due: date | None
    days_left: int | None
    certificate_no: str
    status: str
    status_label: str
    removed_reason: str
    removed_at: datetime | None


class RecognitionIn(InSchema):
    org_id: int
    tier: str
    certificate_no: str = Field(max_length=64)
    recognized_on: str
    valid_until: str | None = None
    note: str = Field("", max_length=500)


class RecognitionOut(Schema):
    id: int
    org_id: int
    tier: str
    tier_label: str
    certificate_no: str
    recognized_on: date
    valid_until: date
    status: str
    status_label: str
    document_no: str
    note: str


class ReReviewIn(InSchema):
    passed: bool
    reviewed_on: str
    opinion: str = Field("", max_length=500)
    valid_until: str | None = None


class ReReviewOut(Schema):
    id: int
    recognition: RecognitionOut
    passed: bool
    reviewed_on: date
    valid_until_after: date | None


class RemoveIn(InSchema):
    reason: str


class TimelineEventOut(Schema):
    date: date
    kind: str
    title: str
    detail: str


class CultivationTimelineOut(Schema):
    entry: LibraryRowOut
    recognitions: list[RecognitionOut]
    events: list[TimelineEventOut]


class ActionIn(InSchema):
    org_id: int
    kind: str
    title: str = Field(max_length=200)
    content: str = ""
    happened_on: str | None = None


class ActionOut(Schema):
    id: int
    org_id: int
    org_name: str
    kind: str
    kind_label: str
    title: str
    content: str
    happened_on: date
    created_by_name: str


class ActionFilter(InSchema):
    org_id: int | None = None


# --- statistics and pipeline


class TierCountOut(Schema):
    tier: str
    label: str
    count: int


class TierLabelOut(Schema):
    tier: str
    label: str


class StatGroupOut(Schema):
    key: str
    label: str
    counts: list[int]


class TierStatisticsOut(Schema):
    tiers: list[TierLabelOut]
    totals: list[TierCountOut]
    expiring_90: int
    by_region: list[StatGroupOut]
    by_industry: list[StatGroupOut]


class PipelineRowOut(Schema):
    region_code: str
    region_name: str
    sub_industry: str
    sub_industry_label: str
    tier: str
    tier_label: str
    total: int
    passing: int
    within_near: int
    within_far: int
    conditions_only: int


class PipelineOut(Schema):
    near: int
    far: int
    rows: list[PipelineRowOut]
    totals: dict[str, int]


class PipelineCandidateFilter(InSchema):
    region_code: str | None = None
    sub_industry: str | None = Field(None, max_length=64)
    tier: str | None = None
    max_gap: Decimal | None = None


class PipelineCandidateOut(Schema):
    org_id: int
    org_name: str
    region_name: str
    sub_industry_label: str
    tier: str
    tier_label: str
    status: str
    points: Decimal | None
    pass_line: Decimal | None
    points_gap: Decimal | None
    unmet: int
    missing: int
    gap_summary: str
    self_assessment_id: int
    updated_at: datetime


class PlannerOut(Schema):
    org_id: int
    held: str
    held_label: str
    next_tier: str | None
    next_tier_label: str
    self_assessment_id: int | None
    as_of: date | None
    result: dict[str, Any] | None


class ApplicationTemplateIn(InSchema):
    criteria_version: str = Field(max_length=32)
    tier: str = Field(max_length=16)


class ApplicationTemplateOut(Schema):
    template_id: int
    version_id: int
    version: int
    name: str
