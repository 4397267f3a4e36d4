"""Business actions for incidents: each one function, one transaction, one event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from infogov.core.history import REVEALS, grouped_history
from infogov.core.models import record_event
from infogov.core.permissions import VIEW, get_roles
from infogov.core.reminders import queue
from infogov.core.roles import Role
from infogov.core.services import business_action
from infogov.incidents.choices import Decision, Status
from infogov.incidents.models import (
    ASSESSORS,
    Action,
    Comment,
    Incident,
    OtherNotification,
)
from infogov.organisation.models import Person, RoleAssignment

LINK_FIELDS = ("related_risks", "related_assets")
M2M_FIELDS = ("data_categories", "subject_categories", *LINK_FIELDS)


def linkable(
    field: str, division_id: int | None, incident: Incident | None = None, user: Any = None
) -> QuerySet[Any]:
    """Risks or assets an incident may be linked to (`field` is one of `LINK_FIELDS`).

    Those of the incident's division, those already linked and, with `user`, those the
    user may see. The form offers the first two (a short list even with thousands of
    assets); the API also accepts the third.
    """
    model: Any = Incident._meta.get_field(field).related_model
    q = Q(division_id=division_id)
    if incident is not None and incident.pk is not None:
        q |= Q(incidents=incident)
    queryset = model.objects.filter(q)
    if user is not None:
        queryset = queryset | model.objects.restrict(user, VIEW)
    return queryset.distinct()  # type: ignore[no-any-return]


def is_assessor(user: Any) -> bool:
    roles = get_roles(user)
    return roles.is_superuser or roles.has(*ASSESSORS)


def require_assessor(user: Any) -> None:
    if not is_assessor(user):
        raise PermissionDenied("Only the IG manager and caseworkers assess incidents.")


def person_of(user: Any) -> Person | None:
    person_id = get_roles(user).person_id
    return Person.objects.filter(pk=person_id).first() if person_id else None


def _save_with_reference(incident: Incident) -> None:
    """Save a new incident, retrying if another report took the same number meanwhile."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                incident.save()
            return
        except IntegrityError:
            if attempt == 4:
                raise
            incident.reference = ""
            incident.ref_year = incident.ref_number = None


def start_breach_clock(incident: Incident, *, was_breach: bool | None) -> None:
    """No personal data breach without an ICO clock.

    The council is aware of a breach at the latest when the IG team marks it one: when an
    incident becomes a breach, that moment is recorded (`breach_marked_at`) and, unless an
    earlier time was entered, it is when the council became aware (`aware_at`). The model
    refuses an `aware_at` later than the marking. Un-marking it forgets the marking.
    """
    if incident.personal_data_breach:
        if not was_breach or incident.breach_marked_at is None:
            incident.breach_marked_at = timezone.now()
        if incident.aware_at is None:
            incident.aware_at = incident.breach_marked_at
    else:
        incident.breach_marked_at = None


# --- e-mail when an incident is reported (through the outbox, once each) ---
def report_recipients(incident: Incident) -> list[Person]:
    """Who is told of a new report: the IG manager(s) and the division's information
    officer(s) who are active and have an e-mail address."""
    holders = (
        RoleAssignment.objects.current()
        .filter(
            Q(role=Role.IG_MANAGER)
            | Q(role=Role.INFORMATION_OFFICER, division_id=incident.division_id)
        )
        .values("person_id")
    )
    people = Person.objects.filter(pk__in=holders, is_active=True).exclude(email="")
    return list(people.order_by("last_name", "first_name", "pk"))


def report_notice_key_prefix(incident: Incident) -> str:
    return f"incident-reported:{incident.pk}:"


def report_notice_key(incident: Incident, person: Person) -> str:
    return f"{report_notice_key_prefix(incident)}{person.pk}"


def acknowledgement_key(incident: Incident) -> str:
    return f"incident-reported-ack:{incident.pk}"


