"""Data-quality checking of an extract against a corporate data standard.

Each field rule maps to JSON Schema (draft 2020-12) keywords: a type to a "format" or a
"pattern", a pattern to "pattern", allowed values to "enum", the lengths to "minLength" and
"maxLength", and a numeric range to "minimum" and "maximum" (applied to the cell read as a
number). `check_value` validates one cell against those subschemas with the jsonschema
library. A whole extract is checked by `check_extract` with the same rules compiled once per
field into plain predicates (a compiled regular expression, a set, a length, a number
comparison), so that tens of thousands of rows are checked in well under a second; a
property test keeps the two in agreement. Only filled cells are checked for validity.
Completeness (required fields) and uniqueness (the unique key) are counted in plain Python.

Every problem is kept: one `Problem` per invalid cell (its first failed rule), blank
required cell, blank key or repeated key (which names the earlier row it repeats).

Scores, each a percentage rounded to one decimal place:
- completeness: filled cells of the required fields (of all fields if none is required);
- validity: valid cells among the filled cells of the standard's fields;
- uniqueness: rows whose unique key was not already seen in an earlier row (rows with a
  blank key count as not unique); 100 when the standard has no key.

A rule or key naming a column that the extract lacks is refused before any row is checked
(`MissingColumns`), since every row would otherwise seem blank in it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, NamedTuple

import jsonschema

POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")
# A UPRN is a positive whole number of up to 12 digits (BS 7666; AddressBase).
UPRN_RE = re.compile(r"^(?=[0-9]*[1-9])[0-9]{1,12}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
VALUE_CHARS = 100  # a value is kept in the report up to this many characters
PROGRESS_EVERY = 2000  # rows between progress reports

# The "date" format of the library (an ISO 8601 calendar date, YYYY-MM-DD) and a
# "decimal" format for any number Python can read.
FORMAT_CHECKER = jsonschema.FormatChecker(formats=["date"])


@FORMAT_CHECKER.checks("decimal", raises=ValueError)
def _is_decimal(instance: object) -> bool:
    if isinstance(instance, str):
        float(instance)
    return True


# The schema for each built-in field type and the message when a value fails it.
TYPE_SCHEMAS: dict[str, tuple[dict[str, str], str]] = {
    "integer": ({"pattern": r"^-?[0-9]+$"}, "not a whole number"),
    "decimal": ({"format": "decimal"}, "not a number"),
    "date": ({"format": "date"}, "not a date (YYYY-MM-DD)"),
    "email": ({"pattern": EMAIL_RE.pattern}, "not an e-mail address"),
    # Postcodes are accepted in either case.
    "uk_postcode": ({"pattern": "(?i)" + POSTCODE_RE.pattern}, "not a UK postcode"),
    "uprn": (
        {"pattern": UPRN_RE.pattern},
        "not a UPRN (a positive whole number of up to 12 digits)",
    ),
}
_GLOBAL_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")


@dataclass(frozen=True)
class FieldRule:
    name: str
    field_type: str = "text"
    required: bool = False
    pattern: str = ""
    allowed: tuple[str, ...] = ()
    max_length: int | None = None
    min_length: int | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None


class Problem(NamedTuple):
    """One row-level problem: the extract's row number (headings are row 1), the column,
    the value (cut to VALUE_CHARS), the rule that failed and what is wrong."""

    row: int
    column: str
    value: str
    rule: str
    message: str


@dataclass
class Result:
    row_count: int = 0
    completeness: float = 100.0
    validity: float = 100.0
    uniqueness: float = 100.0
    errors: list[Problem] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return len(self.errors)


class MissingColumns(ValueError):
    """The standard names columns (in its rules or its unique key) the extract lacks."""

    def __init__(self, missing: Sequence[str], headings: Sequence[str]) -> None:
        self.missing = list(missing)
        self.headings = [h for h in headings if h]
        by_case = {h.casefold(): h for h in self.headings}
        named = []
        for name in self.missing:
            close = by_case.get(name.casefold())
            named.append(f"“{name}” (the extract has “{close}”)" if close else f"“{name}”")
        found = ", ".join(f"“{h}”" for h in self.headings) or "none"
        which = "column" if len(named) == 1 else "columns"
        super().__init__(
            f"The extract has no {which} {', '.join(named)}, which the standard names. "
            f"Columns found: {found}. Correct the standard's field names or unique key, "
            "or the extract's headings, and check again."
        )


class Check(NamedTuple):
    """One rule of a field: its JSON Schema subschema, its name, its message, whether the
    subschema applies to the cell read as a number, and the compiled predicate."""

    subschema: dict[str, Any]
    rule: str
    message: str
    numeric: bool
    valid: Callable[[str], bool]


def _whole_match(pattern: str) -> str:
    """A JSON Schema pattern (which may match anywhere) that must match the whole value."""
    flags = _GLOBAL_FLAGS.match(pattern)
    prefix = flags.group() if flags else ""
    return f"{prefix}^(?:{pattern[len(prefix) :]})$"


def as_number(value: str) -> Decimal | None:
    """The cell read as a finite number, or None."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def plain_number(number: Decimal) -> str:
    """A number as written by a person: 700000, 0.5 (not 700000.000000 or 7E+5)."""
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return str(number.normalize())


