from __future__ import annotations

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class RegionNode(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    is_active: bool
    is_reviewer: bool
    children: list[RegionNode]


class RegionCreateIn(InSchema):
    code: str = Field(..., min_length=6, max_length=6)
    name: str = Field(..., min_length=1, max_length=64)
    parent_code: str = Field(..., max_length=12)
    kind: str = Field("", max_length=16)
    is_reviewer: bool = False


class RegionUpdateIn(InSchema):
    name: str | None = Field(None, min_length=1, max_length=64)
    short_name: str | None = Field(None, max_length=32)
    is_active: bool | None = None
    is_reviewer: bool | None = None


class RegionOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    is_active: bool
    is_reviewer: bool
