"""The risk register: risks under five headings, controls, reviews, bands, escalations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from infogov.core.models import GovernedModel, RestrictedQuerySet
from infogov.core.permissions import ADD, CHANGE, REFERENCE, VIEW, Policy
from infogov.core.roles import Role
from infogov.core.validators import TEXT_MAX_LENGTH, happened, planned
from infogov.organisation.models import Division, Person
from infogov.risks.choices import (
    POSSIBLE_SCORES,
    BandColour,
    Effectiveness,
    EscalationStatus,
    Heading,
    RiskStatus,
)

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


def validate_possible_score(value: int | None) -> None:
    if value is not None and value not in POSSIBLE_SCORES:
        raise ValidationError(
            "Enter a score that likelihood \u00d7 impact can give: "
            + ", ".join(str(s) for s in sorted(POSSIBLE_SCORES))
            + "."
        )


@dataclass(frozen=True)
class Band:
    """A band of scores, from `min_score` to `max_score` inclusive."""

    name: str
    min_score: int
    max_score: int
    colour: str

    @property
    def range_label(self) -> str:
        """The possible scores in the band, e.g. "5 to 10" (11 is not a possible score)."""
        scores = [s for s in sorted(POSSIBLE_SCORES) if self.min_score <= s <= self.max_score]
        if not scores:
            return "none"
        return f"{scores[0]}\u2013{scores[-1]}" if len(scores) > 1 else str(scores[0])


# PRODUCT §2.6: default Low 1-4, Medium 5-10, High 12-16, Very high 20-25.
DEFAULT_BANDS = (
    Band("Low", 1, 4, BandColour.GREEN),
    Band("Medium", 5, 11, BandColour.YELLOW),
    Band("High", 12, 19, BandColour.ORANGE),
    Band("Very high", 20, 25, BandColour.RED),
)


class RiskBand(GovernedModel):
    """A band threshold: scores from `min_score` up to the next band's threshold.

    Stored as thresholds, so the bands always cover 1-25 without gaps or overlaps: the
    lowest band must start at 1 and each band ends where the next one begins.
    """

    name = models.CharField(max_length=40, unique=True)
    min_score = models.PositiveSmallIntegerField(
        "Lowest score",
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="Scores from this value up to the next band's lowest score fall in this band.",
    )
    colour = models.CharField(max_length=10, choices=BandColour.choices)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["min_score"]
        verbose_name = "risk band"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        others = RiskBand.objects.exclude(pk=self.pk)
        if self.min_score is not None and others.filter(min_score=self.min_score).exists():
            raise ValidationError({"min_score": "Another band already starts at this score."})
        if self.min_score is not None and self.min_score != 1:
            starts_at_one = others.filter(min_score=1).exists()
            if not starts_at_one:
                raise ValidationError(
                    {
                        "min_score": "The lowest band must start at 1 so that every score "
                        "from 1 to 25 falls in a band."
                    }
                )


def current_bands() -> list[Band]:
    """The configured bands (one query), or the defaults when none are configured."""
    rows = list(RiskBand.objects.order_by("min_score").values_list("name", "min_score", "colour"))
    if not rows:
        return list(DEFAULT_BANDS)
    bands = []
    for index, (name, low, colour) in enumerate(rows):
        high = rows[index + 1][1] - 1 if index + 1 < len(rows) else 25
        bands.append(Band(name, low, high, colour))
    return bands


def band_for(score: int | None, bands: list[Band] | None = None) -> Band | None:
    """The band a score falls in (the highest threshold at or below it)."""
    if score is None:
        return None
    found = None
    for band in bands if bands is not None else current_bands():
        if band.min_score <= score:
            found = band
    return found


def band_case(field: str, bands: list[Band]) -> Case:
    """An SQL expression naming the band of `field`, for annotation and sorting."""
    whens = [
        When(**{f"{field}__gte": band.min_score}, then=Value(band.name))
        for band in sorted(bands, key=lambda b: -b.min_score)
    ]
    return Case(*whens, default=Value(""), output_field=models.CharField())


class RiskQuerySet(RestrictedQuerySet):
    def with_bands(self, bands: list[Band] | None = None) -> RiskQuerySet:
        bands = bands if bands is not None else current_bands()
        return self.annotate(
            residual_band_name=band_case("residual_score", bands),
            inherent_band_name=band_case("inherent_score", bands),
        )


RISK_POLICY = Policy(
    in_division={
        VIEW: {Role.INFORMATION_OFFICER},
        ADD: {Role.INFORMATION_OFFICER},
        CHANGE: {Role.INFORMATION_OFFICER},
    },
    own_path="owner",
    own_actions={VIEW},
)


class Risk(GovernedModel):
    """A risk under one of the five headings, scored before and after controls."""

    reference = models.CharField(max_length=20, blank=True, db_index=True)
    title = models.CharField(max_length=200)
    heading = models.CharField(max_length=20, choices=Heading.choices)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="risks")
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_risks",
        help_text="Left empty, the risk is owned by the person who records it.",
    )
    cause = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    consequence = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    inherent_likelihood = models.PositiveSmallIntegerField(
        validators=ONE_TO_FIVE, help_text="1 (rare) to 5 (almost certain), before controls."
    )
    inherent_impact = models.PositiveSmallIntegerField(
        validators=ONE_TO_FIVE, help_text="1 (negligible) to 5 (severe), before controls."
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=ONE_TO_FIVE,
        help_text="1 to 5, with the controls in place. Left empty, the inherent value.",
    )
    residual_impact = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=ONE_TO_FIVE,
        help_text="1 to 5, with the controls in place. Left empty, the inherent value.",
    )
    inherent_score = models.PositiveSmallIntegerField(editable=False, default=1)
    residual_score = models.PositiveSmallIntegerField(editable=False, default=1, db_index=True)
    target_score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[validate_possible_score],
        help_text="The residual score the council aims for (likelihood \u00d7 impact).",
    )
    review_date = models.DateField("Next review", null=True, blank=True, validators=[planned])
    last_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    history = HistoricalRecords()
    objects = RiskQuerySet.as_manager()  # type: ignore[misc]
    policy = RISK_POLICY

    class Meta:
        ordering = ["-residual_score", "title"]
        indexes = [models.Index(fields=["division", "heading"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}" if self.reference else self.title

    def compute_scores(self) -> None:
        if self.residual_likelihood is None:
            self.residual_likelihood = self.inherent_likelihood
        if self.residual_impact is None:
            self.residual_impact = self.inherent_impact
        if self.inherent_likelihood and self.inherent_impact:
            self.inherent_score = self.inherent_likelihood * self.inherent_impact
        if self.residual_likelihood and self.residual_impact:
            self.residual_score = self.residual_likelihood * self.residual_impact

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.compute_scores()
        super().save(*args, **kwargs)
        # Bands annotated by the queryset are stale once the scores change.
        self.__dict__.pop("residual_band_name", None)
        self.__dict__.pop("inherent_band_name", None)
        if not self.reference:
            self.reference = f"R{self.pk:03d}"
            type(self).objects.filter(pk=self.pk).update(reference=self.reference)

    def clean(self) -> None:
        if self.owner_id and not Person.objects.filter(pk=self.owner_id, is_active=True).exists():
            raise ValidationError({"owner": "Choose an active person as the owner."})

    @property
    def residual_band(self) -> str:
        annotated = getattr(self, "residual_band_name", None)
        if annotated is not None:
            return str(annotated)
        self.compute_scores()
        band = band_for(self.residual_score)
        return band.name if band else ""

    @property
    def inherent_band(self) -> str:
        annotated = getattr(self, "inherent_band_name", None)
        if annotated is not None:
            return str(annotated)
        self.compute_scores()
        band = band_for(self.inherent_score)
        return band.name if band else ""

    @property
    def is_review_overdue(self) -> bool:
        return bool(self.review_date and self.review_date < timezone.localdate())


CHILD_POLICY = Policy(
    division_path="risk__division",
    in_division={
        VIEW: {Role.INFORMATION_OFFICER},
        ADD: {Role.INFORMATION_OFFICER},
        CHANGE: {Role.INFORMATION_OFFICER},
    },
    own_path="risk__owner",
    own_actions={VIEW},
)


class Control(GovernedModel):
    """Something in place that reduces a risk, and how well it works."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    description = models.CharField(max_length=300)
    effectiveness = models.CharField(
        max_length=20, choices=Effectiveness.choices, default=Effectiveness.NOT_TESTED
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="risk_controls"
    )
    history = HistoricalRecords()
    policy = CHILD_POLICY

    class Meta:
        ordering = ["risk", "id"]

    def __str__(self) -> str:
        return self.description


