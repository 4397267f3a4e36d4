"""Demo requests: a year of SARs and FOI/EIR requests with realistic clocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from infogov.clocks import add_working_days, is_working_day, next_working_day
from infogov.core.demo import DemoContext
from infogov.core.models import bulk_with_history
from infogov.organisation.models import Division, Person
from infogov.requests.choices import REFERENCE_PREFIX, EventType, Outcome, TaskStatus
from infogov.requests.clock import compute_due, derive_status
from infogov.requests.models import Case, CaseEvent, SearchTask

FIRST = [
    "Alison",
    "Brian",
    "Carol",
    "Derek",
    "Elaine",
    "Fraser",
    "Gail",
    "Hugh",
    "Irene",
    "John",
    "Karen",
    "Liam",
    "Margaret",
    "Neil",
    "Olivia",
    "Peter",
    "Rachel",
    "Scott",
    "Tracy",
    "William",
]
LAST = [
    "Aitken",
    "Baird",
    "Crawford",
    "Dickson",
    "Elliot",
    "Forbes",
    "Gibson",
    "Hunter",
    "Irvine",
    "Johnston",
    "Kennedy",
    "Lawson",
    "Munro",
    "Nicol",
    "Ogilvie",
    "Paton",
    "Quinn",
    "Rennie",
    "Sinclair",
    "Tait",
]
SAR_TEXT = [
    "All records held about me by Housing, including repairs and rent arrears letters.",
    "My social work file from 2005 to 2012, when I was looked after by the council.",
    "Copies of emails about me between my line manager and HR since January.",
    "CCTV footage of my car in the Dalkeith car park on the date given.",
    "My son's school records, including behaviour reports (I am his parent).",
    "Records of my council tax account and any recovery action.",
    "Notes of the care assessment for my mother (I hold power of attorney).",
]
FOI_TEXT = [
    "How much the council spent on agency staff in each of the last three years.",
    "The number of potholes reported and repaired on the A7 in the last year.",
    "Contracts awarded for school catering since 2022, with values.",
    "The council's policy on the use of artificial intelligence.",
    "Numbers of homeless applications by month for the last two years.",
    "Expenses claimed by senior officers in the last financial year.",
]
EIR_TEXT = [
    "Air quality monitoring results for Dalkeith High Street in 2025.",
    "Planning consultation responses about the Eskbank wind turbine.",
    "Flood risk assessments for the Esk valley.",
]
KINDS = (
    ["sar"] * 34
    + ["foi"] * 28
    + ["eir"] * 8
    + ["foi_review"] * 3
    + ["sar_review"]
    + ["erasure"] * 2
    + ["rectification"] * 2
    + ["disclosure"] * 3
    + ["complaint"] * 2
)
SAR_KINDS = {"sar", "erasure", "rectification"}


@dataclass
class _Event:
    type: str
    on: date
    reason: str = ""


def _working(d: date) -> date:
    return next_working_day(d)


def _events_for(kind: str, received: date, ctx: DemoContext) -> list[_Event]:
    rng = ctx.rng
    events = [_Event(EventType.RECEIVED, received)]
    if kind in SAR_KINDS and rng.random() < 0.35:
        asked = add_working_days(received, 1)
        events.append(_Event(EventType.IDENTITY_REQUESTED, asked))
        events.append(
            _Event(
                EventType.IDENTITY_VERIFIED,
                add_working_days(asked, rng.randint(1, 8)),
                "Passport copy",
            )
        )
    if kind in SAR_KINDS | {"foi", "eir"} and rng.random() < 0.12:
        asked = add_working_days(events[-1].on, rng.randint(1, 4))
        events.append(_Event(EventType.CLARIFICATION_REQUESTED, asked, "Dates unclear"))
        events.append(
            _Event(EventType.CLARIFICATION_RECEIVED, asked + timedelta(days=rng.randint(2, 12)))
        )
    if kind in {"sar", "eir"} and rng.random() < 0.18:
        events.append(
            _Event(
                EventType.EXTENDED,
                add_working_days(events[-1].on, 8),
                "Complex request: records held in several systems",
            )
        )
    if kind == "foi" and rng.random() < 0.05:
        notice = add_working_days(received, 5)
        events.append(_Event(EventType.FEE_REQUESTED, notice, "Fees notice: £45"))
        events.append(_Event(EventType.FEE_RECEIVED, notice + timedelta(days=rng.randint(3, 9))))
    return events


def _outcome(kind: str, ctx: DemoContext) -> str:
    if kind in {"foi_review", "eir_review", "sar_review"}:
        return ctx.rng.choice(
            [
                Outcome.REVIEW_UPHELD,
                Outcome.REVIEW_UPHELD,
                Outcome.REVIEW_UPHELD_MODIFIED,
                Outcome.REVIEW_OVERTURNED,
            ]
        )
    if kind in {"erasure", "rectification"}:
        return Outcome.ACTION_TAKEN
    return ctx.rng.choice(
        [
            Outcome.DISCLOSED_IN_FULL,
            Outcome.DISCLOSED_IN_PART,
            Outcome.DISCLOSED_IN_PART,
            Outcome.NOT_HELD,
            Outcome.WITHHELD,
            Outcome.DISCLOSED_IN_FULL,
        ]
    )


def load(ctx: DemoContext) -> None:
    rng = ctx.rng
    people = {
        p.user.username: p for p in Person.objects.filter(user__isnull=False).select_related("user")
    }
    divisions = list(Division.objects.order_by("code"))
    if not divisions:
        return
    caseworkers = [p for key, p in people.items() if key in {"caseworker", "ig.manager"}]
    plans: list[tuple[Case, list[_Event]]] = []
    counters: dict[str, int] = {}
    # Spread over the year, a few days' jitter each, always on a working day.
    step = 365 / len(KINDS)
    received_days = sorted(
        _working(ctx.days_ago(int(i * step) + rng.randint(0, 4))) for i in range(len(KINDS))
    )
    kinds = list(KINDS)
    rng.shuffle(kinds)
    for index, (kind, received) in enumerate(zip(kinds, received_days, strict=True)):
        received = min(received, ctx.anchor)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        prefix = f"{REFERENCE_PREFIX[kind]}-{received.year}-"  # type: ignore[index]
        counters[prefix] = counters.get(prefix, 0) + 1
        text = rng.choice(
            SAR_TEXT
            if kind in SAR_KINDS | {"sar_review"}
            else EIR_TEXT
            if kind == "eir"
            else FOI_TEXT
        )
        case = Case(
            reference=f"{prefix}{counters[prefix]:04d}",
            kind=kind,
            received_on=received,
            channel=rng.choice(["email", "email", "web_form", "post", "phone"]),
            requester_name=f"{first} {last}",
            requester_email=f"{first}.{last}{index}@example.org".lower(),
            requester_address=f"{rng.randint(1, 90)} Esk Road, Dalkeith EH22 {rng.randint(1, 9)}AB",
            description=text,
            division=rng.choice(divisions),
            caseworker=rng.choice(caseworkers) if caseworkers and rng.random() < 0.9 else None,
            publish_in_disclosure_log=kind in {"foi", "eir"} and rng.random() < 0.5,
        )
        if "parent" in text or "power of attorney" in text:
            case.subject_name = f"{rng.choice(FIRST)} {last}"
            case.acting_for = "parent" if "parent" in text else "attorney"
            case.authority_note = "Birth certificate" if "parent" in text else "Registered POA"
        events = _events_for(kind, received, ctx)
        due, _steps = compute_due(case, events)
        if due is not None:
            late = rng.random() < 0.12
            if due < ctx.anchor and rng.random() < 0.06:
                pass  # still open and overdue
            elif late and due + timedelta(days=20) < ctx.anchor:
                events.append(_Event(EventType.RESPONDED, due + timedelta(days=rng.randint(1, 20))))
            else:
                last_event = max(e.on for e in events)
                earliest = max(last_event, due - timedelta(days=rng.randint(0, 12)))
                responded = min(earliest, due)
                while not is_working_day(responded) and responded < due:
                    responded += timedelta(days=1)
                if responded < ctx.anchor - timedelta(days=2) or due < ctx.anchor:
                    events.append(_Event(EventType.RESPONDED, min(responded, ctx.anchor)))
        responded_event = next((e for e in events if e.type == EventType.RESPONDED), None)
        if responded_event is not None:
            case.response_method = rng.choice(["email", "secure_portal", "post"])
            case.outcome = _outcome(kind, ctx)
            if responded_event.on + timedelta(days=30) < ctx.anchor:
                events.append(
                    _Event(
                        EventType.CLOSED, responded_event.on + timedelta(days=rng.randint(3, 20))
                    )
                )
            if kind == "foi" and rng.random() < 0.08:
                case.appeal_status = "appealed"
        case.due_on, case.clock_steps = compute_due(case, events)
        case.status, case.responded_on, case.closed_on = derive_status(events, case.due_on)
        plans.append((case, events))
    bulk_with_history(Case, [case for case, _events in plans])
    saved = Case.objects.in_bulk([c.reference for c, _e in plans], field_name="reference")
    recorder = ctx.actor
    rows: list[CaseEvent] = []
    tasks: list[SearchTask] = []
    for case, events in plans:
        stored: Any = saved[case.reference]
        for event in events:
            rows.append(
                CaseEvent(
                    case=stored,
                    type=event.type,
                    on=event.on,
                    reason=event.reason,
                    recorded_by=recorder,
                )
            )
        if case.kind in {"sar", "foi", "eir"}:
            for division in rng.sample(divisions, k=rng.randint(1, min(2, len(divisions)))):
                due_on = add_working_days(case.received_on, rng.randint(5, 8))
                done = case.responded_on is not None or due_on < ctx.anchor - timedelta(days=5)
                tasks.append(
                    SearchTask(
                        case=stored,
                        division=division,
                        instructions=f"Search {division.name} records for: {case.description}",
                        due_on=due_on,
                        status=TaskStatus.DONE if done else TaskStatus.OPEN,
                        completed_on=min(due_on, ctx.anchor) if done else None,
                        result="Records found and sent to the caseworker." if done else "",
                    )
                )
    bulk_with_history(CaseEvent, rows)
    bulk_with_history(SearchTask, tasks)
    _load_publication(ctx)


def _load_publication(ctx: DemoContext) -> None:
    from infogov.requests import demo_publication

    demo_publication.load(ctx)
