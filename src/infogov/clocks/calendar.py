"""Working-day calendar for Scotland.

A working day is any day that is not a Saturday, a Sunday or a Scottish bank holiday.
A council's own closure days never change a statutory deadline, so there is deliberately
no way to add local closure days here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

from holidays.utils import country_holidays

__all__ = [
    "add_working_days",
    "count_working_days",
    "holiday_name",
    "is_working_day",
    "next_working_day",
    "non_working_reason",
]

_ONE_DAY = timedelta(days=1)
_CHRISTMAS = "Christmas Day"


@functools.lru_cache(maxsize=128)
def _scottish_holidays(year: int) -> Mapping[date, str]:
    """Scottish bank holidays for one year, as a read-only {date: name} mapping."""
    # Banking and Financial Dealings Act 1971 Sch. 1 (Scotland) + royal proclamations,
    # as published in the `holidays` package: holidays.UK(subdiv="SCT"), reached through the
    # typed country_holidays("GB", ...) factory (same class and data). Easter Monday is not
    # a Scottish bank holiday.
    found: dict[date, str] = dict(country_holidays("GB", subdiv="SCT", years=year).items())
    # FOISA s.73 "working day" excludes Christmas Day whatever the day of the week.
    found.setdefault(date(year, 12, 25), _CHRISTMAS)
    return MappingProxyType(found)


def holiday_name(d: date) -> str | None:
    """The name of the Scottish bank holiday on ``d``, or None."""
    return _scottish_holidays(d.year).get(d)


def is_working_day(d: date) -> bool:
    """True unless ``d`` is a Saturday, Sunday or Scottish bank holiday."""
    # FOISA s.73 "working day"; ICO guidance "Time limits for responding" (weekends/bank hols)
    return d.weekday() < 5 and holiday_name(d) is None


def non_working_reason(d: date) -> str | None:
    """Why ``d`` is not a working day, in plain words; None if it is a working day.

    A bank holiday is named in preference to the weekend when both apply, because it is
    the more informative reason (e.g. Christmas Day falling on a Saturday).
    """
    name = holiday_name(d)
    if name is not None:
        if name.endswith(" (observed)"):
            base = name.removesuffix(" (observed)")
            return f"the substitute day for {base} (a Scottish bank holiday)"
        return f"{name} (a Scottish bank holiday)"
    if d.weekday() == 5:
        return "a Saturday"
    if d.weekday() == 6:
        return "a Sunday"
    return None


def next_working_day(d: date) -> date:
    """``d`` itself if it is a working day, otherwise the first working day after it."""
    # UK GDPR Art. 12(3); ICO guidance "Time limits for responding" (weekend/holiday rollover)
    while not is_working_day(d):
        d += _ONE_DAY
    return d


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (working day 1 is the first one AFTER start).

    ``n == 0`` returns ``start`` unchanged. ``start`` itself never counts, even if it is a
    working day; if it is not a working day, day 1 is simply the next working day.
    """
    # FOISA s.10(1): "the twentieth working day following the date of receipt"
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    d = start
    remaining = n
    while remaining:
        d += _ONE_DAY
        if is_working_day(d):
            remaining -= 1
    return d


def count_working_days(after: date, up_to: date) -> int:
    """How many working days ``d`` satisfy ``after < d <= up_to`` (0 if up_to <= after)."""
    count = 0
    d = after + _ONE_DAY
    while d <= up_to:
        if is_working_day(d):
            count += 1
        d += _ONE_DAY
    return count
