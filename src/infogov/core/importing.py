"""Spreadsheet import and export of whole registers: the registry and a table importer.

Each InfoGov app may expose `<app>/importers.py` with `IMPORTERS = {"kind": ImporterClass}`;
`discover_importers()` collects them, so `infogov import KIND FILE` and `infogov export KIND
FILE` (and the upload page) serve every kind without knowing the apps. Files are read and
written by `core.spreadsheets` (bounded, streaming, formula-safe).

Contract (PRODUCT §5.1, §5.3): headings in row 1 of the first sheet; `;` separates several
values in a cell; a column absent from the file leaves that field unchanged; rows match
existing records on the kind's key; records missing from the file are never deleted; any
problem → nothing changes and every problem is listed as `row N, column "Heading": message`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import IO, Any, ClassVar

from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from infogov.core import spreadsheets
from infogov.core.permissions import VIEW, get_roles
from infogov.core.roles import Role
from infogov.core.services import acting_as
from infogov.core.spreadsheets import Sheet, SpreadsheetError, unsafe_cell, write_sheet

MULTI_SEPARATOR = ";"
PROGRESS_EVERY = 500  # rows between two progress reports while a file is checked


class CellError(ValueError):
    """A bad cell value; the message is shown to the user after the row and heading."""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column is None:
            return f"row {self.row}: {self.message}"
        return f'row {self.row}, column "{self.column}": {self.message}'


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def read_sheet(data: bytes | IO[bytes], filename: str) -> Sheet:
    """`core.spreadsheets.read_sheet`, its refusal given as an import problem in row 1."""
    try:
        return spreadsheets.read_sheet(data, filename)
    except SpreadsheetError as exc:
        raise ImportFailed([Problem(1, None, str(exc))]) from None


def file_format(filename: str) -> str:
    try:
        return spreadsheets.file_format(filename)
    except SpreadsheetError as exc:
        raise ImportFailed([Problem(1, None, str(exc))]) from None


def may_import(user: Any) -> bool:
    """Whole-register imports change every division's records: the IG manager only."""
    roles = get_roles(user)
    return roles.is_superuser or roles.has_council_wide(Role.IG_MANAGER)


# --- column specifications ---------------------------------------------------------


@dataclass
class Column:
    """One spreadsheet column ↔ one model field."""

    heading: str
    field: str
    parse: Callable[[str], Any]
    render: Callable[[Any], Any]  # the cell written on export (text, number or date)
    current: Callable[[Any], Any] | None = None
    m2m: bool = False
    required: bool = False  # a new record needs a non-blank value

    def value_of(self, obj: Any) -> Any:
        if self.current is not None:
            return self.current(obj)
        if self.m2m:
            cached = getattr(obj, "_import_m2m", None)
            if cached is not None and self.field in cached:
                return cached[self.field]
            return frozenset(x.pk for x in getattr(obj, self.field).all())
        return getattr(obj, self.field)


def text(max_length: int | None = None) -> Callable[[str], str]:
    def parse(value: str) -> str:
        value = unsafe_cell(value).strip()
        if max_length is not None and len(value) > max_length:
            raise CellError(f"Too long: at most {max_length} characters (it has {len(value)}).")
        return value

    return parse


YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


