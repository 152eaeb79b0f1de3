"""SVG charts for the assessment report (radar of dimensions, bars of scenario levels). Pure: no Django.

Drawn as plain SVG so the PDF engine renders them as vectors and the text stays selectable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from smedt.core.fonts import FONT_FAMILY

FONT = FONT_FAMILY
BLUE = "#2f6fdb"


def _pt(cx: float, cy: float, r: float, i: int, n: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def radar_svg(axes: Sequence[tuple[str, Decimal, Decimal]], *, size: int = 300) -> str:
    """Radar chart: one axis per (name, score, max); each axis shows the score as a share of its max."""
    n = len(axes)
    if n == 0:
        return ""
    cx = cy = size / 2
    r = size / 2 - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
        f'font-family="{FONT}" font-size="11">'
    ]
    ring_n = max(n, 3)
    for ring in (0.25, 0.5, 0.75, 1.0):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_pt(cx, cy, r * ring, i, ring_n) for i in range(ring_n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#d0d7e2" stroke-width="1"/>')
    for i, (name, score, maximum) in enumerate(axes):
        x, y = _pt(cx, cy, r, i, ring_n)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d0d7e2"/>')
        lx, ly = _pt(cx, cy, r + 28, i, ring_n)
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle">{escape(name)}</text>'
            f'<text x="{lx:.1f}" y="{ly + 14:.1f}" text-anchor="middle" fill="#555">{score}/{maximum}</text>'
        )
    shares = [float(score / maximum) if maximum else 0.0 for _, score, maximum in axes]
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_pt(cx, cy, r * s, i, ring_n) for i, s in enumerate(shares)))
    parts.append(f'<polygon points="{pts}" fill="{BLUE}" fill-opacity="0.25" stroke="{BLUE}" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def bar_svg(bars: Sequence[tuple[str, int, int]], *, width: int = 420, height: int = 220) -> str:
    """Bar chart of scenario counts per level: (label, all, of which 约束性)."""
    if not bars:
        return ""
    top = max(max(total for _, total, _ in bars), 1)
    left, bottom, plot_h = 30, 40, height - 70
    slot = (width - left - 10) / len(bars)
    bar_w = slot * 0.55
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="11">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>',
    ]
    for i, (label, total, constraint) in enumerate(bars):
        x = left + slot * i + (slot - bar_w) / 2
        h = plot_h * total / top
        hc = plot_h * constraint / top
        y = height - bottom - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BLUE}" fill-opacity="0.35"/>'
        )
        parts.append(
            f'<rect x="{x:.1f}" y="{height - bottom - hc:.1f}" width="{bar_w:.1f}" height="{hc:.1f}" fill="{BLUE}"/>'
        )
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{total}</text>')
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16:.1f}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append(
        f'<rect x="{left}" y="{height - 14}" width="10" height="10" fill="{BLUE}"/>'
        f'<text x="{left + 14}" y="{height - 5}">其中约束性场景</text>'
        f'<rect x="{left + 110}" y="{height - 14}" width="10" height="10" fill="{BLUE}" fill-opacity="0.35"/>'
        f'<text x="{left + 124}" y="{height - 5}">全部场景</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
