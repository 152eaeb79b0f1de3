from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.refs import OrgRef
from smedt.core.api.schema import InSchema


class ProviderPublicOut(Schema):
    slug: str
    name: str
    protocol: str


class ProviderOut(Schema):
    id: int
    slug: str
    name: str
    protocol: str
    enabled: bool
    adapter_class: str
    config: dict[str, Any]
    secrets_set: list[str] = Field(description="已设置的密钥名称（密钥本身永不返回）")
    last_pulled_at: datetime | None
    updated_at: datetime


class ProviderCreateIn(InSchema):
    slug: str = Field(..., min_length=2, max_length=32)
    name: str = Field(..., min_length=1, max_length=64)
    protocol: str = Field(..., max_length=16)
    enabled: bool = False
    adapter_class: str = Field("", max_length=200)
    config: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, str | None] = Field(default_factory=dict, description="只写：密钥名 → 值；空值表示删除")


class ProviderUpdateIn(InSchema):
    name: str | None = Field(None, min_length=1, max_length=64)
    enabled: bool | None = None
    adapter_class: str | None = Field(None, max_length=200)
    config: dict[str, Any] | None = None
    secrets: dict[str, str | None] | None = None


class ProviderFilter(InSchema):
    protocol: str | None = Field(None, max_length=16)
    enabled: bool | None = None


class BindingOut(Schema):
    id: int
    provider: str
    provider_name: str
    subject: str
    user_id: int
    username: str
    display_name: str
    person_type: str
    real_name_level: str
    org: OrgRef | None
    created_at: datetime
    last_login_at: datetime | None


class BindingFilter(InSchema):
    user_id: int | None = None
    provider: str | None = Field(None, max_length=32)
    person_type: str | None = Field(None, max_length=16)


class SmsOutboxOut(Schema):
    id: int
    mobile_masked: str
    purpose: str
    content: str
    backend: str
    status: str
    kind: str
    provider_id: str
    receipt_code: str
    error: str
    delivered_at: datetime | None
    created_at: datetime


class SmsOutboxFilter(InSchema):
    purpose: str | None = Field(None, max_length=32)


class LinkStartIn(InSchema):
    password: str = Field(..., min_length=1, max_length=256)


class RedirectOut(Schema):
    redirect_url: str


class EventsResultOut(Schema):
    applied: int
    ignored: int
    failed: int


class SmsSendIn(InSchema):
    mobile: str = Field(..., min_length=11, max_length=11)


class SmsLoginIn(InSchema):
    mobile: str = Field(..., min_length=11, max_length=11)
    code: str = Field(..., min_length=4, max_length=8)


class CheckItemOut(Schema):
    name: str
    url: str
    ok: bool
    detail: str


class ProviderCheckOut(Schema):
    ok: bool
    checks: list[CheckItemOut]
