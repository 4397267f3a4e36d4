"""Calendar items for incidents: ICO 72-hour deadlines of live breaches for the people who
handle them (the IG manager and caseworkers, in their scope), and due dates of the incident
actions I own. Titles give the incident reference only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from infogov.core.calendar import (
    CalendarEvent,
    absolute,
    feed_since,
    group_provider,
    person_provider,
)
from infogov.core.permissions import get_roles
from infogov.incidents.choices import Decision, Status
from infogov.incidents.models import ASSESSORS, Action, Incident


def _live_breaches(incidents: Any) -> Iterator[CalendarEvent]:
    candidates = (
        incidents.filter(aware_at__isnull=False, ico_notified_at__isnull=True, is_near_miss=False)
        .exclude(personal_data_breach=False)
        .exclude(decision=Decision.NOT_REPORT)
        .exclude(status=Status.CLOSED)
    )
    for incident in candidates:
        deadline = incident.ico_deadline
        if deadline is None or not incident.clock_running:
            continue
        yield CalendarEvent(
            uid=f"incidents-incident-{incident.pk}-ico",
            title=f"{incident.reference} ICO 72-hour deadline",
            at=deadline,
            url=absolute(incident.get_absolute_url()),
            category="Incidents",
        )


@person_provider("incidents")
def my_incidents(user: Any, today: date) -> Iterator[CalendarEvent]:
    if get_roles(user).has(*ASSESSORS):
        yield from _live_breaches(Incident.objects.restrict(user))
    actions = (
        Action.objects.restrict(user)
        .filter(owner__user=user, done_on__isnull=True, due_on__gte=feed_since(today))
        .select_related("incident")
    )
    for action in actions:
        yield CalendarEvent(
            uid=f"incidents-action-{action.pk}-due",
            title=f"{action.incident.reference} incident action due",
            on=action.due_on,
            url=absolute(action.incident.get_absolute_url()),
            category="Incidents",
        )


@group_provider("incidents")
def img_incidents(today: date) -> Iterator[CalendarEvent]:
    """The IMG sees every live breach's ICO deadline (references only)."""
    yield from _live_breaches(Incident.objects.all())
