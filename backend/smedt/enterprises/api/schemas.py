from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class RegionBriefOut(Schema):
    code: str
    name: str


# --- profiles


class ProfileFilter(InSchema):
    q: str | None = None
    region_code: str | None = None
    industry_code: str | None = Field(None, max_length=5)
    sub_industry: str | None = Field(None, max_length=64)
    size_class: str | None = Field(None, max_length=8)
    above_scale: bool | None = None


class ProfileRowOut(Schema):
    org_id: int
    name: str
    credit_code: str
    region: RegionBriefOut
    industry_code: str
    sub_industries: list[str]
    latest_year: int | None
    operating_revenue: Decimal | None
    employees: int | None
    size_class: str | None
    size_label: str
    size_year: int | None


class ProvenanceOut(Schema):
    source: str
    source_label: str
    recorded_at: datetime
    recorded_by: str
    evidence: dict[str, str] | None


class FactFieldOut(Schema):
    key: str
    label: str
    value: Any
    provenance: ProvenanceOut | None


class FigureOut(Schema):
    year: int
    size_class: str | None
    size_label: str
    size_year: int | None
    size_version: str
    fields: list[FactFieldOut]


class ProfileDetailOut(Schema):
    org_id: int
    name: str
    credit_code: str
    region: RegionBriefOut
    address: str
    has_profile: bool
    fields: list[FactFieldOut]
    figures: list[FigureOut]


class ProfileUpdateIn(InSchema):
    registered_capital: Decimal | None = None
    founded_on: date | None = None
    legal_representative: str | None = Field(None, max_length=64)
    industry_code: str | None = Field(None, max_length=5)
    sub_industries: list[str] | None = None
    contact_name: str | None = Field(None, max_length=64)
    contact_phone: str | None = Field(None, max_length=20)
    contact_email: str | None = Field(None, max_length=128)
    business_scope: str | None = Field(None, max_length=2000)
    above_scale: bool | None = Field(None, description="规上企业（规模以上）；null = 未登记")
    evidence_id: str | None = None


class FigureIn(InSchema):
    operating_revenue: Decimal | None = None
    rd_expense: Decimal | None = None
    profit: Decimal | None = None
    total_assets: Decimal | None = None
    export_revenue: Decimal | None = None
    employees: int | None = None
    rd_staff: int | None = None
    invention_patents: int | None = None
    utility_patents: int | None = None
    design_patents: int | None = None
    software_copyrights: int | None = None
    evidence_id: str | None = None


class FactsConfirmIn(InSchema):
    year: int | None = None
    fields: list[str]
    evidence_id: str | None = None


# --- imports


class ImportJobOut(Schema):
    id: int
    status: str
    status_label: str
    file_name: str
    total: int
    progress: int
    created_count: int
    updated_count: int
    errors: list[dict[str, Any]]
    created_at: datetime
    finished_at: datetime | None


# --- batches, score sheets, applications


class PilotFilter(InSchema):
    q: str | None = None
    region_code: str | None = None
    sub_industry: str | None = Field(None, max_length=64)
    level: int | None = None
    status: str | None = None


class PilotOut(Schema):
    id: int
    org_id: int
    org_name: str
    credit_code: str
    region: RegionBriefOut
    sub_industry: str
    level: int | None
    status: str
    status_label: str
    status_reason: str
    batch_name: str | None
    submission_id: int | None
    entered_at: datetime


class ReasonIn(InSchema):
    reason: str = Field(..., min_length=1, max_length=255)


# --- recruitment


class PositionIn(InSchema):
    name: str = Field(..., max_length=64)
    count: int = 1
    salary: str = Field("", max_length=64)


class PostFilter(InSchema):
    q: str | None = None
    status: str | None = None


class PostCreateIn(InSchema):
    title: str = Field(..., max_length=128)
    positions: list[PositionIn]
    requirements: str = Field("", max_length=5000)
    contact_name: str = Field(..., max_length=64)
    contact_phone: str = Field(..., max_length=20)
    valid_until: date
    org_id: int | None = None


class PostUpdateIn(InSchema):
    title: str | None = Field(None, max_length=128)
    positions: list[PositionIn] | None = None
    requirements: str | None = Field(None, max_length=5000)
    contact_name: str | None = Field(None, max_length=64)
    contact_phone: str | None = Field(None, max_length=20)
    valid_until: date | None = None


class PostOut(Schema):
    id: int
    org_id: int
    org_name: str
    title: str
    positions: list[dict[str, Any]]
    requirements: str
    contact_name: str
    contact_phone: str
    valid_until: date
    status: str
    status_label: str
    published_at: datetime | None


class PublicPostFilter(InSchema):
    q: str | None = Field(None, max_length=100, description="关键字：标题、企业、岗位、任职要求")
    region_code: str | None = Field(None, max_length=12, description="区域编码（含下级）")


class PostPublicOut(Schema):
    """A published 招聘信息 as the portal shows it: the notice and its published contact, nothing internal."""

    id: int
    org_name: str
    region_name: str
    title: str
    positions: list[dict[str, Any]]
    requirements: str
    contact_name: str
    contact_phone: str
    valid_until: date
    published_at: datetime | None
