"""Columns for list pages and exports: one definition serves the table, csv and xlsx."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Model
from django.http import HttpResponseBase
from django.utils import timezone

from infogov.core.spreadsheets import spreadsheet_response


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
            if part.startswith("get_") and callable(value) and not isinstance(value, type):
                # A path naming a method (`case.get_kind_display`) means its result,
                # never the bound method itself.
                value = value()
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


def export_response(
    columns: Sequence[Column], objects: Iterable[Any], filename: str, fmt: str
) -> HttpResponseBase:
    """The list as a .csv or .xlsx download through the one spreadsheet writer
    (`core.spreadsheets`): dates stay dates, formulas and illegal characters are made safe,
    and the rows are streamed rather than built in memory."""
    headings = [c.label for c in columns]
    cells = ([c.value(obj) for c in columns] for obj in objects)
    return spreadsheet_response(filename, fmt, headings, cells)
