from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from infogov.clocks.calendar import is_working_day
from infogov.clocks.deadlines import (
    LONDON,
    add_months_clamped,
    breach_deadline,
    eir_due,
    foi_due,
    foi_due_with_fee,
    sar_due,
)

# The holidays package generates Scottish holidays for any year; these bounds keep the
# examples within the range the product cares about (and checked in test_calendar).
MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2035, 12, 31)

dates = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)
stopped = st.integers(min_value=0, max_value=120)
bounded = settings(max_examples=200, deadline=None)

aware_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds must be naive
    max_value=datetime(2035, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, LONDON]),
)


@bounded
@given(dates, st.booleans(), stopped)
def test_sar_deadline_is_a_working_day(start: date, extended: bool, days: int) -> None:
    assert is_working_day(sar_due(start, extended=extended, days_stopped=days))


@bounded
@given(dates, st.booleans())
def test_foi_and_eir_deadlines_are_working_days(received: date, extended: bool) -> None:
    assert is_working_day(foi_due(received))
    assert is_working_day(eir_due(received, extended=extended))


@bounded
@given(dates, st.booleans())
def test_sar_never_earlier_than_plain_rule(start: date, extended: bool) -> None:
    assert sar_due(start) >= add_months_clamped(start, 1)
    assert sar_due(start, extended=True) >= add_months_clamped(start, 3)


@bounded
@given(dates)
def test_foi_never_earlier_than_plain_rule(received: date) -> None:
    # Twenty working days = four whole weeks when the request arrives on a weekday.
    # Arriving on a Saturday/Sunday, day 1 is the Monday, so day 20 is the Friday three
    # weeks later: 27 / 26 calendar days after receipt (FOISA s.10(1) read literally).
    due = foi_due(received)
    minimum = {5: 27, 6: 26}.get(received.weekday(), 28)
    assert due >= received + timedelta(days=minimum)
    assert eir_due(received) == due
    assert eir_due(received, extended=True) >= received + timedelta(days=minimum + 28)


@bounded
@given(dates, dates, st.booleans())
def test_deadlines_monotonic_in_receipt_date(a: date, b: date, extended: bool) -> None:
    r1, r2 = min(a, b), max(a, b)
    assert sar_due(r1, extended=extended) <= sar_due(r2, extended=extended)
    assert foi_due(r1) <= foi_due(r2)
    assert eir_due(r1, extended=extended) <= eir_due(r2, extended=extended)


@bounded
@given(dates, stopped, stopped, st.booleans())
def test_sar_monotonic_in_days_stopped(start: date, a: int, b: int, extended: bool) -> None:
    d1, d2 = min(a, b), max(a, b)
    assert sar_due(start, extended=extended, days_stopped=d1) <= sar_due(
        start, extended=extended, days_stopped=d2
    )


@bounded
@given(aware_datetimes)
def test_breach_is_exactly_72_hours_later(aware_at: datetime) -> None:
    deadline = breach_deadline(aware_at)
    assert deadline.tzinfo is LONDON
    # Compare in UTC: subtracting two datetimes sharing a tzinfo uses wall-clock time.
    assert deadline.astimezone(UTC) - aware_at.astimezone(UTC) == timedelta(hours=72)
    assert deadline.utcoffset() in (timedelta(0), timedelta(hours=1))


@bounded
@given(dates, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=90))
def test_fee_notice_never_shortens_the_deadline(received: date, gap: int, wait: int) -> None:
    notice = received + timedelta(days=gap)
    paid = notice + timedelta(days=wait)
    result = foi_due_with_fee(received, notice, paid)
    assert result is not None
    assert result >= foi_due(received)
    assert is_working_day(result)
