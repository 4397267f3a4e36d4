"""Business actions for information requests: one function, one transaction, one event."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from infogov.core.models import record_event
from infogov.core.permissions import CHANGE, get_roles
from infogov.core.roles import Role
from infogov.core.services import business_action
from infogov.core.validators import happened
from infogov.requests.choices import (
    OPEN_STATUSES,
    REFERENCE_PREFIX,
    SAR_CLOCK_KINDS,
    CaseKind,
    CaseStatus,
    EventType,
    Outcome,
    TaskStatus,
)
from infogov.requests.clock import compute_due, derive_status
from infogov.requests.models import (
    DOCUMENT_PERSONAL_FIELDS,
    EVENT_PERSONAL_FIELDS,
    EXEMPTION_PERSONAL_FIELDS,
    PERSONAL_FIELDS,
    TASK_PERSONAL_FIELDS,
    AppliedExemption,
    Case,
    CaseEvent,
    Document,
    PersonalDataAccess,
    SearchTask,
)

__all__ = [
    "add_event",
    "compute_due",
    "create_case",
    "recompute",
]

# Event types a person may record through the event form or API (received is automatic).
RECORDABLE_EVENTS = tuple(t for t in EventType if t != EventType.RECEIVED)


def _require_change(acting_user: Any, case: Case) -> None:
    if not Case.policy.allows(acting_user, CHANGE, case):
        raise PermissionDenied("You may not work this case.")


def next_reference(kind: str, year: int) -> str:
    prefix = f"{REFERENCE_PREFIX[kind]}-{year}-"  # type: ignore[index]
    last = (
        Case.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def recompute(case: Case, events: Iterable[CaseEvent] | None = None, *, save: bool = True) -> Case:
    """Replay the events: due date, explanation, status, response and closure dates."""
    replay = (
        list(events) if events is not None else list(case.events.filter(withdrawn_at__isnull=True))
    )
    due_on, steps = compute_due(case, replay)
    status, responded_on, closed_on = derive_status(replay, due_on)
    case.due_on, case.clock_steps, case.status = due_on, steps, status
    case.responded_on, case.closed_on = responded_on, closed_on
    if save:
        case.save(
            update_fields=[
                "due_on",
                "clock_steps",
                "status",
                "responded_on",
                "closed_on",
                "updated_at",
            ]
        )
    return case


def create_case(case: Case, *, acting_user: Any, note: str = "") -> Case:
    """Save a new case, record its `received` event and set its deadline.

    A case a caseworker creates is assigned to them.
    """
    roles = get_roles(acting_user)
    if case.caseworker_id is None and roles.has(Role.CASEWORKER) and roles.person_id:
        case.caseworker_id = roles.person_id
    for _attempt in range(5):
        case.reference = next_reference(case.kind, case.received_on.year)
        try:
            with transaction.atomic():
                due_on, steps = compute_due(case, [])
                case.due_on, case.clock_steps = due_on, steps
                case.status = CaseStatus.OPEN if due_on else CaseStatus.ON_HOLD
                case.save()
                CaseEvent.objects.create(
                    case=case,
                    type=EventType.RECEIVED,
                    on=case.received_on,
                    note=note,
                    recorded_by=acting_user
                    if getattr(acting_user, "is_authenticated", False)
                    else None,
                )
                record_event(
                    acting_user,
                    case,
                    "received",
                    f"{case.get_kind_display()} received {case.received_on}",
                )
            return case
        except IntegrityError:
            case.pk = None
            case._state.adding = True
            continue
    raise ValidationError({"reference": "Could not allocate a reference; try again."})


def update_case(case: Case, *, acting_user: Any) -> Case:
    """Save changes made through the form; the received event follows `received_on`."""
    with transaction.atomic():
        case.events.filter(type=EventType.RECEIVED).update(on=case.received_on)
        recompute(case, save=False)
        case.save()
    return case


EVENT_IN_FUTURE = "The date of the event cannot be after today."


def event_not_after_today(value: date) -> None:
    """A case event happened: its date cannot be after today (Europe/London), nor before
    the earliest date InfoGov accepts."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(EVENT_IN_FUTURE, code="date_in_future")
    happened(value)


