"""Retention schedule (SCARRS shape), record holdings, legal holds and disposal.

The Keeper's Model Records Management Plan is tracked by the plans self-assessments
(framework `keeper-model-rmp`), shared with this module."""

from __future__ import annotations

import re
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.models import HistoricalRecords

from infogov.core.models import GovernedModel, RestrictedQuerySet
from infogov.core.permissions import ADD, CHANGE, DELETE, REFERENCE, VIEW, Policy
from infogov.core.roles import READ_EVERYTHING, Role
from infogov.core.validators import TEXT_MAX_LENGTH, happened, planned
from infogov.organisation.models import Division, Person
from infogov.records.choices import (
    DecisionOutcome,
    DestructionMethod,
    DisposalAction,
    HoldingStatus,
)

CODE_PATTERN = r"^\d{1,3}\.\d{3}\.\d{3}$"
CODE_RE = re.compile(CODE_PATTERN)
code_validator = RegexValidator(
    CODE_PATTERN, "Enter a SCARRS code of the form 15.003.009 (function.activity.series)."
)
IO = Role.INFORMATION_OFFICER


class RetentionRule(GovernedModel):
    """One line of the retention schedule, in the SCARRS shape."""

    code = models.CharField(
        max_length=12,
        unique=True,
        validators=[code_validator],
        help_text="Function.activity.series, e.g. 15.003.009.",
    )
    function = models.CharField(max_length=150)
    activity = models.CharField(max_length=150)
    record_series = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    trigger = models.CharField(
        max_length=200,
        help_text='The event that starts the period, e.g. "termination of employment".',
    )
    period_years = models.PositiveSmallIntegerField(
        "Retention period (years)", default=0, validators=[MaxValueValidator(999)]
    )
    period_months = models.PositiveSmallIntegerField(
        "Retention period (months)", default=0, validators=[MaxValueValidator(11)]
    )
    disposal_action = models.CharField(
        max_length=10, choices=DisposalAction.choices, default=DisposalAction.DESTROY
    )
    authority = models.CharField(
        max_length=300, help_text='The statute or regulation, or "Business requirement".'
    )
    is_active = models.BooleanField("In use", default=True)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["code"]
        verbose_name = "retention rule"

    def __str__(self) -> str:
        return f"{self.code} {self.record_series}"

    @property
    def period(self) -> relativedelta:
        return relativedelta(years=self.period_years, months=self.period_months)

    @property
    def period_text(self) -> str:
        parts = []
        if self.period_years:
            parts.append(f"{self.period_years} year{'s' if self.period_years != 1 else ''}")
        if self.period_months:
            parts.append(f"{self.period_months} month{'s' if self.period_months != 1 else ''}")
        return " ".join(parts) or "No retention period (dispose at trigger)"

    def disposal_date(self, trigger_date: date | None) -> date | None:
        if trigger_date is None:
            return None
        return trigger_date + self.period

    def clean(self) -> None:
        if self.code and not CODE_RE.match(self.code):
            raise ValidationError({"code": code_validator.message})


class HoldingQuerySet(RestrictedQuerySet):
    def with_hold_flag(self) -> HoldingQuerySet:
        active = LegalHold.objects.filter(holding=OuterRef("pk"), released_on__isnull=True)
        return self.annotate(on_hold=Exists(active))

    def due(self, on: date) -> list[RecordHolding]:
        """Held records whose disposal date has come (legal holds flagged, not hidden)."""
        candidates = (
            self.filter(status=HoldingStatus.HELD, trigger_date__isnull=False, trigger_date__lte=on)
            .select_related("retention_rule", "division")
            .with_hold_flag()
        )
        result = []
        for holding in candidates:
            due = holding.due_date
            if due is not None and due <= on:
                result.append(holding)
        result.sort(key=lambda h: (h.due_date or on, h.pk))
        return result


