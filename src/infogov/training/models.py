"""Training and awareness: modules, completions, compliance, campaigns and surveys.

Who must complete a module is never typed: it is worked out from the module's audience
and the organisation's people and role assignments (`audience_q`). The compliance
arithmetic (`compliance_rows`, `Compliance`) lives here, with the models, so that the
pages, the API and the plans app's training KPI count exactly the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from infogov.core.models import GovernedModel, RestrictedQuerySet
from infogov.core.permissions import ADD, CHANGE, DELETE, VIEW, Policy
from infogov.core.roles import READ_EVERYTHING, Role
from infogov.core.validators import TEXT_MAX_LENGTH, happened, planned
from infogov.organisation.choices import PersonKind
from infogov.organisation.models import Division, Person, RoleAssignment
from infogov.training.choices import (
    DUE_SOON_DAYS,
    NEW_STARTER_MONTHS,
    SCALE,
    SPECIALIST_ROLES,
    Audience,
    Channel,
    Provider,
    Source,
    Status,
)

OFFICER = {Role.INFORMATION_OFFICER}


def audience_q(audience: str, role: str = "", on: date | None = None) -> Q:
    """The people (active) an audience names, as a filter on `Person`.

    - all staff: every active member of staff;
    - managers: staff who line-manage someone active, or hold the information asset
      owner role (PRODUCT §1: "managers who own assets");
    - elected members: every active councillor;
    - a specialist role: whoever holds that role today (council-wide or for a division).
    """
    day = on or timezone.localdate()
    active = Q(is_active=True)
    if audience == Audience.ALL_STAFF:
        return active & Q(kind=PersonKind.STAFF)
    if audience == Audience.ELECTED_MEMBERS:
        return active & Q(kind=PersonKind.ELECTED_MEMBER)
    holders = RoleAssignment.objects.current(day)
    if audience == Audience.MANAGERS:
        managers = Person.objects.filter(is_active=True, line_manager__isnull=False).values(
            "line_manager_id"
        )
        owners = holders.filter(role=Role.IAO).values("person_id")
        return active & Q(kind=PersonKind.STAFF) & (Q(pk__in=managers) | Q(pk__in=owners))
    if audience == Audience.ROLE and role:
        return active & Q(pk__in=holders.filter(role=role).values("person_id"))
    return Q(pk__in=[])


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    return day + relativedelta(months=months)


class Module(GovernedModel):
    """A training module: who must take it, how often, and who delivers it."""

    title = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.ALL_STAFF)
    role = models.CharField(
        "Specialist role",
        max_length=40,
        choices=SPECIALIST_ROLES,
        blank=True,
        help_text="For a specialist-role audience: the role whose holders must take it.",
    )
    mandatory = models.BooleanField(default=True)
    refresher_months = models.PositiveSmallIntegerField(
        "Refresher period (months)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text="A completion lapses after this many months. Empty: it never lapses.",
    )
    provider = models.CharField(max_length=20, choices=Provider.choices)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="training_modules"
    )
    required_from = models.DateField(
        "Required from",
        default=timezone.localdate,
        validators=[planned],
        help_text="People already in post are due within a month of this date; new "
        "starters within a month of their start date.",
    )
    is_active = models.BooleanField("Active", default=True)
    history = HistoricalRecords()
    policy = Policy(division_path=None, signed_in_view=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.audience == Audience.ROLE and not self.role:
            raise ValidationError({"role": "Choose the specialist role who must take it."})
        if self.audience != Audience.ROLE and self.role:
            raise ValidationError({"role": "Leave the role empty unless the audience is a role."})

    @property
    def audience_label(self) -> str:
        if self.audience == Audience.ROLE:
            return f"{self.get_role_display()}s"
        return str(self.get_audience_display())

    def people(self, on: date | None = None) -> models.QuerySet[Person]:
        """Who must complete this module (worked out, never typed)."""
        return Person.objects.filter(audience_q(self.audience, self.role, on))


class CompletionQuerySet(RestrictedQuerySet):
    def latest_by_pair(self) -> dict[tuple[int, int], date]:
        """The latest completion date of each (person, module)."""
        return {
            (p, m): last
            for p, m, last in self.values("person_id", "module_id")
            .annotate(last=Max("completed_on"))
            .values_list("person_id", "module_id", "last")
        }


class Completion(GovernedModel):
    """One person completed one module on one day (entered, or imported)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="completions")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField(validators=[happened])
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)], help_text="Per cent."
    )
    source = models.CharField(
        max_length=20, choices=Source.choices, default=Source.ENTERED, editable=False
    )
    notes = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()
    objects = CompletionQuerySet.as_manager()  # type: ignore[misc]
    policy = Policy(
        division_path="person__division",
        council_wide={VIEW: READ_EVERYTHING},
        in_division={VIEW: OFFICER, ADD: OFFICER, CHANGE: OFFICER, DELETE: OFFICER},
        own_path="person",
        own_actions={VIEW},
    )

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "module", "completed_on"], name="completion_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["module", "person", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.module} ({self.completed_on:%d %b %Y})"

    @property
    def expires_on(self) -> date | None:
        months = self.module.refresher_months
        return add_months(self.completed_on, months) if months else None

    def clean(self) -> None:
        if not (self.person_id and self.module_id and self.completed_on):
            return
        clash = Completion.objects.filter(
            person_id=self.person_id, module_id=self.module_id, completed_on=self.completed_on
        ).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "completed_on": "This person's completion of this module on that day is "
                    "already recorded."
                }
            )


