"""Data-quality checking of an extract against a corporate data standard.

Validity is checked with JSON Schema (draft 2020-12) through the jsonschema library: the
field rules of a standard become one schema — each type as a "format" or "pattern", a
pattern as "pattern", allowed values as "enum" and a maximum length as "maxLength" —
compiled once per check, and each row's filled cells are validated against it. Each error
is mapped back to its row and column for the row-level report. Completeness (required
fields) and uniqueness (the unique key) are counted in plain Python.

Scores, each a percentage rounded to one decimal place:
- completeness: filled cells of the required fields (of all fields if none is required);
- validity: valid cells among the filled cells of the standard's fields;
- uniqueness: rows whose unique key was not already seen in an earlier row (rows with a
  blank key count as not unique); 100 when the standard has no key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jsonschema

POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")
UPRN_RE = re.compile(r"^[0-9]{12}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ERRORS = 1000

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
    "uprn": ({"pattern": UPRN_RE.pattern}, "not a 12-digit UPRN"),
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


@dataclass
class Result:
    row_count: int = 0
    completeness: float = 100.0
    validity: float = 100.0
    uniqueness: float = 100.0
    errors: list[dict[str, object]] = field(default_factory=list)
    error_count: int = 0


def _whole_match(pattern: str) -> str:
    """A JSON Schema pattern (which may match anywhere) that must match the whole value."""
    flags = _GLOBAL_FLAGS.match(pattern)
    prefix = flags.group() if flags else ""
    return f"{prefix}^(?:{pattern[len(prefix) :]})$"


def _field_checks(rule: FieldRule) -> list[tuple[dict[str, Any], str]]:
    """The field's rules as subschemas, each with its message, in the order they apply."""
    checks: list[tuple[dict[str, Any], str]] = []
    if rule.field_type in TYPE_SCHEMAS:
        checks.append(TYPE_SCHEMAS[rule.field_type])
    if rule.pattern:
        checks.append(({"pattern": _whole_match(rule.pattern)}, "does not match the pattern"))
    if rule.allowed:
        checks.append(({"enum": list(rule.allowed)}, "not one of the allowed values"))
    if rule.max_length is not None:
        checks.append(({"maxLength": rule.max_length}, f"longer than {rule.max_length} characters"))
    return checks


class Schema:
    """The JSON Schema of a standard's field rules, compiled once, and its messages."""

    def __init__(self, rules: Sequence[FieldRule]) -> None:
        properties: dict[str, Any] = {}
        self.messages: dict[str, list[str]] = {}
        for rule in rules:
            checks = _field_checks(rule)
            if checks:  # allOf may not be empty
                properties[rule.name] = {"allOf": [subschema for subschema, _ in checks]}
            self.messages[rule.name] = [message for _, message in checks]
        self.schema: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": properties,
        }
        jsonschema.Draft202012Validator.check_schema(self.schema)
        self.validator = jsonschema.Draft202012Validator(self.schema, format_checker=FORMAT_CHECKER)

    def problems(self, values: dict[str, str]) -> dict[str, str]:
        """The first problem with each invalid value, by field name."""
        found: dict[str, int] = {}
        for error in self.validator.iter_errors(values):
            # error.path is (field,); the schema path is
            # ("properties", field, "allOf", index of the failed rule, keyword).
            name = str(error.path[0])
            index = int(error.schema_path[3])
            found[name] = min(index, found.get(name, index))
        return {name: self.messages[name][index] for name, index in found.items()}


@lru_cache(maxsize=256)
def _single_field_schema(rule: FieldRule) -> Schema:
    return Schema([rule])


def check_value(rule: FieldRule, value: str) -> str | None:
    """The problem with a filled cell, or None when it is valid."""
    return _single_field_schema(rule).problems({rule.name: value}).get(rule.name)


def _pct(good: int, total: int) -> float:
    return round(100.0 * good / total, 1) if total else 100.0


def check_extract(
    headings: Sequence[str],
    rows: Sequence[tuple[int, dict[str, str]]],
    rules: Sequence[FieldRule],
    key: Sequence[str] = (),
) -> Result:
    result = Result(row_count=len(rows))
    errors: list[dict[str, object]] = []
    present = set(headings)
    for rule in rules:
        if rule.name not in present:
            errors.append(
                {
                    "row": 1,
                    "field": rule.name,
                    "value": "",
                    "message": "column missing from the extract",
                }
            )
    counted = [r for r in rules if r.required] or list(rules)
    complete_cells = total_cells = 0
    valid_cells = filled_cells = 0
    seen: set[tuple[str, ...]] = set()
    unique_rows = 0
    schema = Schema(rules)
    for number, cells in rows:
        values = {rule.name: (cells.get(rule.name) or "").strip() for rule in rules}
        problems = schema.problems({name: value for name, value in values.items() if value})
        for rule in rules:
            value = values[rule.name]
            if rule in counted:
                total_cells += 1
                if value:
                    complete_cells += 1
                elif rule.required:
                    errors.append(
                        {
                            "row": number,
                            "field": rule.name,
                            "value": "",
                            "message": "required but blank",
                        }
                    )
            if value:
                filled_cells += 1
                problem = problems.get(rule.name)
                if problem is None:
                    valid_cells += 1
                else:
                    errors.append(
                        {
                            "row": number,
                            "field": rule.name,
                            "value": value[:100],
                            "message": problem,
                        }
                    )
        if key:
            key_values = tuple((cells.get(k) or "").strip().upper() for k in key)
            if all(key_values) and key_values not in seen:
                unique_rows += 1
            elif all(key_values):
                errors.append(
                    {
                        "row": number,
                        "field": "; ".join(key),
                        "value": " / ".join(key_values)[:100],
                        "message": "duplicate key",
                    }
                )
            else:
                errors.append(
                    {"row": number, "field": "; ".join(key), "value": "", "message": "blank key"}
                )
            seen.add(key_values)
    result.completeness = _pct(complete_cells, total_cells)
    result.validity = _pct(valid_cells, filled_cells)
    result.uniqueness = _pct(unique_rows, len(rows)) if key else 100.0
    result.error_count = len(errors)
    result.errors = errors[:MAX_ERRORS]
    return result
