from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class ExportStartIn(InSchema):
    kind: str = Field(max_length=64, description="导出类型，如 orgs、projects、subsidies")
    params: dict[str, Any] = Field(default_factory=dict, description="筛选条件：与对应列表的筛选参数相同")


class ExportJobOut(Schema):
    id: int
    kind: str
    kind_label: str
    params: dict[str, Any]
    status: str
    status_label: str
    total: int
    progress: int
    row_count: int
    file_name: str
    size: int
    error: str
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None
    allowed_actions: list[str]
