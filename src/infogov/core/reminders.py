"""Reminder machinery: jobs queue notifications once; the sender sends each once.

A job is a function `(now) -> int` registered with `@reminder_job`; it calls
`queue()` for every message due, keyed so that a second run queues nothing new.
`send_pending()` claims each notification with a conditional UPDATE before sending,
so several workers (or a crash and a re-run) never send a message twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from infogov.core.models import Notification

Job = Callable[[datetime], int]
JOBS: dict[str, Job] = {}


def reminder_job(name: str) -> Callable[[Job], Job]:
    def register(func: Job) -> Job:
        JOBS[name] = func
        return func

    return register


def discover_jobs() -> dict[str, Job]:
    """Import each InfoGov app's `reminders` module so its jobs register."""
    for config in apps.get_app_configs():
        if config.name.startswith("infogov.") and config.label != "core":
            module = f"{config.name}.reminders"
            if find_spec(module):
                import_module(module)
    return JOBS


def queue(key: str, email: str, subject: str, body: str) -> bool:
    """Queue one message unless a message with this key already exists."""
    if not email:
        return False
    if Notification.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(
                key=key, recipient_email=email, subject=subject[:200], body=body
            )
    except IntegrityError:  # another worker queued it first
        return False
    return True


def handle_one() -> bool:
    """Claim and send one pending notification; False when none is left."""
    while True:
        candidate = (
            Notification.objects.filter(sent_at__isnull=True, claimed_at__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        if candidate is None:
            return False
        now = timezone.now()
        claimed = Notification.objects.filter(
            pk=candidate, sent_at__isnull=True, claimed_at__isnull=True
        ).update(claimed_at=now)
        if claimed:
            break
    notification = Notification.objects.get(pk=candidate)
    try:
        send_mail(
            notification.subject,
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient_email],
        )
    except Exception as exc:  # report and leave it claimed for an administrator to retry
        Notification.objects.filter(pk=candidate).update(error=str(exc)[:500])
        return True
    Notification.objects.filter(pk=candidate).update(sent_at=timezone.now())
    return True


def send_pending() -> int:
    sent = 0
    while handle_one():
        sent += 1
    return sent


def run_jobs(now: datetime | None = None) -> dict[str, int]:
    moment = now or timezone.now()
    return {name: job(moment) for name, job in sorted(discover_jobs().items())}
