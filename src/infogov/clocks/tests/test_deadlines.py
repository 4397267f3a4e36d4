from datetime import date, datetime, timedelta, timezone

import pytest

from infogov.clocks.deadlines import (
    LONDON,
    add_months_clamped,
    breach_deadline,
    eir_due,
    foi_due,
    foi_due_with_fee,
    parse_london,
    review_due,
    sar_due,
    sar_start,
)

# ------------------------------------------------------------------ worked examples (spec)


def test_sar_30_january_2026() -> None:
    # 30 Feb does not exist -> Sat 28 Feb -> Mon 2 Mar.
    assert sar_due(date(2026, 1, 30)) == date(2026, 3, 2)


def test_sar_6_march_2026_easter_monday_is_working() -> None:
    assert sar_due(date(2026, 3, 6)) == date(2026, 4, 6)


def test_sar_extended_30_january_2026() -> None:
    assert sar_due(date(2026, 1, 30), extended=True) == date(2026, 4, 30)


def test_foi_19_december_2025() -> None:
    assert foi_due(date(2025, 12, 19)) == date(2026, 1, 22)


def test_breach_across_spring_forward() -> None:
    result = breach_deadline(parse_london("2026-03-27T16:00"))
    assert result.isoformat() == "2026-03-30T17:00:00+01:00"


# ------------------------------------------------------------------ more examples


def test_breach_across_autumn_back() -> None:
    result = breach_deadline(parse_london("2026-10-23T12:00"))
    assert result.isoformat() == "2026-10-26T11:00:00+00:00"


def test_breach_without_clock_change() -> None:
    result = breach_deadline(parse_london("2026-07-01T09:15"))
    assert result.isoformat() == "2026-07-04T09:15:00+01:00"


def test_breach_from_other_timezone_is_returned_in_london() -> None:
    aware = datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    result = breach_deadline(aware)
    assert result.tzinfo is LONDON
    assert result.isoformat() == "2026-01-08T14:00:00+00:00"


def test_breach_requires_aware_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        breach_deadline(datetime(2026, 3, 27, 16, 0))  # noqa: DTZ001


def test_sar_leap_year() -> None:
    due = sar_due(date(2028, 1, 31))
    assert due == date(2028, 2, 29)
    assert due.weekday() == 1  # Tuesday


def test_sar_non_leap_year_clamps_to_28th() -> None:
    assert add_months_clamped(date(2027, 1, 31), 1) == date(2027, 2, 28)


def test_sar_over_christmas_and_new_year() -> None:
    # 25 Dec 2027 is Saturday; 27 and 28 Dec are substitute days.
    assert sar_due(date(2027, 11, 25)) == date(2027, 12, 29)
    # 2 Jan 2026 is a Scottish bank holiday (Friday): next working day Mon 5 Jan.
    assert sar_due(date(2025, 12, 2)) == date(2026, 1, 5)
    assert sar_due(date(2025, 12, 1)) == date(2026, 1, 5)  # 1 Jan holiday


def test_sar_on_st_andrews_day() -> None:
    # Sunday 30 Nov 2025 -> substitute Monday 1 Dec -> due Tue 2 Dec 2025.
    assert sar_due(date(2025, 10, 30)) == date(2025, 12, 2)
    # Monday 30 Nov 2026 is itself the holiday.
    assert sar_due(date(2026, 10, 30)) == date(2026, 12, 1)


def test_sar_on_15_june_2026_one_off() -> None:
    assert sar_due(date(2026, 5, 15)) == date(2026, 6, 16)


def test_foi_skips_15_june_2026() -> None:
    assert foi_due(date(2026, 6, 1)) == date(2026, 6, 30)
    assert foi_due(date(2026, 7, 1)) == date(2026, 7, 29)  # no holiday: 28 calendar days


def test_foi_received_on_a_weekend_is_27_calendar_days() -> None:
    # Day 1 is the first working day after receipt (Mon 9 Feb), day 20 is Fri 6 Mar.
    assert foi_due(date(2026, 2, 7)) == date(2026, 3, 6)


def test_eir_and_review() -> None:
    assert eir_due(date(2025, 12, 19)) == date(2026, 1, 22)
    assert eir_due(date(2026, 3, 2), extended=True) == date(2026, 4, 28)  # Good Friday 3 Apr
    assert review_due(date(2025, 12, 19)) == date(2026, 1, 22)


