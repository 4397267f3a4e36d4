"""Incidents and near misses, breach assessment, the ICO clock and actions (PRODUCT §2.4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max
from django.utils import timezone
from simple_history.models import HistoricalRecords

from infogov.clocks import LONDON, breach_deadline, format_datetime
from infogov.core.history import GroupedHistoricalRecords
from infogov.core.models import GovernedModel
from infogov.core.permissions import ADD, CHANGE, DELETE, REFERENCE, VIEW, FieldRule, Policy
from infogov.core.roles import READ_EVERYTHING, Role
from infogov.core.validators import TEXT_MAX_LENGTH, happened, planned
from infogov.incidents.choices import (
    Decision,
    IcoCategory,
    IncidentType,
    NotificationMethod,
    OtherBody,
    Status,
)
from infogov.organisation.models import Division, Person

# Who assesses incidents: the IG manager and caseworkers (PRODUCT §2.4).
ASSESSORS = frozenset({Role.IG_MANAGER, Role.CASEWORKER})
# Who reads every incident: the IG team and the auditor (read-only).
INCIDENT_READERS = READ_EVERYTHING | {Role.CASEWORKER}

# Fields only assessors may set (anyone else gets 403 from the API, a disabled form field).
ASSESSMENT_FIELDS = (
    "status",
    "incident_type",
    "cause",
    "personal_data_breach",
    "aware_at",
    "likelihood",
    "severity",
    "special_category",
    "vulnerable_people",
    "data_categories",
    "subject_categories",
    "assessment_notes",
    "decision",
    "decision_reasons",
    "ico_notified_at",
    "ico_reference",
    "ico_followups",
    "late_reasons",
    "individuals_notified_on",
    "individuals_method",
    "individuals_count",
    "lessons_learned",
    "related_risks",
    "related_assets",
)

# What the IG team found, which the reporter does not see (the page, the API, exports,
# history): the assessment, the decision, the ICO clock and the incident's work.
ASSESSMENT_READ = FieldRule(
    (
        *(name for name in ASSESSMENT_FIELDS if name != "status"),
        "assessed_at",
        "breach_marked_at",
        "decision_at",
        "ico_type",
        "ico_category",
        "reported_to_ico",
        "ico_deadline",
        "ico_reportable",
        "individuals_to_be_told",
        "countdown",
        "other_notifications",
        "actions",
        "comments",
    ),
    council_wide=INCIDENT_READERS,
    in_division={Role.INFORMATION_OFFICER},
)


def _scale(label: str) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    message = f"{label} must be a whole number from 1 to 5."
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message), MaxValueValidator(5, message)],
        help_text="1 (very low) to 5 (very high).",
    )


class IcoIncidentType(GovernedModel):
    """One of the ICO's 23 data security incident types (shipped in `data/`, not edited)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    category = models.CharField(max_length=20, choices=IcoCategory.choices)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(default=0, editable=False)
    history = HistoricalRecords()
    # Everyone signed in reads it; nobody edits it by hand: `infogov load_ico_incident_types`
    # loads the ICO's published list.
    policy = Policy(
        division_path=None, signed_in_view=True, council_wide={ADD: (), CHANGE: (), DELETE: ()}
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "ICO incident type"
        verbose_name_plural = "ICO incident types"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_category_display().lower()})"


