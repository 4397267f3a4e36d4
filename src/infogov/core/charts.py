"""Server-side charts: matplotlib drawn to SVG, embedded as a data URI.

One chart serves the page, the PDF and the Word report; WeasyPrint runs no JavaScript
and the CSP allows `data:` images only. Every chart stands beside a table of its data.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any


def pyplot() -> Any:
    """matplotlib's pyplot on the file-only Agg backend, with text kept as text in SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["font.family"] = "sans-serif"
    return plt


def svg_data_uri(figure: Any, **savefig: Any) -> str:
    """Render `figure` as SVG (no timestamp, so identical data gives identical output)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, **savefig)
    pyplot().close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


RAG_COLOURS = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c"}
LINE_STYLES = {"solid": "-", "dashed": "--", "dotted": ":"}


@dataclass(frozen=True)
class Series:
    """One line: (x, y) points (a missing y leaves a gap), with its colour and style."""

    label: str
    points: Sequence[tuple[Any, float | None]]
    colour: str = "#1d70b8"
    style: str = "solid"  # solid, dashed or dotted
    point_colours: Sequence[str | None] = ()  # one per point (a RAG name or a colour)


def lines_svg(
    series: Sequence[Series],
    *,
    title: str = "",
    ylabel: str = "",
    target: float | None = None,
    ymin: float | None = None,
    ymax: float | None = None,
) -> str:
    """A line chart of values over time (dates on x), as an SVG data URI."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.4))
    for line in series:
        shown = [
            (x, float(y), line.point_colours[i] if i < len(line.point_colours) else None)
            for i, (x, y) in enumerate(line.points)
            if y is not None
        ]
        if not shown:
            continue
        xs = [p[0] for p in shown]
        ys = [p[1] for p in shown]
        colours = [RAG_COLOURS.get(c or "", c or line.colour) for _, _, c in shown]
        ax.plot(
            xs,
            ys,
            color=line.colour,
            linestyle=LINE_STYLES.get(line.style, "-"),
            linewidth=2,
            zorder=1,
            label=line.label if len(series) > 1 else None,
        )
        ax.scatter(xs, ys, c=colours, s=40, zorder=2, edgecolors="#0b0c0c")
    if target is not None:
        ax.axhline(float(target), color="#0b0c0c", linestyle="--", linewidth=1.5, label="Target")
    if target is not None or len(series) > 1:
        ax.legend(loc="best", frameon=False)
    if title:
        ax.set_title(title, fontsize=11)
    ax.set_ylabel(ylabel)
    if ymin is not None or ymax is not None:
        ax.set_ylim(ymin if ymin is not None else 0, ymax)
    ax.grid(axis="y", color="#dddddd")
    fig.autofmt_xdate()
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
    """One value over time, with an optional target line and RAG-coloured points."""
    return lines_svg(
        [Series(title, points, point_colours=rag)],
        title=title,
        ylabel=ylabel,
        target=target,
        ymax=ymax,
    )


# GOV.UK colours, distinguishable side by side (blue, orange, green, purple, turquoise, …).
PALETTE = (
    "#1d70b8",
    "#f47738",
    "#00703c",
    "#4c2c92",
    "#28a197",
    "#d4351c",
    "#912b88",
    "#85994b",
    "#b58840",
    "#505a5f",
)


def stacked_bars_svg(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    ylabel: str,
    title: str = "",
) -> str:
    """Bars for each category (x), stacked by series (label, one value per category), as
    an SVG data URI. Beside it, show the same numbers in a table."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 3.6))
    bottoms = [0.0] * len(categories)
    for index, (label, values) in enumerate(series):
        heights = [float(v) for v in values]
        ax.bar(
            list(categories),
            heights,
            bottom=bottoms,
            color=PALETTE[index % len(PALETTE)],
            label=label,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    if title:
        ax.set_title(title, fontsize=11)
    ax.set_ylabel(ylabel)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    if series:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    if len(categories) > 4:
        ax.tick_params(axis="x", labelrotation=45)
    return svg_data_uri(fig, bbox_inches="tight")
