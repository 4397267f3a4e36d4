"""Annual action plan, progress, KPIs, self-assessments and update requests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from infogov.core.models import GovernedModel
from infogov.core.permissions import ADD, CHANGE, DELETE, REFERENCE, VIEW, Policy
from infogov.core.roles import Role
from infogov.core.validators import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH, happened, planned
from infogov.organisation.models import Division, Person
from infogov.plans.choices import (
    OPEN_STATUSES,
    ActionStatus,
    AssessmentStatus,
    ComputedBy,
    Direction,
    Frequency,
    Heading,
    ItemStatus,
    PlanStatus,
    Rag,
    UpdateRequestStatus,
    ValueSource,
)
from infogov.risks.models import Risk

OFFICER = {Role.INFORMATION_OFFICER}
READ_ONLY_FILES = Policy(
    division_path=None, signed_in_view=True, council_wide={ADD: (), CHANGE: (), DELETE: ()}
)


class ActionPlan(GovernedModel):
    """The group's annual action plan, recorded in the corporate performance system."""

    year = models.PositiveSmallIntegerField(
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the plan starts, e.g. 2026 for 2026/27.",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_on = models.DateField(null=True, blank=True, validators=[happened])
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["-year"]
        verbose_name = "action plan"

    def __str__(self) -> str:
        return self.title or f"Action plan {self.year}"


class PlanAction(GovernedModel):
    """One action in the plan, with owner, division, heading, due date and progress."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(
        max_length=30, help_text="The action's code in the plan, e.g. IG-2026-04."
    )
    title = models.CharField(max_length=250)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    division = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_actions",
        help_text="Left empty for a council-wide action.",
    )
    heading = models.CharField(max_length=20, choices=Heading.choices, blank=True)
    due_date = models.DateField(validators=[planned])
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    risk = models.ForeignKey(
        Risk,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
        help_text="The risk this action treats, if any.",
    )
    percent_complete = models.PositiveSmallIntegerField(default=0, editable=False)
    rag = models.CharField(
        "RAG status", max_length=10, choices=Rag.choices, blank=True, editable=False
    )
    last_update_on = models.DateField(null=True, blank=True, editable=False)
    completed_on = models.DateField(null=True, blank=True, validators=[happened])
    history = HistoricalRecords()
    policy = Policy(
        in_division={VIEW: OFFICER, ADD: OFFICER, CHANGE: OFFICER},
        own_path="owner",
        own_actions={VIEW},
    )

    class Meta:
        ordering = ["plan", "due_date", "reference"]
        verbose_name = "plan action"
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="action_reference_unique")
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    def clean(self) -> None:
        if self.status == ActionStatus.COMPLETED and not self.completed_on:
            self.completed_on = timezone.localdate()
        if (
            self.plan_id
            and self.reference
            and PlanAction.objects.filter(plan_id=self.plan_id, reference=self.reference)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"reference": "Another action in this plan has this reference."})


ACTION_CHILD = Policy(
    division_path="action__division",
    in_division={VIEW: OFFICER, ADD: OFFICER, CHANGE: OFFICER, DELETE: OFFICER},
    own_path="action__owner",
    own_actions={VIEW},
)


class Milestone(GovernedModel):
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField(validators=[planned])
    completed_on = models.DateField(null=True, blank=True, validators=[happened])
    history = HistoricalRecords()
    policy = ACTION_CHILD

    class Meta:
        ordering = ["action", "due_date", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(GovernedModel):
    """A progress report on an action: percentage, RAG status and narrative."""

    action = models.ForeignKey(
        PlanAction, on_delete=models.CASCADE, related_name="progress_updates"
    )
    reported_on = models.DateField("Date", default=timezone.localdate, validators=[happened])
    percentage = models.PositiveSmallIntegerField(
        "Percentage complete", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices)
    narrative = models.TextField(max_length=LONG_TEXT_MAX_LENGTH)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()
    policy = Policy(
        division_path="action__division",
        in_division={VIEW: OFFICER, ADD: OFFICER},
        own_path="action__owner",
        own_actions={VIEW},
    )

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = "progress update"

    def __str__(self) -> str:
        return f"{self.action.reference} {self.reported_on:%d %b %Y}: {self.percentage}%"


class Kpi(GovernedModel):
    """A key performance indicator: entered by hand or computed from live data."""

    name = models.CharField(max_length=200, unique=True)
    definition = models.TextField(
        help_text="What is measured and how, in plain words.", max_length=TEXT_MAX_LENGTH
    )
    unit = models.CharField(max_length=20, default="%")
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    target = models.DecimalField(max_digits=10, decimal_places=2)
    tolerance = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="How far from target is amber rather than red.",
    )
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis"
    )
    computed_by = models.CharField(
        "Source",
        max_length=30,
        choices=ComputedBy.choices,
        blank=True,
        help_text="Computed from live data, or entered by hand.",
    )
    is_active = models.BooleanField("Active", default=True)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["name"]
        verbose_name = "KPI"
        verbose_name_plural = "KPIs"

    def __str__(self) -> str:
        return self.name

    def rag_for(self, value: Decimal | float | None) -> str:
        return rag_for(value, self.target, self.tolerance, self.direction)

    def source_change_problem(self, computed_by: str, *, confirmed: bool) -> str | None:
        """Why a switch between entered and computed (or between computations) needs
        confirming, or None. The values already held stay: none is deleted or replaced."""
        if self.pk is None or confirmed:
            return None
        saved = Kpi.objects.filter(pk=self.pk).values_list("computed_by", flat=True).first()
        if saved is None or saved == (computed_by or ""):
            return None
        values = KpiValue.objects.filter(kpi_id=self.pk)
        total = values.count()
        if total == 0:
            return None
        entered = values.filter(source=ValueSource.MANUAL).count()
        return (
            f"This KPI has {total} value{'s' if total != 1 else ''} "
            f"({entered} entered by hand). Switching from “{ComputedBy(saved).label}” to "
            f"“{ComputedBy(computed_by or '').label}” keeps every one of them: a computed value "
            "never replaces one entered by hand. Tick “Confirm the change of source” to switch."
        )


def rag_for(
    value: Decimal | float | None,
    target: Decimal | float,
    tolerance: Decimal | float,
    direction: str,
) -> str:
    """Green when the target is met, amber within tolerance of it, red beyond."""
    if value is None:
        return ""
    value, target, tolerance = Decimal(str(value)), Decimal(str(target)), Decimal(str(tolerance))
    if direction == Direction.LOWER:
        value, target = -value, -target
    if value >= target:
        return Rag.GREEN
    if value >= target - tolerance:
        return Rag.AMBER
    return Rag.RED


class KpiValue(GovernedModel):
    """A KPI's value for a period; an empty value means there was no data."""

    kpi = models.ForeignKey(
        Kpi, on_delete=models.CASCADE, related_name="values", verbose_name="KPI"
    )
    period_start = models.DateField(validators=[planned])
    period_end = models.DateField(validators=[planned])
    value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leave empty when there is no data.",
    )
    source = models.CharField(
        max_length=20, choices=ValueSource.choices, default=ValueSource.MANUAL
    )
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["kpi", "period_start"]
        verbose_name = "KPI value"
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period_start"], name="kpi_value_period")
        ]

    def __str__(self) -> str:
        shown = "no data" if self.value is None else f"{self.value}"
        return f"{self.kpi}, {self.period_start:%b %Y}: {shown}"

    @property
    def rag(self) -> str:
        return self.kpi.rag_for(self.value) if self.kpi_id else ""

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The period must end on or after its start."})
        if (
            self.kpi_id
            and self.period_start
            and KpiValue.objects.filter(kpi_id=self.kpi_id, period_start=self.period_start)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"period_start": "This KPI already has a value for the period."})


