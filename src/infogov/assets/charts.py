"""The data-quality trend of a standard: completeness, validity and uniqueness over time.

Drawn by `core.charts.lines_svg` like every other chart (an SVG data URI for an <img>,
with a text alternative); the page shows the same figures in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from infogov.core.charts import Series, lines_svg

SERIES = (
    ("completeness", "Completeness", "#1d70b8", "solid"),
    ("validity", "Validity", "#00703c", "dashed"),
    ("uniqueness", "Uniqueness", "#d4351c", "dotted"),
)


def quality_trend(checks: Sequence[Any]) -> dict[str, str]:
    """The chart (`src`) and its text alternative (`alt`) for the checks, oldest first."""
    series = [
        Series(label, [(c.run_at, float(getattr(c, attr))) for c in checks], colour, style)
        for attr, label, colour, style in SERIES
    ]
    src = lines_svg(series, ylabel="Score (%)", ymin=0, ymax=100)
    summary = "; ".join(
        f"{c.run_at:%Y-%m-%d}: completeness {c.completeness}%, validity {c.validity}%, "
        f"uniqueness {c.uniqueness}%"
        for c in checks
    )
    return {"src": src, "alt": f"Data quality scores over time. {summary}"}
