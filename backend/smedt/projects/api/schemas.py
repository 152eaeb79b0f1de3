"""Schemas of /api/projects (separate In and Out)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class ProjectFilter(InSchema):
    kind: str | None = Field(None, description="diagnosis / transformation")
    status: str | None = Field(None, max_length=24)
    region: str | None = Field(None, description="区划代码（县区）")
    provider_id: int | None = None
    enterprise_id: int | None = None
    sub_industry: str | None = Field(None, max_length=64)
    overdue: bool | None = None
    q: str | None = None
    stage: str | None = Field(None, description="diagnosis / filing / implementation / acceptance / accepted / closed")
    signed: bool | None = Field(None, description="合同已签署（双方）")
    created_from: date | None = Field(None, description="发起日期起")
    created_to: date | None = Field(None, description="发起日期止")


class CandidateFilter(InSchema):
    sub_industry: str | None = Field(None, max_length=64)
    min_score: Decimal | None = Field(None, description="最近年度评级总分不低于")


class CandidateOut(Schema):
    org_id: int
    org_name: str
    region_name: str
    provider_type: str
    sub_industries: list[str]
    rating_year: int | None
    rating_total: Decimal | None
    rating_grade: str | None = Field(None, description="最近年度评级等级；无任何平台记录的服务商为 null（暂无评级）")
    rating_note: str = Field("", description="暂无评级时的原因")


class ProjectCreateIn(InSchema):
    kind: str = Field(..., max_length=16)
    provider_id: int
    title: str = Field(..., max_length=200)
    amount: Decimal = Field(..., max_digits=14, decimal_places=2)
    requirement: str = Field("", max_length=5000)
    diagnosis_id: int | None = None


class ProjectActIn(InSchema):
    note: str = ""


class ProjectOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    enterprise_id: int
    enterprise_name: str
    provider_id: int
    provider_name: str
    region_code: str
    region_name: str
    sub_industry: str
    amount: Decimal
    status: str
    status_label: str
    status_note: str
    step_due_at: datetime | None
    overdue: bool
    created_at: datetime
    finished_at: datetime | None
    subsidy_committed: Decimal | None = None  # 试点资金: committed to this project (list only)
    subsidy_disbursed: Decimal | None = None


class EventOut(Schema):
    action: str
    action_label: str
    from_status: str
    to_status: str
    actor_name: str
    note: str
    created_at: datetime


class SignatureOut(Schema):
    party: str
    org_id: int
    signer_name: str
    public_key: str
    signature: str
    signed_at: datetime


class ContractOut(Schema):
    id: int
    number: str
    digest: str
    size: int
    rendered_at: datetime
    frozen: bool
    signatures: list[SignatureOut]


class MilestoneIn(InSchema):
    name: str = Field(..., max_length=128)
    planned_date: date


class MilestoneDoneIn(InSchema):
    actual_date: date


class MilestoneOut(Schema):
    id: int
    name: str
    planned_date: date
    actual_date: date | None


class LogIn(InSchema):
    content: str
    attachment_ids: list[str] = []
    is_major_change: bool = False


class ChangeDecideIn(InSchema):
    approve: bool
    opinion: str = ""


class LogOut(Schema):
    id: int
    org_id: int
    author_name: str
    content: str
    attachment_ids: list[str]
    is_major_change: bool
    change_status: str
    change_opinion: str
    created_at: datetime


class InvestmentIn(InSchema):
    name: str = Field(..., max_length=200)
    amount: Decimal
    invoice_no: str = Field(..., max_length=64)
    invoice_date: date
    payment_date: date
    cost_category: str = Field("", max_length=16)
    invoice_id: str | None = None
    payment_proof_id: str | None = None


class InvestmentOut(Schema):
    id: int
    name: str
    amount: Decimal
    invoice_no: str
    invoice_date: date
    payment_date: date
    cost_category: str = ""
    cost_category_label: str = ""
    invoice_id: str | None
    payment_proof_id: str | None


class ReportIn(InSchema):
    attachment_id: str
    before_assessment_id: int


class DiagnosisFindingIn(InSchema):
    scene: str = Field("", max_length=8, description="数字化水平场景编号 S01–S16（与问题二选一）")
    title: str = Field("", max_length=100, description="问题（未对应场景时必填）")
    description: str = Field(..., max_length=1000, description="问题描述")
    severity: str = Field(..., max_length=8, description="严重程度：high（高）/ medium（中）/ low（低）")
    suggestion: str = Field(..., max_length=1000, description="改进建议")


class DiagnosisFindingsIn(InSchema):
    findings: list[DiagnosisFindingIn] = Field(..., max_length=30, description="全部诊断发现（整体替换）")


class DiagnosisFindingOut(Schema):
    id: int
    position: int
    scene: str
    scene_name: str
    title: str
    description: str
    severity: str
    severity_label: str
    suggestion: str
    updated_at: datetime


class AcceptanceIn(InSchema):
    effectiveness: str = ""
    data_integration: str = ""
    management_reform: str = ""
    stated_benefit: Decimal
    after_assessment_id: int | None = None
    after_onsite_id: int | None = None
    before_assessment_id: int | None = Field(
        None, description="改造前企业自评（不填则沿用已关联的，如诊断项目的改造前评估）"
    )


class ExpertScoreOut(Schema):
    expert_name: str
    marks: dict[str, str]
    total: Decimal
    opinion: str
    created_at: datetime


class SheetItemOut(Schema):
    key: str
    name: str
    max_score: str


class ExpertScoringOut(Schema):
    """Expert scoring of the current acceptance round: reviewers see every score, an expert only their own."""

    enabled: bool
    min_experts: int
    items: list[SheetItemOut]
    round: int | None
    count: int
    average: Decimal | None
    scores: list[ExpertScoreOut]


class SatisfactionOut(Schema):
    stars: int
    comment: str
    rated_at: datetime
    revisable_until: datetime


class ProjectDetailOut(ProjectOut):
    requirement: str
    waiting_on: str
    allowed_actions: list[str]
    my_actions: list[str] = Field(description="what the requesting user may do now (buttons to show)")
    diagnosis_id: int | None
    report_id: str | None
    report_name: str
    before_assessment_id: int | None
    after_assessment_id: int | None
    after_onsite_id: int | None
    acceptance: dict[str, Any]
    stated_benefit: Decimal | None
    io_ratio: Decimal | None
    investment_total: Decimal
    prechecks: list[dict[str, Any]]
    comparison: dict[str, Any] | None
    filing_review_id: int | None
    acceptance_review_id: int | None
    contract: ContractOut | None
    timeline: list[EventOut]
    milestones: list[MilestoneOut]
    logs: list[LogOut]
    investments: list[InvestmentOut]
    findings: list[DiagnosisFindingOut] = Field(description="诊断发现（咨询诊断项目）")
    expert_scoring: ExpertScoringOut | None
    satisfaction: SatisfactionOut | None


class AcceptanceScoreIn(InSchema):
    marks: dict[str, Decimal | str]
    opinion: str = ""


class SatisfactionIn(InSchema):
    stars: int
    comment: str = ""


class AssessmentOptionOut(Schema):
    id: int
    source: str = Field(description="self（企业自评）/ onsite（现场评定）")
    source_label: str
    indicator_set: str
    level: int | None
    total_score: Decimal | None
    submitted_at: datetime | None


class CountRowOut(Schema):
    kind: str
    status: str
    status_label: str
    count: int


class CountsOut(Schema):
    total: int
    overdue: int
    by_kind: list[CountRowOut]


class SignatureCheckOut(Schema):
    party: str
    org_name: str
    signer_name: str
    signed_at: str
    public_key: str
    valid: bool
    key_checked: bool = Field(description="公钥已与平台登记的该签约方公钥比对")
    reason: str = Field(description="签名无效的原因；有效时为空")


class VerifyOut(Schema):
    ok: bool = Field(description="仅当双方均已签署、摘要一致、签名有效且公钥属于双方时为 true")
    status: Literal["valid", "partial", "keys_unchecked", "invalid", "not_found"]
    status_label: str
    reasons: list[str]
    contract_number: str
    digest: str
    expected_digest: str
    digest_match: bool
    key_checked: bool
    signatures: list[SignatureCheckOut]