class Framework(GovernedModel):
    """An assessment framework, loaded from a data file in plans/frameworks/."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    source_url = models.URLField("Source URL", blank=True)
    history = HistoricalRecords()
    policy = READ_ONLY_FILES

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FrameworkItem(GovernedModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    expectation = models.TextField(
        help_text="What good looks like, in our own words.", max_length=TEXT_MAX_LENGTH
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()
    policy = READ_ONLY_FILES

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = "framework item"
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="framework_item_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Assessment(GovernedModel):
    """A self-assessment of the council against a framework."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=200)
    started_on = models.DateField(default=timezone.localdate, validators=[happened])
    completed_on = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.IN_PROGRESS,
        editable=False,
    )
    lead = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments"
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The assessment this one is compared with.",
    )
    notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = Policy(division_path=None)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title


def validate_evidence(value: str) -> None:
    """One link a line: a web address, or a network path such as \\\\server\\share."""
    check = URLValidator(schemes=["http", "https"])
    for line in value.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.lower().startswith(("http:", "https:")):
            try:
                check(line)
            except ValidationError:
                raise ValidationError(f"“{line}” is not a valid web address.") from None
        elif not line.startswith("\\\\"):
            raise ValidationError(
                f"Each line must be a link (https://…) or a network path (\\\\server\\…): "
                f"“{line}” is neither."
            )


