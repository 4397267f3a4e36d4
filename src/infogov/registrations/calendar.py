"""Calendar items for ICO registrations: the renewal (expiry) date of each active
registration, for its contact, or for the IG team when it names none."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Q

from infogov.core.calendar import (
    CalendarEvent,
    absolute,
    feed_since,
    group_provider,
    person_provider,
)
from infogov.core.permissions import get_roles
from infogov.core.roles import Role
from infogov.registrations.choices import RegistrationStatus
from infogov.registrations.models import Registration


def _events(registrations: Any) -> Iterator[CalendarEvent]:
    for registration in registrations:
        yield CalendarEvent(
            uid=f"registrations-registration-{registration.pk}-renewal",
            title=f"ICO registration {registration.registration_number} renewal due",
            on=registration.expires_on,
            url=absolute(registration.get_absolute_url()),
            category="ICO registrations",
        )


def _active(today: date) -> Any:
    return Registration.objects.filter(
        status=RegistrationStatus.ACTIVE, expires_on__gte=feed_since(today)
    )


@person_provider("registrations")
def my_renewals(user: Any, today: date) -> Iterator[CalendarEvent]:
    mine = Q(contact__user=user)
    if get_roles(user).has_council_wide(Role.IG_MANAGER):
        mine |= Q(contact__isnull=True)
    yield from _events(_active(today).restrict(user).filter(mine))


@group_provider("registrations")
def img_renewals(today: date) -> Iterator[CalendarEvent]:
    yield from _events(_active(today))