class Cause(GovernedModel):
    """A managed list of causes: the ICO's incident types and the council's own, each of
    the council's own mapped to the ICO type it is counted under."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    ico_type = models.ForeignKey(
        IcoIncidentType,
        on_delete=models.PROTECT,
        related_name="causes",
        verbose_name="ICO incident type",
        help_text="The ICO's incident type this cause is counted under in its trend data.",
    )
    is_active = models.BooleanField("Active", default=True)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DataCategory(GovernedModel):
    """Categories of personal data, as listed on the ICO breach report form."""

    name = models.CharField(max_length=120, unique=True)
    is_special_category = models.BooleanField(
        "Special category or criminal offence data", default=False
    )
    is_active = models.BooleanField("Active", default=True)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["name"]
        verbose_name = "data category"
        verbose_name_plural = "data categories"

    def __str__(self) -> str:
        return self.name


class SubjectCategory(GovernedModel):
    """Categories of people affected, as listed on the ICO breach report form."""

    name = models.CharField(max_length=120, unique=True)
    is_vulnerable = models.BooleanField("Vulnerable people", default=False)
    is_active = models.BooleanField("Active", default=True)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["name"]
        verbose_name = "category of people"
        verbose_name_plural = "categories of people"

    def __str__(self) -> str:
        return self.name


class ReportabilityThresholds(GovernedModel):
    """When a personal data breach is reported to the ICO and when individuals are told.

    One row (a singleton), configurable by the IG manager.
    """

    ico_likelihood = models.PositiveSmallIntegerField(
        "ICO: likelihood at least",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    ico_severity = models.PositiveSmallIntegerField(
        "ICO: severity at least",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    individuals_likelihood = models.PositiveSmallIntegerField(
        "Individuals: likelihood at least",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    individuals_severity = models.PositiveSmallIntegerField(
        "Individuals: severity at least",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    history = HistoricalRecords()
    policy = Policy(
        division_path=None,
        council_wide={VIEW: INCIDENT_READERS, ADD: (), CHANGE: {Role.IG_MANAGER}, DELETE: ()},
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "reportability thresholds"
        verbose_name_plural = "reportability thresholds"

    def __str__(self) -> str:
        return "Reportability thresholds"

    @classmethod
    def current(cls) -> ReportabilityThresholds:
        """The thresholds in force (the defaults until the IG manager changes them)."""
        found = cls.objects.order_by("pk").first()
        if found is None:
            found = cls.objects.create()
        return found

    def ico_reportable(self, incident: Incident) -> bool:
        return bool(
            incident.personal_data_breach
            and incident.likelihood is not None
            and incident.severity is not None
            and incident.likelihood >= self.ico_likelihood
            and incident.severity >= self.ico_severity
        )

    def individuals_to_be_told(self, incident: Incident) -> bool:
        return bool(
            incident.personal_data_breach
            and incident.likelihood is not None
            and incident.severity is not None
            and incident.likelihood >= self.individuals_likelihood
            and incident.severity >= self.individuals_severity
        )


def to_the_minute(moment: datetime) -> str:
    """``Monday 30 March 2026 at 11:00 BST``: Europe/London time, to the minute."""
    return format_datetime(moment.replace(second=0, microsecond=0))


def countdown_text(deadline: datetime, now: datetime) -> str:
    """'31 h 20 min left' or 'overdue by 2 h' (whole minutes)."""
    seconds = (deadline.astimezone(UTC) - now.astimezone(UTC)).total_seconds()
    minutes = int(abs(seconds) // 60)
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if mins or not hours:
        parts.append(f"{mins} min")
    text = " ".join(parts)
    return f"{text} left" if seconds >= 0 else f"overdue by {text}"


class Incident(GovernedModel):
    """An information security incident or near miss, reported by anyone signed in."""

    reference = models.CharField(max_length=20, unique=True, editable=False, blank=True)
    ref_year = models.PositiveSmallIntegerField(editable=False, null=True)
    ref_number = models.PositiveIntegerField(editable=False, null=True)
    division = models.ForeignKey(
        Division,
        on_delete=models.PROTECT,
        related_name="incidents",
        help_text="The division whose information was involved.",
    )
    title = models.CharField(
        "Short summary", max_length=200, help_text="For example, “Letter sent to wrong address”."
    )
    description = models.TextField(
        "What happened",
        help_text="Describe what happened in plain words. Do not include "
        "more personal details than you need to.",
        max_length=TEXT_MAX_LENGTH,
    )
    occurred_at = models.DateTimeField("When it happened", validators=[happened])
    discovered_at = models.DateTimeField("When it was discovered", validators=[happened])
    is_near_miss = models.BooleanField(
        "This was a near miss",
        default=False,
        help_text="Nothing was actually lost or disclosed, but it could have been.",
    )
    data_involved = models.TextField(
        "Kind of information involved",
        blank=True,
        help_text="For example, names and addresses, health records, bank details.",
        max_length=TEXT_MAX_LENGTH,
    )
    people_affected = models.PositiveIntegerField(
        "Roughly how many people",
        null=True,
        blank=True,
        help_text="An estimate is fine.",
    )
    containment = models.TextField(
        "What has been done to contain it",
        blank=True,
        help_text="For example, asked the recipient to delete the e-mail.",
        max_length=TEXT_MAX_LENGTH,
    )
    reported_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_incidents",
        editable=False,
    )
    reported_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REPORTED)

    # Triage and assessment (IG manager and caseworkers)
    incident_type = models.CharField(
        "Type", max_length=20, choices=IncidentType.choices, blank=True
    )
    cause = models.ForeignKey(
        Cause, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    personal_data_breach = models.BooleanField(
        "Personal data breach",
        null=True,
        blank=True,
        help_text="Empty until assessed.",
    )
    aware_at = models.DateTimeField(
        "Council became aware",
        null=True,
        blank=True,
        help_text="The moment the council became aware of the breach: the 72-hour ICO clock "
        "starts here.",
        validators=[happened],
    )
    breach_marked_at = models.DateTimeField(
        "Marked a personal data breach", null=True, blank=True, editable=False
    )
    likelihood = _scale("Likelihood of harm")
    severity = _scale("Severity of harm")
    special_category = models.BooleanField("Special category data involved", default=False)
    vulnerable_people = models.BooleanField("Vulnerable people involved", default=False)
    data_categories = models.ManyToManyField(
        DataCategory, blank=True, related_name="incidents", verbose_name="categories of data"
    )
    subject_categories = models.ManyToManyField(
        SubjectCategory,
        blank=True,
        related_name="incidents",
        verbose_name="categories of people affected",
    )
    assessment_notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    assessed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Decision and notifications
    decision = models.CharField("ICO decision", max_length=20, choices=Decision.choices, blank=True)
    decision_at = models.DateTimeField("Decided", null=True, blank=True, editable=False)
    decision_reasons = models.TextField(
        "Reasons for the decision", blank=True, max_length=TEXT_MAX_LENGTH
    )
    ico_notified_at = models.DateTimeField(
        "ICO notified", null=True, blank=True, validators=[happened]
    )
    ico_reference = models.CharField("ICO reference", max_length=60, blank=True)
    ico_followups = models.TextField("ICO follow-ups", blank=True, max_length=TEXT_MAX_LENGTH)
    late_reasons = models.TextField(
        "Reasons for delay",
        blank=True,
        help_text="Required when the ICO is notified after the 72-hour deadline.",
        max_length=TEXT_MAX_LENGTH,
    )
    individuals_notified_on = models.DateField(
        "Individuals told on", null=True, blank=True, validators=[happened]
    )
    individuals_method = models.CharField(
        "How individuals were told",
        max_length=20,
        choices=NotificationMethod.choices,
        blank=True,
    )
    individuals_count = models.PositiveIntegerField(
        "Number of individuals told", null=True, blank=True
    )
    lessons_learned = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Links to the risk register and the information asset register (actions and lessons)
    related_risks = models.ManyToManyField(
        "risks.Risk", blank=True, related_name="incidents", verbose_name="Related risks"
    )
    related_assets = models.ManyToManyField(
        "assets.InformationAsset",
        blank=True,
        related_name="incidents",
        verbose_name="Information assets involved",
    )

    # Changes to the lists (categories, linked risks and assets) show on the History tab.
    history = GroupedHistoricalRecords(excluded_fields=["ref_year", "ref_number"])
    policy = Policy(
        council_wide={
            VIEW: INCIDENT_READERS,
            ADD: ASSESSORS,
            CHANGE: ASSESSORS,
            DELETE: {Role.IG_MANAGER},
        },
        in_division={VIEW: {Role.INFORMATION_OFFICER}},
        own_path="reported_by",
        own_actions={VIEW},
        signed_in_add=True,
        field_roles={name: ASSESSORS for name in ASSESSMENT_FIELDS},
        field_rules=[ASSESSMENT_READ],
    )

    class Meta:
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["ref_year", "ref_number"], name="incident_ref_unique")
        ]
        indexes = [
            models.Index(fields=["division", "reported_at"]),
            models.Index(fields=["status", "aware_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}" if self.reference else self.title

    # --- the reference ---
    def assign_reference(self) -> None:
        """`INC-2026-0042`: numbered per year of reporting (Europe/London)."""
        if self.reference:
            return
        year = (self.reported_at or timezone.now()).astimezone(LONDON).year
        last = Incident.objects.filter(ref_year=year).aggregate(n=Max("ref_number"))["n"] or 0
        self.ref_year, self.ref_number = year, last + 1
        self.reference = f"INC-{year}-{self.ref_number:04d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.assign_reference()
        super().save(*args, **kwargs)

    # --- the ICO clock ---
    @property
    def ico_deadline(self) -> datetime | None:
        """72 elapsed hours after the council became aware, in Europe/London time."""
        return breach_deadline(self.aware_at) if self.aware_at else None

    @property
    def clock_running(self) -> bool:
        """The ICO deadline still matters: not notified, not decided against, not ruled out."""
        return bool(
            self.aware_at
            and self.personal_data_breach is not False
            and not self.is_near_miss
            and self.ico_notified_at is None
            and self.decision != Decision.NOT_REPORT
            and self.status != Status.CLOSED
        )

    def countdown(self, now: datetime | None = None) -> str:
        deadline = self.ico_deadline
        if deadline is None or not self.clock_running:
            return ""
        return countdown_text(deadline, now or timezone.now())

    @property
    def notified_late(self) -> bool:
        deadline = self.ico_deadline
        return bool(
            deadline
            and self.ico_notified_at
            and self.ico_notified_at.astimezone(UTC) > deadline.astimezone(UTC)
        )

    def reportability(self, thresholds: ReportabilityThresholds | None = None) -> tuple[bool, bool]:
        t = thresholds or ReportabilityThresholds.current()
        return t.ico_reportable(self), t.individuals_to_be_told(self)

    @property
    def ico_reportable(self) -> bool:
        return self.reportability()[0]

    @property
    def individuals_to_be_told(self) -> bool:
        return self.reportability()[1]

    @property
    def is_assessed(self) -> bool:
        return bool(
            self.personal_data_breach is not None
            and self.likelihood is not None
            and self.severity is not None
            and self.incident_type
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.occurred_at and self.discovered_at and self.discovered_at < self.occurred_at:
            errors["discovered_at"] = (
                "The time it was discovered must be the same as or after the time it happened."
            )
        if self.discovered_at and self.aware_at and self.aware_at < self.discovered_at:
            errors["aware_at"] = (
                "The time the council became aware must be the same as or after the time it "
                "was discovered."
            )
        if self.breach_marked_at and self.aware_at and self.aware_at > self.breach_marked_at:
            errors["aware_at"] = (
                "The council was aware at the latest when it was marked a personal data breach, "
                f"{to_the_minute(self.breach_marked_at)}: enter that time or an earlier one."
            )
        if self.ico_notified_at and self.aware_at and self.ico_notified_at < self.aware_at:
            errors["ico_notified_at"] = (
                "The ICO cannot have been notified before the council became aware."
            )
        if self.notified_late and not (self.late_reasons or "").strip():
            errors["late_reasons"] = (
                "The ICO was notified after the 72-hour deadline: give the reasons for the delay."
            )
        if self.decision == Decision.NOT_REPORT and not (self.decision_reasons or "").strip():
            errors["decision_reasons"] = "Give the reasons for deciding not to report."
        if self.individuals_notified_on and not self.individuals_method:
            errors["individuals_method"] = "Say how the individuals were told."
        if errors:
            raise ValidationError(errors)


class OtherNotification(GovernedModel):
    """A notification to another body (Police Scotland, the Cyber Resilience Unit, …)."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="other_notifications"
    )
    body = models.CharField(max_length=40, choices=OtherBody.choices)
    body_name = models.CharField(
        "Name of the body",
        max_length=200,
        blank=True,
        help_text="Required for a data controller or another body.",
    )
    notified_at = models.DateTimeField("Notified", validators=[happened])
    reference = models.CharField("Their reference", max_length=100, blank=True)
    notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = Policy(
        division_path="incident__division",
        council_wide={VIEW: INCIDENT_READERS, ADD: ASSESSORS, CHANGE: ASSESSORS, DELETE: ASSESSORS},
        in_division={VIEW: {Role.INFORMATION_OFFICER}},
    )

    class Meta:
        ordering = ["notified_at", "id"]
        verbose_name = "notification to another body"
        verbose_name_plural = "notifications to other bodies"

    def __str__(self) -> str:
        return f"{self.get_body_display()}{f' ({self.body_name})' if self.body_name else ''}"

    def clean(self) -> None:
        if self.body in {OtherBody.CONTROLLER, OtherBody.OTHER} and not self.body_name.strip():
            raise ValidationError({"body_name": "Name the body that was notified."})


