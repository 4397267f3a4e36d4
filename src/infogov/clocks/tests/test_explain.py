import re
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from infogov.clocks.deadlines import LONDON, breach_deadline, eir_due, foi_due, sar_due
from infogov.clocks.explain import (
    explain_breach,
    explain_eir,
    explain_foi,
    explain_sar,
    format_date,
    format_datetime,
)

_MONTHS = [
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
]
_FINAL = re.compile(r"→ (?:Monday|Tuesday|Wednesday|Thursday|Friday) (\d{1,2}) (\w+) (\d{4})$")

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
bounded = settings(max_examples=200, deadline=None)


def final_date(steps: list[str]) -> date:
    match = _FINAL.search(steps[-1])
    assert match, steps
    day, month, year = match.groups()
    return date(int(year), _MONTHS.index(month) + 1, int(day))


def test_format_date() -> None:
    assert format_date(date(2026, 3, 2)) == "2 March 2026"
    assert format_date(date(2026, 3, 2), weekday=True) == "Monday 2 March 2026"
    assert format_date(date(2026, 12, 31), weekday=True) == "Thursday 31 December 2026"


def test_format_datetime() -> None:
    when = datetime(2026, 3, 30, 16, 0, tzinfo=UTC)
    assert format_datetime(when) == "Monday 30 March 2026 at 17:00 BST"
    assert format_datetime(datetime(2026, 1, 5, 9, 5, 7, tzinfo=LONDON)).endswith("09:05:07 GMT")


def test_explain_sar_month_end_example() -> None:
    assert explain_sar(date(2026, 1, 30)) == [
        "received 30 January 2026",
        "one month → 28 February 2026 (30 February does not exist: last day of the month)",
        "28 February 2026 is a Saturday → Monday 2 March 2026",
    ]


def test_explain_sar_working_day_and_extended() -> None:
    last = explain_sar(date(2026, 3, 6))[-1]
    assert last == "6 April 2026 is a working day → Monday 6 April 2026"
    steps = explain_sar(date(2026, 1, 30), extended=True)
    assert steps[1] == "three months → 30 April 2026"
    assert final_date(steps) == date(2026, 4, 30)


def test_explain_sar_days_stopped_and_label() -> None:
    steps = explain_sar(date(2026, 3, 6), days_stopped=5, start_label="clock started")
    assert steps[0] == "clock started 6 March 2026"
    assert steps[2] == "plus 5 days while the clock was stopped → 11 April 2026"
    assert final_date(steps) == date(2026, 4, 13)


def test_explain_sar_mentions_holidays_in_a_run() -> None:
    steps = explain_sar(date(2027, 11, 25))
    assert steps[-1].startswith("25 December 2027 is Christmas Day (a Scottish bank holiday)")
    assert "the substitute day for Boxing Day" in steps[-1]
    assert final_date(steps) == date(2027, 12, 29)


def test_explain_foi_christmas_example() -> None:
    assert explain_foi(date(2025, 12, 19)) == [
        "received 19 December 2025",
        "20 working days from the day after 19 December 2025, skipping weekends and "
        "Christmas Day, Boxing Day, New Year's Day, 2 January → Thursday 22 January 2026",
    ]


def test_explain_foi_without_holidays() -> None:
    steps = explain_foi(date(2026, 7, 1))
    assert steps[-1].endswith("skipping weekends → Wednesday 29 July 2026")


def test_explain_eir_extended() -> None:
    steps = explain_eir(date(2026, 3, 2), extended=True)
    assert steps[-1].startswith("40 working days")
    assert "Good Friday" in steps[-1]
    assert final_date(steps) == date(2026, 4, 28)


def test_explain_breach_spring_forward() -> None:
    steps = explain_breach(datetime(2026, 3, 27, 16, 0, tzinfo=LONDON))
    assert steps[0] == "became aware Friday 27 March 2026 at 16:00 GMT"
    assert "clocks go forward" in steps[1]
    assert steps[-1] == "72 hours later → Monday 30 March 2026 at 17:00 BST"


def test_explain_breach_autumn_and_no_change() -> None:
    autumn = explain_breach(datetime(2026, 10, 23, 12, 0, tzinfo=LONDON))
    assert "clocks go back" in autumn[1]
    assert autumn[-1] == "72 hours later → Monday 26 October 2026 at 11:00 GMT"
    summer = explain_breach(datetime(2026, 7, 1, 9, 15, tzinfo=LONDON))
    assert len(summer) == 2


@bounded
@given(dates, st.booleans(), st.integers(min_value=0, max_value=60))
def test_explain_sar_matches_sar_due(start: date, extended: bool, days: int) -> None:
    steps = explain_sar(start, extended=extended, days_stopped=days)
    assert final_date(steps) == sar_due(start, extended=extended, days_stopped=days)


@bounded
@given(dates, st.booleans())
def test_explain_foi_and_eir_match(received: date, extended: bool) -> None:
    assert final_date(explain_foi(received)) == foi_due(received)
    assert final_date(explain_eir(received, extended=extended)) == eir_due(
        received, extended=extended
    )


@bounded
@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds must be naive
        max_value=datetime(2035, 12, 31),  # noqa: DTZ001
        timezones=st.sampled_from([UTC, LONDON]),
    )
)
def test_explain_breach_matches(aware_at: datetime) -> None:
    steps = explain_breach(aware_at)
    assert steps[-1].endswith(f"→ {format_datetime(breach_deadline(aware_at))}")
