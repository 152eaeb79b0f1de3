from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from smedt.core.api.refs import RegionRef
from smedt.core.api.schema import InSchema


class OrgOut(Schema):
    id: int
    name: str
    credit_code: str
    kind: str
    kind_label: str
    region: RegionRef
    status: str
    status_label: str
    status_reason: str
    contact_name: str
    contact_phone_masked: str
    address: str
    industry_code: str
    created_at: datetime


class OrgFilter(InSchema):
    q: str | None = Field(None, max_length=100, description="名称或统一社会信用代码")
    kind: str | None = Field(None, pattern=r"^(enterprise|provider|government)$")
    region_code: str | None = Field(None, max_length=12)
    status: str | None = Field(None, pattern=r"^(pending|active|returned|rejected|disabled)$")
    id: int | None = None


class OrgCreateIn(InSchema):
    name: str = Field(..., min_length=1, max_length=128)
    credit_code: str = Field(..., min_length=1, max_length=32)
    kind: str = Field(..., pattern=r"^(enterprise|provider|government)$")
    region_code: str = Field(..., max_length=12)
    contact_name: str = Field("", max_length=64)
    contact_phone: str = Field("", max_length=20)
    address: str = Field("", max_length=255)
    industry_code: str = Field("", max_length=5)


class OrgUpdateIn(InSchema):
    name: str | None = Field(None, min_length=1, max_length=128)
    region_code: str | None = Field(None, max_length=12)
    contact_name: str | None = Field(None, max_length=64)
    contact_phone: str | None = Field(None, max_length=20)
    address: str | None = Field(None, max_length=255)
    industry_code: str | None = Field(None, max_length=5)


class OrgDisableIn(InSchema):
    reason: str = Field(..., max_length=255)


class OrgRegisterIn(InSchema):
    org_name: str = Field(..., min_length=1, max_length=128)
    credit_code: str = Field(..., min_length=1, max_length=32)
    kind: str = Field(..., pattern=r"^(enterprise|provider)$")
    region_code: str = Field(..., max_length=12)
    contact_name: str = Field(..., min_length=1, max_length=64)
    contact_phone: str = Field(..., min_length=1, max_length=20)
    username: str = Field(..., min_length=1, max_length=64)
    password: str = Field(..., min_length=1, max_length=128)
    captcha_id: str | None = Field(None, max_length=32, description="GET /api/auth/captcha 返回的编号")
    captcha_answer: str | None = Field(None, max_length=16)


class OrgRegisterOut(Schema):
    org_id: int
    review_status: str
    message: str


class CreditCodeCheckOut(Schema):
    valid: bool
    message: str
