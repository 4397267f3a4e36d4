"""Bringing the existing case load in: `infogov import requests FILE` and the upload page.

One row per case, matched on its reference. The events of the case's life are dated
columns (several dates in a cell separated by `;`); the clock of every imported or changed
case is replayed from them, so its due date, status and response dates are InfoGov's own.
The headings are documented in docs/administration.md ("Importing the existing case load").

Re-importing a file changes nothing. A later file may add events and correct the case's
details; it never removes an event or an exemption (the case file is corrected through
the case's pages, where every change is in its history).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.utils import timezone

from infogov.clocks import format_date
from infogov.core.importing import (
    MULTI_SEPARATOR,
    CellError,
    Column,
    Plan,
    RowPlan,
    TableImporter,
    a_date,
    choice,
    norm,
    render_choice,
    render_date,
    text,
)
from infogov.core.models import record_event
from infogov.organisation.models import Division, Person
from infogov.requests.choices import (
    OPEN_STATUSES,
    SAR_CLOCK_KINDS,
    CaseKind,
    CaseStatus,
    DocumentType,
    EventType,
    Exemption,
    Outcome,
)
from infogov.requests.clock import compute_due, derive_status
from infogov.requests.models import AppliedExemption, Case, CaseEvent, Document

IMPORT_NOTE = "Imported from the previous case system."

# Event columns: heading → event type, in the order of a case's life.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Identity requested", EventType.IDENTITY_REQUESTED),
    ("Identity verified", EventType.IDENTITY_VERIFIED),
    ("Authority requested", EventType.AUTHORITY_REQUESTED),
    ("Authority received", EventType.AUTHORITY_RECEIVED),
    ("Clarification requested", EventType.CLARIFICATION_REQUESTED),
    ("Clarification received", EventType.CLARIFICATION_RECEIVED),
    ("Fees notice", EventType.FEE_REQUESTED),
    ("Fee received", EventType.FEE_RECEIVED),
    ("Extended", EventType.EXTENDED),
    ("Responded", EventType.RESPONDED),
    ("Withdrawn", EventType.WITHDRAWN),
    ("Closed", EventType.CLOSED),
)
EVENT_FIELD = "event:"
HEADING_FOR_TYPE = {kind: heading for heading, kind in EVENT_COLUMNS}

HEADINGS = [
    "Reference",
    "Kind",
    "Received",
    "Requester name",
    "Requester e-mail",
    "Description",
    "Division",
    "Caseworker",
    "Status",
    *[heading for heading, _ in EVENT_COLUMNS],
    "Outcome",
    "Exemptions",
]


def _today() -> date:
    return timezone.localdate()


def past_date(cell: str) -> date | None:
    value = a_date(cell)
    if value is not None and value > _today():
        raise CellError(f"{format_date(value)} cannot be after today.")
    return value


def past_dates(cell: str) -> tuple[date, ...]:
    found: set[date] = set()
    for part in cell.split(MULTI_SEPARATOR):
        value = past_date(part)
        if value is not None:
            found.add(value)
    return tuple(sorted(found))


def render_dates(values: Any) -> str:
    return f"{MULTI_SEPARATOR} ".join(d.isoformat() for d in values or ())


def reference(cell: str) -> str:
    value = " ".join(cell.split())
    if not value:
        raise CellError("Enter the case's reference.")
    if len(value) > 20:
        raise CellError(f"Too long: at most 20 characters (it has {len(value)}).")
    return value


def requester_email(cell: str) -> str:
    value = cell.strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise CellError(f"“{value}” is not an e-mail address.") from None
    return value


def status(cell: str) -> str:
    parsed = str(choice(CaseStatus, "", "status")(cell))
    return CaseStatus.OPEN if parsed in OPEN_STATUSES else parsed


def section_of(label: str) -> str:
    """The statutory reference at the start of a label: "FOISA s.30", "EIR reg. 10(4)(a)"."""
    words = label.split()
    kept: list[str] = []
    for index, word in enumerate(words):
        if index >= 2 and word[:1].isupper() and not word.startswith("Sch"):
            break
        kept.append(word)
    return " ".join(kept)


def _exemption_lookup() -> tuple[dict[str, str], dict[str, str]]:
    table: dict[str, str] = {}
    ambiguous: set[str] = set()
    labels: dict[str, str] = {}
    for value, label in Exemption.choices:
        labels[value] = str(label)
        table[norm(value)] = value
        table[norm(str(label))] = value
        short = norm(section_of(str(label)))
        if short in table and table[short] != value:
            ambiguous.add(short)
        table.setdefault(short, value)
    for short in ambiguous:
        table.pop(short, None)
    return table, labels


class CaseImporter(TableImporter):
    kind = "requests"
    model = Case
    noun = "case (same reference)"
    key_headings = ("Reference",)

    @classmethod
    def may_export(cls, user: Any) -> bool:
        """The whole case load holds every requester's name and e-mail: only whoever may
        import it may download it whole."""
        return cls.may_import(user)

    def build_columns(self) -> list[Column]:
        divisions: dict[str, int] = {}
        self.division_names: dict[int, str] = {}
        for pk, name, code in Division.objects.values_list("pk", "name", "code"):
            divisions[norm(name)] = pk
            divisions.setdefault(norm(code), pk)
            self.division_names[pk] = name
        people: dict[str, list[int]] = {}
        self.person_labels: dict[int, str] = {}
        for pk, first, last, email in Person.objects.values_list(
            "pk", "first_name", "last_name", "email"
        ):
            if email:
                people.setdefault(norm(email), []).append(pk)
            people.setdefault(norm(f"{first} {last}"), []).append(pk)
            self.person_labels[pk] = email or f"{first} {last}".strip()
        exemptions, self.exemption_labels = _exemption_lookup()

        def division(cell: str) -> int | None:
            if not cell.strip():
                return None
            found = divisions.get(norm(cell))
            if found is None:
                raise CellError(f"Unknown division “{cell.strip()}”.")
            return found

        def caseworker(cell: str) -> int | None:
            if not cell.strip():
                return None
            found = people.get(norm(cell))
            if not found:
                raise CellError(
                    f"Unknown caseworker “{cell.strip()}”: give the e-mail address or full "
                    "name of a person in the organisation list."
                )
            if len(set(found)) > 1:
                raise CellError(f"Several people match “{cell.strip()}”: use the e-mail address.")
            return found[0]

        def exemption_set(cell: str) -> frozenset[str]:
            codes = set()
            for part in cell.split(MULTI_SEPARATOR):
                if not part.strip():
                    continue
                found = exemptions.get(norm(part))
                if found is None:
                    raise CellError(
                        f"Unknown exemption or exception “{part.strip()}”: use a section as "
                        "listed in InfoGov, e.g. “FOISA s.38” or “EIR reg. 10(4)(a)”."
                    )
                codes.add(found)
            return frozenset(codes)

        def events_of(event_type: str) -> Callable[[Any], tuple[date, ...]]:
            return lambda obj: obj._import_events.get(event_type, ())

        def required(parse: Callable[[str], Any], message: str) -> Callable[[str], Any]:
            def wrapped(cell: str) -> Any:
                value = parse(cell)
                if value in (None, ""):
                    raise CellError(message)
                return value

            return wrapped

        kind_choice = choice(CaseKind, "", "kind of request")
        return [
            Column("Reference", "reference", reference, str),
            Column(
                "Kind",
                "kind",
                required(kind_choice, "Enter the kind of request, e.g. FOI, EIR or SAR."),
                render_choice(CaseKind),
                required=True,
            ),
            Column(
                "Received",
                "received_on",
                required(past_date, "Enter the date the request was received."),
                render_date,
                required=True,
            ),
            Column(
                "Requester name",
                "requester_name",
                required(text(200), "Enter the requester's name."),
                str,
                required=True,
            ),
            Column("Requester e-mail", "requester_email", requester_email, str),
            Column("Description", "description", text(), str),
            Column(
                "Division",
                "division_id",
                division,
                lambda pk: self.division_names.get(pk, "") if pk else "",
            ),
            Column(
                "Caseworker",
                "caseworker_id",
                caseworker,
                lambda pk: self.person_labels.get(pk, "") if pk else "",
            ),
            Column(
                "Status",
                "status",
                status,
                render_choice(CaseStatus),
                current=lambda obj: CaseStatus.OPEN if obj.status in OPEN_STATUSES else obj.status,
            ),
            *[
                Column(
                    heading,
                    EVENT_FIELD + event_type,
                    past_dates,
                    render_dates,
                    current=events_of(event_type),
                )
                for heading, event_type in EVENT_COLUMNS
            ],
            Column("Outcome", "outcome", choice(Outcome, "", "outcome"), render_choice(Outcome)),
            Column(
                "Exemptions",
                "exemptions",
                exemption_set,
                lambda codes: f"{MULTI_SEPARATOR} ".join(
                    section_of(self.exemption_labels.get(c, c)) for c in sorted(codes or ())
                ),
                current=lambda obj: obj._import_exemptions,
            ),
        ]

    def _annotate(self, cases: Iterable[Case]) -> list[Case]:
        cases = list(cases)
        by_pk = {c.pk: c for c in cases}
        for case in cases:
            case._import_events = {}  # type: ignore[attr-defined]
            case._import_exemptions = frozenset()  # type: ignore[attr-defined]
        dates: dict[int, dict[str, set[date]]] = {}
        for case_id, event_type, on in CaseEvent.objects.filter(case__in=cases).values_list(
            "case_id", "type", "on"
        ):
            dates.setdefault(case_id, {}).setdefault(event_type, set()).add(on)
        for case_id, by_type in dates.items():
            by_pk[case_id]._import_events = {  # type: ignore[attr-defined]
                t: tuple(sorted(d)) for t, d in by_type.items()
            }
        applied: dict[int, set[str]] = {}
        for case_id, code in AppliedExemption.objects.filter(document__case__in=cases).values_list(
            "document__case_id", "exemption"
        ):
            applied.setdefault(case_id, set()).add(code)
        for case_id, codes in applied.items():
            by_pk[case_id]._import_exemptions = frozenset(codes)  # type: ignore[attr-defined]
        return cases

    def existing(self) -> dict[Any, Any]:
        return {c.reference: c for c in self._annotate(Case.objects.all())}

    def key_for(self, values: dict[str, Any]) -> Any:
        return values["reference"]

    def label_for(self, values: dict[str, Any]) -> str:
        return str(values["reference"])

    # --- rules across the row ------------------------------------------------------

    def check(self, merged: dict[str, Any], row: RowPlan) -> list[tuple[str | None, str]]:
        problems: list[tuple[str | None, str]] = []
        instance = row.instance
        received: date | None = merged.get("received_on")
        kind = merged.get("kind")
        if received is None or not kind:
            return problems
        events: dict[str, tuple[date, ...]] = {}
        for heading, event_type in EVENT_COLUMNS:
            field = EVENT_FIELD + event_type
            in_file = tuple(row.values.get(field, ()))
            held = tuple(instance._import_events.get(event_type, ())) if instance else ()
            events[event_type] = tuple(sorted(set(in_file) | set(held)))
            # A later file adds events; one leaving some out removes nothing.
            if instance is not None and heading in row.changed and set(in_file) <= set(held):
                row.changed.remove(heading)
            early = [d for d in in_file if d < received]
            if early:
                problems.append(
                    (heading, f"{format_date(early[0])} is before the request was received.")
                )
        if "exemptions" in row.values and instance is not None:
            held_codes = instance._import_exemptions
            if "Exemptions" in row.changed and row.values["exemptions"] <= held_codes:
                row.changed.remove("Exemptions")
        if events[EventType.EXTENDED] and kind not in SAR_CLOCK_KINDS | {CaseKind.EIR}:
            problems.append(
                (
                    "Extended",
                    "Only data-protection rights requests (UK GDPR Art. 12(3)) and EIR "
                    "requests (reg. 7) can be extended.",
                )
            )
        for asked, answered in (
            (EventType.CLARIFICATION_REQUESTED, EventType.CLARIFICATION_RECEIVED),
            (EventType.FEE_REQUESTED, EventType.FEE_RECEIVED),
        ):
            if events[answered] and (
                not events[asked] or min(events[asked]) > min(events[answered])
            ):
                if answered == EventType.FEE_RECEIVED and kind not in {CaseKind.FOI, CaseKind.EIR}:
                    continue
                problems.append(
                    (
                        HEADING_FOR_TYPE[answered],
                        f"Give the date in “{HEADING_FOR_TYPE[asked]}” first: it cannot be "
                        "received before it was asked for.",
                    )
                )
        if problems:
            return problems
        replay = [
            SimpleNamespace(type=event_type, on=on, pk=None)
            for event_type, dates in events.items()
            for on in dates
        ]
        case = SimpleNamespace(kind=kind, received_on=received)
        due_on, _steps = compute_due(case, replay)
        derived, _responded, _closed = derive_status(replay, due_on)
        derived_status = CaseStatus.OPEN if derived in OPEN_STATUSES else derived
        given = row.values.get("status") or ""
        if given and given != derived_status:
            hints: dict[str, str] = {
                CaseStatus.RESPONDED: "give the date in “Responded”",
                CaseStatus.CLOSED: "give the date in “Closed”",
                CaseStatus.WITHDRAWN: "give the date in “Withdrawn”",
                CaseStatus.OPEN: "leave “Responded”, “Withdrawn” and “Closed” blank",
            }
            hint = hints.get(str(given), "")
            problems.append(
                (
                    "Status",
                    f"“{CaseStatus(given).label}” does not match the case's dates, which make "
                    f"it “{CaseStatus(derived_status).label}”: {hint}.",
                )
            )
        elif instance is not None and "Status" in row.changed:
            # The status follows the events: a change in it alone changes nothing.
            row.changed.remove("Status")
        return problems

    # --- applying ------------------------------------------------------------------

    def apply(self, plan: Plan, *, acting_user: Any) -> None:
        """Each case saved with its history, its events added and its clock replayed."""
        from infogov.core.importing import ImportFailed

        if not plan.ok:
            raise ImportFailed(plan.problems)
        from infogov.requests.services import recompute

        recorded_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        scalar = {
            "kind",
            "received_on",
            "requester_name",
            "requester_email",
            "description",
            "division_id",
            "caseworker_id",
            "outcome",
        }
        for row in plan.added:
            values = row.values
            case = Case(
                reference=values["reference"],
                **{name: values[name] for name in scalar if name in values},
            )
            case.save()
            CaseEvent.objects.create(
                case=case,
                type=EventType.RECEIVED,
                on=case.received_on,
                note=IMPORT_NOTE,
                recorded_by=recorded_by,
            )
            self._add_events(case, values, {}, recorded_by)
            self._add_exemptions(case, values.get("exemptions", frozenset()), frozenset())
            recompute(case)
            row.instance = case
            record_event(
                acting_user,
                case,
                "imported",
                f"Imported from a spreadsheet: {case.get_kind_display()} received "
                f"{case.received_on}; status {case.get_status_display()}",
                due_on=str(case.due_on),
            )
        for row in plan.changed:
            case = row.instance
            values = row.values
            changed_scalars = [
                self.by_heading[h].field for h in row.changed if self.by_heading[h].field in scalar
            ]
            for name in changed_scalars:
                setattr(case, name, values[name])
            if changed_scalars:
                case.save()
            if "received_on" in changed_scalars:
                case.events.filter(type=EventType.RECEIVED).update(on=case.received_on)
            self._add_events(case, values, case._import_events, recorded_by)
            self._add_exemptions(
                case, values.get("exemptions", frozenset()), case._import_exemptions
            )
            recompute(case)
            record_event(
                acting_user,
                case,
                "import_updated",
                f"Updated from a spreadsheet: {', '.join(row.changed)}",
                due_on=str(case.due_on),
            )

    def _add_events(
        self,
        case: Case,
        values: dict[str, Any],
        held: dict[str, tuple[date, ...]],
        recorded_by: Any,
    ) -> None:
        for _heading, event_type in EVENT_COLUMNS:
            for on in values.get(EVENT_FIELD + event_type, ()):
                if on in held.get(event_type, ()):
                    continue
                CaseEvent.objects.create(
                    case=case,
                    type=event_type,
                    on=on,
                    reason=case.outcome if event_type == EventType.RESPONDED else "",
                    note=IMPORT_NOTE,
                    recorded_by=recorded_by,
                )

    def _add_exemptions(self, case: Case, codes: frozenset[str], held: frozenset[str]) -> None:
        new = sorted(codes - held)
        if not new:
            return
        record = case.documents.filter(title=IMPORT_RECORD_TITLE).first()
        if record is None:
            record = Document(
                case=case,
                title=IMPORT_RECORD_TITLE,
                doc_type=DocumentType.OTHER,
                content_type="text/plain",
            )
            content = (
                f"{case.reference} was imported into InfoGov on {format_date(_today())}. "
                "The response and the documents released or withheld are held in the "
                "previous case system; the exemptions and exceptions it recorded are "
                "applied to this record.\n"
            ).encode()
            record.size = len(content)
            record.file.save(f"{case.reference}-import-record.txt", ContentFile(content), False)
            record.save()
        for code in new:
            AppliedExemption.objects.create(document=record, exemption=code, note=IMPORT_NOTE)

    def export_queryset(self) -> Iterable[Any]:
        return self._annotate(Case.objects.order_by("received_on", "reference"))


IMPORT_RECORD_TITLE = "Imported case record"

IMPORTERS = {"requests": CaseImporter}