def _searcher(pattern: str) -> Callable[[str], bool]:
    search = re.compile(pattern).search  # JSON Schema "pattern" is an unanchored search
    return lambda value: search(value) is not None


def _format(name: str) -> Callable[[str], bool]:
    return lambda value: FORMAT_CHECKER.conforms(value, name)


def _number_at_least(low: Decimal) -> Callable[[str], bool]:
    def valid(value: str) -> bool:
        number = as_number(value)
        return number is not None and number >= low

    return valid


def _number_at_most(high: Decimal) -> Callable[[str], bool]:
    def valid(value: str) -> bool:
        number = as_number(value)
        return number is not None and number <= high

    return valid


def _type_check(field_type: str) -> Check | None:
    if field_type not in TYPE_SCHEMAS:
        return None
    subschema, message = TYPE_SCHEMAS[field_type]
    valid = (
        _format(subschema["format"]) if "format" in subschema else _searcher(subschema["pattern"])
    )
    return Check(subschema, field_type, message, False, valid)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def field_checks(rule: FieldRule) -> list[Check]:
    """The field's rules in the order they apply (a cell reports its first failed rule)."""
    checks: list[Check] = []
    type_check = _type_check(rule.field_type)
    if type_check:
        checks.append(type_check)
    if rule.pattern:
        whole = _whole_match(rule.pattern)
        checks.append(
            Check(
                {"pattern": whole}, "pattern", "does not match the pattern", False, _searcher(whole)
            )
        )
    if rule.allowed:
        allowed = frozenset(rule.allowed)
        checks.append(
            Check(
                {"enum": list(rule.allowed)},
                "allowed values",
                "not one of the allowed values",
                False,
                allowed.__contains__,
            )
        )
    if rule.min_length is not None:
        low = rule.min_length
        checks.append(
            Check(
                {"minLength": low},
                "min length",
                f"shorter than {_plural(low, 'character')}",
                False,
                lambda value: len(value) >= low,
            )
        )
    if rule.max_length is not None:
        high = rule.max_length
        checks.append(
            Check(
                {"maxLength": high},
                "max length",
                f"longer than {_plural(high, 'character')}",
                False,
                lambda value: len(value) <= high,
            )
        )
    if rule.minimum is not None:
        checks.append(
            Check(
                {"type": "number", "minimum": rule.minimum},
                "minimum",
                f"not a number of at least {plain_number(rule.minimum)}",
                True,
                _number_at_least(rule.minimum),
            )
        )
    if rule.maximum is not None:
        checks.append(
            Check(
                {"type": "number", "maximum": rule.maximum},
                "maximum",
                f"not a number of at most {plain_number(rule.maximum)}",
                True,
                _number_at_most(rule.maximum),
            )
        )
    return checks


def json_schema(rules: Sequence[FieldRule]) -> dict[str, Any]:
    """The standard as one JSON Schema of a row (range keywords apply to the cell read as a
    number, so they sit under the property's "x-number" subschema)."""
    properties: dict[str, Any] = {}
    for rule in rules:
        checks = field_checks(rule)
        text = [c.subschema for c in checks if not c.numeric]
        number = {
            k: float(v) for c in checks if c.numeric for k, v in c.subschema.items() if k != "type"
        }
        prop: dict[str, Any] = {"type": "string"}
        if text:
            prop["allOf"] = text
        if number:
            prop["x-number"] = {"type": "number", **number}
        properties[rule.name] = prop
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": [r.name for r in rules if r.required],
    }
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@lru_cache(maxsize=1024)
def _validator(subschema_key: str) -> jsonschema.Draft202012Validator:
    import json

    return jsonschema.Draft202012Validator(json.loads(subschema_key), format_checker=FORMAT_CHECKER)


