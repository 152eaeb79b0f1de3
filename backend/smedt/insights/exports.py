"""Export kind of the insights module: 试点企业进度统计报表 (``smedt.exports``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smedt.core.export import Column
from smedt.exports.registry import ExportSource, export_register
from smedt.insights import selectors
from smedt.insights.api.schemas import ProgressFilter

COLUMNS: tuple[tuple[str, str], ...] = (
    ("企业名称", "org_name"),
    ("所在县区", "region_name"),
    ("细分行业", "sub_industry_label"),
    ("数字化水平", "level_label"),
    ("入库时间", "entered_at"),
    ("完成诊断", "diagnosed_at"),
    ("签约改造", "signed_at"),
    ("备案通过", "filed_at"),
    ("申请验收", "acceptance_applied_at"),
    ("验收通过", "accepted_at"),
    ("当前进度", "milestone_label"),
    ("奖补", "subsidy_label"),
)


def _columns() -> Sequence[Column]:
    labels = dict(selectors.sub_industries())

    def getter(key: str) -> Any:
        if key == "sub_industry_label":
            return lambda r: labels.get(r["sub_industry"], r["sub_industry"])
        return lambda r: r[key]

    return [(title, getter(key)) for title, key in COLUMNS]


def progress(user: Any, filters: Any) -> ExportSource:
    selectors.progress_filters_check(filters)
    qs = selectors.progress_queryset(user=user, filters=filters).order_by("region__code", "org__name", "id")
    return ExportSource(queryset=qs, columns=_columns, batch=selectors.progress_rows, chunk_size=500)


export_register(
    "insights_progress",
    label="试点企业进度统计报表",
    params=ProgressFilter,
    source=progress,
    permission="insights.export_progress",
)