def report_notices(incident: Incident) -> tuple[bool, bool]:
    """Whether a notice of this report is in the outbox for (the IG manager, the division's
    information officer): what the confirmation page may say."""
    from infogov.core.models import Notification

    keys = Notification.objects.filter(
        key__startswith=report_notice_key_prefix(incident)
    ).values_list("key", flat=True)
    people = {int(key.rsplit(":", 1)[1]) for key in keys}
    if not people:
        return False, False
    held = set(
        RoleAssignment.objects.filter(person_id__in=people)
        .filter(
            Q(role=Role.IG_MANAGER)
            | Q(role=Role.INFORMATION_OFFICER, division_id=incident.division_id)
        )
        .values_list("role", flat=True)
    )
    return Role.IG_MANAGER in held, Role.INFORMATION_OFFICER in held


def queue_report_emails(incident: Incident) -> int:
    """Queue the IG team's and the information officers' notice and the reporter's
    acknowledgement (each once: the outbox key is unique). Returns how many were queued."""
    kind = "near miss" if incident.is_near_miss else "incident"
    a_kind = "a near miss" if incident.is_near_miss else "an incident"
    url = settings.SITE_URL + incident.get_absolute_url()
    reporter = incident.reported_by
    by = reporter.full_name if reporter else "someone who is no longer on the system"
    when = f"{timezone.localtime(incident.reported_at):%-d %B %Y at %H:%M}"
    count = 0
    for person in report_recipients(incident):
        count += queue(
            report_notice_key(incident, person),
            person.email,
            f"{incident.reference}: new {kind} reported in {incident.division}",
            f"Dear {person.first_name},\n\n{by} reported {a_kind} in {incident.division} on "
            f"{when}: {incident.reference}, “{incident.title}”.\n\nIt is waiting to be triaged. "
            f"If it is a personal data breach, the ICO may have to be told within 72 hours of "
            f"the council becoming aware of it.\n\n{url}\n",
        )
    if reporter is not None and reporter.email:
        count += queue(
            acknowledgement_key(incident),
            reporter.email,
            f"Your report {incident.reference}",
            f"Dear {reporter.first_name},\n\nThank you for reporting {a_kind} on {when}: "
            f"“{incident.title}”. Its reference is {incident.reference}; please quote it if "
            f"you contact the information governance team.\n\nThe information governance "
            f"team has been told and will look at it, usually within one working day. If you "
            f"can do anything more to contain it, please do so now.\n\n"
            f"You can follow its progress here: {url}\n",
        )
    return count


def report_incident(
    incident: Incident, *, acting_user: Any, data: Mapping[str, Any] | None = None
) -> Incident:
    """Anyone signed in reports an incident or near miss; the reporter is the signed-in person.

    Once the report is saved, the IG manager(s) and the division's information officer(s)
    are told by e-mail and the reporter gets an acknowledgement with the reference.
    """
    with transaction.atomic(), grouped_history():
        for key, value in (data or {}).items():
            if key in M2M_FIELDS:
                continue
            setattr(incident, key, value)
        incident.reported_by = person_of(acting_user)
        incident.reported_at = timezone.now()
        if not is_assessor(acting_user) or not incident.status:
            incident.status = Status.REPORTED
        start_breach_clock(incident, was_breach=None)
        incident.full_clean(exclude=["reference"])
        _save_with_reference(incident)
        for key in M2M_FIELDS:
            if data and key in data:
                getattr(incident, key).set(data[key])
        kind = "near miss" if incident.is_near_miss else "incident"
        record_event(
            acting_user,
            incident,
            "reported",
            f"{incident.reference}: {kind} reported in {incident.division}",
        )
        transaction.on_commit(lambda: queue_report_emails(incident))
    return incident


def _assessor(user: Any, incident: Any) -> bool:
    return is_assessor(user)


ASSESSOR_ONLY = "Only the IG manager and caseworkers assess incidents."


@business_action(allowed=_assessor, denied=ASSESSOR_ONLY)
def update_report(incident: Incident, *, acting_user: Any) -> Incident:
    """Correct the report's own fields (the IG manager and caseworkers)."""
    incident.full_clean(exclude=["reference"])
    incident.save()
    record_event(acting_user, incident, "report_corrected", "Report details corrected")
    return incident


