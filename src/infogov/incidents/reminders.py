"""Reminder jobs for incidents: the ICO clock and overdue actions (each sent once)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings

from infogov.core.reminders import queue, reminder_job
from infogov.core.roles import Role
from infogov.incidents.choices import Decision, Status
from infogov.incidents.models import (
    ASSESSORS,
    Action,
    Incident,
    ReportabilityThresholds,
    to_the_minute,
)
from infogov.organisation.models import Person, RoleAssignment

WARNING = timedelta(hours=48)
BREACH_HOURS = 72


def ig_team() -> list[Person]:
    """The IG manager(s) (and DPO) and the caseworkers: who is alerted."""
    roles = [*ASSESSORS, Role.DPO]
    return list(
        Person.objects.filter(
            pk__in=RoleAssignment.objects.current().filter(role__in=roles).values("person_id"),
            is_active=True,
        )
        .exclude(email="")
        .only("id", "email", "first_name")
    )


@reminder_job("incident-ico-deadline")
def ico_deadline_warning(now: datetime) -> int:
    """Alert the IG team once when a reportable breach is 48 hours from its ICO deadline."""
    now = now.astimezone(UTC)  # elapsed-time arithmetic, never wall-clock
    earliest_aware = now - timedelta(hours=BREACH_HOURS) - timedelta(days=30)
    latest_aware = now + WARNING - timedelta(hours=BREACH_HOURS)
    candidates = list(
        Incident.objects.filter(
            aware_at__gte=earliest_aware,
            aware_at__lte=latest_aware,
            personal_data_breach=True,
            ico_notified_at__isnull=True,
            is_near_miss=False,
        )
        .exclude(decision=Decision.NOT_REPORT)
        .exclude(status=Status.CLOSED)
        .select_related("division")
    )
    thresholds = ReportabilityThresholds.current()
    due = [i for i in candidates if thresholds.ico_reportable(i)]
    if not due:
        return 0
    team = ig_team()
    count = 0
    for incident in due:
        deadline = incident.ico_deadline
        if deadline is None:
            continue
        url = settings.SITE_URL + incident.get_absolute_url()
        state = "is overdue" if deadline.astimezone(UTC) <= now else "is due within 48 hours"
        for person in team:
            count += queue(
                f"incident-ico-48h:{incident.pk}:{person.pk}",
                person.email,
                f"{incident.reference}: ICO notification {state}",
                f"Dear {person.first_name},\n\n{incident.reference} ({incident.title}, "
                f"{incident.division}) is a reportable personal data breach. The ICO must be "
                f"notified by {to_the_minute(deadline)}.\n\n{url}\n",
            )
    return count


@reminder_job("incident-action-overdue")
def overdue_actions(now: datetime) -> int:
    """Alert the IG team (and the owner) once when an incident action is overdue."""
    today = now.date()
    actions = list(
        Action.objects.filter(done_on__isnull=True, due_on__lt=today).select_related(
            "incident", "owner"
        )
    )
    if not actions:
        return 0
    team = ig_team()
    count = 0
    for action in actions:
        url = settings.SITE_URL + action.get_absolute_url()
        recipients = {p.pk: p for p in team}
        recipients.setdefault(action.owner.pk, action.owner)
        for person in recipients.values():
            count += queue(
                f"incident-action-overdue:{action.pk}:{person.pk}",
                person.email,
                f"{action.incident.reference}: action overdue",
                f"Dear {person.first_name},\n\nThe action “{action.description}” on "
                f"{action.incident.reference}, owned by {action.owner}, was due on "
                f"{action.due_on:%d %B %Y} and is not done.\n\n{url}\n",
            )
    return count