class AssessmentItem(GovernedModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(FrameworkItem, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ItemStatus.choices, blank=True)
    evidence = models.TextField(
        "Evidence links",
        blank=True,
        validators=[validate_evidence],
        help_text="One link a line: intranet pages or documents (https://…), "
        "or network folders (\\\\server\\share).",
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    gap = models.TextField(
        blank=True, help_text="What is missing to meet the expectation.", max_length=TEXT_MAX_LENGTH
    )
    action = models.ForeignKey(
        PlanAction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The action in the plan that closes the gap.",
    )
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessment_items",
        help_text="Who keeps this item and its evidence up to date.",
    )
    next_review = models.DateField(null=True, blank=True, validators=[planned])
    history = HistoricalRecords()
    # The owner of an item views and changes it, besides the council-wide roles.
    policy = Policy(
        division_path=None,
        council_wide={ADD: (), DELETE: ()},
        own_path="owner",
        own_actions={VIEW, CHANGE},
    )

    class Meta:
        ordering = ["assessment", "item__order", "item__code"]
        verbose_name = "assessment item"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="assessment_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}"

    @property
    def evidence_links(self) -> list[str]:
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.status in {ItemStatus.PARTLY_MET, ItemStatus.NOT_MET} and not self.gap.strip():
            raise ValidationError({"gap": "Describe the gap for an expectation not fully met."})


class UpdateRequest(GovernedModel):
    """“Request an update”: the group asks a risk or action owner for an update."""

    risk = models.ForeignKey(
        Risk, null=True, blank=True, on_delete=models.CASCADE, related_name="update_requests"
    )
    action = models.ForeignKey(
        PlanAction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="update_requests",
    )
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="update_requests",
        help_text="Left empty: the owner of the risk or action.",
    )
    division = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    question = models.TextField("What the group asks", max_length=TEXT_MAX_LENGTH)
    due_date = models.DateField(validators=[planned])
    status = models.CharField(
        max_length=20,
        choices=UpdateRequestStatus.choices,
        default=UpdateRequestStatus.OPEN,
        editable=False,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    response = models.TextField(blank=True, editable=False, max_length=TEXT_MAX_LENGTH)
    responded_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()
    policy = Policy(
        in_division={VIEW: OFFICER, ADD: OFFICER},
        own_path="owner",
        own_actions={VIEW},
    )

    class Meta:
        ordering = ["status", "due_date", "id"]
        verbose_name = "update request"

    def __str__(self) -> str:
        return f"Update on {self.subject}"

    @property
    def subject(self) -> Any:
        return self.risk if self.risk_id else self.action

    @property
    def is_overdue(self) -> bool:
        return self.status == UpdateRequestStatus.OPEN and self.due_date < timezone.localdate()

    def clean(self) -> None:
        if bool(self.risk_id) == bool(self.action_id):
            raise ValidationError({"risk": "Choose either a risk or an action."})
        if self.due_date and not self.pk and self.due_date < timezone.localdate():
            raise ValidationError({"due_date": "The due date cannot be in the past."})