@business_action(allowed=_assessor, denied=ASSESSOR_ONLY)
def assess(incident: Incident, *, acting_user: Any, **data: Any) -> Incident:
    """Record triage and assessment: type, cause, breach or not, likelihood, severity, …

    Marking it a personal data breach starts the ICO clock (`start_breach_clock`).
    """
    # What was saved before (a form has already put its values on the instance).
    was_breach = (
        Incident.objects.filter(pk=incident.pk)
        .values_list("personal_data_breach", flat=True)
        .first()
    )
    with grouped_history():  # one History entry with the lists
        for key, value in data.items():
            if key in M2M_FIELDS:
                continue
            setattr(incident, key, value)
        start_breach_clock(incident, was_breach=was_breach)
        incident.full_clean(exclude=["reference"])
        if incident.status != Status.CLOSED:
            incident.status = Status.ASSESSED if incident.is_assessed else Status.TRIAGED
        if incident.is_assessed and incident.assessed_at is None:
            incident.assessed_at = timezone.now()
        incident.save()
        for key in M2M_FIELDS:
            if key in data:
                getattr(incident, key).set(data[key])
        reportable, tell = incident.reportability()
        summary = "Assessed" if incident.is_assessed else "Triaged"
        if incident.personal_data_breach:
            summary += ": personal data breach"
            summary += ", reportable to the ICO" if reportable else ", below the ICO threshold"
            if tell:
                summary += "; individuals to be told"
        elif incident.personal_data_breach is False:
            summary += ": not a personal data breach"
        record_event(
            acting_user,
            incident,
            "assessed",
            summary,
            likelihood=incident.likelihood,
            severity=incident.severity,
            ico_reportable=reportable,
            individuals_to_be_told=tell,
            **{REVEALS: ["personal_data_breach", "ico_reportable", "individuals_to_be_told"]},
        )
    return incident


@business_action(allowed=_assessor, denied=ASSESSOR_ONLY)
def record_ico_notification(
    incident: Incident,
    *,
    acting_user: Any,
    ico_notified_at: datetime,
    ico_reference: str = "",
    late_reasons: str = "",
    ico_followups: str = "",
) -> Incident:
    """The IG manager has notified the ICO (reasons required when after the deadline)."""
    incident.ico_notified_at = ico_notified_at
    incident.ico_reference = ico_reference
    incident.late_reasons = late_reasons
    if ico_followups:
        incident.ico_followups = ico_followups
    if incident.decision != Decision.REPORT:
        incident.decision = Decision.REPORT
        incident.decision_at = timezone.now()
    incident.full_clean(exclude=["reference"])
    incident.save()
    late = " (late)" if incident.notified_late else ""
    record_event(
        acting_user,
        incident,
        "ico_notified",
        f"ICO notified{late}" + (f", reference {ico_reference}" if ico_reference else ""),
        **{REVEALS: ["ico_notified_at", "ico_reference"]},
    )
    return incident


@business_action(allowed=_assessor, denied=ASSESSOR_ONLY)
def decide_not_to_report(
    incident: Incident, *, acting_user: Any, decision_reasons: str
) -> Incident:
    """Record the decision not to report to the ICO, with its reasons."""
    if incident.ico_notified_at:
        raise ValidationError({"decision_reasons": "The ICO has already been notified."})
    incident.decision = Decision.NOT_REPORT
    incident.decision_reasons = decision_reasons
    incident.decision_at = timezone.now()
    incident.full_clean(exclude=["reference"])
    incident.save()
    record_event(
        acting_user,
        incident,
        "not_reported",
        f"Decided not to report: {decision_reasons}",
        **{REVEALS: ["decision", "decision_reasons"]},
    )
    return incident


