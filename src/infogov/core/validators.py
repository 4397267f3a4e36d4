"""Bounds on what people may type, declared on the model fields so the form and the API
apply the same ones.

- Dates lie between `INFOGOV_EARLIEST_DATE` (1 January 1990) and today plus a margin: one
  day for dates that say when something happened (the future is meaningless there; the day
  covers clocks), `INFOGOV_DATE_FUTURE_MARGIN_DAYS` (ten years) for dates that plan ahead
  (reviews, expiries, due dates).
- Text fields have a maximum length: `TEXT_MAX_LENGTH` for notes and descriptions,
  `LONG_TEXT_MAX_LENGTH` for the few long-form assessments. Django's forms and DRF both
  read `max_length` from a `TextField`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

TEXT_MAX_LENGTH = 10_000
LONG_TEXT_MAX_LENGTH = 20_000

HAPPENED = "happened"
PLANNED = "planned"


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            try:
                return timezone.localtime(value).date()
            except (OverflowError, ValueError):  # at the very ends of the calendar
                return value.date()
        return value.date()
    return value


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@deconstructible
class DateBounds:
    """Refuses a date (or date-time) before the earliest date or too far in the future."""

    def __init__(self, kind: str = HAPPENED) -> None:
        if kind not in (HAPPENED, PLANNED):
            raise ValueError(f"kind must be {HAPPENED!r} or {PLANNED!r}")
        self.kind = kind

    def latest(self) -> date:
        margin = 1 if self.kind == HAPPENED else settings.INFOGOV_DATE_FUTURE_MARGIN_DAYS
        return timezone.localdate() + timedelta(days=margin)

    def __call__(self, value: Any) -> None:
        if value is None or not isinstance(value, date):
            return
        day = _as_date(value)
        earliest: date = settings.INFOGOV_EARLIEST_DATE
        if day < earliest:
            raise ValidationError(
                "Enter a date on or after %(earliest)s.",
                code="date_too_early",
                params={"earliest": _long(earliest)},
            )
        latest = self.latest()
        if day > latest:
            if self.kind == HAPPENED:
                raise ValidationError(
                    "Enter a date that is not in the future.", code="date_in_future"
                )
            raise ValidationError(
                "Enter a date no later than %(latest)s.",
                code="date_too_late",
                params={"latest": _long(latest)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateBounds) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash(("DateBounds", self.kind))


# For a date that says when something happened, and for one that plans ahead.
happened = DateBounds(HAPPENED)
planned = DateBounds(PLANNED)


def bounded_date_validators(model_field: Any) -> list[DateBounds]:
    """The date bounds a model field declares (for a form field built from it)."""
    return [v for v in getattr(model_field, "validators", ()) if isinstance(v, DateBounds)]
