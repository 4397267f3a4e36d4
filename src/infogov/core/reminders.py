"""Scheduled jobs and the outbox: jobs queue notifications once; the sender sends each once.

A job is a function `(now) -> int` registered by name. A reminder job (`@reminder_job`)
calls `queue()` for every message due, keyed so that a second run queues nothing new, and
returns how many it queued. Other scheduled work (`@scheduled_job`, such as anonymising
closed case files) returns how many things it did. `run_jobs()` runs every job in its own
try, so one failing job never stops the rest.

`send_pending()` claims each notification with a conditional UPDATE before sending, so
several senders (or a crash and a re-run) never send a message twice. A send that fails is
tried again after `INFOGOV_MAIL_RETRY_MINUTES`, doubling each time; after
`INFOGOV_MAIL_RETRY_ATTEMPTS` attempts it is given up (`failed_at`) and shown to the IG
manager, who may queue it again (`retry_failed`). A claim older than
`INFOGOV_MAIL_CLAIM_TIMEOUT_MINUTES` (a sender killed while sending) is released, so no
message is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from infogov.core.models import Notification, record_event
from infogov.core.permissions import get_roles
from infogov.core.roles import Role

logger = logging.getLogger("infogov.jobs")

JobFunction = Callable[[datetime], int]

SENT, RETRY, FAILED = "sent", "retry", "failed"
# However many attempts are configured, a message waits at most a day between two.
MAX_RETRY_DELAY = timedelta(days=1)


@dataclass(frozen=True)
class Job:
    """A registered job: `counts` says what the number it returns counts."""

    name: str
    run: JobFunction
    counts: str
    reminder: bool


JOBS: dict[str, Job] = {}


def _register(name: str, counts: str, *, reminder: bool) -> Callable[[JobFunction], JobFunction]:
    def register(func: JobFunction) -> JobFunction:
        JOBS[name] = Job(name=name, run=func, counts=counts, reminder=reminder)
        return func

    return register


def reminder_job(name: str) -> Callable[[JobFunction], JobFunction]:
    """Register a job that queues messages with `queue()` and returns how many it queued."""
    return _register(name, "queued", reminder=True)


def scheduled_job(name: str, *, counts: str) -> Callable[[JobFunction], JobFunction]:
    """Register scheduled work that is not a reminder; it returns how many `counts` it did."""
    return _register(name, counts, reminder=False)


def discover_jobs() -> dict[str, Job]:
    """Import each InfoGov app's `reminders` module so its jobs register (and core's own
    `imports` job)."""
    import_module("infogov.core.imports")
    for config in apps.get_app_configs():
        if config.name.startswith("infogov.") and config.label != "core":
            module = f"{config.name}.reminders"
            if find_spec(module):
                import_module(module)
    return JOBS


@dataclass(frozen=True)
class JobResult:
    """What one job did in one run; `error` is set when it raised."""

    name: str
    count: int
    counts: str
    reminder: bool
    error: str = ""

    def line(self) -> str:
        if self.error:
            return f"{self.name}: FAILED ({self.error}); the other jobs still ran"
        return f"{self.name}: {self.count} {self.counts}"


def _never() -> bool:
    return False


def run_jobs(
    now: datetime | None = None, *, should_stop: Callable[[], bool] = _never
) -> dict[str, JobResult]:
    """Run every job once, each in its own try; stop between jobs when `should_stop()`."""
    moment = now or timezone.now()
    results: dict[str, JobResult] = {}
    for name, job in sorted(discover_jobs().items()):
        if should_stop():
            logger.info("stop requested: job %s and those after it wait for the next run", name)
            break
        try:
            count = job.run(moment)
        except Exception as exc:  # one failing job never stops the others
            logger.exception("job %s failed", name)
            error = f"{type(exc).__name__}: {exc}"[:300]
            results[name] = JobResult(name, 0, job.counts, job.reminder, error=error)
            continue
        logger.info("job %s: %d %s", name, count, job.counts)
        results[name] = JobResult(name, count, job.counts, job.reminder)
    return results


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


def _due(now: datetime) -> QuerySet[Notification]:
    """Messages waiting to be sent whose next attempt is not in the future, unclaimed."""
    return Notification.objects.filter(
        sent_at__isnull=True, failed_at__isnull=True, claimed_at__isnull=True
    ).filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


def _next_candidate(now: datetime) -> int | None:
    return _due(now).order_by("id").values_list("id", flat=True).first()


def _claim(now: datetime) -> int | None:
    """Claim one due message with a conditional UPDATE: only one sender can win it."""
    while True:
        candidate = _next_candidate(now)
        if candidate is None:
            return None
        claimed = (
            _due(now)
            .filter(pk=candidate)
            .update(claimed_at=timezone.now(), attempts=F("attempts") + 1)
        )
        if claimed:
            return candidate


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: the base delay, doubled each time."""
    minutes = settings.INFOGOV_MAIL_RETRY_MINUTES * 2 ** max(attempts - 1, 0)
    return min(timedelta(minutes=minutes), MAX_RETRY_DELAY)


