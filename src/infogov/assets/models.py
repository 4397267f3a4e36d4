"""Information asset register, reference lists, sharing agreements, DPIAs, data quality."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from infogov.assets.choices import (
    SCREENING_QUESTIONS,
    AgreementKind,
    AgreementStatus,
    AssetFormat,
    CheckState,
    Classification,
    ConditionKind,
    Criticality,
    DPIAState,
    DPIAStatus,
    FieldType,
    Likelihood,
    RiskLevel,
    Severity,
)
from infogov.core.history import GroupedHistoricalRecords
from infogov.core.models import GovernedModel
from infogov.core.permissions import ADD, CHANGE, DELETE, REFERENCE, VIEW, Policy
from infogov.core.roles import Role
from infogov.core.validators import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH, happened, planned
from infogov.organisation.models import Division, Person, Service
from infogov.records.models import RetentionRule

IO = Role.INFORMATION_OFFICER
# In a spreadsheet cell “;” separates several values, so a list entry's name cannot hold one.
no_semicolon = RegexValidator(r"^[^;]*$", "A name cannot contain “;” (it separates values).")
ASSET_M2M_FIELDS = (
    "special_category_conditions",
    "data_subjects",
    "personal_data_categories",
    "lawful_bases",
)
# The register fields a person edits (form and API alike), in the order they are shown.
ASSET_EDITABLE_FIELDS = (
    "name",
    "description",
    "division",
    "service",
    "owner",
    "format",
    "location",
    "personal_data",
    "special_category",
    "special_category_conditions",
    "criminal_offence_data",
    "data_subjects",
    "personal_data_categories",
    "purposes",
    "lawful_bases",
    "recipients",
    "international_transfers",
    "retention_rule",
    "security_classification",
    "security_measures",
    "business_criticality",
    "dpia_status",
    "last_reviewed",
    "next_review",
)

# What an asset holding personal data must record for the record of processing
# (UK GDPR Art. 30(1)(b)-(f)): the one rule for the form, the API, the import and the ROPA.
PERSONAL_DATA_REQUIRED = {
    "purposes": "Give the purposes of the processing (UK GDPR Art. 30(1)(b)).",
    "lawful_bases": "Choose the lawful basis for the processing (UK GDPR Art. 6(1)).",
    "data_subjects": "Choose the categories of data subjects (UK GDPR Art. 30(1)(c)).",
    "personal_data_categories": "Choose the categories of personal data (UK GDPR Art. 30(1)(c)).",
    "retention_rule": "Choose the retention rule: how long the data is kept (Art. 30(1)(f)).",
}
SPECIAL_CATEGORY_NEEDS_CONDITION = (
    "Choose the Art. 9(2) condition (and the Schedule 1 condition where needed) "
    "for the special category data."
)


def personal_data_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """What an asset's values lack, by field name, when it holds personal data.

    `values` maps the field names (`retention_rule` or `retention_rule_id`) to what the
    form, the API, an import row or a saved asset holds; an empty text, list or None is
    missing. An asset without personal data needs none of them.
    """
    if not values.get("personal_data"):
        return {}
    problems: dict[str, str] = {}
    for field, message in PERSONAL_DATA_REQUIRED.items():
        value = values.get(field, values.get(f"{field}_id"))
        if isinstance(value, str):
            value = value.strip()
        if not value:
            problems[field] = message
    if values.get("special_category") and not values.get("special_category_conditions"):
        problems["special_category_conditions"] = SPECIAL_CATEGORY_NEEDS_CONDITION
    return problems


def lacking_personal_data_details(assets: Any) -> Any:
    """The assets among `assets` that `personal_data_problems` refuses, in one query."""
    from django.db.models import Exists, OuterRef, Q
    from django.db.models.functions import Trim

    def none_of(field: str) -> Q:
        through: Any = getattr(InformationAsset, field).through
        return ~Q(Exists(through.objects.filter(informationasset_id=OuterRef("pk"))))

    missing = (
        Q(purposes_trimmed="")
        | Q(retention_rule__isnull=True)
        | none_of("lawful_bases")
        | none_of("data_subjects")
        | none_of("personal_data_categories")
        | (Q(special_category=True) & none_of("special_category_conditions"))
    )
    return (
        assets.filter(personal_data=True)
        .annotate(purposes_trimmed=Trim("purposes"))
        .filter(missing)
    )


DIVISION_MANAGED = Policy(in_division={VIEW: {IO}, ADD: {IO}, CHANGE: {IO}, DELETE: {IO}})


class LawfulBasis(GovernedModel):
    """UK GDPR Art. 6(1)(a)-(f)."""

    code = models.CharField(max_length=12, unique=True, help_text="e.g. 6(1)(e)")
    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["code"]
        verbose_name = "lawful basis"
        verbose_name_plural = "lawful bases"

    def __str__(self) -> str:
        return f"Art. {self.code} {self.name}"


class ProcessingCondition(GovernedModel):
    """A special-category condition: UK GDPR Art. 9(2)(a)-(j) or DPA 2018 Schedule 1."""

    kind = models.CharField(max_length=5, choices=ConditionKind.choices)
    code = models.CharField(max_length=30, unique=True, help_text="e.g. 9(2)(h) or Sch1 para 6")
    name = models.CharField(max_length=200)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = "processing condition"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DataSubjectCategory(GovernedModel):
    """A managed list: whose personal data (residents, pupils, staff…)."""

    name = models.CharField(max_length=100, unique=True, validators=[no_semicolon])
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["name"]
        verbose_name = "data subject category"
        verbose_name_plural = "data subject categories"

    def __str__(self) -> str:
        return self.name


class PersonalDataCategory(GovernedModel):
    """A managed list: kinds of personal data (contact details, health…)."""

    name = models.CharField(max_length=100, unique=True, validators=[no_semicolon])
    special_category = models.BooleanField(
        default=False, help_text="Special category data under UK GDPR Art. 9(1)."
    )
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["name"]
        verbose_name = "personal data category"
        verbose_name_plural = "personal data categories"

    def __str__(self) -> str:
        return self.name


class InformationAsset(GovernedModel):
    """An entry in the information asset register (PRODUCT §2.2)."""

    name = models.CharField("Asset name", max_length=200)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Information asset owner",
    )
    format = models.CharField(
        max_length=12, choices=AssetFormat.choices, default=AssetFormat.ELECTRONIC
    )
    location = models.CharField("Location or system", max_length=200, blank=True)
    personal_data = models.BooleanField(default=False)
    special_category = models.BooleanField("Special category data", default=False)
    special_category_conditions = models.ManyToManyField(
        ProcessingCondition,
        blank=True,
        related_name="+",
        verbose_name="special category conditions",
        help_text="UK GDPR Art. 9(2) condition and, where needed, DPA 2018 Schedule 1 condition.",
    )
    criminal_offence_data = models.BooleanField(default=False)
    data_subjects = models.ManyToManyField(
        DataSubjectCategory, blank=True, related_name="+", verbose_name="data subjects"
    )
    personal_data_categories = models.ManyToManyField(
        PersonalDataCategory,
        blank=True,
        related_name="+",
        verbose_name="categories of personal data",
    )
    purposes = models.TextField(
        blank=True, help_text="Several purposes separated by “;”.", max_length=TEXT_MAX_LENGTH
    )
    lawful_bases = models.ManyToManyField(
        LawfulBasis, blank=True, related_name="+", verbose_name="lawful basis"
    )
    recipients = models.TextField(
        blank=True, help_text="Categories of recipients, “;” between.", max_length=TEXT_MAX_LENGTH
    )
    international_transfers = models.TextField(
        blank=True,
        help_text="Countries and safeguards; blank when there are none.",
        max_length=TEXT_MAX_LENGTH,
    )
    retention_rule = models.ForeignKey(
        RetentionRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    security_classification = models.CharField(
        max_length=20, choices=Classification.choices, default=Classification.OFFICIAL
    )
    security_measures = models.TextField(
        blank=True,
        help_text="General description of technical and organisational measures "
        "(UK GDPR Art. 30(1)(g)).",
        max_length=TEXT_MAX_LENGTH,
    )
    business_criticality = models.CharField(
        max_length=10, choices=Criticality.choices, default=Criticality.MEDIUM
    )
    dpia_status = models.CharField(
        "DPIA status",
        max_length=15,
        choices=DPIAStatus.choices,
        default=DPIAStatus.NOT_REQUIRED,
    )
    last_reviewed = models.DateField(null=True, blank=True, validators=[happened])
    next_review = models.DateField(null=True, blank=True, db_index=True, validators=[planned])
    # Changes to the lists (lawful bases, conditions, …) show on the History tab too.
    history = GroupedHistoricalRecords(m2m_fields=ASSET_M2M_FIELDS)
    policy = Policy(
        in_division={VIEW: {IO}, ADD: {IO, Role.IAO}, CHANGE: {IO}, DELETE: {IO}},
        own_path="owner",
        own_actions={VIEW, CHANGE},
    )

    class Meta:
        ordering = ["division__name", "name"]
        verbose_name = "information asset"
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="asset_unique_in_division")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def review_overdue(self) -> bool:
        return self.next_review is not None and self.next_review < timezone.localdate()

    def ropa_gaps(self) -> list[str]:
        """What this asset still lacks for the record of processing, as messages.

        Uses the prefetched lists where the caller prefetched them (the ROPA does), so a
        legacy asset saved before the rule was enforced is flagged, not shown blank.
        """
        links = {n: list(getattr(self, n).all()) if self.pk else [] for n in ASSET_M2M_FIELDS}
        return list(personal_data_problems(self._values_with(links)).values())

    def _values_with(self, links: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "personal_data": self.personal_data,
            "special_category": self.special_category,
            "purposes": self.purposes,
            "retention_rule_id": self.retention_rule_id,
            **links,
        }

    def clean_with_links(self, links: Mapping[str, Any]) -> None:
        """The personal-data rule, run by the form and the API with the lists chosen."""
        problems = personal_data_problems(self._values_with(links))
        if problems:
            raise ValidationError(problems)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.special_category and not self.personal_data:
            errors["special_category"] = (
                "Special category data is personal data: set Personal data to Yes."
            )
        if self.criminal_offence_data and not self.personal_data:
            errors["criminal_offence_data"] = (
                "Criminal offence data is personal data: set Personal data to Yes."
            )
        service = self.service if self.service_id else None
        if service is not None and self.division_id and service.division_id != self.division_id:
            errors["service"] = "Choose a service in the asset's division."
        if self.last_reviewed and self.next_review and self.next_review < self.last_reviewed:
            errors["next_review"] = "The next review must be on or after the last review."
        if errors:
            raise ValidationError(errors)


def risk_level(likelihood: int, severity: int) -> str:
    """ICO DPIA template matrix: 1-2 low, 3-4 medium, 6-9 high (likelihood x severity)."""
    score = likelihood * severity
    if score >= 6:
        return RiskLevel.HIGH
    if score >= 3:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


class DPIA(GovernedModel):
    """A data protection impact assessment (UK GDPR Art. 35-36)."""

    title = models.CharField(max_length=200)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who leads the assessment (usually the asset owner).",
    )
    assets = models.ManyToManyField(InformationAsset, blank=True, related_name="dpias")
    processing_description = models.TextField(
        blank=True,
        help_text="The nature, scope, context and purposes of the processing.",
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    screening = models.JSONField(
        default=list, blank=True, help_text="The screening criteria that apply."
    )
    necessity = models.TextField(
        "Necessity and proportionality", blank=True, max_length=LONG_TEXT_MAX_LENGTH
    )
    state = models.CharField(max_length=15, choices=DPIAState.choices, default=DPIAState.SCREENING)
    dpo_advice = models.TextField("DPO advice", blank=True, max_length=TEXT_MAX_LENGTH)
    dpo_advice_followed = models.BooleanField("DPO advice followed", null=True, blank=True)
    dpo_advice_reasons = models.TextField(
        "Reasons if DPO advice is not followed", blank=True, max_length=TEXT_MAX_LENGTH
    )
    residual_risk = models.CharField(
        max_length=6,
        choices=RiskLevel.choices,
        blank=True,
        editable=False,
        help_text="The highest residual risk of the assessment's risks.",
    )
    signed_off_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    signed_off_on = models.DateField(null=True, blank=True, editable=False)
    ico_consulted_on = models.DateField(
        "ICO prior consultation on",
        null=True,
        blank=True,
        help_text="Date the ICO was consulted under Art. 36 (high residual risk).",
        validators=[happened],
    )
    review_date = models.DateField(null=True, blank=True, validators=[planned])
    history = GroupedHistoricalRecords()  # the assets assessed show on the History tab
    policy = DIVISION_MANAGED

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "DPIA"
        verbose_name_plural = "DPIAs"

    def __str__(self) -> str:
        return self.title

    @property
    def screening_labels(self) -> list[str]:
        labels = dict(SCREENING_QUESTIONS)
        return [labels.get(code, code) for code in self.screening or []]

    @property
    def dpia_required(self) -> bool:
        """ICO guidance: two or more screening criteria make high risk likely; one is enough
        for special-category, vulnerable or monitoring at scale to warrant a full DPIA."""
        return len(self.screening or []) >= 1

    @property
    def ico_consultation_required(self) -> bool:
        """Art. 36(1): consult the ICO before processing when high residual risk remains."""
        return self.residual_risk == RiskLevel.HIGH

    def refresh_residual_risk(self) -> None:
        levels = [r.residual_level for r in self.risks.all()]
        order = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH]
        level = max(levels, key=order.index) if levels else ""
        if level != self.residual_risk:
            DPIA.objects.filter(pk=self.pk).update(residual_risk=level)
            self.residual_risk = level

    def clean(self) -> None:
        codes = {code for code, _ in SCREENING_QUESTIONS}
        if not isinstance(self.screening, list) or any(c not in codes for c in self.screening):
            raise ValidationError({"screening": "Choose screening criteria from the list."})
        if self.dpo_advice_followed is False and not self.dpo_advice_reasons.strip():
            raise ValidationError(
                {"dpo_advice_reasons": "Record why the DPO's advice is not followed."}
            )


class DPIARisk(GovernedModel):
    """A risk to individuals identified in a DPIA, with measures and the residual risk."""

    dpia = models.ForeignKey(
        DPIA, on_delete=models.CASCADE, related_name="risks", verbose_name="DPIA"
    )
    description = models.TextField(
        help_text="The source of risk and its possible harm.", max_length=TEXT_MAX_LENGTH
    )
    likelihood = models.PositiveSmallIntegerField(choices=Likelihood.choices)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    measures = models.TextField(
        blank=True, help_text="Measures to reduce or eliminate it.", max_length=TEXT_MAX_LENGTH
    )
    residual_likelihood = models.PositiveSmallIntegerField(choices=Likelihood.choices)
    residual_severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    measure_approved = models.BooleanField(default=False)
    history = HistoricalRecords()
    policy = Policy(
        division_path="dpia__division",
        in_division={VIEW: {IO}, ADD: {IO}, CHANGE: {IO}, DELETE: {IO}},
    )

    class Meta:
        ordering = ["dpia", "pk"]
        verbose_name = "DPIA risk"

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def level(self) -> str:
        return risk_level(self.likelihood, self.severity)

    @property
    def residual_level(self) -> str:
        return risk_level(self.residual_likelihood, self.residual_severity)

    def get_level_display(self) -> str:
        return RiskLevel(self.level).label

    def get_residual_level_display(self) -> str:
        return RiskLevel(self.residual_level).label


class SharingAgreement(GovernedModel):
    """An information sharing agreement or a processor contract."""

    title = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=12, choices=AgreementKind.choices, default=AgreementKind.SHARING
    )
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who is told when the agreement is due for review.",
    )
    parties = models.TextField(
        help_text="The other organisations, one a line.", max_length=TEXT_MAX_LENGTH
    )
    legal_gateway = models.TextField(
        help_text="The law that permits the sharing, e.g. Children and Young People "
        "(Scotland) Act 2014 s.23; UK GDPR Art. 6(1)(e).",
        max_length=TEXT_MAX_LENGTH,
    )
    assets = models.ManyToManyField(
        InformationAsset, blank=True, related_name="agreements", verbose_name="assets shared"
    )
    dpia = models.ForeignKey(
        DPIA,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
        verbose_name="DPIA",
    )
    dpia_reference = models.CharField(
        "DPIA reference", max_length=100, blank=True, help_text="If the DPIA is held elsewhere."
    )
    start_date = models.DateField(null=True, blank=True, validators=[planned])
    review_date = models.DateField(null=True, blank=True, db_index=True, validators=[planned])
    end_date = models.DateField(null=True, blank=True, validators=[planned])
    status = models.CharField(
        max_length=15, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    history = GroupedHistoricalRecords()  # the assets shared show on the History tab
    policy = DIVISION_MANAGED

    class Meta:
        ordering = ["title"]
        verbose_name = "sharing agreement"

    def __str__(self) -> str:
        return self.title

    @property
    def party_list(self) -> list[str]:
        return [p.strip() for p in self.parties.splitlines() if p.strip()]

    @property
    def review_overdue(self) -> bool:
        return (
            self.review_date is not None
            and self.review_date < timezone.localdate()
            and self.status in {AgreementStatus.ACTIVE, AgreementStatus.UNDER_REVIEW}
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be on or after the start date."
        if self.start_date and self.review_date and self.review_date < self.start_date:
            errors["review_date"] = "The review date must be on or after the start date."
        if self.status == AgreementStatus.ACTIVE and not self.start_date:
            errors["start_date"] = "An active agreement needs its start date."
        if errors:
            raise ValidationError(errors)


class DataStandard(GovernedModel):
    """A corporate data standard for a dataset (e.g. the address gazetteer)."""

    name = models.CharField(max_length=200, unique=True)
    asset = models.ForeignKey(InformationAsset, on_delete=models.PROTECT, related_name="standards")
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    unique_key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Field names that together identify a row, separated by “;”.",
    )
    history = HistoricalRecords()
    policy = Policy(
        division_path="asset__division",
        in_division={VIEW: {IO}, ADD: {IO}, CHANGE: {IO}, DELETE: {IO}},
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "data standard"

    def __str__(self) -> str:
        return self.name

    @property
    def key_fields(self) -> list[str]:
        return [k.strip() for k in self.unique_key.split(";") if k.strip()]


class StandardField(GovernedModel):
    """One field of a data standard and its rules."""

    standard = models.ForeignKey(DataStandard, on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(max_length=100, help_text="The column heading in the extract.")
    field_type = models.CharField(
        "Type", max_length=12, choices=FieldType.choices, default=FieldType.TEXT
    )
    required = models.BooleanField(default=False)
    pattern = models.CharField(
        max_length=200, blank=True, help_text="A regular expression the whole value must match."
    )
    allowed_values = models.TextField(
        blank=True, help_text="Allowed values separated by “;”.", max_length=TEXT_MAX_LENGTH
    )
    min_length = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
        help_text="The fewest characters a filled value may have.",
    )
    max_length = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
        help_text="The most characters a value may have.",
    )
    minimum = models.DecimalField(
        "Smallest number",
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="A filled value must be a number at least this large.",
    )
    maximum = models.DecimalField(
        "Largest number",
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="A filled value must be a number at most this large.",
    )
    history = HistoricalRecords()
    policy = Policy(
        division_path="standard__asset__division",
        in_division={VIEW: {IO}, ADD: {IO}, CHANGE: {IO}, DELETE: {IO}},
    )

    class Meta:
        ordering = ["standard", "pk"]
        verbose_name = "standard field"
        constraints = [
            models.UniqueConstraint(fields=["standard", "name"], name="standard_field_once")
        ]

    def __str__(self) -> str:
        return f"{self.standard}: {self.name}"

    @property
    def allowed(self) -> list[str]:
        return [v.strip() for v in self.allowed_values.split(";") if v.strip()]

    def clean(self) -> None:
        import re

        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValidationError(
                    {"pattern": f"Not a valid regular expression: {exc}"}
                ) from None
        errors: dict[str, str] = {}
        if self.min_length and self.max_length and self.min_length > self.max_length:
            errors["min_length"] = "The minimum length cannot be more than the maximum length."
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            errors["minimum"] = "The smallest number cannot be more than the largest."
        if errors:
            raise ValidationError(errors)

    @property
    def length_text(self) -> str:
        if not (self.min_length or self.max_length):
            return ""
        return f"{self.min_length or 0} to {self.max_length or 'any'}"

    @property
    def range_text(self) -> str:
        from infogov.assets.quality import plain_number

        if self.minimum is None and self.maximum is None:
            return ""
        low = "any" if self.minimum is None else plain_number(self.minimum)
        high = "any" if self.maximum is None else plain_number(self.maximum)
        return f"{low} to {high}"

    def rule(self) -> Any:
        """The field's rules as the checker reads them."""
        from infogov.assets.quality import FieldRule

        return FieldRule(
            name=self.name,
            field_type=self.field_type,
            required=self.required,
            pattern=self.pattern,
            allowed=tuple(self.allowed),
            max_length=self.max_length,
            min_length=self.min_length,
            minimum=self.minimum,
            maximum=self.maximum,
        )


