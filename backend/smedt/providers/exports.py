"""Export kind of the provider pool (``smedt.exports``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smedt.core.export import Column
from smedt.exports.registry import ExportSource, export_register
from smedt.providers import selectors as sel
from smedt.providers.api.schemas import ProviderPoolFilter
from smedt.reviews.api.publicity import dict_labels


def _columns() -> Sequence[Column]:
    labels = dict_labels("pilot_sub_industry", "provider_type")  # once per export, not per row
    subs, types = labels["pilot_sub_industry"], labels["provider_type"]
    return [
        ("服务商名称", lambda m: m.org.name),
        ("统一社会信用代码", lambda m: m.org.credit_code),
        ("所在区域", lambda m: m.region.name),
        ("类型", lambda m: types.get(m.provider_type, m.provider_type)),
        ("服务细分行业", lambda m: "、".join(subs.get(v, v) for v in m.sub_industries)),
        ("状态", lambda m: m.get_status_display()),
        ("状态说明", lambda m: m.status_reason),
        ("入库时间", lambda m: m.entered_at),
    ]


def pool(user: Any, filters: Any) -> ExportSource:
    return ExportSource(
        queryset=sel.pool_list(user=user, filters=filters, action="export").order_by("id"), columns=_columns
    )


export_register(
    "provider_pool", label="服务商库", params=ProviderPoolFilter, source=pool, permission="providers.export_pool"
)