def may_work_case(user: Any, case: Case) -> bool:
    """The IG manager and the case's caseworker work a case (its policy's CHANGE)."""
    return Case.policy.allows(user, CHANGE, case)


WORK_CASE = "You may not work this case."


@business_action(allowed=may_work_case, denied=WORK_CASE)
def add_event(
    case: Case,
    *,
    acting_user: Any,
    type: str,
    on: date,
    reason: str = "",
    note: str = "",
    outcome: str = "",
    method: str = "",
) -> CaseEvent:
    """Record an event and replay the clock (with a response: its outcome and method)."""
    errors: dict[str, str] = {}
    if type not in RECORDABLE_EVENTS:
        errors["type"] = (
            "The received event is recorded when the case is created."
            if type == EventType.RECEIVED
            else f"Choose one of: {', '.join(RECORDABLE_EVENTS)}."
        )
    if on < case.received_on:
        errors["on"] = "The event cannot be before the request was received."
    if on > timezone.localdate():
        errors["on"] = EVENT_IN_FUTURE
    if type == EventType.EXTENDED and case.kind not in SAR_CLOCK_KINDS | {CaseKind.EIR}:
        # FOISA has no extension; EIR reg 7 and UK GDPR Art. 12(3) do.
        errors["type"] = (
            f"A {case.get_kind_display()} cannot be extended: only subject access and other "
            "data-protection rights requests (Art. 12(3)) and EIR requests (reg 7) can."
        )
    if (
        type == EventType.CLARIFICATION_RECEIVED
        and not case.events.filter(
            type=EventType.CLARIFICATION_REQUESTED, on__lte=on, withdrawn_at__isnull=True
        ).exists()
    ):
        errors["type"] = "Record the clarification request first."
    if (
        type == EventType.FEE_RECEIVED
        and case.kind in {"foi", "eir"}
        and not case.events.filter(
            type=EventType.FEE_REQUESTED, on__lte=on, withdrawn_at__isnull=True
        ).exists()
    ):
        errors["type"] = "Record the fees notice first."
    if errors:
        raise ValidationError(errors)
    if type == EventType.WITHDRAWN and not outcome:
        # However it is recorded (page, API, import), a withdrawal is the case's outcome.
        outcome = Outcome.WITHDRAWN
    event = CaseEvent.objects.create(
        case=case, type=type, on=on, reason=reason, note=note, recorded_by=acting_user
    )
    before = case.due_on
    recompute(case)
    updates = {
        name: value for name, value in (("outcome", outcome), ("response_method", method)) if value
    }
    if updates:
        for name, value in updates.items():
            setattr(case, name, value)
        case.save(update_fields=[*updates, "updated_at"])
    summary = f"{event.get_type_display()} on {on}"
    if before != case.due_on:
        summary += f"; due {case.due_on or 'when the clock restarts'}"
    record_event(acting_user, case, f"event_{type}", summary, due_on=str(case.due_on))
    return event


@business_action(allowed=may_work_case, denied=WORK_CASE)
def respond(
    case: Case, *, acting_user: Any, on: date, method: str, outcome: str, note: str = ""
) -> Case:
    """Send the response (or a refusal notice): the clock stops."""
    add_event(
        case,
        acting_user=acting_user,
        type=EventType.RESPONDED,
        on=on,
        reason=outcome,
        note=note,
        outcome=outcome,
        method=method,
    )
    return case


@business_action(allowed=may_work_case, denied=WORK_CASE)
def close(case: Case, *, acting_user: Any, on: date, outcome: str = "", note: str = "") -> Case:
    """Close the case (with its outcome, if not already recorded)."""
    add_event(
        case,
        acting_user=acting_user,
        type=EventType.CLOSED,
        on=on,
        reason=outcome,
        note=note,
        outcome=outcome,
    )
    return case


