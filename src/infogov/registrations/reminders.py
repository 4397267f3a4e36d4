"""Renewal reminders for ICO registrations: 60, 30 and 7 days before expiry, once each."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from infogov.core.reminders import queue, reminder_job
from infogov.core.roles import Role
from infogov.organisation.models import Person, RoleAssignment
from infogov.registrations.choices import REMINDER_DAYS, RegistrationStatus
from infogov.registrations.models import Registration


def reminder_due(days_left: int) -> int | None:
    """The reminder (60, 30 or 7) due with `days_left` days to expiry, if any.

    Only the nearest threshold reached is sent, so a job that missed a day still sends
    the right reminder, and a late first run does not send all three at once.
    """
    if days_left < 0:
        return None
    reached = [d for d in REMINDER_DAYS if days_left <= d]
    return min(reached) if reached else None


def _ig_team_emails() -> list[str]:
    people = RoleAssignment.objects.current().filter(role__in=[Role.IG_MANAGER, Role.DPO])
    return sorted(
        {
            e
            for e in Person.objects.filter(roles__in=people, is_active=True).values_list(
                "email", flat=True
            )
            if e
        }
    )


@reminder_job("ico-registration-renewal")
def registration_renewal(now: datetime) -> int:
    today = timezone.localdate(now)
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    count = 0
    team: list[str] | None = None
    for registration in Registration.objects.filter(
        status=RegistrationStatus.ACTIVE, expires_on__gte=today, expires_on__lte=horizon
    ).select_related("contact"):
        due = reminder_due((registration.expires_on - today).days)
        if due is None:
            continue
        if registration.contact and registration.contact.email:
            recipients = [registration.contact.email]
        else:
            team = team if team is not None else _ig_team_emails()
            recipients = team
        url = settings.SITE_URL + reverse(
            "registrations:registration_detail", args=[registration.pk]
        )
        for email in recipients:
            count += queue(
                f"ico-renewal:{registration.pk}:{registration.expires_on.isoformat()}:{due}:"
                f"{email}",
                email,
                f"ICO registration renewal: {registration.controller_name} expires in "
                f"{(registration.expires_on - today).days} days",
                f"The ICO registration {registration.registration_number} for "
                f"{registration.controller_name} expires on "
                f"{registration.expires_on:%d %B %Y}. The fee is £{registration.fee:,.2f}"
                f"{' by direct debit' if registration.direct_debit else ''}. Please renew it "
                f"and record the new expiry date and payment reference:\n\n{url}\n",
            )
    return count
