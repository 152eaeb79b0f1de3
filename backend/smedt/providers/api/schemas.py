from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema
from smedt.reviews.api.publicity import PublicityNoticeOut


class ProviderScoreItemIn(InSchema):
    key: str
    name: str = Field(..., max_length=128)
    max_score: Decimal


class ProviderBatchCreateIn(InSchema):
    name: str = Field(..., max_length=128)
    sub_industries: list[str]
    deadline: datetime
    score_items: list[ProviderScoreItemIn]
    publicity_days: int = 5
    min_experts: int = 1


class ProviderBatchOut(Schema):
    id: int
    name: str
    sub_industries: list[str]
    deadline: datetime
    publicity_days: int
    score_items: list[dict[str, str]]
    min_experts: int
    status: str


class ProviderCaseIn(InSchema):
    name: str = Field(..., max_length=128)
    customer: str = Field("", max_length=128)
    year: str = Field("", max_length=8)
    summary: str = Field("", max_length=2000)


class ProviderApplicationCreateIn(InSchema):
    batch_id: int
    org_id: int | None = None
    provider_type: str = Field(..., max_length=32)
    sub_industries: list[str]
    qualifications: str = Field("", max_length=5000)
    past_cases: list[ProviderCaseIn] = []
    staff_count: int = Field(0, ge=0)
    tech_staff_count: int = Field(0, ge=0)
    attachments: list[str] = []


class ProviderApplicationFilter(InSchema):
    status: str | None = Field(None, max_length=16)
    batch_id: int | None = None


class ProviderApplicationOut(Schema):
    id: int
    batch_id: int
    org_id: int
    org_name: str
    provider_type: str
    sub_industries: list[str]
    qualifications: str
    past_cases: list[dict[str, Any]]
    staff_count: int
    tech_staff_count: int
    attachments: list[str]
    batch_name: str
    status: str
    status_label: str
    review_id: int | None
    publicity_ends_at: datetime | None
    allowed_actions: list[str]


class ProviderPublicityOut(PublicityNoticeOut):
    """服务商入库公示 — public: what the printed notice shows, nothing more."""

    region_name: str
    provider_type: str
    provider_type_label: str
    sub_industries: list[str]
    sub_industry_labels: list[str]


class ProviderScoreIn(InSchema):
    marks: dict[str, Decimal]
    opinion: str = Field("", max_length=2000)


class ProviderScoreOut(Schema):
    id: int
    expert_name: str
    marks: dict[str, str]
    total: Decimal


class ProviderPoolFilter(InSchema):
    q: str | None = None
    provider_type: str | None = Field(None, max_length=32)
    sub_industry: str | None = None
    status: str | None = Field(None, max_length=16)


class ProviderPoolOut(Schema):
    id: int
    org_id: int
    org_name: str
    region_name: str
    provider_type: str
    sub_industries: list[str]
    status: str
    status_label: str
    status_reason: str
    entered_at: datetime
    allowed_actions: list[str]


class ProviderPoolActionIn(InSchema):
    reason: str = Field(..., min_length=1, max_length=255)


class ProviderXkqzIn(InSchema):
    small: str = Field("", max_length=500)
    fast: str = Field("", max_length=500)
    light: str = Field("", max_length=500)
    precise: str = Field("", max_length=500)


class ProductIn(InSchema):
    name: str = Field(..., max_length=128)
    kind: str = Field("product", max_length=16)
    summary: str = Field("", max_length=5000)
    xkqz: ProviderXkqzIn
    sub_industries: list[str]
    scenarios: list[str]
    deployment_mode: str
    list_price: Decimal
    pilot_discount_pct: Decimal = Decimal(0)
    subsidy_share_pct: Decimal = Decimal(0)
    org_id: int | None = None


class ProductUpdateIn(InSchema):
    name: str | None = Field(None, max_length=128)
    summary: str | None = Field(None, max_length=5000)
    xkqz: ProviderXkqzIn | None = None
    sub_industries: list[str] | None = None
    scenarios: list[str] | None = None
    deployment_mode: str | None = None
    list_price: Decimal | None = None
    pilot_discount_pct: Decimal | None = None
    subsidy_share_pct: Decimal | None = None


class ProductFilter(InSchema):
    q: str | None = None
    status: str | None = Field(None, max_length=16)


class ProviderCatalogueFilter(InSchema):
    q: str | None = None
    sub_industry: str | None = None
    scenario: str | None = None
    deployment_mode: str | None = None
    kind: str | None = Field(None, max_length=16)
    provider_type: str | None = Field(None, max_length=32)


class ProductOut(Schema):
    id: int
    org_id: int
    org_name: str
    name: str
    kind: str
    summary: str
    xkqz: dict[str, str]
    sub_industries: list[str]
    scenarios: list[str]
    deployment_mode: str
    list_price: Decimal
    pilot_discount_pct: Decimal
    subsidy_share_pct: Decimal
    status: str
    status_label: str
    published_at: datetime | None
    allowed_actions: list[str]


class ProviderScenarioOut(Schema):
    id: str
    name: str


class CatalogueProductBriefOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    list_price: Decimal
    published_at: datetime | None


class CatalogueProductOut(Schema):
    """公开产品详情 — a published product as the public catalogue shows it (no status, no actions)."""

    id: int
    name: str
    kind: str
    kind_label: str
    org_name: str
    region_name: str
    provider_type: str
    provider_type_label: str
    summary: str
    xkqz: dict[str, str]
    sub_industries: list[str]
    sub_industry_labels: list[str]
    scenarios: list[ProviderScenarioOut]
    deployment_mode: str
    deployment_mode_label: str
    list_price: Decimal
    pilot_discount_pct: Decimal
    pilot_price: Decimal
    subsidy_share_pct: Decimal
    published_at: datetime | None
    other_products: list[CatalogueProductBriefOut]


class ProviderApplicationUpdateIn(InSchema):
    provider_type: str | None = Field(None, max_length=32)
    sub_industries: list[str] | None = None
    qualifications: str | None = Field(None, max_length=5000)
    past_cases: list[ProviderCaseIn] | None = None
    staff_count: int | None = Field(None, ge=0)
    tech_staff_count: int | None = Field(None, ge=0)
    attachments: list[str] | None = None


class ProviderResubmitIn(InSchema):
    note: str = Field("", max_length=500)