class Action(GovernedModel):
    """An action arising from an incident, with an owner and a due date."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("Action", max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="incident_actions")
    due_on = models.DateField("Due", validators=[planned])
    done_on = models.DateField("Done", null=True, blank=True, validators=[happened])
    notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = Policy(
        division_path="incident__division",
        council_wide={VIEW: INCIDENT_READERS, ADD: ASSESSORS, CHANGE: ASSESSORS, DELETE: ASSESSORS},
        in_division={VIEW: {Role.INFORMATION_OFFICER}},
        own_path="owner",
        own_actions={VIEW},
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "incident action"

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


class Comment(GovernedModel):
    """A comment on an incident by the division's information officer or the IG team."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField("Comment", max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = Policy(
        division_path="incident__division",
        council_wide={VIEW: INCIDENT_READERS, ADD: ASSESSORS, CHANGE: (), DELETE: ()},
        in_division={VIEW: {Role.INFORMATION_OFFICER}, ADD: {Role.INFORMATION_OFFICER}},
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.incident.reference}"


def median_hours(deltas: list[timedelta]) -> float | None:
    if not deltas:
        return None
    ordered = sorted(d.total_seconds() / 3600 for d in deltas)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


__all__ = [
    "ASSESSMENT_FIELDS",
    "ASSESSORS",
    "Action",
    "Cause",
    "Comment",
    "DataCategory",
    "IcoIncidentType",
    "Incident",
    "OtherNotification",
    "ReportabilityThresholds",
    "SubjectCategory",
    "countdown_text",
]
