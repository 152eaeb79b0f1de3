"""Export kind of the cultivation library (``smedt.exports``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smedt.core.export import Column
from smedt.cultivation import selectors as sel
from smedt.cultivation.api.schemas import LibraryFilter
from smedt.exports.registry import ExportSource, export_register


def _columns() -> Sequence[Column]:
    labels = sel._sub_labels()
    return [
        ("企业名称", lambda e: e.org.name),
        ("统一社会信用代码", lambda e: e.org.credit_code),
        ("所在县区", lambda e: e.region.name),
        ("细分行业", lambda e: labels.get(e.sub_industry, e.sub_industry)),
        ("当前梯度", lambda e: e.get_tier_display()),
        ("证书编号", lambda e: e.certificate_no),
        ("认定日期", lambda e: e.tier_since),
        ("有效期至", lambda e: e.valid_until),
        ("复核到期日", lambda e: e.review_due),
        ("状态", lambda e: e.get_status_display()),
        ("移出原因", lambda e: e.removed_reason),
    ]


def library(user: Any, filters: Any) -> ExportSource:
    qs = sel.library_list(user=user, filters=filters, action="export").order_by("id")
    return ExportSource(queryset=qs, columns=_columns)


export_register(
    "cultivation_library",
    label="梯度培育库",
    params=LibraryFilter,
    source=library,
    permission="cultivation.export_library",
)
