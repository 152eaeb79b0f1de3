"""Pagination, ordering and the page envelope used by every list endpoint."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema
from smedt.core.errors import ValidationFailed

T = TypeVar("T")
M = TypeVar("M", bound=Model)

MAX_PAGE_SIZE = 200


class PageParams(InSchema):
    page: int = Field(1, ge=1, description="页码，从 1 开始")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数")
    ordering: str | None = Field(None, description="排序字段，前缀 - 表示倒序")


class Page(Schema, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


def apply_ordering(
    qs: QuerySet[M], ordering: str | None, allowed: Sequence[str], default: Sequence[str]
) -> QuerySet[M]:
    """Order by a whitelisted field; anything else is a clear 422, never a 500."""
    if not ordering:
        return qs.order_by(*default)
    fields = []
    for part in ordering.split(","):
        name = part.strip()
        if name.lstrip("-") not in allowed:
            raise ValidationFailed(
                code="invalid_ordering",
                message=f"不支持按“{name}”排序",
                details={"allowed": list(allowed)},
            )
        fields.append(name)
    # a stable tiebreaker keeps pages from overlapping
    return qs.order_by(*fields, "-pk")


def paginate(
    qs: QuerySet[M],
    params: PageParams,
    *,
    allowed_ordering: Sequence[str] = (),
    default_ordering: Sequence[str] = ("-pk",),
    transform: Callable[[list[M]], list[Any]] | None = None,
) -> dict[str, Any]:
    ordered = apply_ordering(qs, params.ordering, allowed_ordering, default_ordering)
    total = ordered.count()
    start = (params.page - 1) * params.page_size
    rows = list(ordered[start : start + params.page_size])
    items = transform(rows) if transform else rows
    return {"items": items, "total": total, "page": params.page, "page_size": params.page_size}
