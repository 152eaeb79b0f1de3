"""The assessment report as a PDF (``core.pdf.render_pdf``; fonts: Noto CJK from Debian ``fonts-noto-cjk``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from smedt.assessment.charts import FONT, bar_svg, radar_svg
from smedt.assessment.models import Assessment, OnsiteRating
from smedt.core.pdf import render_pdf

TRACE_STEPS_SHOWN = ("group", "dimension", "total", "scenario_counts", "rule", "level")


def report_context(a: Assessment | OnsiteRating) -> dict[str, Any]:
    result: dict[str, Any] = a.result or {}
    dims = result.get("dimensions", [])
    counts = list(result.get("scenario_counts", []))  # 未达到 (level 0) included: every scenario is counted once
    distance = result.get("distance_to_next_level") or {}
    return {
        "kind": "现场评定" if isinstance(a, OnsiteRating) else "企业自评测",
        "org_name": a.org.name,
        "credit_code": a.org.credit_code,
        "region": a.region.display_name,
        "submitted_at": timezone.localtime(a.submitted_at).strftime("%Y年%m月%d日") if a.submitted_at else "",
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "indicator_set_name": a.indicator_set.name,
        "indicator_set_version": a.indicator_set.version,
        "total": result.get("total"),
        "total_max": result.get("total_max"),
        "level_name": result.get("level_name"),
        "dimensions": dims,
        "scenario_counts": sorted(counts, key=lambda c: c["level"]),
        "rule_checks": result.get("rule_checks", []),
        "trace": [t for t in result.get("trace", []) if t["step"] in TRACE_STEPS_SHOWN],
        "distance": distance,
        "warnings": result.get("warnings", []),
        "radar": radar_svg([(d["name"], Decimal(d["score"]), Decimal(d["max_score"])) for d in dims]),
        "bars": bar_svg(
            [
                (c["name"], int(c["exactly"]), int(c["exactly_constraint"]))
                for c in sorted(counts, key=lambda c: c["level"])
            ]
        ),
        "font": FONT,
    }


def report_html(a: Assessment | OnsiteRating) -> str:
    return render_to_string("assessment/report.html", report_context(a))


def report_pdf(a: Assessment | OnsiteRating) -> bytes:
    """Render the report; WeasyPrint needs pango (Debian libpango-1.0-0 libpangoft2-1.0-0) and a CJK font."""
    return render_pdf(report_html(a))
