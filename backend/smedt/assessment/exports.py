"""Export kind of the assessment analysis (``smedt.exports``)."""

from __future__ import annotations

from typing import Any

from smedt.assessment import analysis
from smedt.assessment.api.schemas import AnalysisDrillDownFilter
from smedt.exports.registry import ExportSource, export_register


def analysis_entries(user: Any, filters: Any) -> ExportSource:
    qs, names = analysis.analysis_drill_down(user=user, filters=filters, action="export")
    return ExportSource(
        queryset=qs.order_by("-submitted_at", "-pk"),
        columns=[
            ("企业名称", lambda e: e.org.name),
            ("所在地区", lambda e: e.region.display_name),
            ("行业大类", lambda e: e.industry_division),
            ("企业规模", lambda e: e.get_size_band_display()),
            ("结果来源", lambda e: e.get_source_display()),
            ("指标体系版本", lambda e: e.indicator_set.version),
            ("总分", lambda e: e.total_score),  # exact Decimal; openpyxl writes it as a number
            ("等级", lambda e: names.get(e.level, "")),
            ("提交时间", lambda e: e.submitted_at),
        ],
    )


export_register(
    "assessment_analysis",
    label="数字化水平综合分析",
    params=AnalysisDrillDownFilter,
    source=analysis_entries,
    permission="assessment.export_analysis",
)
