"""The weekly digest: one e-mail per person per ISO week of what is overdue and due soon.

The content comes from the calendar providers (`infogov.core.calendar`), so the digest lists
exactly what the person's calendar feed shows. Each message is queued in the outbox under
the key `weekly-digest:<user id>:<ISO year>-W<week>`; the key is unique, so a second run in
the same week (or a second scheduler running at the same moment) queues nothing more. A
person who switched the digest off (`DigestPreference`) gets none; nor does a week with
nothing overdue and nothing due.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from infogov.core.calendar import LONDON, CalendarEvent, feed_since, person_events
from infogov.core.models import DigestPreference, Notification
from infogov.core.reminders import queue, reminder_job

DUE_SOON_DAYS = 14


def digest_key(user_id: int, today: date) -> str:
    year, week, _day = today.isocalendar()
    return f"weekly-digest:{user_id}:{year}-W{week:02d}"


def recipient_email(user: Any) -> str:
    person = getattr(user, "person", None)
    return (getattr(person, "email", "") or user.email or "").strip()


def split(
    events: list[CalendarEvent], today: date
) -> tuple[list[CalendarEvent], list[CalendarEvent]]:
    """(overdue, due in the next `DUE_SOON_DAYS` days, today included)."""
    since, until = feed_since(today), today + timedelta(days=DUE_SOON_DAYS)
    overdue = [e for e in events if since <= e.day < today]
    soon = [e for e in events if today <= e.day <= until]
    return overdue, soon


def _lines(events: list[CalendarEvent]) -> list[str]:
    return [f"- {e.day:%a %d %b %Y}: {e.title}" + (f"\n  {e.url}" if e.url else "") for e in events]


def digest_body(overdue: list[CalendarEvent], soon: list[CalendarEvent]) -> str:
    parts: list[str] = []
    if overdue:
        parts += [f"Overdue ({len(overdue)}):", *_lines(overdue), ""]
    if soon:
        parts += [f"Due in the next {DUE_SOON_DAYS} days ({len(soon)}):", *_lines(soon), ""]
    settings_url = settings.SITE_URL + reverse("account_calendar")
    parts += [
        "This digest lists what your InfoGov calendar feed shows.",
        f"To stop these e-mails, untick the weekly digest at {settings_url}",
    ]
    return "\n".join(parts)


@reminder_job("weekly-digest")
def weekly_digest(now: datetime) -> int:
    """Queue this ISO week's digest for every active person who has not switched it off."""
    today = now.astimezone(LONDON).date()
    opted_out = DigestPreference.objects.filter(weekly_digest=False).values("user_id")
    users = get_user_model().objects.filter(is_active=True).exclude(pk__in=opted_out)
    week = digest_key(0, today).rsplit(":", 1)[1]
    sent = set(
        Notification.objects.filter(
            key__startswith="weekly-digest:", key__endswith=f":{week}"
        ).values_list("key", flat=True)
    )
    count = 0
    for user in users.order_by("pk"):
        key = digest_key(user.pk, today)
        if key in sent:
            continue
        email = recipient_email(user)
        if not email:
            continue
        overdue, soon = split(person_events(user, today), today)
        if not overdue and not soon:
            continue
        subject = f"Your InfoGov week: {len(overdue)} overdue, {len(soon)} due soon"
        count += queue(key, email, subject, digest_body(overdue, soon))
    return count
