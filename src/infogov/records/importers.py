"""The retention schedule spreadsheet: import and export (`infogov import retention FILE`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from infogov.core.importing import (
    CellError,
    Column,
    RowPlan,
    TableImporter,
    choice,
    render_choice,
    text,
    whole_number,
)
from infogov.records.choices import DisposalAction
from infogov.records.models import CODE_RE, RetentionRule

HEADINGS = [
    "Code",
    "Function",
    "Activity",
    "Record series",
    "Description",
    "Trigger",
    "Retention years",
    "Retention months",
    "Disposal action",
    "Authority",
]


def scarrs_code(cell: str) -> str:
    code = cell.strip()
    if not CODE_RE.match(code):
        raise CellError(f"“{code}” is not a SCARRS code such as 15.003.009.")
    return code


def required_text(max_length: int) -> Any:
    parse = text(max_length)

    def wrapped(cell: str) -> str:
        value = parse(cell)
        if not value:
            raise CellError("This cell must not be blank.")
        return value

    return wrapped


class RetentionImporter(TableImporter):
    kind = "retention"
    title = "Retention schedule"
    model = RetentionRule
    noun = "retention rule (same code)"
    key_headings = ("Code",)

    def build_columns(self) -> list[Column]:
        return [
            Column("Code", "code", scarrs_code, str),
            Column("Function", "function", required_text(150), str, required=True),
            Column("Activity", "activity", required_text(150), str, required=True),
            Column("Record series", "record_series", required_text(200), str, required=True),
            Column("Description", "description", text(), str),
            Column("Trigger", "trigger", required_text(200), str, required=True),
            Column("Retention years", "period_years", whole_number(0, 999), str),
            Column("Retention months", "period_months", whole_number(0, 11), str),
            Column(
                "Disposal action",
                "disposal_action",
                choice(DisposalAction, DisposalAction.DESTROY, "disposal action"),
                render_choice(DisposalAction),
            ),
            Column("Authority", "authority", required_text(300), str, required=True),
        ]

    def existing(self) -> dict[Any, Any]:
        return {r.code: r for r in RetentionRule.objects.all()}

    def key_for(self, values: dict[str, Any]) -> Any:
        return values["code"]

    def label_for(self, values: dict[str, Any]) -> str:
        return f"{values['code']} {values.get('record_series', '')}".strip()

    def check(self, merged: dict[str, Any], row: RowPlan) -> list[tuple[str | None, str]]:
        return []

    def export_queryset(self) -> Iterable[Any]:
        return RetentionRule.objects.order_by("code")


IMPORTERS = {"retention": RetentionImporter}
