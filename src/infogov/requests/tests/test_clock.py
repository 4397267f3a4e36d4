"""The case clock: worked examples and properties (PRODUCT §4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from infogov.clocks import add_months_clamped, is_working_day, review_due
from infogov.requests.clock import compute_due, derive_status


@dataclass
class C:
    kind: str
    received_on: date


@dataclass
class E:
    type: str
    on: date


def due(kind: str, received: date, *events: tuple[str, date]) -> date | None:
    return compute_due(C(kind, received), [E(t, d) for t, d in events])[0]


def test_sar_received_30_january_is_due_monday_2_march() -> None:
    result, steps = compute_due(C("sar", date(2026, 1, 30)), [])
    assert result == date(2026, 3, 2)
    assert steps[0] == "received 30 January 2026"
    assert "28 February 2026" in steps[1]
    assert steps[-1] == "28 February 2026 is a Saturday → Monday 2 March 2026"


def test_foi_received_19_december_skips_christmas_and_new_year() -> None:
    assert due("foi", date(2025, 12, 19)) == date(2026, 1, 22)


def test_sar_extended_is_three_months_from_the_start() -> None:
    assert due("sar", date(2026, 1, 30), ("extended", date(2026, 2, 10))) == date(2026, 4, 30)


def test_sar_clarification_days_are_added_before_moving_to_a_working_day() -> None:
    result = due(
        "sar",
        date(2026, 1, 30),
        ("clarification_requested", date(2026, 2, 2)),
        ("clarification_received", date(2026, 2, 5)),
    )
    # 28 February + 3 days = 3 March 2026, a Tuesday.
    assert result == date(2026, 3, 3)


def test_sar_clock_stops_while_clarification_is_awaited() -> None:
    assert due("sar", date(2026, 1, 30), ("clarification_requested", date(2026, 2, 2))) is None


def test_sar_starts_on_the_latest_of_identity_authority_and_fee() -> None:
    result = due(
        "sar",
        date(2026, 1, 5),
        ("identity_requested", date(2026, 1, 6)),
        ("identity_verified", date(2026, 1, 12)),
        ("authority_received", date(2026, 1, 9)),
    )
    assert result == date(2026, 2, 12)


def test_sar_waits_for_identity_once_requested() -> None:
    assert due("sar", date(2026, 1, 5), ("identity_requested", date(2026, 1, 6))) is None


def test_rights_requests_use_the_sar_clock() -> None:
    for kind in ("rectification", "erasure", "restriction", "portability", "objection"):
        assert due(kind, date(2026, 1, 30)) == date(2026, 3, 2)


def test_foi_clarification_restarts_the_twenty_working_days() -> None:
    result = due(
        "foi",
        date(2025, 12, 19),
        ("clarification_requested", date(2025, 12, 22)),
        ("clarification_received", date(2026, 1, 5)),
    )
    assert result == date(2026, 2, 2)


def test_foi_fee_notice_stops_the_clock_until_paid() -> None:
    received = date(2026, 3, 2)
    assert due("foi", received, ("fee_requested", date(2026, 3, 9))) is None
    paid = due(
        "foi", received, ("fee_requested", date(2026, 3, 9)), ("fee_received", date(2026, 3, 20))
    )
    # 4 working days used (3-6 March); 16 remain from 23 March → 14 April 2026.
    assert paid == date(2026, 4, 14)


def test_eir_extension_is_forty_working_days() -> None:
    plain = due("eir", date(2026, 3, 2))
    extended = due("eir", date(2026, 3, 2), ("extended", date(2026, 3, 10)))
    assert plain == date(2026, 3, 30)
    assert extended is not None and plain is not None and extended > plain


def test_foi_extension_has_no_effect() -> None:
    assert due("foi", date(2026, 3, 2), ("extended", date(2026, 3, 3))) == due(
        "foi", date(2026, 3, 2)
    )


def test_reviews_are_due_in_twenty_working_days() -> None:
    for kind in ("sar_review", "foi_review", "eir_review"):
        assert due(kind, date(2026, 3, 2)) == review_due(date(2026, 3, 2))


def test_disclosure_target_is_ten_working_days() -> None:
    assert due("disclosure", date(2026, 3, 2)) == date(2026, 3, 16)


def test_complaint_is_acknowledged_within_thirty_days_beginning_with_receipt() -> None:
    assert due("complaint", date(2026, 3, 2)) == date(2026, 3, 31)


def test_responding_does_not_change_the_due_date_and_sets_the_status() -> None:
    events = [E("responded", date(2026, 2, 20))]
    assert compute_due(C("sar", date(2026, 1, 30)), events)[0] == date(2026, 3, 2)
    status, responded, closed = derive_status(events, date(2026, 3, 2))
    assert (status, responded, closed) == ("responded", date(2026, 2, 20), None)


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
sar_kinds = st.sampled_from(["sar", "rectification", "erasure", "objection"])
all_kinds = st.sampled_from(
    ["sar", "foi", "eir", "sar_review", "foi_review", "disclosure", "erasure"]
)


@given(kind=all_kinds, received=days)
def test_a_working_day_deadline_is_never_a_weekend_or_holiday(kind: str, received: date) -> None:
    result = due(kind, received)
    assert result is not None and is_working_day(result)
    assert result > received


@given(received=days, extended=st.booleans())
def test_sar_is_never_earlier_than_the_plain_rule(received: date, extended: bool) -> None:
    events = [("extended", received)] if extended else []
    result = due("sar", received, *events)
    assert result is not None
    assert result >= add_months_clamped(received, 3 if extended else 1)
    assert result - add_months_clamped(received, 3 if extended else 1) < timedelta(days=5)


@given(kind=all_kinds, first=days, gap=st.integers(min_value=0, max_value=60))
def test_deadline_is_monotonic_in_the_receipt_date(kind: str, first: date, gap: int) -> None:
    a, b = due(kind, first), due(kind, first + timedelta(days=gap))
    assert a is not None and b is not None and a <= b


@given(received=days, start=st.integers(0, 20), length=st.integers(0, 30))
def test_sar_clarification_never_brings_the_deadline_forward(
    received: date, start: int, length: int
) -> None:
    asked = received + timedelta(days=start)
    answered = asked + timedelta(days=length)
    plain = due("sar", received)
    stopped = due(
        "sar", received, ("clarification_requested", asked), ("clarification_received", answered)
    )
    assert plain is not None and stopped is not None and stopped >= plain
    assert is_working_day(stopped)


@given(received=days, start=st.integers(0, 15), length=st.integers(0, 30))
def test_foi_clarification_restarts_from_the_answer(
    received: date, start: int, length: int
) -> None:
    asked = received + timedelta(days=start)
    answered = asked + timedelta(days=length)
    assert due(
        "foi", received, ("clarification_requested", asked), ("clarification_received", answered)
    ) == due("foi", answered)


def test_foi_explanation_starts_with_receipt_and_notes_an_ignored_extension() -> None:
    _due, steps = compute_due(C("foi", date(2026, 3, 2)), [E("extended", date(2026, 3, 3))])
    assert steps[0] == "received 2 March 2026"
    assert "FOISA allows none" in steps[1]
    assert steps[-1].endswith("→ Monday 30 March 2026")


def test_a_late_extension_is_applied_but_flagged() -> None:
    result, steps = compute_due(C("sar", date(2026, 1, 30)), [E("extended", date(2026, 3, 20))])
    assert result == date(2026, 4, 30)
    assert any("within the first month" in step for step in steps)
    assert steps[-1].endswith("→ Thursday 30 April 2026")
    result, steps = compute_due(C("eir", date(2026, 3, 2)), [E("extended", date(2026, 4, 20))])
    assert any("EIR reg. 7(2)" in step for step in steps)
