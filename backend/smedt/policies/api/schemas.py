"""Schemas of /api/policies (separate In and Out)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class PolicyOptionOut(Schema):
    value: str
    label: str


class PolicyIndicatorOut(Schema):
    code: str
    label: str
    kind: str
    unit: str
    units: list[str]
    operators: list[str]
    hint: str


class PolicyMetaOut(Schema):
    levels: list[PolicyOptionOut]
    departments: list[PolicyOptionOut]
    support_types: list[PolicyOptionOut]
    statuses: list[PolicyOptionOut]
    indicators: list[PolicyIndicatorOut]
    operators: list[PolicyOptionOut]
    tiers: list[PolicyOptionOut]
    sections: list[PolicyOptionOut]


class PolicyFilter(InSchema):
    q: str | None = Field(None, max_length=100, description="关键词（名称、文号、发文机关、关键词）")
    level: str | None = Field(None, max_length=16)
    department: str | None = Field(None, max_length=16)
    support_type: str | None = Field(None, max_length=16)
    expiring: bool = Field(False, description="只看 30 天内截止")
    open: bool = Field(False, description="只看申报中")


class AdminPolicyFilter(PolicyFilter):
    status: str | None = Field(None, max_length=16)


class PolicyRowOut(Schema):
    id: int
    title: str
    issuer: str
    doc_number: str
    level: str
    level_label: str
    department: str
    department_label: str
    support_type: str
    support_type_label: str
    amount_max: Decimal | None
    issued_on: date | None
    window_start: date | None
    window_end: date | None
    expires_on: date | None
    days_left: int | None
    expiring: bool
    keywords: list[str]
    status: str
    status_label: str
    version: int
    region_name: str


class PolicyConditionOut(Schema):
    id: int | None
    indicator: str
    indicator_label: str
    operator: str
    threshold: Decimal | None
    values: list[str]
    unit: str
    text: str
    source_sentence: str
    confirmed: bool
    proposed: bool


class PolicyAttachmentOut(Schema):
    id: UUID
    name: str
    size: int


class PolicyRunOut(Schema):
    id: int
    policy_version: int
    status: str
    total: int
    done: int
    eligible: int
    created_at: datetime
    finished_at: datetime | None


class PolicyDetailOut(PolicyRowOut):
    amount_text: str
    summary: str
    body: str
    region_code: str
    published_at: datetime | None
    conditions: list[PolicyConditionOut]
    attachments: list[PolicyAttachmentOut]


class AdminPolicyDetailOut(PolicyDetailOut):
    allowed_actions: list[str]
    run: PolicyRunOut | None


class PolicyWriteIn(InSchema):
    title: str = Field(max_length=200, description="政策名称")
    issuer: str = Field(max_length=100, description="发文机关")
    doc_number: str = Field("", max_length=64, description="文号")
    level: str = Field(max_length=16, description="层级")
    department: str = Field(max_length=16, description="主管部门")
    issued_on: date | None = None
    window_start: date | None = None
    window_end: date | None = None
    expires_on: date | None = None
    support_type: str = Field(max_length=16, description="支持方式")
    amount_max: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2, description="最高支持金额（万元）")
    amount_text: str = Field("", max_length=500)
    keywords: list[str] = Field(default_factory=list, max_length=20)
    summary: str = Field("", max_length=1000)
    body: str = Field("", max_length=50000, description="政策原文")
    attachment_ids: list[UUID] = Field(default_factory=list, max_length=20)


class PolicyCreateIn(PolicyWriteIn):
    region_code: str = Field("410700", max_length=12, description="发布区划（市或县区）")


class PolicyUpdateIn(InSchema):
    title: str | None = Field(None, max_length=200)
    issuer: str | None = Field(None, max_length=100)
    doc_number: str | None = Field(None, max_length=64)
    level: str | None = Field(None, max_length=16)
    department: str | None = Field(None, max_length=16)
    issued_on: date | None = None
    window_start: date | None = None
    window_end: date | None = None
    expires_on: date | None = None
    support_type: str | None = Field(None, max_length=16)
    amount_max: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    amount_text: str | None = Field(None, max_length=500)
    keywords: list[str] | None = Field(None, max_length=20)
    summary: str | None = Field(None, max_length=1000)
    body: str | None = Field(None, max_length=50000)
    attachment_ids: list[UUID] | None = Field(None, max_length=20)


class PolicyExtractIn(InSchema):
    text: str | None = Field(None, max_length=50000, description="政策原文；不填则使用已保存的原文")


class PolicyConditionIn(InSchema):
    indicator: str = Field(max_length=32)
    operator: str = Field(max_length=8)
    threshold: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=4)
    values: list[str] = Field(default_factory=list, max_length=50)
    unit: str = Field("", max_length=8)
    source_sentence: str = Field("", max_length=500)
    confirmed: bool = False
    proposed: bool = False


class PolicyConditionsIn(InSchema):
    conditions: list[PolicyConditionIn] = Field(max_length=50)


class PolicySandboxIn(InSchema):
    conditions: list[PolicyConditionIn] = Field(max_length=50)


class PolicySandboxOrgOut(Schema):
    org_id: int
    name: str
    county: str
    details: list[dict[str, Any]]


class PolicySandboxCountyOut(Schema):
    county: str
    before: int
    after: int


class PolicySandboxOut(Schema):
    before: int
    after: int
    gained: list[PolicySandboxOrgOut]
    lost: list[PolicySandboxOrgOut]
    by_county: list[PolicySandboxCountyOut]
    enterprises: int


class PolicyVersionOut(Schema):
    version: int
    created_at: datetime
    actor_name: str
    snapshot: dict[str, Any]


class PolicyDetailItemOut(Schema):
    indicator: str
    label: str
    condition: str
    result: str
    value: str
    source: str
    hint: str


class PolicyMatchOut(Schema):
    policy_id: int
    org_id: int
    org_name: str
    county_name: str
    status: str
    status_label: str
    met: int
    total: int
    details: list[PolicyDetailItemOut]
    missing_hints: list[str]
    policy_version: int
    computed_at: datetime


class PolicyMineOut(PolicyMatchOut):
    policy: PolicyRowOut


class PolicyMineDetailOut(PolicyMatchOut):
    policy: PolicyDetailOut


class PolicyMatchFilter(InSchema):
    status: str | None = Field(None, max_length=16)
    county: str | None = Field(None, max_length=12)


class PolicyMineFilter(InSchema):
    status: str | None = Field(None, max_length=16)


class PolicyStatRowOut(Schema):
    key: str
    label: str
    eligible: int
    missing: int
    ineligible: int


class PolicyStatsOut(Schema):
    totals: dict[str, int]
    by_county: list[PolicyStatRowOut]
    by_industry: list[PolicyStatRowOut]
    run: PolicyRunOut | None


class PolicyPushIn(InSchema):
    channels: list[str] = Field(max_length=2, description="portal / sms")
    org_ids: list[int] | None = Field(None, max_length=10000, description="选定的企业；不填为全部符合条件的企业")
    statuses: list[str] = Field(default_factory=lambda: ["eligible"], max_length=3)
    template: str = Field(
        "【惠企政策】{enterprise}：经比对贵企业符合《{policy}》的申报条件，申报截止 {deadline}，请登录平台“我的政策”查看。",
        max_length=500,
    )
    title: str = Field("", max_length=200)


class PolicyPushChannelOut(Schema):
    channel: str
    label: str
    total: int
    sent: int
    delivered: int
    failed: int
    deferred: int
    skipped: int


class PolicyPushOut(Schema):
    id: int
    title: str
    status: str = Field(description="sending 发送中 / waiting 免打扰时段后继续 / done 已完成")
    status_label: str
    created_at: datetime
    finished_at: datetime | None
    total: int = Field(description="推送条数（企业 × 渠道）")
    done: int = Field(description="已处理条数（已发送、未发送、失败或顺延）；发送进度 = done / total")
    channels: list[PolicyPushChannelOut]
    read: int
    opened: int


class PolicyOptOutIn(InSchema):
    channel: str = Field(max_length=8)
    opted_out: bool


class PolicyPushPrefsIn(InSchema):
    sms_consent: bool


class PolicyPushPrefsOut(Schema):
    """The caller's enterprise: consent to policy-push SMS at its contact number, and opted-out channels."""

    sms_consent: bool
    contact_phone_masked: str
    opted_out: list[str]
