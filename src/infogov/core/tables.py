"""Columns for list pages and exports: one definition serves the table, csv and xlsx."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone


@dataclass(frozen=True)
class Column:
    """A list column: `accessor` is a dotted attribute path (or a callable)."""

    name: str
    label: str
    accessor: str | Callable[[Any], Any] | None = None
    sort: str | None = None  # the ORDER BY field; None means not sortable
    link: bool = False  # link the cell to the record's detail page

    def value(self, obj: Any) -> Any:
        accessor = self.accessor or self.name
        if callable(accessor):
            return accessor(obj)
        value: Any = obj
        for part in accessor.split("."):
            if value is None:
                return None
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part)
        return value


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value)
    return str(value)


def rows(columns: Sequence[Column], objects: Iterable[Any]) -> Iterable[list[str]]:
    for obj in objects:
        yield [display(c.value(obj)) for c in columns]


def _safe_cell(text: str) -> str:
    # Spreadsheet formula injection: a cell must never start with = + - @.
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def export_response(
    columns: Sequence[Column], objects: Iterable[Any], filename: str, fmt: str
) -> HttpResponse:
    headings = [c.label for c in columns]
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=filename[:31])
        sheet.append(headings)
        for row in rows(columns, objects):
            sheet.append([_safe_cell(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(headings)
        for row in rows(columns, objects):
            writer.writerow([_safe_cell(v) for v in row])
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