class RiskReview(GovernedModel):
    """A review of a risk: its scores at that date, so movement over time shows."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(default=timezone.localdate, validators=[happened])
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inherent_likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    inherent_impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    residual_likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    residual_impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    inherent_score = models.PositiveSmallIntegerField(editable=False, default=1)
    residual_score = models.PositiveSmallIntegerField(editable=False, default=1)
    note = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    next_review = models.DateField(null=True, blank=True, validators=[planned])
    history = HistoricalRecords()
    policy = Policy(
        division_path="risk__division",
        council_wide={CHANGE: (), "delete": ()},
        in_division={VIEW: {Role.INFORMATION_OFFICER}, ADD: {Role.INFORMATION_OFFICER}},
        own_path="risk__owner",
        own_actions={VIEW},
    )

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = "risk review"

    def __str__(self) -> str:
        return f"Review of {self.risk} on {self.reviewed_on:%d %b %Y}"

    def compute_scores(self) -> None:
        self.inherent_score = self.inherent_likelihood * self.inherent_impact
        self.residual_score = self.residual_likelihood * self.residual_impact

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.compute_scores()
        super().save(*args, **kwargs)


class Escalation(GovernedModel):
    """A risk, incident or issue escalated to the Corporate Management Team via the SIRO."""

    risk = models.ForeignKey(
        Risk, null=True, blank=True, on_delete=models.PROTECT, related_name="escalations"
    )
    subject = models.CharField(
        max_length=200,
        blank=True,
        help_text="For an incident or issue that is not on the risk register: what it is "
        "(e.g. an incident reference).",
    )
    division = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
        help_text="Left empty for a risk: the risk's division.",
    )
    summary = models.TextField(max_length=TEXT_MAX_LENGTH)
    requested_decision = models.TextField(
        help_text="What CMT is asked to decide.", max_length=TEXT_MAX_LENGTH
    )
    status = models.CharField(
        max_length=20,
        choices=EscalationStatus.choices,
        default=EscalationStatus.RAISED,
        editable=False,
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    raised_on = models.DateField(default=timezone.localdate, editable=False)
    siro_note = models.TextField(
        "SIRO's note", blank=True, editable=False, max_length=TEXT_MAX_LENGTH
    )
    siro_decided_on = models.DateField("SIRO decided on", null=True, blank=True, editable=False)
    cmt_decision = models.TextField(
        "CMT decision", blank=True, editable=False, max_length=TEXT_MAX_LENGTH
    )
    cmt_decided_on = models.DateField("CMT decided on", null=True, blank=True, editable=False)
    history = HistoricalRecords()
    policy = Policy(
        in_division={VIEW: {Role.INFORMATION_OFFICER}, ADD: {Role.INFORMATION_OFFICER}},
    )

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return f"Escalation: {self.topic}"

    @property
    def topic(self) -> str:
        if self.risk_id:
            return str(self.risk)
        return self.subject or "(no subject)"

    def clean(self) -> None:
        if not self.risk_id and not self.subject.strip():
            raise ValidationError(
                {"subject": "Choose the risk, or describe the incident or issue escalated."}
            )
        if self.risk_id and not self.division_id:
            self.division_id = (
                Risk.objects.filter(pk=self.risk_id).values_list("division_id", flat=True).first()
            )


__all__ = [
    "DEFAULT_BANDS",
    "Band",
    "Control",
    "Escalation",
    "Risk",
    "RiskBand",
    "RiskReview",
    "band_for",
    "current_bands",
]
