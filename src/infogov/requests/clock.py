"""The case clock: replay a case's events through `infogov.clocks` (PRODUCT §4).

Pure functions over anything with `.kind`/`.received_on` (the case) and `.type`/`.on`
(the events): no database access, so the rules are tested with hypothesis.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from infogov.clocks import (
    add_working_days,
    count_working_days,
    explain_foi,
    explain_sar,
    foi_due_with_fee,
    format_date,
    review_due,
    sar_due,
    sar_start,
)
from infogov.requests.choices import (
    FOI_KINDS,
    REVIEW_KINDS,
    SAR_CLOCK_KINDS,
    CaseKind,
    CaseStatus,
    EventType,
)

ARROW = "→"
DISCLOSURE_TARGET_WORKING_DAYS = 10  # council target; no statutory clock (DPA 2018 Sch. 2 para. 2)
COMPLAINT_ACK_DAYS = 30  # DPA 2018 s.164A(3) (Data (Use and Access) Act 2025 s.103)
FOI_WORKING_DAYS = 20  # FOISA s.10(1)(a); EIR reg 5(2)(a)
EIR_EXTENDED_WORKING_DAYS = 40  # EIR reg 7(1)

CLOSING = {EventType.RESPONDED, EventType.WITHDRAWN, EventType.CLOSED}


def _ordered(events: Iterable[Any]) -> list[Any]:
    return sorted(events, key=lambda e: (e.on, getattr(e, "pk", None) or 0))


def _latest(events: Sequence[Any], kind: str) -> date | None:
    found = [e.on for e in events if e.type == kind]
    return max(found) if found else None


def _pending(
    events: Sequence[Any], asked: str, answered: str, after: date | None = None
) -> date | None:
    """The date of an unanswered request (`asked` with no `answered` on or after it)."""
    last_asked = _latest(events, asked)
    if last_asked is None or (after is not None and last_asked < after):
        return None
    last_answer = _latest(events, answered)
    if last_answer is not None and last_answer >= last_asked:
        return None
    return last_asked


def _clarification_periods(events: Sequence[Any]) -> list[tuple[date, date | None]]:
    """Pairs (asked, answered-or-None) in order."""
    periods: list[tuple[date, date | None]] = []
    asked: date | None = None
    for event in events:
        if event.type == EventType.CLARIFICATION_REQUESTED and asked is None:
            asked = event.on
        elif event.type == EventType.CLARIFICATION_RECEIVED and asked is not None:
            periods.append((asked, max(event.on, asked)))
            asked = None
    if asked is not None:
        periods.append((asked, None))
    return periods


def _received(case: Any, events: Sequence[Any]) -> date:
    received: date = case.received_on
    return received


def _sar_clock(case: Any, events: Sequence[Any]) -> tuple[date | None, list[str]]:
    received = _received(case, events)
    verified = _latest(events, EventType.IDENTITY_VERIFIED)
    authority = _latest(events, EventType.AUTHORITY_RECEIVED)
    fee = _latest(events, EventType.FEE_RECEIVED)
    waiting = []
    for asked_type, answered_type, what in (
        (EventType.IDENTITY_REQUESTED, EventType.IDENTITY_VERIFIED, "proof of identity"),
        (EventType.AUTHORITY_REQUESTED, EventType.AUTHORITY_RECEIVED, "authority to act"),
        (EventType.FEE_REQUESTED, EventType.FEE_RECEIVED, "the fee"),
    ):
        since = _pending(events, asked_type, answered_type)
        if since is not None:
            waiting.append(f"waiting since {format_date(since)} for {what}")
    if waiting:
        # ICO guidance: the clock starts only when ID / authority / fee is received.
        return None, [
            f"received {format_date(received)}",
            f"the clock has not started: {'; '.join(waiting)}",
        ]
    start = sar_start(received, verified, authority, fee)
    label = "received"
    for value, name in (
        (verified, "identity verified"),
        (authority, "authority to act received"),
        (fee, "fee received"),
    ):
        if value is not None and value == start and start > received:
            label = name
    days_stopped = 0
    for asked, answered in _clarification_periods(events):
        if answered is None:
            return None, [
                f"{label} {format_date(start)}",
                f"clarification requested {format_date(asked)}: the clock is stopped "
                "until the answer arrives",
            ]
        # The days from the request up to (not including) the answer are added back;
        # only the part after the clock started counts.
        days_stopped += max(0, (answered - max(asked, start)).days)
    extended_on = _latest(events, EventType.EXTENDED)
    extended = extended_on is not None
    due = sar_due(start, extended=extended, days_stopped=days_stopped)
    steps = explain_sar(start, extended=extended, days_stopped=days_stopped, start_label=label)
    if extended_on is not None:
        steps.insert(
            1,
            f"extended by two further months on {format_date(extended_on)} because the "
            "request is complex or the requester has made a number of requests (UK GDPR "
            "Art. 12(3))",
        )
    first_month = sar_due(start, days_stopped=days_stopped)
    if extended_on is not None and extended_on > first_month:
        # UK GDPR Art. 12(3): the extension must be notified within the first month.
        steps.insert(
            1,
            f"note: the extension was recorded on {format_date(extended_on)}, after the "
            f"first month ended on {format_date(first_month)}; it must be notified within "
            "the first month (UK GDPR Art. 12(3))",
        )
    if start > received:
        steps.insert(
            0,
            f"received {format_date(received)}; the clock starts on the latest of "
            "receipt, identity, authority and fee",
        )
    return due, steps


def _foi_clock(case: Any, events: Sequence[Any]) -> tuple[date | None, list[str]]:
    received = _received(case, events)
    base = received
    steps: list[str] = []
    label = "received"
    periods = _clarification_periods(events)
    for asked, answered in periods:
        if answered is None:
            return None, [
                f"received {format_date(received)}",
                f"clarification requested {format_date(asked)}: 20 working days start "
                "again when it is received (FOISA s.1(3))",
            ]
        base = max(base, answered)
    if base > received:
        steps.append(
            f"received {format_date(received)}; clarification received "
            f"{format_date(base)} restarts the clock (FOISA s.1(3))"
        )
        label = "clarification received"
    extended = case.kind == CaseKind.EIR and _latest(events, EventType.EXTENDED) is not None
    working_days = EIR_EXTENDED_WORKING_DAYS if extended else FOI_WORKING_DAYS
    notes = []
    extended_on = _latest(events, EventType.EXTENDED)
    if extended and extended_on is not None and extended_on > add_working_days(base, 20):
        # EIR reg 7(2): the applicant is told of the extension within the first 20 days.
        notes.append(
            f"note: the extension was recorded on {format_date(extended_on)}, after the "
            "first 20 working days; it must be notified within them (EIR reg. 7(2))"
        )
    if case.kind == CaseKind.FOI and _latest(events, EventType.EXTENDED) is not None:
        notes.append("an extension was recorded, but FOISA allows none: the deadline is unchanged")
    notice = _latest(events, EventType.FEE_REQUESTED)
    if notice is not None and notice >= base:
        paid = _latest(events, EventType.FEE_RECEIVED)
        if paid is not None and paid < notice:
            paid = None
        due = foi_due_with_fee(base, notice, paid, working_days=working_days)
        used = count_working_days(base, notice - timedelta(days=1))
        steps.append(f"{label} {format_date(base)}")
        steps.append(
            f"fees notice given {format_date(notice)} after {used} working "
            f"day{'s' if used != 1 else ''}: the clock stops (FOISA s.9, s.10(2))"
        )
        if used >= working_days:
            steps.append(
                f"the {working_days} working days had already run out "
                f"{ARROW} {format_date(add_working_days(base, working_days), weekday=True)}"
            )
            return due, steps
        if paid is None:
            steps.append("the clock is stopped until the fee is paid")
            return None, steps
        remaining = working_days - used
        steps.append(
            f"fee paid {format_date(paid)}; the remaining {remaining} working "
            f"day{'s' if remaining != 1 else ''} from the day after "
            f"{ARROW} {format_date(add_working_days(paid, remaining), weekday=True)}"
        )
        return due, steps
    due = add_working_days(base, working_days)
    explained = explain_foi(base, working_days)
    head = steps or [explained[0]]
    if extended:
        head.append(
            f"extended to 40 working days on {format_date(extended_on)} because the volume "  # type: ignore[arg-type]
            "and complexity of the information requested make it impracticable to answer "
            "within 20 (EIR reg. 7(1))"
        )
    return due, [*head, *notes, *explained[1:]]


def _review_clock(case: Any, events: Sequence[Any]) -> tuple[date | None, list[str]]:
    received = _received(case, events)
    steps = explain_foi(received)
    steps[0] = f"requirement for review received {format_date(received)}"
    return review_due(received), steps


def _disclosure_clock(case: Any, events: Sequence[Any]) -> tuple[date | None, list[str]]:
    received = _received(case, events)
    due = add_working_days(received, DISCLOSURE_TARGET_WORKING_DAYS)
    steps = explain_foi(received, DISCLOSURE_TARGET_WORKING_DAYS)
    steps.insert(1, "no statutory deadline: the council's target is 10 working days")
    return due, steps


def _complaint_clock(case: Any, events: Sequence[Any]) -> tuple[date | None, list[str]]:
    received = _received(case, events)
    # "within the period of 30 days beginning with the day on which the complaint is received"
    plain = received + timedelta(days=COMPLAINT_ACK_DAYS - 1)
    return plain, [
        f"received {format_date(received)}",
        f"acknowledge within 30 days beginning with the day of receipt (DPA 2018 s.164A) "
        f"{ARROW} {format_date(plain, weekday=True)}",
    ]


def compute_due(case: Any, events: Iterable[Any]) -> tuple[date | None, list[str]]:
    """The case's deadline (None while the clock is stopped) and the steps in words."""
    ordered = [e for e in _ordered(events) if e.type not in CLOSING]
    kind = case.kind
    if kind in SAR_CLOCK_KINDS:
        return _sar_clock(case, ordered)
    if kind in FOI_KINDS:
        return _foi_clock(case, ordered)
    if kind in REVIEW_KINDS:
        return _review_clock(case, ordered)
    if kind == CaseKind.DISCLOSURE:
        return _disclosure_clock(case, ordered)
    return _complaint_clock(case, ordered)


def derive_status(
    events: Iterable[Any], due_on: date | None
) -> tuple[str, date | None, date | None]:
    """(status, responded_on, closed_on) from the events."""
    ordered = _ordered(events)
    responded = _latest(ordered, EventType.RESPONDED)
    closed = _latest(ordered, EventType.CLOSED)
    withdrawn = _latest(ordered, EventType.WITHDRAWN)
    if closed is not None:
        return CaseStatus.CLOSED, responded, closed
    if withdrawn is not None:
        return CaseStatus.WITHDRAWN, responded, withdrawn
    if responded is not None:
        return CaseStatus.RESPONDED, responded, None
    if due_on is None:
        return CaseStatus.ON_HOLD, None, None
    return CaseStatus.OPEN, None, None


__all__ = ["compute_due", "derive_status"]
