from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field


class CsrfOut(Schema):
    csrf_token: str


class LoginIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=256)


class RegionRef(Schema):
    code: str
    name: str


class OrgRef(Schema):
    id: int
    name: str


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


class PasswordChangeIn(Schema):
    old_password: str = Field(..., min_length=1, max_length=256)
    new_password: str = Field(..., min_length=1, max_length=256)


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    mobile_masked: str
    is_active: bool
    locked_until: datetime | None
    last_login: datetime | None
    date_joined: datetime
    roles: list[RoleAssignmentOut]


class UserFilter(Schema):
    q: str | None = Field(None, max_length=100, description="用户名或姓名")
    is_active: bool | None = None
    role_code: str | None = Field(None, max_length=50)
    region_code: str | None = Field(None, max_length=12)


class UserUpdateIn(Schema):
    display_name: str | None = Field(None, min_length=1, max_length=64)
    email: str | None = Field(None, max_length=254)
    mobile: str | None = Field(None, max_length=11)


class PasswordResetIn(Schema):
    new_password: str = Field(..., min_length=1, max_length=128)


class AssignmentIn(Schema):
    role_code: str = Field(..., max_length=50)
    region_code: str | None = Field(None, max_length=12)
    org_id: int | None = None


class UserCreateIn(Schema):
    username: str = Field(..., min_length=1, max_length=64)
    display_name: str = Field(..., min_length=1, max_length=64)
    email: str = Field("", max_length=254)
    mobile: str | None = Field(None, max_length=11)
    password: str = Field(..., min_length=1, max_length=128)
    assignments: list[AssignmentIn] = Field(default_factory=list, max_length=50)


class UserRolesIn(Schema):
    assignments: list[AssignmentIn] = Field(..., max_length=50)


class LoginLogOut(Schema):
    id: int
    created_at: datetime
    username: str
    success: bool
    reason: str
    ip: str
    user_agent: str


class LoginLogFilter(Schema):
    q: str | None = Field(None, max_length=150, description="用户名")
    success: bool | None = None
    ip: str | None = Field(None, max_length=64)
    date_from: datetime | None = None
    date_to: datetime | None = None
