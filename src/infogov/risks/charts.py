"""The risk heat map (matplotlib through `core.charts`); trends use `core.charts.trend_svg`.

Each chart is returned as a `data:` URI for an <img> with alt text; pages always show
the same numbers in a table beside it.
"""

from __future__ import annotations

from typing import Any

from infogov.core.charts import pyplot, svg_data_uri, trend_svg
from infogov.risks.models import Band, band_for

__all__ = ["heat_map_grid", "heat_map_svg", "trend_svg"]

COLOURS = {"green": "#00703c", "yellow": "#ffdd00", "orange": "#f47738", "red": "#d4351c"}
TEXT_ON = {"green": "#ffffff", "yellow": "#0b0c0c", "orange": "#0b0c0c", "red": "#ffffff"}


def heat_map_grid(counts: dict[tuple[int, int], int], bands: list[Band]) -> list[dict[str, Any]]:
    """Rows from likelihood 5 down to 1, each with five cells for impact 1 to 5."""
    rows = []
    for likelihood in range(5, 0, -1):
        cells = []
        for impact in range(1, 6):
            score = likelihood * impact
            band = band_for(score, bands)
            cells.append(
                {
                    "impact": impact,
                    "score": score,
                    "count": counts.get((likelihood, impact), 0),
                    "band": band.name if band else "",
                    "colour": band.colour if band else "",
                }
            )
        rows.append({"likelihood": likelihood, "cells": cells})
    return rows


def heat_map_svg(counts: dict[tuple[int, int], int], bands: list[Band], title: str) -> str:
    """A 5 x 5 heat map: likelihood up, impact across, the number of risks in each cell."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.2, 4.6))
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            score = likelihood * impact
            band = band_for(score, bands)
            colour = band.colour if band else "green"
            ax.add_patch(
                plt.Rectangle(
                    (impact - 0.5, likelihood - 0.5),
                    1,
                    1,
                    facecolor=COLOURS.get(colour, "#b1b4b6"),
                    edgecolor="#ffffff",
                    linewidth=2,
                )
            )
            count = counts.get((likelihood, impact), 0)
            ax.text(
                impact,
                likelihood,
                str(count) if count else "",
                ha="center",
                va="center",
                fontsize=15,
                fontweight="bold",
                color=TEXT_ON.get(colour, "#0b0c0c"),
            )
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel("Impact")
    ax.set_ylabel("Likelihood")
    ax.set_title(title, fontsize=11)
    ax.set_aspect("equal")
    for spine in ax.spines.values():
        spine.set_visible(False)
    return svg_data_uri(fig, bbox_inches="tight")
