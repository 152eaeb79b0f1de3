from __future__ import annotations

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class RoleOut(Schema):
    id: int
    code: str
    name: str
    description: str
    scope_kind: str
    builtin: bool
    permissions: list[str]
    grantable: bool = Field(False, description="当前用户能否把该角色授予他人")


class RoleCreateIn(InSchema):
    code: str = Field(..., pattern=r"^[a-z][a-z0-9_]{1,49}$", max_length=100)
    name: str = Field(..., min_length=1, max_length=50)
    description: str = Field("", max_length=255)
    scope_kind: str = Field(..., pattern=r"^(global|region|org)$")
    permissions: list[str] = Field(default_factory=list, max_length=500)


class RoleUpdateIn(InSchema):
    name: str | None = Field(None, min_length=1, max_length=50)
    description: str | None = Field(None, max_length=255)
    permissions: list[str] | None = Field(None, max_length=500)


class PermissionOut(Schema):
    code: str
    name: str
    module: str
    module_name: str


class RoleFilter(InSchema):
    q: str | None = Field(None, max_length=50)
