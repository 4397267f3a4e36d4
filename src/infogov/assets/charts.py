"""Server-side SVG charts: a data-quality trend per asset, drawn as inline SVG.

Hand-written SVG (no plotting library) keeps a page with a chart well under its time
budget; the chart has `role="img"` and a text alternative, and the page always shows
the same figures in a table beside it. Presentation attributes only (strict CSP).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SERIES = (
    ("completeness", "Completeness", "#1d70b8", "none"),
    ("validity", "Validity", "#00703c", "6 3"),
    ("uniqueness", "Uniqueness", "#d4351c", "2 3"),
)
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 130, 16, 40


def quality_trend_svg(checks: Sequence[Any]) -> SafeString:
    """A line chart of completeness, validity and uniqueness (0-100 %) over the checks."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    count = len(checks)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(100.0, value)) / 100)

    summary = "; ".join(
        f"{c.run_at:%Y-%m-%d}: completeness {c.completeness}%, validity {c.validity}%, "
        f"uniqueness {c.uniqueness}%"
        for c in checks
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="infogov-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'aria-label="Data quality scores over time. {escape(summary)}">',
    ]
    for tick in (0, 25, 50, 75, 100):
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="#b1b4b6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="#0b0c0c">{tick}%</text>'
        )
    step = max(1, count // 6)
    for i, check in enumerate(checks):
        if i % step == 0 or i == count - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle" font-size="11" fill="#0b0c0c">'
                f"{check.run_at:%d %b %y}</text>"
            )
    for index, (attr, label, colour, dash) in enumerate(SERIES):
        points = " ".join(
            f"{x(i):.1f},{y(float(getattr(c, attr))):.1f}" for i, c in enumerate(checks)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5" stroke-dasharray="{dash}"/>'
        )
        for i, c in enumerate(checks):
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(float(getattr(c, attr))):.1f}" '
                f'r="3" fill="{colour}"/>'
            )
        ly = TOP + 14 + index * 20
        lx = WIDTH - RIGHT + 14
        parts.append(
            f'<line x1="{lx}" x2="{lx + 22}" y1="{ly - 4}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/>'
        )
        parts.append(f'<text x="{lx + 28}" y="{ly}" font-size="12" fill="#0b0c0c">{label}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from numbers and escaped text