def yes_no(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise CellError(f"“{value}” is not Yes or No.")


def render_yes_no(value: Any) -> str:
    return "Yes" if value else "No"


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")


def a_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise CellError(f"“{value}” is not a date: use YYYY-MM-DD (e.g. 2026-03-31).")


def render_date(value: Any) -> date | None:
    """Exported as a date: a date cell in XLSX, YYYY-MM-DD in CSV."""
    return value or None


def whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        value = value.strip() or "0"
        try:
            number = int(float(value))
        except ValueError:
            raise CellError(f"“{value}” is not a whole number.") from None
        if number != float(value) or not low <= number <= high:
            raise CellError(f"Enter a whole number from {low} to {high}.")
        return number

    return parse


def norm(value: str) -> str:
    return " ".join(value.replace("\u00a0", " ").split()).casefold()


def choice(choices: Any, default: Any, noun: str) -> Callable[[str], Any]:
    """Match a TextChoices by label or value (case-insensitive); blank → the default."""
    lookup: dict[str, Any] = {}
    for value, label in choices.choices:
        lookup[norm(str(value))] = value
        lookup[norm(str(label))] = value

    def parse(cell: str) -> Any:
        if not cell.strip():
            return default
        found = lookup.get(norm(cell))
        if found is None:
            options = ", ".join(str(label) for _, label in choices.choices)
            raise CellError(f"Unknown {noun} “{cell}”: use one of {options}.")
        return found

    return parse


def render_choice(choices: Any) -> Callable[[Any], str]:
    labels = {value: str(label) for value, label in choices.choices}
    return lambda value: labels.get(value, str(value or ""))


def lookup_many(
    table: dict[str, int], noun: str, hint: str = ""
) -> Callable[[str], frozenset[int]]:
    def parse(cell: str) -> frozenset[int]:
        ids = set()
        for part in cell.split(MULTI_SEPARATOR):
            if not part.strip():
                continue
            found = table.get(norm(part))
            if found is None:
                raise CellError(f"Unknown {noun} “{part.strip()}”.{(' ' + hint) if hint else ''}")
            ids.add(found)
        return frozenset(ids)

    return parse


def join_many(labels: dict[int, str]) -> Callable[[Any], str]:
    return lambda ids: f"{MULTI_SEPARATOR} ".join(sorted(labels[i] for i in ids if i in labels))


# --- plans ---------------------------------------------------------------------------


@dataclass
class RowPlan:
    row: int
    label: str
    values: dict[str, Any]
    instance: Any = None
    changed: list[str] = field(default_factory=list)  # headings


@dataclass
class Plan:
    kind: str
    added: list[RowPlan] = field(default_factory=list)
    changed: list[RowPlan] = field(default_factory=list)
    unchanged: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"{len(self.added)} to add, {len(self.changed)} to change, "
            f"{len(self.unchanged)} unchanged"
        )


