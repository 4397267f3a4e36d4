"""Data-quality checking of an extract against a corporate data standard.

Plain Python (no validation framework): the rule set is small — required, type, pattern,
allowed values, maximum length and a unique key — and plain code keeps the scores exact
and fast on large extracts.

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
from datetime import date

POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")
UPRN_RE = re.compile(r"^[0-9]{12}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ERRORS = 1000


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


def check_value(rule: FieldRule, value: str) -> str | None:
    """The problem with a filled cell, or None when it is valid."""
    kind = rule.field_type
    if kind == "integer" and not re.fullmatch(r"-?[0-9]+", value):
        return "not a whole number"
    if kind == "decimal":
        try:
            float(value)
        except ValueError:
            return "not a number"
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "not a date (YYYY-MM-DD)"
    if kind == "email" and not EMAIL_RE.match(value):
        return "not an e-mail address"
    if kind == "uk_postcode" and not POSTCODE_RE.match(value.upper()):
        return "not a UK postcode"
    if kind == "uprn" and not UPRN_RE.match(value):
        return "not a 12-digit UPRN"
    if rule.pattern and not re.fullmatch(rule.pattern, value):
        return "does not match the pattern"
    if rule.allowed and value not in rule.allowed:
        return "not one of the allowed values"
    if rule.max_length is not None and len(value) > rule.max_length:
        return f"longer than {rule.max_length} characters"
    return None


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
    for number, cells in rows:
        for rule in rules:
            value = (cells.get(rule.name) or "").strip()
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
                problem = check_value(rule, value)
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
            values = tuple((cells.get(k) or "").strip().upper() for k in key)
            if all(values) and values not in seen:
                unique_rows += 1
            elif all(values):
                errors.append(
                    {
                        "row": number,
                        "field": "; ".join(key),
                        "value": " / ".join(values)[:100],
                        "message": "duplicate key",
                    }
                )
            else:
                errors.append(
                    {"row": number, "field": "; ".join(key), "value": "", "message": "blank key"}
                )
            seen.add(values)
    result.completeness = _pct(complete_cells, total_cells)
    result.validity = _pct(valid_cells, filled_cells)
    result.uniqueness = _pct(unique_rows, len(rows)) if key else 100.0
    result.error_count = len(errors)
    result.errors = errors[:MAX_ERRORS]
    return result
