"""The self-assessment report as a PDF (WeasyPrint embeds the Noto CJK font it draws with)."""

from __future__ import annotations

import logging
from decimal import Decimal
from html import escape
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from smedt.assessment.charts import BLUE, FONT
from smedt.cultivation.models import SelfAssessment
from smedt.cultivation.selectors import self_assessment_detail


def points_svg(tiers: list[dict[str, Any]], *, width: int = 460, height: int = 150) -> str:
    """Horizontal bars: each tier's points (or development score) against its pass line."""
    bars = []
    for t in tiers:
        p = t.get("points") or t.get("score")
        if not p:
            continue
        value = Decimal(p.get("total") or p.get("value") or 0)
        top = Decimal(p.get("max_total") or 100)
        bars.append((t["name"], value, Decimal(p["pass_line"]), top))
    if not bars:
        return ""
    left, right, row = 150, 20, 36
    plot_w = width - left - right
    h = max(height, row * len(bars) + 30)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" viewBox="0 0 {width} {h}" '
        f'font-family="{FONT}" font-size="11">'
    ]
    for i, (name, value, line, top) in enumerate(bars):
        y = 10 + i * row
        w = float(min(value, top) / top) * plot_w if top else 0
        lx = left + float(line / top) * plot_w if top else left
        parts.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{plot_w}" height="20" fill="#eef3fb"/>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="20" fill="{BLUE}"/>')
        parts.append(
            f'<line x1="{lx:.1f}" y1="{y - 3}" x2="{lx:.1f}" y2="{y + 23}" stroke="#d9534f" stroke-width="2"/>'
        )
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + 15}">{value}</text>')
    parts.append(f'<text x="{left}" y="{h - 4}" fill="#d9534f">红线为及格线</text></svg>')
    return "".join(parts)


def report_context(sa: SelfAssessment) -> dict[str, Any]:
    detail = self_assessment_detail(sa)
    return {
        "org_name": sa.org.name,
        "credit_code": sa.org.credit_code,
        "region": sa.region.name,
        "as_of": sa.as_of.strftime("%Y年%m月%d日"),
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "criteria": sa.result["criteria"],
        "tiers": sa.result["tiers"],
        "answers": detail["answers"],
        "chart": points_svg(sa.result["tiers"]),
        "font": FONT,
    }


def report_pdf(sa: SelfAssessment) -> bytes:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # pango is loaded only when a report is rendered

    return HTML(string=render_to_string("cultivation/report.html", report_context(sa))).write_pdf()  # type: ignore[no-any-return]
