"""Server-side charts: matplotlib drawn to SVG, embedded as a data URI.

One chart serves the page, the PDF and the Word report; WeasyPrint runs no JavaScript
and the CSP allows `data:` images only. Every chart stands beside a table of its data.
"""

from __future__ import annotations

import base64
import io
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
