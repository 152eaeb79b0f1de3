"""Export kind of the pilot library (``smedt.exports``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smedt.core.export import Column
from smedt.enterprises import selectors as sel
from smedt.enterprises.api.schemas import PilotFilter
from smedt.enterprises.models.pilot import pilot_level_label
from smedt.enterprises.services.common import dict_values
from smedt.exports.registry import ExportSource, export_register


def _columns() -> Sequence[Column]:
    sub_labels = dict_values("pilot_sub_industry")
    return [
        ("企业名称", lambda p: p.org.name),
        ("统一社会信用代码", lambda p: p.org.credit_code),
        ("所在县区", lambda p: p.region.name),
        ("细分行业", lambda p: sub_labels.get(p.sub_industry, p.sub_industry)),
        ("数字化水平等级", lambda p: pilot_level_label(p.level)),
        ("状态", lambda p: p.get_status_display()),
        ("状态说明", lambda p: p.status_reason),
        ("遴选批次", lambda p: p.campaign.name if p.campaign else ""),
        ("入库时间", lambda p: p.entered_at),
    ]


def pilots(user: Any, filters: Any) -> ExportSource:
    qs = sel.pilot_list(user=user, filters=filters, action="export").order_by("id")
    return ExportSource(queryset=qs, columns=_columns)


export_register("pilots", label="试点企业库", params=PilotFilter, source=pilots, permission="enterprises.export_pilot")
