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
* Deep pages go by keyset instead: every page carries `next_cursor` (the sort key and id of its last
  row, when the ordering is on the model's own columns); `?cursor=…` returns the rows after it with
  `WHERE (sort key, id) < (…)` on the index, whatever the depth — no OFFSET, so no cap. The front
  end's "next page" uses it beyond the offset cap.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.db.models import Field as ModelField
from django.db.models import Model, Q, QuerySet
from ninja import Schema
from pydantic import Field

from smedt.core import dbcompat
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
# with a cursor the page number is only shown back (the rows come from the keyset, not an OFFSET)
KEYSET_MAX_PAGE = 10_000_000
CURSOR_MAX_LENGTH = 500


class PageParams(InSchema):
    page: int = Field(1, ge=1, le=KEYSET_MAX_PAGE, description="页码，从 1 开始（不带 cursor 时最多 10000）")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数")
    ordering: str | None = Field(None, max_length=200, description="排序字段，前缀 - 表示倒序")
    cursor: str | None = Field(
        None, max_length=CURSOR_MAX_LENGTH, description="上一页返回的 next_cursor：按键集取其后的一页（深分页）"
    )


class Page(Schema, Generic[T]):
    items: list[T]
    total: int = Field(description="符合条件的条数（超过一千条时为缓存的统计值，见 total_exact）")
    page: int
    page_size: int
    has_next: bool = Field(False, description="是否还有下一页")
    total_exact: bool = Field(True, description="total 是否为本次请求的精确计数")
    next_cursor: str | None = Field(None, description="下一页的键集游标（传回 cursor 参数即可翻页，不受页数上限限制）")


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


def _count_cache_key(db: str, sql: str, params: Any) -> str:
    digest = hashlib.sha256(f"{db}|{sql}|{params!r}".encode()).hexdigest()[:40]
    return f"smedt:pagecount:{digest}"


def _bounded_sql(qs: QuerySet[Any]) -> tuple[str, tuple[Any, ...]] | None:
    """`SELECT pk … LIMIT n + 1` of a plain filtered query, compiled once for both the count and the cache
    key; None for what Django must count itself (annotations, grouping, DISTINCT, unions, slices)."""
    query = qs.query
    if query.combinator or query.distinct or query.annotations or query.group_by is not None:
        return None
    if query.is_sliced or query.extra:
        return None
    inner = qs.order_by().values_list("pk")[: COUNT_EXACT_LIMIT + 1]
    sql, params = inner.query.get_compiler(using=qs.db).as_sql()
    return sql, tuple(params)


def bounded_count(qs: QuerySet[Any]) -> tuple[int, bool]:
    """(total, exact): one bounded COUNT query; a larger total comes from the short-lived cache."""
    try:
        compiled = _bounded_sql(qs)
    except EmptyResultSet:  # a filter that matches nothing (e.g. no scope at all): no query needed
        return 0, True
    if compiled is None:
        bounded = qs.order_by()[: COUNT_EXACT_LIMIT + 1].count()
        if bounded <= COUNT_EXACT_LIMIT:
            return bounded, True
        sql, params = qs.order_by().query.sql_with_params()
    else:
        sql, params = compiled
        bounded = dbcompat.count_rows(sql, params, using=qs.db)
        if bounded <= COUNT_EXACT_LIMIT:
            return bounded, True
    key = _count_cache_key(qs.db, sql, params)
    cached = cache.get(key)
    if isinstance(cached, int):
        return cached, False
    total = qs.order_by().count()
    cache.set(key, total, getattr(settings, "SMEDT_PAGE_COUNT_CACHE_SECONDS", 120))
    return total, True


# ---- keyset ---------------------------------------------------------------------------------------


def _bad_cursor() -> ValidationFailed:
    return ValidationFailed(
        code="invalid_cursor",
        message="翻页游标无效或已过期，请回到第一页重新查询",
        details={"fields": {"cursor": "无效"}},
    )


def _keyset_fields(qs: QuerySet[Any]) -> list[tuple[ModelField[Any, Any], bool]] | None:
    """(field, descending) of the ordering when every term is a column of the model itself and the
    last is the primary key (so the order is total); None when the keyset cannot follow it."""
    meta = qs.model._meta
    terms = list(qs.query.order_by)
    if not terms:
        return None
    fields: list[tuple[ModelField[Any, Any], bool]] = []
    for term in terms:
        if not isinstance(term, str) or "__" in term or term.lstrip("-") == "?":
            return None
        name = term.lstrip("-")
        try:
            field = meta.pk if name == "pk" else meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not getattr(field, "concrete", False) or field.null:  # NULLs have no place in a (a, b) < (x, y) order
            return None
        fields.append((field, term.startswith("-")))
    if fields[-1][0] is not meta.pk:
        return None
    return fields


def _cursor_signature(fields: Sequence[tuple[ModelField[Any, Any], bool]]) -> str:
    return ",".join(("-" if desc else "") + f.attname for f, desc in fields)


def _plain(value: Any) -> Any:
    """A sort-key value as JSON without losing precision (microseconds, decimal places)."""
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    return value


def encode_cursor(row: Model, fields: Sequence[tuple[ModelField[Any, Any], bool]]) -> str:
    values = [_plain(getattr(row, f.attname)) for f, _ in fields]
    raw = json.dumps([_cursor_signature(fields), values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, fields: Sequence[tuple[ModelField[Any, Any], bool]]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        signature, values = json.loads(raw)
    except (ValueError, binascii.Error, TypeError) as exc:
        raise _bad_cursor() from exc
    # a cursor of another ordering (or list) is refused, not misread
    if signature != _cursor_signature(fields) or not isinstance(values, list) or len(values) != len(fields):
        raise _bad_cursor()
    try:
        return [f.to_python(v) for (f, _), v in zip(fields, values, strict=True)]
    except (ValidationError, TypeError, ValueError) as exc:
        raise _bad_cursor() from exc


def _after(fields: Sequence[tuple[ModelField[Any, Any], bool]], values: Sequence[Any]) -> Q:
    """Rows after the cursor row in this order: (a > x) or (a = x and b > y) … per direction."""
    condition = Q(pk__in=[])
    for i, (field, desc) in enumerate(fields):
        step = Q(**{f"{field.attname}__{'lt' if desc else 'gt'}": values[i]})
        for j in range(i):
            step &= Q(**{fields[j][0].attname: values[j]})
        condition |= step
    return condition


def paginate(
    qs: QuerySet[M],
    params: PageParams,
    *,
    allowed_ordering: Sequence[str] = (),
    default_ordering: Sequence[str] = ("-pk",),
    transform: Callable[[list[M]], list[Any]] | None = None,
) -> dict[str, Any]:
    ordered = apply_ordering(qs, params.ordering, allowed_ordering, default_ordering)
    keyset = _keyset_fields(ordered)
    total, exact = bounded_count(ordered)
    if params.cursor:
        if keyset is None:
            raise _bad_cursor()
        window = ordered.filter(_after(keyset, _decode_cursor(params.cursor, keyset)))
        rows = list(window[: params.page_size + 1])
    else:
        start = check_window(params.page, params.page_size)
        rows = list(ordered[start : start + params.page_size + 1])
    has_next = len(rows) > params.page_size
    rows = rows[: params.page_size]
    next_cursor = encode_cursor(rows[-1], keyset) if has_next and keyset is not None else None
    items = transform(rows) if transform else rows
    return {
        "items": items,
        "total": total,
        "page": params.page,
        "page_size": params.page_size,
        "has_next": has_next,
        "total_exact": exact,
        "next_cursor": next_cursor,
    }