class QualityCheck(GovernedModel):
    """Checking an uploaded extract against a standard: queued at upload, run by the
    `quality-checks` job, then its scores (kept over time) and every row-level problem."""

    standard = models.ForeignKey(DataStandard, on_delete=models.CASCADE, related_name="checks")
    asset = models.ForeignKey(
        InformationAsset, on_delete=models.CASCADE, related_name="quality_checks", editable=False
    )
    run_at = models.DateTimeField("Uploaded", default=timezone.now, validators=[happened])
    run_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    filename = models.CharField(max_length=200)
    state = models.CharField(
        max_length=10, choices=CheckState.choices, default=CheckState.QUEUED, editable=False
    )
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    rows_done = models.PositiveIntegerField("Rows checked", default=0, editable=False)
    failure = models.TextField("Reason it failed", blank=True, editable=False)
    # The uploaded file, kept only until the check has run.
    extract = models.BinaryField(null=True, blank=True, editable=False)
    row_count = models.PositiveIntegerField("Rows", default=0)
    completeness = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    validity = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    uniqueness = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    error_count = models.PositiveIntegerField("Problems", default=0)
    history = HistoricalRecords(excluded_fields=["extract"])
    policy = Policy(
        division_path="asset__division",
        council_wide={CHANGE: (), DELETE: ()},
        in_division={VIEW: {IO}, ADD: {IO}},
    )

    class Meta:
        ordering = ["-run_at", "-pk"]
        verbose_name = "data quality check"
        indexes = [models.Index(fields=["state", "id"], name="quality_check_state")]

    def __str__(self) -> str:
        return f"{self.standard} — {self.run_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.state in {CheckState.DONE, CheckState.FAILED}


class QualityError(models.Model):
    """One row-level problem found by a check (every one is kept)."""

    quality_check = models.ForeignKey(
        QualityCheck, on_delete=models.CASCADE, related_name="problems"
    )
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=200)
    value = models.CharField(max_length=100, blank=True)
    rule = models.CharField(max_length=30)
    message = models.CharField(max_length=200)

    class Meta:
        ordering = ["quality_check", "id"]
        verbose_name = "data quality problem"

    def __str__(self) -> str:
        return f"row {self.row}, column “{self.column}”: {self.message}"


def next_review_after(day: date, months: int) -> date:
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)
