"""Council, divisions, services, people, roles, groups and the roles page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from infogov.core.models import GovernedModel, RestrictedQuerySet
from infogov.core.permissions import ADD, CHANGE, DELETE, REFERENCE, VIEW, Policy
from infogov.core.roles import DIVISION_SCOPED, READ_EVERYTHING, Role
from infogov.core.validators import TEXT_MAX_LENGTH, happened, planned
from infogov.organisation.choices import GroupKind, MembershipRole, PersonKind


class Council(GovernedModel):
    """The controller: its name and the details the record of processing needs."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    address = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    ico_registration_number = models.CharField("ICO registration number", max_length=20, blank=True)
    dpo_contact = models.CharField(
        "Data Protection Officer contact",
        max_length=300,
        blank=True,
        help_text="How people reach the Data Protection Officer (UK GDPR Art. 37(7)).",
    )
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        verbose_name = "council"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Council | None:
        return cls.objects.order_by("pk").first()


class Division(GovernedModel):
    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(max_length=20, unique=True, help_text="A short code, e.g. CR.")
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    is_active = models.BooleanField("Active", default=True)
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(GovernedModel):
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    is_active = models.BooleanField("Active", default=True)
    history = HistoricalRecords()
    policy = Policy(signed_in_view=True)

    class Meta:
        ordering = ["division__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="service_unique_in_division")
        ]

    def __str__(self) -> str:
        return self.name


class Person(GovernedModel):
    """Anyone the council's governance records name: staff, members, co-opted experts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The sign-in account, if this person signs in.",
    )
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    kind = models.CharField(max_length=20, choices=PersonKind.choices, default=PersonKind.STAFF)
    division = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    ward = models.CharField(max_length=120, blank=True, help_text="For elected members.")
    organisation = models.CharField(
        max_length=150, blank=True, help_text="For co-opted experts and external contacts."
    )
    started_on = models.DateField("Start date", null=True, blank=True)
    is_active = models.BooleanField("Active", default=True)
    history = HistoricalRecords()
    policy = Policy(
        signed_in_view=True,
        in_division={ADD: {Role.INFORMATION_OFFICER}, CHANGE: {Role.INFORMATION_OFFICER}},
        field_roles={"user": {Role.IG_MANAGER}},
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["email"])]

    # People pickers (core.pickers): what a search matches and what tells people apart.
    picker_search = ("first_name", "last_name", "job_title", "division__name", "email")
    picker_related = ("division",)

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def picker_label(self) -> str:
        """Name, job title (or kind) and division: "Aileen Anderson — Records manager,
        Corporate Resources", so two people of one name can be told apart."""
        role = self.job_title or (self.get_kind_display() if self.kind != "staff" else "")
        where = self.division.name if self.division is not None else self.organisation or self.ward
        detail = ", ".join(part for part in (role, where) if part)
        return f"{self.full_name} — {detail}" if detail else self.full_name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == PersonKind.STAFF and self.division_id is None:
            errors["division"] = "Choose the division this member of staff works in."
        if (
            self.service is not None
            and self.division_id
            and self.service.division_id != self.division_id
        ):
            errors["service"] = "Choose a service in the person's own division."
        if self.line_manager_id and self.pk and self.line_manager_id == self.pk:
            errors["line_manager"] = "A person cannot be their own line manager."
        if errors:
            raise ValidationError(errors)


class RoleAssignmentQuerySet(RestrictedQuerySet):
    def current(self, on: Any = None) -> RoleAssignmentQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=day) | Q(starts_on__isnull=True)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class RoleAssignment(GovernedModel):
    """A person holds a role — council-wide, or for one division."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=40, choices=Role.choices)
    division = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=(
            "Required for information officers, deputies, asset owners and divisional chairs."
        ),
    )
    starts_on = models.DateField(null=True, blank=True, validators=[planned])
    ends_on = models.DateField(null=True, blank=True, validators=[planned])
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()  # type: ignore[misc]
    policy = Policy(signed_in_view=True)

    class Meta:
        ordering = ["role", "division__name", "person__last_name"]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        where = f" ({self.division})" if self.division_id else ""
        return f"{self.get_role_display()}{where}: {self.person}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.role in DIVISION_SCOPED and self.division_id is None:
            errors["division"] = (
                f"Choose the division this {self.get_role_display().lower()} serves."
            )
        if self.role and self.role not in DIVISION_SCOPED and self.division_id is not None:
            errors["division"] = (
                f"A {self.get_role_display()} role is council-wide: leave the division empty."
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be on or after the start date."
        if errors:
            raise ValidationError(errors)


class Group(GovernedModel):
    """The main IMG and one divisional group (DIMG) per division."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=10, choices=GroupKind.choices)
    division = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="groups"
    )
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    meeting_frequency = models.CharField(max_length=60, default="Bi-monthly")
    history = HistoricalRecords()
    policy = Policy(signed_in_view=True, in_division={CHANGE: {Role.INFORMATION_OFFICER}})

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == GroupKind.DIMG and self.division_id is None:
            raise ValidationError({"division": "A divisional group needs its division."})
        if self.kind == GroupKind.IMG and self.division_id is not None:
            raise ValidationError({"division": "The main group is council-wide: no division."})