def test_sar_start_is_latest_date() -> None:
    received = date(2026, 1, 5)
    assert sar_start(received) == received
    assert sar_start(received, identity_verified=date(2026, 1, 9)) == date(2026, 1, 9)
    assert sar_start(
        received,
        identity_verified=date(2026, 1, 9),
        authority_received=date(2026, 1, 12),
        fee_received=date(2026, 1, 7),
    ) == date(2026, 1, 12)


def test_sar_days_stopped_added_back() -> None:
    assert sar_due(date(2026, 3, 6), days_stopped=5) == date(2026, 4, 13)  # 11 Apr is Sat
    assert sar_due(date(2026, 1, 30), days_stopped=2) == date(2026, 3, 2)
    with pytest.raises(ValueError):
        sar_due(date(2026, 3, 6), days_stopped=-1)


def test_add_months_clamped() -> None:
    assert add_months_clamped(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months_clamped(date(2026, 1, 31), 3) == date(2026, 4, 30)
    assert add_months_clamped(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months_clamped(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months_clamped(date(2026, 3, 31), -1) == date(2026, 2, 28)


# ------------------------------------------------------------------ FOI with fees notice


def test_fee_unpaid_stops_the_clock() -> None:
    assert foi_due_with_fee(date(2026, 2, 2), date(2026, 2, 9), None) is None


def test_fee_paid_resumes_with_remaining_days() -> None:
    # Received Mon 2 Feb; working days 3-6 Feb (4) count; notice Mon 9 Feb.
    # Paid Fri 20 Feb: 16 working days from Mon 23 Feb -> Mon 16 Mar.
    assert foi_due_with_fee(date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 20)) == date(
        2026, 3, 16
    )


def test_fee_notice_and_payment_same_day_still_disregards_that_day() -> None:
    # s.10(2): the notice day and the payment day are both disregarded.
    result = foi_due_with_fee(date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 9))
    assert result == date(2026, 3, 3)
    assert result == foi_due(date(2026, 2, 2)) + timedelta(days=1)


def test_fee_notice_on_day_of_receipt() -> None:
    assert foi_due_with_fee(date(2026, 2, 2), date(2026, 2, 2), date(2026, 2, 2)) == foi_due(
        date(2026, 2, 2)
    )


def test_fee_notice_after_deadline_does_not_revive_it() -> None:
    late_notice = foi_due(date(2026, 2, 2)) + timedelta(days=1)
    assert foi_due_with_fee(date(2026, 2, 2), late_notice, None) == foi_due(date(2026, 2, 2))


def test_fee_validation() -> None:
    with pytest.raises(ValueError):
        foi_due_with_fee(date(2026, 2, 9), date(2026, 2, 2), None)
    with pytest.raises(ValueError):
        foi_due_with_fee(date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 3))


# ------------------------------------------------------------------ parse_london


def test_parse_london_naive_is_local_time() -> None:
    assert parse_london("2026-01-30T10:00").isoformat() == "2026-01-30T10:00:00+00:00"
    assert parse_london("2026-07-30T10:00").isoformat() == "2026-07-30T10:00:00+01:00"


def test_parse_london_plain_date_is_midnight() -> None:
    assert parse_london("2026-03-27").isoformat() == "2026-03-27T00:00:00+00:00"


def test_parse_london_with_offset_is_converted() -> None:
    assert parse_london("2026-07-30T10:00Z").isoformat() == "2026-07-30T11:00:00+01:00"
    assert parse_london("2026-07-30T10:00+02:00").isoformat() == "2026-07-30T09:00:00+01:00"


def test_parse_london_non_existent_time() -> None:
    with pytest.raises(ValueError, match="does not exist"):
        parse_london("2026-03-29T01:30")
    # The hour either side exists.
    assert parse_london("2026-03-29T00:59").isoformat() == "2026-03-29T00:59:00+00:00"
    assert parse_london("2026-03-29T02:00").isoformat() == "2026-03-29T02:00:00+01:00"


def test_parse_london_ambiguous_time_takes_first_occurrence() -> None:
    result = parse_london("2026-10-25T01:30")
    assert result.isoformat() == "2026-10-25T01:30:00+01:00"
    assert result.fold == 0


def test_parse_london_garbage() -> None:
    with pytest.raises(ValueError, match="not a valid"):
        parse_london("next tuesday")
