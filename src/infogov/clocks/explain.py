"""The deadline calculations again, but as short plain-English steps for case pages.

Each function returns a list of steps; the last step always ends with ``→ <deadline>``,
and that deadline is exactly what the matching function in ``deadlines`` returns.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from infogov.clocks.calendar import (
    add_working_days,
    holiday_name,
    next_working_day,
    non_working_reason,
)
from infogov.clocks.deadlines import (
    BREACH_HOURS,
    EIR_EXTENDED_WORKING_DAYS,
    EIR_WORKING_DAYS,
    FOI_WORKING_DAYS,
    LONDON,
    add_months_clamped,
    breach_deadline,
)

__all__ = [
    "explain_breach",
    "explain_eir",
    "explain_foi",
    "explain_sar",
    "format_date",
    "format_datetime",
]

ARROW = "→"

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_OBSERVED = " (observed)"


def format_date(d: date, *, weekday: bool = False) -> str:
    """``2 March 2026``, or ``Monday 2 March 2026`` with ``weekday=True`` (locale-independent)."""
    text = f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    return f"{_WEEKDAYS[d.weekday()]} {text}" if weekday else text


def format_datetime(dt: datetime) -> str:
    """``Friday 27 March 2026 at 16:00 GMT``, shown in UK time (seconds only if non-zero)."""
    local = dt.astimezone(LONDON)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if local.second:
        clock += f":{local.second:02d}"
    return f"{format_date(local.date(), weekday=True)} at {clock} {local.tzname()}"


def _holiday_label(name: str) -> str:
    """Short label for a bank holiday name, e.g. 'New Year Holiday' -> '2 January'."""
    if name.endswith(_OBSERVED):
        return f"the substitute day for {_holiday_label(name.removesuffix(_OBSERVED))}"
    if name == "New Year Holiday":
        return "2 January"
    return name


def _join(items: list[str]) -> str:
    return ", ".join(items)


def _roll_forward_step(d: date) -> str:
    """'28 February 2026 is a Saturday → Monday 2 March 2026' (or 'is a working day')."""
    final = next_working_day(d)
    if final == d:
        return f"{format_date(d)} is a working day {ARROW} {format_date(d, weekday=True)}"
    step = f"{format_date(d)} is {non_working_reason(d)}"
    also: list[str] = []
    day = d + timedelta(days=1)
    while day < final:
        name = holiday_name(day)
        if name is not None:
            also.append(_holiday_label(name))
        elif "the weekend" not in also:
            also.append("the weekend")
        day += timedelta(days=1)
    if any(item != "the weekend" for item in also):
        step += f", then {_join(also)}"
    return f"{step} {ARROW} {format_date(final, weekday=True)}"


def explain_sar(
    start: date,
    *,
    extended: bool = False,
    days_stopped: int = 0,
    start_label: str = "received",
) -> list[str]:
    """Steps behind :func:`infogov.clocks.deadlines.sar_due`."""
    if days_stopped < 0:
        raise ValueError(f"days_stopped must not be negative, got {days_stopped}")
    steps = [f"{start_label} {format_date(start)}"]
    months = 3 if extended else 1
    plain = add_months_clamped(start, months)
    period = "three months" if extended else "one month"
    step = f"{period} {ARROW} {format_date(plain)}"
    if plain.day != start.day:
        missing = f"{start.day} {_MONTHS[plain.month - 1]}"
        step += f" ({missing} does not exist: last day of the month)"
    steps.append(step)
    if days_stopped:
        plain += timedelta(days=days_stopped)
        unit = "day" if days_stopped == 1 else "days"
        steps.append(
            f"plus {days_stopped} {unit} while the clock was stopped {ARROW} {format_date(plain)}"
        )
    steps.append(_roll_forward_step(plain))
    return steps


def explain_foi(received: date, working_days: int = FOI_WORKING_DAYS) -> list[str]:
    """Steps behind :func:`infogov.clocks.deadlines.foi_due` (and EIR/review deadlines)."""
    if working_days < 1:
        raise ValueError(f"working_days must be at least 1, got {working_days}")
    due = add_working_days(received, working_days)
    skipped: list[str] = []
    day = received + timedelta(days=1)
    while day < due:
        name = holiday_name(day)
        if name is not None and day.weekday() < 5:
            label = _holiday_label(name)
            if label not in skipped:
                skipped.append(label)
        day += timedelta(days=1)
    unit = "working day" if working_days == 1 else "working days"
    skipping = "skipping weekends"
    if skipped:
        skipping += f" and {_join(skipped)}"
    return [
        f"received {format_date(received)}",
        f"{working_days} {unit} from the day after {format_date(received)}, {skipping} "
        f"{ARROW} {format_date(due, weekday=True)}",
    ]


def explain_eir(received: date, *, extended: bool = False) -> list[str]:
    """Steps behind :func:`infogov.clocks.deadlines.eir_due`."""
    return explain_foi(received, EIR_EXTENDED_WORKING_DAYS if extended else EIR_WORKING_DAYS)


def explain_breach(aware_at: datetime) -> list[str]:
    """Steps behind :func:`infogov.clocks.deadlines.breach_deadline`."""
    deadline = breach_deadline(aware_at)  # validates that aware_at is timezone-aware
    start = aware_at.astimezone(LONDON)
    steps = [f"became aware {format_datetime(start)}"]
    before, after = start.utcoffset(), deadline.utcoffset()
    if before is not None and after is not None and before != after:
        if after > before:
            steps.append(
                "the clocks go forward one hour in between (British Summer Time starts), "
                "so the deadline is one hour later on the clock"
            )
        else:
            steps.append(
                "the clocks go back one hour in between (British Summer Time ends), "
                "so the deadline is one hour earlier on the clock"
            )
    steps.append(f"{BREACH_HOURS} hours later {ARROW} {format_datetime(deadline)}")
    return steps
