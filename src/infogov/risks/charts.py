"""Server-side SVG charts (matplotlib, Agg backend): heat maps and trends.

Each chart is returned as a `data:` URI for an <img> with alt text; pages always show
the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from infogov.core.charts import pyplot, svg_data_uri
from infogov.risks.models import Band, band_for

COLOURS = {"green": "#00703c", "yellow": "#ffdd00", "orange": "#f47738", "red": "#d4351c"}
TEXT_ON = {"green": "#ffffff", "yellow": "#0b0c0c", "orange": "#0b0c0c", "red": "#ffffff"}
RAG_COLOURS = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c"}


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


def trend_svg(
    points: Sequence[tuple[date, float | None]],
    *,
    title: str,
    ylabel: str,
    target: float | None = None,
    rag: Sequence[str | None] = (),
    ymax: float | None = None,
) -> str:
    """A line of values over time, with an optional target line and RAG-coloured points."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.4))
    xs = [p[0] for p in points if p[1] is not None]
    ys = [float(p[1]) for p in points if p[1] is not None]
    colours = [
        RAG_COLOURS.get(r or "", "#1d70b8")
        for r, p in zip(rag or [None] * len(points), points, strict=False)
        if p[1] is not None
    ]
    if xs:
        ax.plot(xs, ys, color="#1d70b8", linewidth=2, zorder=1)
        ax.scatter(xs, ys, c=colours or "#1d70b8", s=40, zorder=2, edgecolors="#0b0c0c")
    if target is not None:
        ax.axhline(float(target), color="#0b0c0c", linestyle="--", linewidth=1.5, label="Target")
        ax.legend(loc="best", frameon=False)
    ax.set_title(title, fontsize=11)
    ax.set_ylabel(ylabel)
    if ymax is not None:
        ax.set_ylim(0, ymax)
    ax.grid(axis="y", color="#dddddd")
    fig.autofmt_xdate()
    return svg_data_uri(fig, bbox_inches="tight")