def check_value(rule: FieldRule, value: str) -> str | None:
    """The problem with a filled cell, by JSON Schema validation, or None when it is valid."""
    import json

    for check in field_checks(rule):
        instance: Any = value
        if check.numeric:
            number = as_number(value)
            instance = value if number is None else float(number)
        key = json.dumps(check.subschema, sort_keys=True, default=float)
        if not _validator(key).is_valid(instance):
            return check.message
    return None


def fast_check_value(rule: FieldRule, value: str) -> str | None:
    """The same as `check_value`, with the compiled predicates `check_extract` uses."""
    for check in field_checks(rule):
        if not check.valid(value):
            return check.message
    return None


def missing_columns(
    headings: Iterable[str], rules: Sequence[FieldRule], key: Sequence[str]
) -> list[str]:
    present = set(headings)
    named = [r.name for r in rules] + [k for k in key if k not in {r.name for r in rules}]
    return [name for name in named if name not in present]


def require_columns(
    headings: Sequence[str], rules: Sequence[FieldRule], key: Sequence[str]
) -> None:
    missing = missing_columns(headings, rules, key)
    if missing:
        raise MissingColumns(missing, headings)


def read_headings(data: bytes, filename: str) -> list[str]:
    """Row 1 of an extract (cheaply: the rest of the file is not read)."""
    import csv

    from infogov.core.importing import ImportFailed, file_format
    from infogov.core.importing import Problem as ImportProblem

    if file_format(filename) == "csv":
        try:
            first = data[: 64 * 1024].decode("utf-8-sig", errors="strict")
        except UnicodeDecodeError:
            # The cut may split a character; only a file that fails whole is refused.
            try:
                data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ImportFailed(
                    [ImportProblem(1, None, "The CSV file is not UTF-8: save it as “CSV UTF-8”.")]
                ) from None
            first = data.decode("utf-8-sig")
        row = next(csv.reader(io.StringIO(first, newline="")), [])
        return [str(h).strip() for h in row]
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportFailed(
            [ImportProblem(1, None, "The file is not a readable Excel workbook (.xlsx).")]
        ) from None
    try:
        first_row = next(workbook.worksheets[0].iter_rows(max_row=1, values_only=True), ())
    finally:
        workbook.close()
    return [_heading(h) for h in first_row]


def _heading(value: Any) -> str:
    """A heading cell as text, as the sheet reader gives it (2024, not 2024.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _pct(good: int, total: int) -> float:
    return round(100.0 * good / total, 1) if total else 100.0


def check_extract(
    headings: Sequence[str],
    rows: Sequence[tuple[int, dict[str, str]]],
    rules: Sequence[FieldRule],
    key: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Check every row; `progress(rows_done)` is called every PROGRESS_EVERY rows."""
    require_columns(headings, rules, key)
    result = Result(row_count=len(rows))
    errors = result.errors
    add = errors.append
    required_names = {r.name for r in rules if r.required}
    counted_names = required_names or {r.name for r in rules}
    compiled = [(rule.name, field_checks(rule)) for rule in rules]
    filled_cells = invalid_cells = blank_counted = 0
    first_row: dict[tuple[str, ...], int] = {}
    unique_rows = 0
    key_column = "; ".join(key)
    for done, (number, cells) in enumerate(rows, start=1):
        for name, checks in compiled:
            value = (cells.get(name) or "").strip()
            if not value:
                if name in counted_names:
                    blank_counted += 1
                    if name in required_names:
                        add(Problem(number, name, "", "required", "required but blank"))
                continue
            filled_cells += 1
            for check in checks:
                if not check.valid(value):
                    invalid_cells += 1
                    add(Problem(number, name, value[:VALUE_CHARS], check.rule, check.message))
                    break
        if key:
            key_values = tuple((cells.get(k) or "").strip().upper() for k in key)
            if not all(key_values):
                add(
                    Problem(
                        number,
                        key_column,
                        " / ".join(key_values)[:VALUE_CHARS],
                        "unique key",
                        "blank key",
                    )
                )
            else:
                earlier = first_row.get(key_values)
                if earlier is None:
                    first_row[key_values] = number
                    unique_rows += 1
                else:
                    add(
                        Problem(
                            number,
                            key_column,
                            " / ".join(key_values)[:VALUE_CHARS],
                            "unique key",
                            f"duplicate of row {earlier}",
                        )
                    )
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    total_cells = len(counted_names) * len(rows)
    result.completeness = _pct(total_cells - blank_counted, total_cells)
    result.validity = _pct(filled_cells - invalid_cells, filled_cells)
    result.uniqueness = _pct(unique_rows, len(rows)) if key else 100.0
    return result
