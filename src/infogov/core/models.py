"""Base models and shared records: governed models, audit events, notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from infogov.core.permissions import VIEW, Policy

if TYPE_CHECKING:
    from collections.abc import Iterable


class RestrictedQuerySet(models.QuerySet[Any]):
    """A queryset that knows its model's access policy."""

    def restrict(self, user: Any, action: str = VIEW) -> Self:
        q = self.model.policy.q(user, action)
        if q is None:
            return self.none()
        return self.filter(q) if q else self


class GovernedModel(models.Model):
    """Base for every governed record: timestamps, scope-aware manager, URLs."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    objects = RestrictedQuerySet.as_manager()
    policy: ClassVar[Policy] = Policy()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(self.url_name("detail"), args=[self.pk])

    def url_name(self, view: str) -> str:
        return f"{self._meta.app_label}:{self._meta.model_name}_{view}"


class AuditEvent(models.Model):
    """A business event (an acknowledgement, a role granted, a disposal).

    Field-level changes are kept by django-simple-history; this records what the
    action meant, written by the service function inside its transaction.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=60)
    summary = models.CharField(max_length=500)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb}: {self.summary}"


def record_event(actor: Any, obj: models.Model, verb: str, summary: str, **data: Any) -> AuditEvent:
    """Record a business event against `obj` (call inside the action's transaction)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        verb=verb,
        summary=summary[:500],
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        data=data,
    )


def events_for(obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor")


class Notification(models.Model):
    """One message to one person, sent once.

    Jobs create notifications with a unique `key` (so running a job twice creates
    nothing new); the sender claims each with a conditional UPDATE before sending,
    so two concurrent senders never send the same one. A send that fails is tried
    again later (`next_attempt_at`, doubling each time) until `attempts` reaches
    `INFOGOV_MAIL_RETRY_ATTEMPTS`; then `failed_at` is set and the IG manager sees it.
    """

    key = models.CharField(max_length=200, unique=True)
    recipient_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.recipient_email}: {self.subject}"


class DemoState(models.Model):
    """Which demo modules are loaded and the date the demo was first loaded."""

    module = models.CharField(max_length=60, unique=True)
    loaded_at = models.DateTimeField()
    anchor_date = models.DateField()

    def __str__(self) -> str:
        return f"{self.module} ({self.anchor_date})"


class ApiToken(models.Model):
    """A key for the REST API, kept only as its SHA-256 digest (see `infogov.core.tokens`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=8, editable=False, help_text="The key's first characters, to tell keys apart."
    )
    verified = models.BooleanField(
        default=False, help_text="Issued after a code from the person's authenticator app."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_from = models.CharField(max_length=45, blank=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


def bulk_with_history(model: type[models.Model], objs: Iterable[models.Model]) -> list[Any]:
    """Insert many rows and their creation history in a few queries."""
    from simple_history.utils import bulk_create_with_history

    return bulk_create_with_history(list(objs), model, batch_size=500)


class ImportJob(models.Model):
    """One spreadsheet import of a register, run by the `imports` job (`core/imports.py`).

    An upload is checked first (`confirmed` false: the plan is kept as the preview); the
    person confirms it and it is queued again to be written. Both passes are claimed with a
    conditional UPDATE; a pass left running by a stopped worker goes back to the queue.
    The file is kept only until the import is written or has failed.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        CHECKED = "checked", "Checked: waiting for confirmation"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed: nothing changed"

    kind = models.CharField(max_length=30)
    filename = models.CharField(max_length=200)
    data = models.BinaryField(null=True, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # The first rows to add and to change: [[row, label], …] and [[row, label, [headings]], …].
    preview = models.JSONField(default=dict, blank=True)
    # Every problem: [[row, heading or null, message], …]; any problem means nothing changed.
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "id"], name="import_job_state")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("import_job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in {self.State.CHECKED, self.State.DONE, self.State.FAILED}


class CalendarFeed(models.Model):
    """A private calendar feed address, kept only as its key's SHA-256 digest.

    A person's own feed has `user` and no `group`; the IMG's group feed has `group="img"`
    and is managed by the IG manager. At most one feed per person and one per group:
    regenerating replaces the key (the old address stops working), revoking deletes it.
    """

    GROUP_IMG = "img"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    group = models.CharField(max_length=20, blank=True, choices=[("img", "IMG")])
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(group=""), name="one_calendar_feed_per_person"
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=~models.Q(group=""),
                name="one_calendar_feed_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.group or self.user})"


class DigestPreference(models.Model):
    """A person's choice about the weekly e-mail digest; no row means they receive it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    weekly_digest = models.BooleanField(
        "Send me the weekly digest",
        default=True,
        help_text="A Monday e-mail of what is due in the next fortnight and what is overdue.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {'digest' if self.weekly_digest else 'no digest'}"