@business_action(allowed=_assessor, denied=ASSESSOR_ONLY)
def record_individuals_notification(
    incident: Incident,
    *,
    acting_user: Any,
    individuals_notified_on: date,
    individuals_method: str,
    individuals_count: int | None = None,
) -> Incident:
    """Record when and how the people affected were told (Article 34)."""
    incident.individuals_notified_on = individuals_notified_on
    incident.individuals_method = individuals_method
    incident.individuals_count = individuals_count
    incident.full_clean(exclude=["reference"])
    incident.save()
    record_event(
        acting_user,
        incident,
        "individuals_notified",
        f"{individuals_count or 'The'} individuals told by "
        f"{incident.get_individuals_method_display()} on {individuals_notified_on:%d %B %Y}",
        **{REVEALS: ["individuals_notified_on", "individuals_count"]},
    )
    return incident


def add_other_notification(
    notification: OtherNotification, *, acting_user: Any
) -> OtherNotification:
    require_assessor(acting_user)
    with transaction.atomic():
        notification.full_clean()
        notification.save()
        record_event(
            acting_user,
            notification.incident,
            "other_body_notified",
            f"Notified {notification}",
            **{REVEALS: ["other_notifications"]},
        )
    return notification


def add_action(action: Action, *, acting_user: Any) -> Action:
    require_assessor(acting_user)
    with transaction.atomic():
        action.full_clean()
        action.save()
        record_event(
            acting_user,
            action.incident,
            "action_added",
            f"Action for {action.owner}, due {action.due_on:%d %B %Y}: {action.description}",
            **{REVEALS: ["actions"]},
        )
    return action


def complete_action(action: Action, *, acting_user: Any, on: date | None = None) -> Action:
    require_assessor(acting_user)
    with transaction.atomic():
        action.done_on = on or timezone.localdate()
        action.save()
        record_event(
            acting_user,
            action.incident,
            "action_done",
            f"Done: {action.description}",
            **{REVEALS: ["actions"]},
        )
    return action


def closure_problems(incident: Incident) -> dict[str, str]:
    """What stops the incident being closed: containment, assessment, decision."""
    problems: dict[str, str] = {}
    if not incident.containment.strip():
        problems["containment"] = "Record what was done to contain the incident."
    if not incident.is_assessed:
        problems["personal_data_breach"] = (
            "Complete the assessment: type, personal data breach or not, likelihood and severity."
        )
    if incident.personal_data_breach and not incident.decision:
        problems["decision"] = "Record the decision to report to the ICO or not."
    if incident.decision == Decision.REPORT and incident.ico_notified_at is None:
        problems["ico_notified_at"] = "Record when the ICO was notified."
    return problems


@business_action(allowed=_assessor, denied=ASSESSOR_ONLY)
def close_incident(incident: Incident, *, acting_user: Any, lessons_learned: str = "") -> Incident:
    """Close the incident: needs containment, assessment and the ICO decision."""
    if lessons_learned:
        incident.lessons_learned = lessons_learned
    problems = closure_problems(incident)
    if problems:
        raise ValidationError(problems)
    incident.status = Status.CLOSED
    incident.closed_at = timezone.now()
    incident.save()
    record_event(acting_user, incident, "closed", f"{incident.reference} closed")
    return incident


def may_comment(user: Any, incident: Incident) -> bool:
    """The division's information officer and the IG team comment on an incident."""
    roles = get_roles(user)
    return (
        roles.is_superuser
        or roles.has(*ASSESSORS)
        or (incident.division_id in roles.divisions(Role.INFORMATION_OFFICER))
    ) and Incident.objects.filter(pk=incident.pk).restrict(user, VIEW).exists()


@business_action(
    allowed=may_comment,
    denied="Only the division's information officer and the IG team comment.",
)
def add_comment(incident: Incident, *, acting_user: Any, body: str) -> Comment:
    """Comment on an incident."""
    if not body.strip():
        raise ValidationError({"body": "Enter a comment."})
    comment = Comment.objects.create(
        incident=incident, author=person_of(acting_user), body=body.strip()
    )
    # The text stays with the comment (readable by its readers only), never in the
    # incident's history, which the reporter sees.
    record_event(
        acting_user,
        incident,
        "commented",
        "Comment added",
        comment=comment.pk,
        **{REVEALS: ["comments"]},
    )
    return comment
