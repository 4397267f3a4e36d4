"""Statutory deadline rules: subject access (SAR), FOI/EIR (Scotland) and breach reports.

Pure functions over ``date``/``datetime``; no I/O and no Django.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from infogov.clocks.calendar import add_working_days, count_working_days, next_working_day

__all__ = [
    "BREACH_HOURS",
    "LONDON",
    "add_months_clamped",
    "breach_deadline",
    "eir_due",
    "foi_due",
    "foi_due_with_fee",
    "parse_london",
    "review_due",
    "sar_due",
    "sar_start",
]

LONDON = ZoneInfo("Europe/London")

FOI_WORKING_DAYS = 20  # FOISA s.10(1)(a)
EIR_WORKING_DAYS = 20  # EIR (Scotland) 2004 reg 5(2)(a)
EIR_EXTENDED_WORKING_DAYS = 40  # EIR (Scotland) 2004 reg 7(1)
REVIEW_WORKING_DAYS = 20  # FOISA s.21(1); EIR (Scotland) 2004 reg 16(4)
BREACH_HOURS = 72  # UK GDPR Art. 33(1)


# ---------------------------------------------------------------- subject access (UK GDPR)


def sar_start(
    received: date,
    identity_verified: date | None = None,
    authority_received: date | None = None,
    fee_received: date | None = None,
) -> date:
    """The day the SAR clock starts: the latest of the dates supplied."""
    # ICO guidance "Time limits for responding": clock starts on receipt of the request,
    # or of ID verification, third-party authority or a fee, whichever is latest.
    candidates = [received, identity_verified, authority_received, fee_received]
    return max(d for d in candidates if d is not None)


def add_months_clamped(d: date, months: int) -> date:
    """Same day-of-month ``months`` later; the month's last day if that date does not exist."""
    # ICO guidance "Time limits for responding": "if there is no corresponding calendar
    # date in the next month, the date for response is the last day of the following month"
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


def sar_due(start: date, *, extended: bool = False, days_stopped: int = 0) -> date:
    """SAR response deadline.

    ``start`` is day 1 (see :func:`sar_start`). Due on the same date one month later (three
    months when extended), clamped to the month's end, plus any calendar days the clock was
    stopped for clarification, then rolled forward to the next working day.
    """
    if days_stopped < 0:
        raise ValueError(f"days_stopped must not be negative, got {days_stopped}")
    # UK GDPR Art. 12(3): one month, extendable "by two further months" => three in total
    months = 3 if extended else 1
    plain = add_months_clamped(start, months)
    # ICO guidance "What should we do if the request is unclear?": clock pauses; days added back
    plain += timedelta(days=days_stopped)
    # ICO guidance "Time limits for responding": weekend/bank holiday => next working day
    return next_working_day(plain)


# ---------------------------------------------------------------- FOI / EIR (Scotland)


def foi_due(received: date) -> date:
    """FOISA request deadline: the 20th working day after ``received``.

    After a clarification request (s.1(3)), pass the date the clarification was received.
    """
    # FOISA s.10(1)(a); working day as defined in FOISA s.73
    return add_working_days(received, FOI_WORKING_DAYS)


def eir_due(received: date, *, extended: bool = False) -> date:
    """EIR request deadline: 20 working days after receipt, or 40 if extended."""
    # EIR (Scotland) 2004 reg 5(2)(a) (20 working days); reg 7(1) extension to 40
    days = EIR_EXTENDED_WORKING_DAYS if extended else EIR_WORKING_DAYS
    return add_working_days(received, days)


def review_due(received: date) -> date:
    """Review deadline: 20 working days after the requirement for review is received."""
    # FOISA s.21(1); EIR (Scotland) 2004 reg 16(4)
    return add_working_days(received, REVIEW_WORKING_DAYS)


def foi_due_with_fee(
    received: date,
    fee_notice: date,
    fee_paid: date | None,
    *,
    working_days: int = FOI_WORKING_DAYS,
) -> date | None:
    """FOISA deadline when a fees notice was issued; None while the fee is unpaid.

    Interpretation of FOISA s.10(2) (and s.9(3)): the working days in the period
    *beginning with* the day the fees notice is given and *ending with* the day the fee
    is paid are disregarded. So:

    * the working days strictly after ``received`` and strictly before ``fee_notice``
      count towards the limit (the notice day itself does not);
    * the remaining working days run from the day after ``fee_paid`` (the payment day
      itself does not count either);
    * if the limit had already expired before the notice was given, the notice cannot
      revive it: the ordinary deadline is returned, paid or not;
    * otherwise an unpaid fee stops the clock indefinitely (None). Whether the request
      lapses because the fee was not paid within three months (s.9(4)) is not decided here.
    """
    # FOISA s.9(3), s.10(2); Explanatory Notes para 47 (period from issue of fee notice to
    # receipt of the fee is disregarded)
    if fee_notice < received:
        raise ValueError("fee_notice cannot be before the request was received")
    if fee_paid is not None and fee_paid < fee_notice:
        raise ValueError("fee_paid cannot be before the fee notice")
    if working_days < 1:
        raise ValueError(f"working_days must be at least 1, got {working_days}")
    elapsed = count_working_days(received, fee_notice - timedelta(days=1))
    if elapsed >= working_days:
        return add_working_days(received, working_days)
    if fee_paid is None:
        return None
    return add_working_days(fee_paid, working_days - elapsed)


# ---------------------------------------------------------------- personal data breach


def breach_deadline(aware_at: datetime) -> datetime:
    """Latest time to notify the ICO: 72 elapsed hours after becoming aware, in London time.

    Computed in absolute (UTC) time, so across a clock change the wall-clock time moves by
    an hour. ``aware_at`` must be timezone-aware.
    """
    if aware_at.tzinfo is None or aware_at.utcoffset() is None:
        raise ValueError("aware_at must be timezone-aware (use parse_london for local times)")
    # UK GDPR Art. 33(1): "not later than 72 hours after having become aware of it"
    deadline_utc = aware_at.astimezone(UTC) + timedelta(hours=BREACH_HOURS)
    return deadline_utc.astimezone(LONDON)


def parse_london(text: str) -> datetime:
    """Parse an ISO 8601 date or date-time; naive values are Europe/London wall-clock time.

    The result is always in Europe/London. A plain date means midnight London time. A local
    time skipped when the clocks go forward raises ValueError; a local time that happens
    twice when the clocks go back means its first occurrence (BST, fold=0).
    """
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a valid ISO date or date-time: {text!r}") from None
    if parsed.tzinfo is not None:
        return parsed.astimezone(LONDON)
    local = parsed.replace(tzinfo=LONDON, fold=0)
    round_trip = local.astimezone(UTC).astimezone(LONDON)
    if round_trip.replace(tzinfo=None) != parsed:
        raise ValueError(
            f"{text.strip()} does not exist in UK time: the clocks go forward an hour "
            "that night (01:00 GMT becomes 02:00 BST)"
        )
    return local