def _record_failure(notification: Notification, exc: Exception) -> str:
    now = timezone.now()
    error = (str(exc) or type(exc).__name__)[:500]
    attempts = notification.attempts
    pending = Notification.objects.filter(pk=notification.pk, sent_at__isnull=True)
    if attempts >= settings.INFOGOV_MAIL_RETRY_ATTEMPTS:
        pending.update(claimed_at=None, failed_at=now, last_error=error)
        logger.error("e-mail %s given up after %d attempts: %s", notification.pk, attempts, error)
        return FAILED
    pending.update(claimed_at=None, next_attempt_at=now + retry_delay(attempts), last_error=error)
    logger.warning("e-mail %s failed (attempt %d), to retry: %s", notification.pk, attempts, error)
    return RETRY


def handle_one(now: datetime | None = None) -> str | None:
    """Claim and send one due notification: SENT, RETRY or FAILED; None when none is due."""
    pk = _claim(now or timezone.now())
    if pk is None:
        return None
    notification = Notification.objects.get(pk=pk)
    try:
        send_mail(
            notification.subject,
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient_email],
        )
    except Exception as exc:  # the mail server refused or was unreachable: try again later
        return _record_failure(notification, exc)
    Notification.objects.filter(pk=pk).update(sent_at=timezone.now())
    return SENT


def release_stale_claims(now: datetime | None = None) -> tuple[int, int]:
    """Release messages claimed longer ago than the claim timeout (their sender stopped).

    Returns (released to be sent again, given up because they had no attempts left).
    """
    moment = now or timezone.now()
    timeout = settings.INFOGOV_MAIL_CLAIM_TIMEOUT_MINUTES
    stale = Notification.objects.filter(
        sent_at__isnull=True,
        failed_at__isnull=True,
        claimed_at__lt=moment - timedelta(minutes=timeout),
    )
    note = f"The sender stopped while sending; the claim was released after {timeout} minutes."
    limit = settings.INFOGOV_MAIL_RETRY_ATTEMPTS
    given_up = stale.filter(attempts__gte=limit).update(
        claimed_at=None, failed_at=moment, last_error=note
    )
    released = stale.filter(attempts__lt=limit).update(
        claimed_at=None, next_attempt_at=None, last_error=note
    )
    if released or given_up:
        logger.warning("released %d stale claims, gave up %d", released, given_up)
    return released, given_up


@dataclass
class SendResult:
    """What one sending pass did."""

    sent: int = 0
    retry: int = 0
    failed: int = 0
    released: int = 0

    def line(self) -> str:
        return f"sent {self.sent}, will retry {self.retry}, failed (given up) {self.failed}"


def send_pending(
    now: datetime | None = None, *, should_stop: Callable[[], bool] = _never
) -> SendResult:
    """Release stale claims, then send every due message; stop between messages on request."""
    result = SendResult()
    result.released, result.failed = release_stale_claims(now)
    while not should_stop():
        outcome = handle_one(now)
        if outcome is None:
            break
        if outcome == SENT:
            result.sent += 1
        elif outcome == RETRY:
            result.retry += 1
        else:
            result.failed += 1
    return result


def failed_notifications() -> QuerySet[Notification]:
    """Messages given up after every attempt failed, newest first."""
    return Notification.objects.filter(sent_at__isnull=True, failed_at__isnull=False).order_by(
        "-failed_at", "-id"
    )


def waiting_to_retry() -> QuerySet[Notification]:
    """Messages that failed at least once and will be tried again."""
    return Notification.objects.filter(
        sent_at__isnull=True, failed_at__isnull=True, attempts__gt=0
    ).exclude(last_error="")


def retry_failed(*, acting_user: Any, pk: int | None = None) -> int:
    """Queue a failed message (or, without `pk`, every failed message) to be sent again.

    Each starts again with the full number of attempts; the scheduler sends it on its
    next run. One audit event per message.
    """
    if not get_roles(acting_user).has(Role.IG_MANAGER):
        raise PermissionDenied("Only the IG manager retries failed e-mail.")
    with transaction.atomic():
        failed = failed_notifications().select_for_update()
        if pk is not None:
            failed = failed.filter(pk=pk)
        notifications = list(failed)
        if pk is not None and not notifications:
            raise ValidationError("This message has not failed: it was sent or is queued already.")
        for notification in notifications:
            record_event(
                acting_user,
                notification,
                "notification_retried",
                f"Failed e-mail queued again after {notification.attempts} attempts: "
                f"{notification.subject}",
                attempts=notification.attempts,
                last_error=notification.last_error,
            )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            failed_at=None, attempts=0, next_attempt_at=None, claimed_at=None
        )
    return len(notifications)