@business_action(allowed=may_work_case, denied=WORK_CASE)
def withdraw(case: Case, *, acting_user: Any, on: date, reason: str = "") -> Case:
    """The requester withdrew the request."""
    add_event(
        case,
        acting_user=acting_user,
        type=EventType.WITHDRAWN,
        on=on,
        reason=reason,
        outcome=Outcome.WITHDRAWN,
    )
    return case


@business_action(allowed=may_work_case, denied=WORK_CASE)
def sign_off_redaction(case: Case, *, acting_user: Any) -> Case:
    """The redaction review is signed off by the IG manager or the case's caseworker."""
    case.redaction_signed_off_by = acting_user
    case.redaction_signed_off_at = timezone.now()
    case.save(update_fields=["redaction_signed_off_by", "redaction_signed_off_at", "updated_at"])
    record_event(acting_user, case, "redaction_signed_off", "Redaction review signed off")
    return case


def create_task(task: SearchTask, *, acting_user: Any) -> SearchTask:
    _require_change(acting_user, task.case)
    with transaction.atomic():
        task.full_clean()
        task.save()
        record_event(
            acting_user,
            task.case,
            "task_sent",
            f"{task.get_kind_display()} sent to {task.division}, due {task.due_on}",
        )
        from infogov.requests.reminders import queue_task_sent

        transaction.on_commit(lambda: queue_task_sent(task))
    return task


@business_action(
    allowed=lambda user, task: may_work_case(user, task.case),
    denied="Only the case's caseworker chases its tasks.",
)
def chase_task(task: SearchTask, *, acting_user: Any) -> SearchTask:
    """Chase the division for the task: recorded now, the e-mail queued once committed."""
    from infogov.requests.reminders import queue_chaser

    task.chased_at = timezone.now()
    task.save(update_fields=["chased_at", "updated_at"])
    record_event(acting_user, task, "chased", "Chased")
    transaction.on_commit(lambda: queue_chaser(task))
    return task


def may_apply_exemption(user: Any, document: Document) -> bool:
    return may_work_case(user, document.case) and AppliedExemption.policy.can_add(user)


@business_action(
    allowed=may_apply_exemption, denied="You may not apply exemptions to this document."
)
def apply_exemption(
    document: Document, *, acting_user: Any, exemption: Any, note: str = ""
) -> AppliedExemption:
    """Apply an exemption to a document of the case (recorded on the case)."""
    from infogov.requests.choices import current_exemption_choices

    if exemption not in dict(current_exemption_choices()):
        # Old section-level codes stay on old records; new ones name the subsection.
        raise ValidationError(
            {"exemption": "Choose the exemption or exception at subsection level."}
        )
    applied = AppliedExemption(document=document, exemption=exemption, note=note)
    applied.full_clean()
    applied.save()
    record_event(
        acting_user, document.case, "exemption_applied", f"{applied} applied to {document}"
    )
    return applied


def add_document(document: Document, *, acting_user: Any) -> Document:
    _require_change(acting_user, document.case)
    upload = document.file
    with transaction.atomic():
        document.size = upload.size or 0
        document.content_type = getattr(getattr(upload, "file", None), "content_type", "") or ""
        document.uploaded_by = acting_user
        document.save()
        record_event(acting_user, document.case, "document_added", f"Document added: {document}")
    return document


def log_personal_data_access(user: Any, cases: Iterable[Case], channel: str, path: str = "") -> int:
    """Log a view of requester/subject details, one row per case shown (one query)."""
    rows = [
        PersonalDataAccess(case_id=case.pk, user=user, channel=channel, path=path[:300])
        for case in cases
    ]
    if rows:
        PersonalDataAccess.objects.bulk_create(rows)
    return len(rows)


def _anonymous_user() -> Any:
    from infogov.core.services import system_user

    return system_user()