class Membership(GovernedModel):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=MembershipRole.choices, default="member")
    deputy_for = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputised_by",
        help_text="For a deputy: the member they attend for.",
    )
    starts_on = models.DateField(null=True, blank=True, validators=[planned])
    ends_on = models.DateField(null=True, blank=True, validators=[planned])
    history = HistoricalRecords()
    policy = Policy(
        division_path="group__division",
        signed_in_view=True,
        in_division={
            ADD: {Role.INFORMATION_OFFICER},
            CHANGE: {Role.INFORMATION_OFFICER},
            DELETE: {Role.INFORMATION_OFFICER},
        },
    )

    class Meta:
        ordering = ["group__name", "role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} of {self.group}"

    def clean(self) -> None:
        if self.role == MembershipRole.DEPUTY and not self.deputy_for_id:
            raise ValidationError({"deputy_for": "Name the member this deputy attends for."})
        if self.deputy_for_id and self.deputy_for_id == self.person_id:
            raise ValidationError({"deputy_for": "A person cannot deputise for themselves."})


class RoleDescription(GovernedModel):
    """What a role is responsible for; published together on the roles page."""

    role = models.CharField(max_length=40, choices=Role.choices, unique=True)
    summary = models.CharField(max_length=300)
    responsibilities = models.TextField(
        help_text="One responsibility a line.", max_length=TEXT_MAX_LENGTH
    )
    mfa_required = models.BooleanField(
        "Two-factor sign-in required",
        default=False,
        help_text="Holders of this role must set up an authenticator app to sign in.",
    )
    history = HistoricalRecords()
    policy = REFERENCE

    class Meta:
        ordering = ["role"]

    def __str__(self) -> str:
        return self.get_role_display()

    @property
    def responsibility_lines(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.responsibilities.splitlines() if line.strip()]


class RolesPageVersion(GovernedModel):
    """A published version of the roles-and-responsibilities page."""

    version = models.PositiveIntegerField(unique=True)
    published_at = models.DateTimeField(default=timezone.now, validators=[happened])
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    introduction = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    change_note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()
    policy = Policy(division_path=None, signed_in_view=True, council_wide={CHANGE: (), DELETE: ()})

    class Meta:
        ordering = ["-version"]
        verbose_name = "roles page version"

    def __str__(self) -> str:
        return f"Roles and responsibilities, version {self.version}"

    @classmethod
    def current(cls) -> RolesPageVersion | None:
        return cls.objects.order_by("-version").first()


class Acknowledgement(GovernedModel):
    """A role holder confirms they have read the roles page (recorded with date)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="acknowledgements")
    version = models.ForeignKey(
        RolesPageVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now, validators=[happened])
    history = HistoricalRecords()
    policy = Policy(
        division_path="person__division",
        council_wide={VIEW: READ_EVERYTHING, ADD: (), CHANGE: (), DELETE: ()},
        in_division={VIEW: {Role.INFORMATION_OFFICER}},
        own_path="person",
        own_actions={VIEW},
        signed_in_add=True,  # anyone signed in acknowledges, through the service only
    )

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="acknowledgement_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} acknowledged version {self.version.version}"


__all__ = [
    "Acknowledgement",
    "Council",
    "Division",
    "Group",
    "Membership",
    "Person",
    "Role",
    "RoleAssignment",
    "RoleDescription",
    "RolesPageVersion",
    "Service",
]