class RecordHolding(GovernedModel):
    """Records of one series held by a division, with the date that starts the clock."""

    title = models.CharField(max_length=200)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    retention_rule = models.ForeignKey(
        RetentionRule, on_delete=models.PROTECT, related_name="holdings"
    )
    trigger_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the trigger event happened (e.g. the file "
        "was closed). Blank while the trigger has not happened.",
        validators=[happened],
    )
    reference = models.CharField(max_length=100, blank=True, help_text="File or box reference.")
    location = models.CharField(max_length=200, blank=True, help_text="System, store or room.")
    extent = models.CharField(max_length=100, blank=True, help_text="e.g. 3 boxes, 1,200 files.")
    status = models.CharField(
        max_length=12, choices=HoldingStatus.choices, default=HoldingStatus.HELD, editable=False
    )
    disposed_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()
    objects = HoldingQuerySet.as_manager()  # type: ignore[misc]
    policy = Policy(in_division={VIEW: {IO}, ADD: {IO}, CHANGE: {IO}})

    class Meta:
        ordering = ["division__name", "title"]
        verbose_name = "record holding"

    def __str__(self) -> str:
        return self.title

    @property
    def due_date(self) -> date | None:
        if self.retention_rule_id is None:
            return None
        return self.retention_rule.disposal_date(self.trigger_date)

    def active_holds(self) -> models.QuerySet[LegalHold]:
        return self.legal_holds.filter(released_on__isnull=True)


class LegalHold(GovernedModel):
    """Stops disposal of a holding (litigation, inquiry, request) until released."""

    holding = models.ForeignKey(RecordHolding, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField(
        help_text="Why the records must be kept, e.g. the inquiry or claim.",
        max_length=TEXT_MAX_LENGTH,
    )
    placed_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    placed_on = models.DateField(default=timezone.localdate, validators=[happened])
    review_on = models.DateField(null=True, blank=True, validators=[planned])
    released_on = models.DateField(null=True, blank=True, editable=False)
    released_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    release_reason = models.CharField(max_length=300, blank=True, editable=False)
    history = HistoricalRecords()
    policy = Policy(
        division_path="holding__division",
        in_division={VIEW: {IO}, ADD: {IO}, CHANGE: {IO}},
    )

    class Meta:
        ordering = ["-placed_on", "-pk"]
        verbose_name = "legal hold"

    def __str__(self) -> str:
        return f"Legal hold on {self.holding}"

    @property
    def is_active(self) -> bool:
        return self.released_on is None


class DisposalBatch(GovernedModel):
    """One disposal decision by an authorised person, with its certificate."""

    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(default=timezone.localdate, validators=[happened])
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    method = models.CharField(
        max_length=10, choices=DestructionMethod.choices, default=DestructionMethod.NOT_APPLICABLE
    )
    witness = models.CharField(max_length=150, blank=True)
    notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = Policy(
        council_wide={VIEW: READ_EVERYTHING, ADD: {Role.IG_MANAGER}, CHANGE: (), DELETE: ()},
        in_division={VIEW: {IO}, ADD: {IO}},
    )

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = "disposal batch"
        verbose_name_plural = "disposal batches"

    def __str__(self) -> str:
        return f"{self.certificate_number} ({self.get_outcome_display()})"

    @property
    def certificate_number(self) -> str:
        return f"CD-{self.decided_on:%Y}-{self.pk or 0:05d}"


class DisposalDecision(GovernedModel):
    """One holding's line in a disposal batch: the disposal log."""

    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="decisions")
    holding = models.ForeignKey(
        RecordHolding, on_delete=models.PROTECT, related_name="disposal_decisions"
    )
    retention_code = models.CharField(max_length=12)
    due_date = models.DateField(null=True, blank=True, validators=[planned])
    history = HistoricalRecords()
    policy = Policy(
        division_path="batch__division",
        council_wide={VIEW: READ_EVERYTHING, ADD: (), CHANGE: (), DELETE: ()},
        in_division={VIEW: {IO}},
    )

    class Meta:
        ordering = ["-batch__decided_on", "-pk"]
        verbose_name = "disposal log entry"
        verbose_name_plural = "disposal log"

    def __str__(self) -> str:
        return f"{self.holding} — {self.batch.get_outcome_display()} {self.batch.decided_on}"


__all__ = [
    "DisposalBatch",
    "DisposalDecision",
    "LegalHold",
    "RecordHolding",
    "RetentionRule",
]
