from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from smedt.core.api.refs import OrgRef, RegionRef
from smedt.core.api.schema import InSchema


class CsrfOut(Schema):
    csrf_token: str


class LoginIn(InSchema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str | None = Field(None, min_length=1, max_length=256, description="明文密码（仅在允许时）")
    password_cipher: str | None = Field(
        None, min_length=2, max_length=1200, description="SM2 密文（C1C3C2，hex），明文为 {password, nonce} JSON"
    )
    captcha_id: str | None = Field(None, max_length=32)
    captcha_answer: str | None = Field(None, max_length=16)


class LoginChallengeOut(Schema):
    nonce: str
    public_key: str
    expires_at: datetime


class CaptchaOut(Schema):
    captcha_id: str
    image: str
    expires_at: datetime


class OnlineSessionOut(Schema):
    id: int
    user_id: int
    username: str
    display_name: str
    channel: str
    ip: str
    user_agent: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


class OnlineSessionFilter(InSchema):
    q: str | None = Field(None, max_length=150, description="用户名或姓名")
    ip: str | None = Field(None, max_length=64)
    user_id: int | None = None


class RoleAssignmentOut(Schema):
    role_code: str
    role_name: str
    scope_kind: str
    region: RegionRef | None = None
    org: OrgRef | None = None


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    must_change_password: bool
    roles: list[RoleAssignmentOut]
    permissions: list[str]
    unread_messages: int


class PasswordChangeIn(InSchema):
    old_password: str = Field(..., min_length=1, max_length=256)
    new_password: str = Field(..., min_length=1, max_length=256)


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    mobile_masked: str
    mobile_display: str = Field("", description="有 accounts.view_personal_data 权限时为完整号码，否则为脱敏号码")
    id_number_display: str = Field("", description="有 accounts.view_personal_data 权限时为完整证件号，否则脱敏")
    is_active: bool
    locked_until: datetime | None
    last_login: datetime | None
    date_joined: datetime
    roles: list[RoleAssignmentOut]


class UserFilter(InSchema):
    q: str | None = Field(None, max_length=100, description="用户名或姓名")
    is_active: bool | None = None
    role_code: str | None = Field(None, max_length=50)
    region_code: str | None = Field(None, max_length=12)


class UserUpdateIn(InSchema):
    display_name: str | None = Field(None, min_length=1, max_length=64)
    email: str | None = Field(None, max_length=254)
    mobile: str | None = Field(None, max_length=11)


class PasswordResetIn(InSchema):
    new_password: str = Field(..., min_length=1, max_length=128)


class AssignmentIn(InSchema):
    role_code: str = Field(..., max_length=50)
    region_code: str | None = Field(None, max_length=12)
    org_id: int | None = None


class UserCreateIn(InSchema):
    username: str = Field(..., min_length=1, max_length=64)
    display_name: str = Field(..., min_length=1, max_length=64)
    email: str = Field("", max_length=254)
    mobile: str | None = Field(None, max_length=11)
    password: str = Field(..., min_length=1, max_length=128)
    assignments: list[AssignmentIn] = Field(default_factory=list, max_length=50)


class UserRolesIn(InSchema):
    assignments: list[AssignmentIn] = Field(..., max_length=50)


class LoginLogOut(Schema):
    id: int
    created_at: datetime
    username: str
    success: bool
    reason: str
    ip: str
    user_agent: str


class LoginLogFilter(InSchema):
    q: str | None = Field(None, max_length=150, description="用户名")
    success: bool | None = None
    ip: str | None = Field(None, max_length=64)
    date_from: datetime | None = None
    date_to: datetime | None = None


class SessionOut(Schema):
    authenticated: bool
    me: MeOut | None = None
