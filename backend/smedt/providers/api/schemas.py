from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


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
    submission_id: int | None = Field(description="入库所依据的申报书（服务商遴选批次）")
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