class TableImporter:
    """Imports and exports one model's register from and to a spreadsheet."""

    kind: ClassVar[str]
    model: ClassVar[type[models.Model]]
    noun: ClassVar[str] = "record"
    title: ClassVar[str] = ""  # what the upload page calls the kind (default: the kind)
    key_headings: ClassVar[tuple[str, ...]]

    @classmethod
    def may_import(cls, user: Any) -> bool:
        """Who may import (and see the import jobs of) this kind: the IG manager unless a
        kind says otherwise."""
        return may_import(user)

    @classmethod
    def may_export(cls, user: Any) -> bool:
        """The whole-register export: whoever may read every record of the kind (others use
        Download on the list, which holds the records they may see)."""
        from django.db.models import Q

        return bool(cls.model.policy.q(user, VIEW) == Q())  # type: ignore[attr-defined]

    @classmethod
    def for_user(cls, user: Any) -> TableImporter:
        """The importer acting for `user` (None, or the system user of the command: no
        limit). A kind whose importers are not only the IG manager overrides this to accept
        only the records within the user's scope."""
        return cls()

    def __init__(self) -> None:
        self.columns: list[Column] = self.build_columns()
        self.by_heading = {c.heading: c for c in self.columns}

    # to implement
    def build_columns(self) -> list[Column]:
        raise NotImplementedError

    def existing(self) -> dict[Any, Any]:
        raise NotImplementedError

    def key_for(self, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def export_queryset(self) -> Iterable[Any]:
        raise NotImplementedError

    def check(self, merged: dict[str, Any], row: RowPlan) -> list[tuple[str | None, str]]:
        """Rules across fields on the record as it would be saved: (heading, message)."""
        return []

    def label_for(self, values: dict[str, Any]) -> str:
        return str(values.get(self.columns[0].field, ""))

    @property
    def headings(self) -> list[str]:
        return [c.heading for c in self.columns]

    # planning
    def plan(self, sheet: Sheet, progress: Callable[[int], object] | None = None) -> Plan:
        """Check every row and say what would change; `progress(rows)` is told every
        `PROGRESS_EVERY` rows. Reads only: no lock is taken."""
        plan = Plan(kind=self.kind)
        problems = plan.problems
        # Headings match whatever their case and spacing; problems name the canonical one.
        canonical = {norm(h): h for h in self.headings}
        raw_for: dict[str, str] = {}
        for heading in sheet.headings:
            if not heading:
                continue
            known = canonical.get(norm(heading))
            if known is None:
                problems.append(
                    Problem(
                        1,
                        heading,
                        "Unknown heading: use the headings of an export "
                        f"({', '.join(self.headings)}).",
                    )
                )
            elif known in raw_for:
                problems.append(Problem(1, known, "This heading appears twice."))
            else:
                raw_for[known] = heading
        for heading in self.key_headings:
            if heading not in raw_for:
                problems.append(Problem(1, heading, "This column is required to match rows."))
        if problems:
            return plan
        present = [c for c in self.columns if c.heading in raw_for]
        existing = self.existing()
        first_row: dict[Any, int] = {}
        for index, (number, cells) in enumerate(sheet.rows, start=1):
            if progress is not None and index % PROGRESS_EVERY == 0:
                progress(index)
            values: dict[str, Any] = {}
            row_ok = True
            for column in present:
                try:
                    values[column.field] = column.parse(cells.get(raw_for[column.heading], ""))
                except CellError as exc:
                    problems.append(Problem(number, column.heading, str(exc)))
                    row_ok = False
            if not row_ok:
                continue
            key = self.key_for(values)
            if key in first_row:
                problems.append(
                    Problem(
                        number,
                        self.key_headings[-1],
                        f"Duplicate: the same {self.noun} is already in row {first_row[key]}.",
                    )
                )
                continue
            first_row[key] = number
            instance = existing.get(key)
            row = RowPlan(
                row=number, label=self.label_for(values), values=values, instance=instance
            )
            for column in self.columns:
                if not column.required or values.get(column.field):
                    continue
                if column.field in values:
                    problems.append(Problem(number, column.heading, "This cell must not be blank."))
                    row_ok = False
                elif instance is None:
                    problems.append(
                        Problem(
                            number,
                            column.heading,
                            f"Required for a new {self.noun}: add this column and fill it in.",
                        )
                    )
                    row_ok = False
            if instance is None:
                merged = dict(values)
            else:
                merged = {c.field: c.value_of(instance) for c in self.columns}
                merged.update(values)
                for column in present:
                    if column.value_of(instance) != values[column.field]:
                        row.changed.append(column.heading)
            for where, message in self.check(merged, row):
                problems.append(Problem(number, where, message))
                row_ok = False
            if not row_ok:
                continue
            if instance is None:
                plan.added.append(row)
            elif row.changed:
                plan.changed.append(row)
            else:
                plan.unchanged.append(row)
        return plan

    # applying
    def apply(self, plan: Plan, *, acting_user: Any) -> None:
        from simple_history.utils import bulk_create_with_history, bulk_update_with_history

        if not plan.ok:
            raise ImportFailed(plan.problems)
        m2m_columns = [c for c in self.columns if c.m2m]
        now = timezone.now()
        new_objects = []
        for row in plan.added:
            obj = self.model(
                **{k: v for k, v in row.values.items() if k not in {c.field for c in m2m_columns}}
            )
            obj.created_at = obj.updated_at = now  # type: ignore[attr-defined]
            new_objects.append(obj)
        if new_objects:
            created = bulk_create_with_history(
                new_objects, self.model, batch_size=500, default_user=acting_user
            )
            for row, obj in zip(plan.added, created, strict=True):
                row.instance = obj
        changed_fields: set[str] = set()
        changed_objects = []
        for row in plan.changed:
            obj = row.instance
            scalar = False
            for heading in row.changed:
                column = self.by_heading[heading]
                if not column.m2m:
                    setattr(obj, column.field, row.values[column.field])
                    changed_fields.add(column.field)
                    scalar = True
            obj.updated_at = now
            if scalar or row.changed:
                changed_objects.append(obj)
        if changed_objects:
            bulk_update_with_history(
                changed_objects,
                self.model,
                sorted(changed_fields | {"updated_at"}),
                batch_size=500,
                default_user=acting_user,
            )
        for column in m2m_columns:
            relation = getattr(self.model, column.field)
            through = relation.through
            source = relation.field.m2m_field_name()
            target = relation.field.m2m_reverse_field_name()
            replace_ids = [r.instance.pk for r in plan.changed if column.heading in r.changed]
            if replace_ids:
                through.objects.filter(**{f"{source}_id__in": replace_ids}).delete()
            links = []
            for row in plan.added:
                for target_id in row.values.get(column.field, ()):
                    links.append(
                        through(**{f"{source}_id": row.instance.pk, f"{target}_id": target_id})
                    )
            for row in plan.changed:
                if column.heading in row.changed:
                    for target_id in row.values[column.field]:
                        links.append(
                            through(**{f"{source}_id": row.instance.pk, f"{target}_id": target_id})
                        )
            if links:
                through.objects.bulk_create(links, batch_size=1000)
        touched = [r.instance for r in plan.added] + changed_objects
        if touched:
            self.after_apply(touched)

    def after_apply(self, touched: list[Any]) -> None:
        """Called in the import's transaction with every added or changed record."""

    # exporting
    def export_rows(self) -> Iterable[list[Any]]:
        for obj in self.export_queryset():
            yield [c.render(c.value_of(obj)) for c in self.columns]

    def export(self, target: IO[bytes] | str | Path, fmt: str) -> None:
        write_sheet(target, fmt, self.headings, self.export_rows(), title=self.kind)


def discover_importers() -> dict[str, type[TableImporter]]:
    """Every installed InfoGov app's `importers.IMPORTERS`, by kind."""
    found: dict[str, type[TableImporter]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("infogov."):
            continue
        module_name = f"{config.name}.importers"
        if find_spec(module_name) is None:
            continue
        found.update(getattr(import_module(module_name), "IMPORTERS", {}))
    return found


def run_import(
    kind: str, data: bytes, filename: str, *, acting_user: Any, dry_run: bool = False
) -> Plan:
    """Plan the import as `acting_user` (`TableImporter.for_user`); unless it is a dry run
    or has problems, apply it in one transaction."""
    importer = importer_for(kind, user=acting_user)
    sheet = read_sheet(data, filename)
    plan = importer.plan(sheet)
    if plan.ok and not dry_run:
        apply_in_one_transaction(importer, plan, acting_user=acting_user)
    return plan


def apply_in_one_transaction(
    importer: TableImporter,
    plan: Plan,
    *,
    acting_user: Any,
    also: Callable[[], None] | None = None,
) -> None:
    """Write a checked plan in one transaction (bulk writes in batches of 500), so the
    import is all or nothing; `also()` runs last inside it (an import job marks itself
    done there, or raises to roll everything back). Only this part holds the write lock:
    reading and checking the file happened before, outside any transaction."""
    try:
        with transaction.atomic(), acting_as(acting_user):
            importer.apply(plan, acting_user=acting_user)
            if also is not None:
                also()
    except DatabaseError as exc:
        # A rule the checks above missed: the transaction is rolled back, nothing changed.
        raise ImportFailed(
            [Problem(1, None, f"The database refused the import, so nothing was changed ({exc}).")]
        ) from None


def importer_for(kind: str, *, user: Any = None) -> TableImporter:
    """The importer of `kind` acting for `user` (None: unrestricted), or ImportFailed
    naming the kinds there are."""
    importers = discover_importers()
    if kind not in importers:
        raise ImportFailed(
            [Problem(1, None, f"Unknown kind “{kind}”: use one of {', '.join(sorted(importers))}.")]
        )
    return importers[kind].for_user(user)


def run_export(kind: str, target: IO[bytes] | str | Path, fmt: str) -> int:
    importers = discover_importers()
    if kind not in importers:
        raise ImportFailed(
            [Problem(1, None, f"Unknown kind “{kind}”: use one of {', '.join(sorted(importers))}.")]
        )
    importer = importers[kind]()
    count = 0

    def counted() -> Iterable[list[Any]]:
        nonlocal count
        for row in importer.export_rows():
            count += 1
            yield row

    write_sheet(target, fmt, importer.headings, counted(), title=kind)
    return count
