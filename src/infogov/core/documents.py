"""Text for generated documents: what XML 1.0 (xlsx, docx, the HTML behind a PDF) can hold.

A vertical tab typed into a form is valid in the database but not in a Word or Excel file:
python-docx and openpyxl refuse it and the download fails. Every generated document passes
its text through `clean_text` (the spreadsheet writer, the Word builder `docx_document`, and
`pdf_from_html` for WeasyPrint), so one bad character can never break an output.
"""

from __future__ import annotations

import io
import re
from typing import Any

# Characters XML 1.0 cannot hold: C0 controls except tab, line feed and carriage return,
# lone surrogates and the two non-characters U+FFFE and U+FFFF.
ILLEGAL_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: Any) -> str:
    """`value` as text, without the characters a generated document cannot hold."""
    if value is None:
        return ""
    return ILLEGAL_XML_CHARACTERS.sub("", str(value))


class CleanDocument:
    """A python-docx document whose text always goes through `clean_text`.

    Only the calls the reports use are wrapped; `document` is the python-docx object.
    """

    def __init__(self) -> None:
        from docx import Document

        self.document = Document()

    def add_heading(self, text: Any, level: int = 1) -> Any:
        return self.document.add_heading(clean_text(text), level=level)

    def add_paragraph(self, text: Any = "", style: str | None = None) -> Any:
        return self.document.add_paragraph(clean_text(text), style=style)

    def add_table(self, rows: list[tuple[Any, ...]], style: str | None = "Table Grid") -> Any:
        """A table whose rows are `rows` (every cell's value as clean text)."""
        width = max((len(r) for r in rows), default=1)
        table = self.document.add_table(rows=0, cols=width)
        if style:
            table.style = style
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = clean_text(value)
        return table

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def docx_document() -> CleanDocument:
    return CleanDocument()


def pdf_from_html(html: str) -> bytes:
    """Render HTML (a rendered template) to PDF with WeasyPrint, illegal characters removed."""
    from weasyprint import HTML

    return bytes(HTML(string=clean_text(html)).write_pdf())