# --- compliance ----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonModule:
    """Where one person stands with one module on `today`."""

    person_id: int
    name: str
    email: str
    division_id: int | None
    manager_id: int | None
    kind: str
    module_id: int
    audience: str
    last_completed: date | None
    expires_on: date | None
    due_on: date | None
    status: str

    @property
    def completed(self) -> bool:
        return self.last_completed is not None

    @property
    def in_date(self) -> bool:
        return self.status in {Status.IN_DATE, Status.DUE_SOON} and self.completed

    @property
    def needs_chasing(self) -> bool:
        return self.status in {Status.OVERDUE, Status.EXPIRED, Status.DUE_SOON}


def standing(
    module: Module, started_on: date | None, last: date | None, today: date
) -> tuple[date | None, date | None, str]:
    """(expiry, due date, status) of one person for one module.

    Never completed: due a month after the later of the module's "required from" date
    and the person's start date (new starters: a month from starting). Completed: in date
    until the refresher period runs out, when the next completion is due.
    """
    soon = today + timedelta(days=DUE_SOON_DAYS)
    if last is None:
        start = max(d for d in (module.required_from, started_on) if d is not None)
        due = add_months(start, NEW_STARTER_MONTHS)
        if due < today:
            return None, due, Status.OVERDUE
        return None, due, Status.DUE_SOON if due <= soon else Status.NOT_YET_DUE
    expires = add_months(last, module.refresher_months) if module.refresher_months else None
    if expires is None:
        return None, None, Status.IN_DATE
    if expires < today:
        return expires, expires, Status.EXPIRED
    return expires, expires, Status.DUE_SOON if expires <= soon else Status.IN_DATE


def compliance_rows(
    *,
    modules: Iterable[Module] | None = None,
    division_ids: Iterable[int] | None = None,
    person_ids: Iterable[int] | None = None,
    today: date | None = None,
) -> list[PersonModule]:
    """One row per (person required, module): the whole compliance picture.

    `modules` None: every active mandatory module. `division_ids` None: every division
    (and elected members, who have none); otherwise only people in those divisions.
    Queries: one for the people of each module, one for the latest completions.
    """
    day = today or timezone.localdate()
    chosen = (
        list(modules)
        if modules is not None
        else list(Module.objects.filter(is_active=True, mandatory=True))
    )
    if not chosen:
        return []
    division_filter = None if division_ids is None else sorted(set(division_ids))
    person_filter = None if person_ids is None else sorted(set(person_ids))
    people_of: dict[int, list[tuple[Any, ...]]] = {}
    everyone: set[int] = set()
    for module in chosen:
        people = module.people(day)
        if division_filter is not None:
            people = people.filter(division_id__in=division_filter)
        if person_filter is not None:
            people = people.filter(pk__in=person_filter)
        rows = list(
            people.values_list(
                "pk",
                "first_name",
                "last_name",
                "email",
                "division_id",
                "line_manager_id",
                "kind",
                "started_on",
            ).order_by("last_name", "first_name", "pk")
        )
        people_of[module.pk] = rows
        everyone.update(r[0] for r in rows)
    # As on `day`: a completion after it does not count yet.
    completions = Completion.objects.filter(
        module__in=[m.pk for m in chosen], completed_on__lte=day
    )
    if division_filter is not None:
        completions = completions.filter(person__division_id__in=division_filter)
    if person_filter is not None:
        completions = completions.filter(person_id__in=person_filter)
    latest = completions.latest_by_pair()
    result: list[PersonModule] = []
    for module in chosen:
        for pk, first, last_name, email, division_id, manager_id, kind, started in people_of[
            module.pk
        ]:
            last = latest.get((pk, module.pk))
            expires, due, status = standing(module, started, last, day)
            result.append(
                PersonModule(
                    person_id=pk,
                    name=f"{first} {last_name}".strip(),
                    email=email,
                    division_id=division_id,
                    manager_id=manager_id,
                    kind=kind,
                    module_id=module.pk,
                    audience=module.audience,
                    last_completed=last,
                    expires_on=expires,
                    due_on=due,
                    status=status,
                )
            )
    return result


def percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Compliance:
    """The counts of a set of (person, module) rows."""

    label: str = ""
    key: Any = None
    required: int = 0
    completed: int = 0
    in_date: int = 0
    expired: int = 0
    overdue: int = 0
    due_soon: int = 0
    people: set[int] = field(default_factory=set)

    def add(self, row: PersonModule) -> None:
        self.required += 1
        self.people.add(row.person_id)
        if row.completed:
            self.completed += 1
        if row.in_date:
            self.in_date += 1
        if row.status == Status.EXPIRED:
            self.expired += 1
        elif row.status == Status.OVERDUE:
            self.overdue += 1
        elif row.status == Status.DUE_SOON:
            self.due_soon += 1

    @property
    def percent(self) -> Decimal | None:
        return percent(self.in_date, self.required)

    def as_api(self) -> dict[str, Any]:
        value = self.percent
        return {
            "required": self.required,
            "completed": self.completed,
            "in_date": self.in_date,
            "percent": float(value) if value is not None else None,
        }


def summarise(rows: Iterable[PersonModule]) -> Compliance:
    total = Compliance(label="All")
    for row in rows:
        total.add(row)
    return total


def group_rows(rows: Iterable[PersonModule], key: Any) -> dict[Any, Compliance]:
    groups: dict[Any, Compliance] = {}
    for row in rows:
        k = key(row)
        groups.setdefault(k, Compliance(key=k)).add(row)
    return groups


# --- awareness campaigns and surveys ----------------------------------------------------


def validate_links(text: str) -> list[str]:
    """One web address a line; every line must be one."""
    check = URLValidator(schemes=["http", "https"])
    links = [line.strip() for line in text.splitlines() if line.strip()]
    for number, link in enumerate(links, start=1):
        try:
            check(link)
        except ValidationError:
            raise ValidationError(
                f"Line {number} (“{link[:80]}”) is not a web address: give one link a line, "
                "starting with https://."
            ) from None
    return links


class Campaign(GovernedModel):
    """An awareness campaign: who it is for, when, how, and the materials it uses."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.ALL_STAFF)
    role = models.CharField("Specialist role", max_length=40, choices=SPECIALIST_ROLES, blank=True)
    starts_on = models.DateField(validators=[planned])
    ends_on = models.DateField(validators=[planned])
    channel = models.CharField(max_length=20, choices=Channel.choices)
    materials = models.TextField(
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text="Links to the campaign's materials (intranet pages, network folders), one "
        "a line.",
    )
    history = HistoricalRecords()
    policy = Policy(division_path=None, signed_in_view=True)

    class Meta:
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be on or after the start date."
        if self.audience == Audience.ROLE and not self.role:
            errors["role"] = "Choose the specialist role the campaign is for."
        if self.audience != Audience.ROLE and self.role:
            errors["role"] = "Leave the role empty unless the audience is a role."
        try:
            validate_links(self.materials or "")
        except ValidationError as exc:
            errors["materials"] = exc.messages
        if errors:
            raise ValidationError(errors)

    @property
    def material_links(self) -> list[str]:
        return [line.strip() for line in (self.materials or "").splitlines() if line.strip()]


class Survey(GovernedModel):
    """A short survey (agreement statements), usually part of a campaign."""

    title = models.CharField(max_length=200)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys"
    )
    introduction = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    opens_on = models.DateField(validators=[planned])
    closes_on = models.DateField(validators=[planned])
    history = HistoricalRecords()
    policy = Policy(division_path=None, signed_in_view=True)

    class Meta:
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The closing date must be on or after opening."})

    def is_open(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.opens_on <= day <= self.closes_on


class Question(GovernedModel):
    """A statement people rate on a five-point agreement scale."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(max_length=300)
    history = HistoricalRecords()
    policy = Policy(division_path=None, signed_in_view=True)

    class Meta:
        ordering = ["survey", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="question_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class SurveyResponse(GovernedModel):
    """One person's answers to one survey (through `services.respond`), once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="survey_responses")
    division = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The respondent's division when they answered.",
    )
    submitted_at = models.DateTimeField(default=timezone.now, validators=[happened])
    history = HistoricalRecords()
    policy = Policy(
        council_wide={VIEW: READ_EVERYTHING, ADD: (), CHANGE: (), DELETE: {Role.IG_MANAGER}},
        in_division={VIEW: OFFICER},
        own_path="person",
        own_actions={VIEW},
        signed_in_add=True,  # anyone signed in answers, through the service only
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="survey_response_once")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.survey}"


class Answer(GovernedModel):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(choices=SCALE)
    history = HistoricalRecords()
    policy = Policy(
        division_path="response__division",
        council_wide={VIEW: READ_EVERYTHING, ADD: (), CHANGE: (), DELETE: ()},
        in_division={VIEW: OFFICER},
        own_path="response__person",
        own_actions={VIEW},
    )

    class Meta:
        ordering = ["response", "question__number"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.question.text}: {self.get_score_display()}"


__all__ = [
    "Answer",
    "Campaign",
    "Completion",
    "Compliance",
    "Module",
    "PersonModule",
    "Question",
    "Survey",
    "SurveyResponse",
    "audience_q",
    "compliance_rows",
    "group_rows",
    "standing",
    "summarise",
]
