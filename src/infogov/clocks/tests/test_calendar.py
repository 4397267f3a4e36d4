from datetime import date

import holidays
import pytest

from infogov.clocks.calendar import (
    _scottish_holidays,
    add_working_days,
    count_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    non_working_reason,
)


def test_package_version_covers_the_2026_one_off() -> None:
    # One-off proclamation: Monday 15 June 2026 (present in holidays 0.109).
    uk = holidays.UK(subdiv="SCT", years=2026)  # type: ignore[attr-defined]
    assert date(2026, 6, 15) in uk
    assert date(2026, 4, 6) not in uk  # Easter Monday
    assert not is_working_day(date(2026, 6, 15))
    assert holiday_name(date(2026, 6, 15)) is not None


def test_easter_monday_is_a_working_day_in_scotland() -> None:
    assert is_working_day(date(2026, 4, 6))
    assert non_working_reason(date(2026, 4, 6)) is None
    assert not is_working_day(date(2026, 4, 3))  # Good Friday


def test_weekends() -> None:
    assert non_working_reason(date(2026, 2, 28)) == "a Saturday"
    assert non_working_reason(date(2026, 3, 1)) == "a Sunday"
    assert is_working_day(date(2026, 3, 2))


def test_christmas_and_new_year() -> None:
    assert non_working_reason(date(2025, 12, 25)) == "Christmas Day (a Scottish bank holiday)"
    assert not is_working_day(date(2025, 12, 26))
    assert not is_working_day(date(2026, 1, 1))
    assert not is_working_day(date(2026, 1, 2))  # 2 January is a Scottish bank holiday
    assert is_working_day(date(2026, 1, 5))


def test_christmas_day_is_always_a_non_working_day() -> None:
    for year in range(2000, 2040):
        assert not is_working_day(date(year, 12, 25))
        assert date(year, 12, 25) in _scottish_holidays(year)


def test_substitute_days_over_christmas_2027() -> None:
    # 25/26 Dec 2027 are Sat/Sun: substitute days Mon 27 and Tue 28.
    assert not is_working_day(date(2027, 12, 27))
    assert not is_working_day(date(2027, 12, 28))
    assert next_working_day(date(2027, 12, 25)) == date(2027, 12, 29)
    reason = non_working_reason(date(2027, 12, 27))
    assert reason == "the substitute day for Christmas Day (a Scottish bank holiday)"


def test_st_andrews_day_and_substitute() -> None:
    # Monday 30 Nov 2026 is St Andrew's Day.
    assert not is_working_day(date(2026, 11, 30))
    # Sunday 30 Nov 2025: substitute on Monday 1 Dec 2025 (as the holidays package says).
    assert not is_working_day(date(2025, 12, 1))
    assert "Saint Andrew" in (non_working_reason(date(2025, 12, 1)) or "")
    # Saturday 30 Nov 2024: substitute on Monday 2 Dec 2024.
    assert not is_working_day(date(2024, 12, 2))
    assert is_working_day(date(2024, 12, 3))


def test_holiday_wins_over_weekend_in_reason() -> None:
    # Saturday 26 Dec 2026 is Boxing Day.
    assert non_working_reason(date(2026, 12, 26)) == "Boxing Day (a Scottish bank holiday)"


def test_next_working_day() -> None:
    assert next_working_day(date(2026, 3, 2)) == date(2026, 3, 2)
    assert next_working_day(date(2026, 2, 28)) == date(2026, 3, 2)
    assert next_working_day(date(2025, 12, 25)) == date(2025, 12, 29)


def test_add_working_days_counts_from_the_day_after() -> None:
    assert add_working_days(date(2026, 3, 2), 0) == date(2026, 3, 2)
    assert add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 3)
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri -> Mon
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # Sat -> Mon
    assert add_working_days(date(2026, 6, 12), 1) == date(2026, 6, 16)  # skips 15 June 2026


def test_add_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 3, 2), -1)


def test_count_working_days() -> None:
    assert count_working_days(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert count_working_days(date(2026, 3, 2), date(2026, 3, 9)) == 5
    assert count_working_days(date(2026, 3, 9), date(2026, 3, 2)) == 0
    start = date(2025, 12, 19)
    assert count_working_days(start, add_working_days(start, 20)) == 20


def test_holiday_cache_is_read_only() -> None:
    table = _scottish_holidays(2026)
    assert table is _scottish_holidays(2026)
    with pytest.raises(TypeError):
        table[date(2026, 3, 3)] = "x"  # type: ignore[index]
