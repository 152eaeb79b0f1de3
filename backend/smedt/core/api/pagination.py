"""Pagination, ordering and the page envelope used by every list endpoint.

A page costs two queries whatever the table size: a *bounded* count and the page itself.

* The count never scans a big table on every request: it counts at most `COUNT_EXACT_LIMIT + 1` (1,001)
  rows (`SELECT COUNT(*) FROM (… LIMIT n)`), which is exact for every ordinary result. When a
  result is larger than that, the exact total is computed once and kept in the cache for
  `SMEDT_PAGE_COUNT_CACHE_SECONDS` (keyed by the SQL of the scoped, filtered query, so users with
  the same scope and filters share it); `total_exact` tells the client it may be slightly stale.
* `has_next` comes from fetching `page_size + 1` rows, never from the total.
* `page` and `page_size` are capped (`MAX_PAGE`, `MAX_PAGE_SIZE`): a deeper page is a clear 422,
  never an OFFSET overflow (500) or a scan of millions of skipped rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model, QuerySet
from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema
from smedt.core.errors import ValidationFailed

T = TypeVar("T")
M = TypeVar("M", bound=Model)

MAX_PAGE_SIZE = 200
# 500 pages of the largest size = 100,000 rows deep; beyond that, filter (the search form) instead.
MAX_PAGE = 10_000
MAX_OFFSET = 100_000
# results up to this size are counted exactly on every request (a bounded index scan of ≤ 1,001 rows)
COUNT_EXACT_LIMIT = 1_000


class PageParams(InSchema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数")
    ordering: str | None = Field(None, max_length=200, description="排序字段，前缀 - 表示倒序")


class Page(Schema, Generic[T]):
    items: list[T]
    total: int = Field(description="符合条件的条数（超过一千条时为缓存的统计值，见 total_exact）")
    page: int
    page_size: int
    has_next: bool = Field(False, description="是否还有下一页")
    total_exact: bool = Field(True, description="total 是否为本次请求的精确计数")


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


def check_window(page: int, page_size: int) -> int:
    """The OFFSET of a page, refused with a 422 beyond the caps (also for callers not using PageParams)."""
    if page < 1 or page > MAX_PAGE or page_size < 1 or page_size > MAX_PAGE_SIZE:
        raise ValidationFailed(
            code="page_out_of_range",
            message=f"页码须在 1–{MAX_PAGE} 之间，每页条数须在 1–{MAX_PAGE_SIZE} 之间",
            details={"fields": {"page": "超出范围"}, "max_page": MAX_PAGE, "max_page_size": MAX_PAGE_SIZE},
        )
    start = (page - 1) * page_size
    if start >= MAX_OFFSET:
        raise ValidationFailed(
            code="page_out_of_range",
            message=f"最多可翻到第 {MAX_OFFSET:,} 条，请增加筛选条件缩小范围",
            details={"fields": {"page": "超出范围"}, "max_offset": MAX_OFFSET},
        )
    return start


def _count_cache_key(qs: QuerySet[Any]) -> str:
    sql, params = qs.order_by().query.sql_with_params()
    digest = hashlib.sha256(f"{qs.db}|{sql}|{params!r}".encode()).hexdigest()[:40]
    return f"smedt:pagecount:{digest}"


def bounded_count(qs: QuerySet[Any]) -> tuple[int, bool]:
    """(total, exact): one bounded COUNT query; a larger total comes from the short-lived cache."""
    bounded = qs.order_by()[: COUNT_EXACT_LIMIT + 1].count()
    if bounded <= COUNT_EXACT_LIMIT:
        return bounded, True
    key = _count_cache_key(qs)
    cached = cache.get(key)
    if isinstance(cached, int):
        return cached, False
    total = qs.order_by().count()
    cache.set(key, total, getattr(settings, "SMEDT_PAGE_COUNT_CACHE_SECONDS", 120))
    return total, True


def paginate(
    qs: QuerySet[M],
    params: PageParams,
    *,
    allowed_ordering: Sequence[str] = (),
    default_ordering: Sequence[str] = ("-pk",),
    transform: Callable[[list[M]], list[Any]] | None = None,
) -> dict[str, Any]:
    start = check_window(params.page, params.page_size)
    ordered = apply_ordering(qs, params.ordering, allowed_ordering, default_ordering)
    total, exact = bounded_count(ordered)
    rows = list(ordered[start : start + params.page_size + 1])
    has_next = len(rows) > params.page_size
    rows = rows[: params.page_size]
    items = transform(rows) if transform else rows
    return {
        "items": items,
        "total": total,
        "page": params.page,
        "page_size": params.page_size,
        "has_next": has_next,
        "total_exact": exact,
    }
