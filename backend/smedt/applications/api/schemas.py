"""Request and response schemas of /api/applications (separate In and Out)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema
from smedt.reviews.api.publicity import ObjectionFilter


class TemplateIn(InSchema):
    name: str = Field(..., max_length=100)
    description: str = Field("", max_length=2000)
    form: dict[str, Any]


class TemplateUpdateIn(InSchema):
    name: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=2000)
    form: dict[str, Any]


class SchemaCheckIn(InSchema):
    form: dict[str, Any]


class SchemaOut(Schema):
    form: dict[str, Any]


class TemplateFilter(InSchema):
    q: str | None = None


class VersionOut(Schema):
    id: int
    version: int
    status: str
    status_label: str
    published_at: datetime | None
    updated_at: datetime
    form: dict[str, Any]
    max_score: str


class TemplateRowOut(Schema):
    id: int
    name: str
    description: str
    region_name: str
    version_count: int
    updated_at: datetime


class TemplateDetailOut(TemplateRowOut):
    versions: list[VersionOut]


class FactOut(Schema):
    key: str
    label: str
    kind: str
    unit: str
    provider_label: str


class CampaignIn(InSchema):
    name: str = Field(..., max_length=100)
    description: str = Field("", max_length=5000)
    template_version_id: int
    opens_at: datetime
    closes_at: datetime
    org_kinds: list[str] = ["enterprise"]
    region_codes: list[str] = []
    eligibility_rule: str = Field("", max_length=500)
    eligibility_text: str = Field("", max_length=200)
    quota: int
    expert_scoring: bool = False
    min_expert_scores: int = 1
    review_chain: str = "application_review"
    result_handler: str = Field("", max_length=64)
    score_items: list[dict[str, Any]] = []
    kind: str = Field("", max_length=32)
    field_options: dict[str, list[str]] = Field(default_factory=dict, description="选择字段在本批次可选的选项")
    publicity_days: int = 5
    remind_days: int = 3


class CampaignUpdateIn(InSchema):
    name: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=5000)
    template_version_id: int | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    org_kinds: list[str] | None = None
    region_codes: list[str] | None = None
    eligibility_rule: str | None = Field(None, max_length=500)
    eligibility_text: str | None = Field(None, max_length=200)
    quota: int | None = None
    expert_scoring: bool | None = None
    min_expert_scores: int | None = None
    review_chain: str | None = None
    result_handler: str | None = Field(None, max_length=64)
    score_items: list[dict[str, Any]] | None = None
    field_options: dict[str, list[str]] | None = None
    kind: str | None = Field(None, max_length=32)
    publicity_days: int | None = None
    remind_days: int | None = None


class CampaignFilter(InSchema):
    status: str | None = None
    q: str | None = None
    kind: str | None = Field(None, max_length=32, description="批次类别（如试点企业遴选）")


class CampaignRowOut(Schema):
    id: int
    name: str
    status: str
    status_label: str
    accepting: bool
    template_name: str
    template_id: int
    template_version_id: int
    template_version: int
    opens_at: datetime
    closes_at: datetime
    quota: int
    submitted_count: int
    region_name: str
    kind: str
    kind_label: str


class CampaignDetailOut(CampaignRowOut):
    description: str
    org_kinds: list[str]
    region_codes: list[str]
    eligibility_rule: str
    eligibility_text: str
    expert_scoring: bool
    min_expert_scores: int
    review_chain: str
    result_handler: str
    score_items: list[dict[str, Any]]
    field_options: dict[str, list[str]]
    publicity_days: int
    remind_days: int
    form: dict[str, Any]
    max_score: str


class OpenCampaignOut(CampaignRowOut):
    description: str
    eligibility_text: str
    eligible_problem: str
    my_submission_id: int | None
    my_submission_status: str


class FactValueOut(Schema):
    value: str | None
    label: str
    source_label: str
    recorded_at: str
    year: int | None


class ApplicationPrefillOut(Schema):
    values: dict[str, Any]
    provenance: dict[str, FactValueOut]


class FormDataIn(InSchema):
    template_version_id: int | None = None
    data: dict[str, Any] = {}
    org_id: int | None = None


class IndicatorInputOut(Schema):
    name: str
    label: str
    value: str


class IndicatorOut(Schema):
    key: str
    name: str
    value: str | None
    unit: str
    rule: str
    inputs: list[IndicatorInputOut]
    points: str
    max_points: str
    passed: bool | None
    evidence_ok: bool
    evidence_message: str
    explanation: str
    override: str | None = None


class FindingOut(Schema):
    kind: str
    field: str
    label: str
    entered: str
    backend: str
    source: str
    source_label: str
    message: str


class LiveCheckOut(Schema):
    errors: dict[str, str]
    computed: dict[str, str | None]
    indicators: list[IndicatorOut]
    findings: list[FindingOut]
    score: str


class NamedRefOut(Schema):
    id: int
    name: str


class SubmissionFilter(InSchema):
    campaign_id: int | None = None
    status: str | None = None
    q: str | None = None
    submitted: bool | None = Field(None, description="只看已提交的（不含草稿和撤回）")
    kind: str | None = Field(None, max_length=32, description="批次类别")
    to_score: bool | None = Field(None, description="只看待我评分的")


class SubmissionRowOut(Schema):
    id: int
    campaign: NamedRefOut
    org: NamedRefOut
    region_name: str
    status: str
    status_label: str
    prereview_score: str
    max_score: str
    findings_count: int
    submitted_at: datetime | None
    updated_at: datetime
    review_id: int | None
    template_version_id: int
    kind: str
    expert_scoring: bool
    scored_by_me: bool


class OverrideLogOut(Schema):
    indicator_key: str
    computed_points: str
    points: str
    reason: str
    actor_name: str
    created_at: datetime


class SubmissionScoreOut(Schema):
    expert_name: str
    total: str
    marks: dict[str, str]
    opinion: str
    created_at: datetime


class SubmissionDetailOut(SubmissionRowOut):
    template: NamedRefOut
    template_version: int
    form: dict[str, Any]
    data: dict[str, Any]
    facts: dict[str, FactValueOut]
    indicators: list[IndicatorOut]
    findings: list[FindingOut]
    publicity_starts_at: datetime | None
    publicity_ends_at: datetime | None
    decided_at: datetime | None
    decision_note: str
    overrides_log: list[OverrideLogOut]
    scores: list[SubmissionScoreOut]
    score_items: list[dict[str, Any]]
    expert_scoring: bool
    editable: bool
    can_override: bool
    allowed_actions: list[str]


class OverrideIn(InSchema):
    indicator_key: str = Field(..., max_length=40)
    points: str = Field(..., max_length=20)
    reason: str = Field(..., max_length=500)


class SubmissionScoreIn(InSchema):
    marks: dict[str, Any]
    opinion: str = Field("", max_length=2000)


class PublicFieldOut(Schema):
    label: str
    value: str


class PublicRowOut(Schema):
    id: int
    kind: str
    public_fields: list[PublicFieldOut]
    org_name: str
    credit_code: str
    batch_name: str
    region_name: str
    publicity_starts_at: datetime | None
    publicity_ends_at: datetime | None
    decided_at: datetime | None


class KindScoreItemOut(Schema):
    name: str
    max_score: str


class CampaignKindOut(Schema):
    key: str
    label: str
    result_handler: str
    org_kinds: list[str] = Field(description="新建该类批次时默认的申报主体")
    review_chain: str = Field(description="默认审核流程")
    expert_scoring: bool = Field(description="默认是否需要专家评分")
    score_items: list[KindScoreItemOut] = Field(description="默认评分表（名称与满分）")


class ResultHandlerOut(Schema):
    key: str
    label: str


class PublicityFilter(InSchema):
    kind: str | None = Field(None, max_length=32, description="批次类别")


class SubmissionObjectionFilter(ObjectionFilter):
    submission_id: int | None = Field(None, description="只看这份申报书的异议")


class ResultFilter(InSchema):
    campaign_id: int | None = None
    kind: str | None = Field(None, max_length=32, description="批次类别")