def submit_public_request(data: dict[str, Any], today: date | None = None) -> Case:
    """A request from the public form: a reference and an acknowledgement e-mail queued.

    A subject access request made for someone else (`acting_for` set) records the data
    subject and an `authority_requested` event on the day of receipt: the clock does not
    start until the caseworker records `authority_received` (ICO guidance).
    """
    actor = _anonymous_user()
    kind = data["kind"]
    on_behalf = kind == CaseKind.SAR and bool(data.get("acting_for"))
    case = Case(
        kind=kind,
        received_on=today or timezone.localdate(),
        channel="web_form",
        requester_name=data["requester_name"],
        requester_email=data.get("requester_email", ""),
        requester_address=data.get("requester_address", ""),
        requester_phone=data.get("requester_phone", ""),
        subject_name=data.get("subject_name", "").strip() if on_behalf else "",
        acting_for=data.get("acting_for", "") if on_behalf else "",
        authority_note=data.get("authority_note", "").strip() if on_behalf else "",
        description=data["description"],
    )
    from infogov.core.services import acting_as

    with acting_as(actor), transaction.atomic():
        create_case(case, acting_user=actor, note="Submitted through the public request form.")
        if on_behalf:
            CaseEvent.objects.create(
                case=case,
                type=EventType.AUTHORITY_REQUESTED,
                on=case.received_on,
                note="Made on behalf of someone else through the public request form: "
                "ask for proof of authority to act and of the data subject's identity.",
            )
            recompute(case)
            record_event(
                actor,
                case,
                f"event_{EventType.AUTHORITY_REQUESTED}",
                f"Authority to act requested on {case.received_on}",
                due_on=str(case.due_on),
            )
        if case.requester_email:
            # The acknowledgement template, queued in the outbox with the case (sent by
            # `send_reminders`, once: the key is the case's).
            from infogov.requests.letters import queue_acknowledgement

            queue_acknowledgement(case)
    return case


ANONYMISED = "[anonymised]"
# Every model of a case file with the fields that hold personal data, and the path from
# its rows (current and historical) to the case.
CASE_FILE_PERSONAL_DATA: tuple[tuple[type[Any], tuple[str, ...], str], ...] = (
    (Case, PERSONAL_FIELDS, "id"),
    (CaseEvent, EVENT_PERSONAL_FIELDS, "case_id"),
    (SearchTask, TASK_PERSONAL_FIELDS, "case_id"),
    (Document, DOCUMENT_PERSONAL_FIELDS, "case_id"),
    (AppliedExemption, EXEMPTION_PERSONAL_FIELDS, "document_id__in"),
)


def _blank(model: type[Any], name: str) -> str:
    """What a scrubbed field holds: a marker where the field is required, else empty."""
    field: Any = model._meta.get_field(name)
    return "" if field.blank else ANONYMISED


def anonymise_case(case: Case, *, acting_user: Any) -> Case:
    """Remove the personal data of a closed case file under the retention schedule.

    The requester and subject details, the notes of its events, the instructions and
    results of its tasks and its documents (files, titles and exemption notes) go, from
    the current rows AND from every history row, and the audit events' summaries lose
    any of those values they quote, all in one transaction. The `anonymised` event says
    how many rows were scrubbed, never what they held.
    """
    from infogov.core.models import AuditEvent, events_for

    with transaction.atomic():
        document_ids = set(
            Document.history.model.objects.filter(case_id=case.pk).values_list("id", flat=True)
        )
        scope = {"id": case.pk, "case_id": case.pk, "document_id__in": document_ids}
        # The values being removed, to find them where summaries quote them.
        quoted: set[str] = set()
        for model, names, path in CASE_FILE_PERSONAL_DATA:
            free_text = [n for n in names if not model._meta.get_field(n).choices]
            for source in (model.objects, model.history.model.objects):
                for row in source.filter(**{path: scope[path]}).values_list(*free_text):
                    quoted.update(str(v) for v in row if v and len(str(v)) > 2)
        quoted.discard(ANONYMISED)

        for name in PERSONAL_FIELDS:
            setattr(case, name, _blank(Case, name))
        case.anonymised_at = timezone.now()
        case.save()
        for document in case.documents.all():
            document.file.delete(save=False)
            document.delete()
        scrubbed = 0
        for model, names, path in CASE_FILE_PERSONAL_DATA:
            blank = {name: _blank(model, name) for name in names}
            if model is not Case and model is not Document:
                model.objects.filter(**{path: scope[path]}).update(**blank)
            scrubbed += model.history.model.objects.filter(**{path: scope[path]}).update(
                **blank, history_change_reason=None
            )

        longest_first = sorted(quoted, key=len, reverse=True)
        alternatives = "|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in longest_first)
        pattern = re.compile(alternatives) if alternatives else None

        def scrub(text: str) -> str:
            return pattern.sub(ANONYMISED, text) if pattern else text

        audit = AuditEvent.objects.filter(pk__in=events_for(case).values("pk"))
        for child in (CaseEvent, SearchTask):
            audit |= AuditEvent.objects.filter(
                content_type__app_label=child._meta.app_label,
                content_type__model=child._meta.model_name,
                object_id__in=child.objects.filter(case_id=case.pk).values("pk"),
            )
        for event in audit:
            summary = scrub(event.summary)
            data = {
                key: scrub(value) if isinstance(value, str) else value
                for key, value in event.data.items()
            }
            if summary != event.summary or data != event.data:
                AuditEvent.objects.filter(pk=event.pk).update(summary=summary, data=data)
        record_event(
            acting_user,
            case,
            "anonymised",
            "Requester and subject details removed under the retention schedule, "
            f"with those in {scrubbed} history records",
            history_records=scrubbed,
        )
    return case


def anonymise_due_cases(today: date, *, acting_user: Any, years: int = 6) -> int:
    """Anonymise closed cases whose retention period (closure + `years`) has ended."""
    cutoff = today - timedelta(days=365 * years + years // 4)
    due = (
        Case.objects.filter(anonymised_at__isnull=True)
        .exclude(status__in=OPEN_STATUSES)
        .filter(Q(closed_on__lt=cutoff) | Q(closed_on__isnull=True, responded_on__lt=cutoff))
    )
    count = 0
    for case in due:
        anonymise_case(case, acting_user=acting_user)
        count += 1
    return count


def complete_task(
    task: SearchTask, *, acting_user: Any, status: str, on: date, result: str
) -> SearchTask:
    if status not in {TaskStatus.DONE, TaskStatus.NOTHING_FOUND}:
        raise ValidationError({"status": "Choose whether records were found."})
    with transaction.atomic():
        task.status, task.completed_on, task.result = status, on, result
        task.full_clean()
        task.save()
        record_event(acting_user, task, "completed", task.get_status_display())
    return task


def may_withdraw_event(user: Any, event: CaseEvent) -> bool:
    """The IG team working the case (the IG manager, its caseworker) corrects its file."""
    return may_work_case(user, event.case)


@business_action(
    allowed=may_withdraw_event, denied="Only the IG team working the case corrects its events."
)
def withdraw_event(event: CaseEvent, *, acting_user: Any, reason: str) -> CaseEvent:
    """Withdraw an event recorded in error: it stays on the timeline, struck through, with
    who withdrew it, when and why; the clock is replayed without it, and the change is in
    the event's history and on the case's audit trail."""
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Enter why the event is withdrawn."
    if event.withdrawn_at is not None:
        errors["reason"] = "This event has already been withdrawn."
    if event.type == EventType.RECEIVED:
        errors["reason"] = (
            "The received event cannot be withdrawn: correct the case's received date instead."
        )
    if errors:
        raise ValidationError(errors)
    event.withdrawn_at = timezone.now()
    event.withdrawn_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    event.withdrawn_reason = reason.strip()
    event.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "updated_at"])
    case = event.case
    before = case.due_on
    recompute(case)
    summary = f"{event.get_type_display()} on {event.on} withdrawn as recorded in error"
    if before != case.due_on:
        summary += f"; due {case.due_on or 'when the clock restarts'}"
    record_event(
        acting_user, case, "event_withdrawn", summary, event=event.pk, due_on=str(case.due_on)
    )
    return event
