"""Information request cases (SAR, FOI, EIR, reviews, rights requests), their events,
search tasks, documents, exemptions applied, and the log of who viewed personal data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from infogov.core.models import GovernedModel
from infogov.core.permissions import (
    ADD,
    CHANGE,
    DELETE,
    MASKED,
    VIEW,
    FieldRule,
    Policy,
    get_roles,
    may_read,
)
from infogov.core.roles import Role
from infogov.core.validators import TEXT_MAX_LENGTH, happened, planned
from infogov.requests.choices import (
    OPEN_STATUSES,
    PERSONAL_KINDS,
    AccessChannel,
    AppealStatus,
    CaseKind,
    CaseStatus,
    Channel,
    DocumentType,
    EventType,
    Outcome,
    ResponseMethod,
    TaskKind,
    TaskStatus,
    exemption_choices,
)

PERSONAL_FIELDS = (
    "requester_name",
    "requester_email",
    "requester_address",
    "requester_phone",
    "subject_name",
    "acting_for",
    "authority_note",
)
# Personal data a case's children hold (scrubbed with the case's when it is anonymised).
EVENT_PERSONAL_FIELDS = ("reason", "note", "withdrawn_reason")
TASK_PERSONAL_FIELDS = ("instructions", "result")
DOCUMENT_PERSONAL_FIELDS = ("title", "file")
EXEMPTION_PERSONAL_FIELDS = ("note",)
PERSONAL_READERS = frozenset({Role.IG_MANAGER, Role.SIRO})


class CaseworkPolicy(Policy):
    """A Policy whose "own" records (a case's caseworker) count only for caseworkers.

    Anyone could in principle be named as a case's caseworker, but only people holding
    the caseworker role see cases through that link; staff see nothing.
    """

    own_roles = frozenset({Role.CASEWORKER})

    def q(self, user: Any, action: str) -> Q | None:
        roles = get_roles(user)
        if (
            self.own_path
            and action in self.own_actions
            and roles.authenticated
            and not roles.is_superuser
            and not roles.has(*self.own_roles)
        ):
            plain = Policy.__new__(Policy)
            plain.__dict__.update(self.__dict__)
            plain.own_path = None
            return plain.q(user, action)
        return super().q(user, action)


class ActingFor(models.TextChoices):
    SELF = "", "Themselves"
    PARENT = "parent", "Parent or guardian of a child"
    SOLICITOR = "solicitor", "Solicitor or legal representative"
    ATTORNEY = "attorney", "Power of attorney or guardianship order"
    ADVOCATE = "advocate", "Advocate, carer or other representative"
    POLICE = "police", "Police or other law-enforcement body"
    ORGANISATION = "organisation", "Another organisation"


class Case(GovernedModel):
    """One request: who asked, for what, how it arrived, and where it stands."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=CaseKind.choices)
    received_on = models.DateField("Received", validators=[happened])
    channel = models.CharField(
        "How it arrived", max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    requester_name = models.CharField("Requester", max_length=200)
    requester_email = models.EmailField("Requester e-mail", blank=True)
    requester_address = models.TextField(
        "Requester address", blank=True, max_length=TEXT_MAX_LENGTH
    )
    requester_phone = models.CharField("Requester phone", max_length=40, blank=True)
    subject_name = models.CharField(
        "Data subject",
        max_length=200,
        blank=True,
        help_text="Only if the requester asks for someone else's information.",
    )
    acting_for = models.CharField(
        "Requester acts as", max_length=20, choices=ActingFor.choices, blank=True, default=""
    )
    authority_note = models.CharField(
        "Authority to act",
        max_length=300,
        blank=True,
        help_text="What shows the requester may act for the data subject.",
    )
    description = models.TextField("What is asked for", max_length=TEXT_MAX_LENGTH)
    division = models.ForeignKey(
        "organisation.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request_cases",
        help_text="The division mainly concerned, if any.",
    )
    caseworker = models.ForeignKey(
        "organisation.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request_cases",
    )
    original_case = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="For an internal review: the request being reviewed.",
    )
    status = models.CharField(
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.OPEN,
        editable=False,
        db_index=True,
    )
    due_on = models.DateField("Due", null=True, blank=True, editable=False, db_index=True)
    clock_steps = models.JSONField(default=list, blank=True, editable=False)
    responded_on = models.DateField("Responded", null=True, blank=True, editable=False)
    closed_on = models.DateField("Closed", null=True, blank=True, editable=False)
    response_method = models.CharField(max_length=20, choices=ResponseMethod.choices, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    redaction_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    redaction_signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    appeal_status = models.CharField(
        "Appeal to the Commissioner",
        max_length=20,
        choices=AppealStatus.choices,
        blank=True,
        default="",
    )
    appeal_reference = models.CharField(max_length=40, blank=True)
    publish_in_disclosure_log = models.BooleanField(
        "Propose for the disclosure log",
        default=False,
        help_text="FOI/EIR: the IG team publishes it, with a public title and summary, once "
        "the redaction review is signed off.",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()
    policy = CaseworkPolicy(
        council_wide={
            VIEW: {Role.IG_MANAGER, Role.SIRO, Role.AUDITOR},
            ADD: {Role.IG_MANAGER, Role.CASEWORKER},
            CHANGE: {Role.IG_MANAGER},
            DELETE: {Role.IG_MANAGER},
        },
        own_path="caseworker",
        own_actions={VIEW, CHANGE},
        field_roles={"caseworker": {Role.IG_MANAGER}},
        # Requester and subject details: the IG manager, the SIRO and the case's
        # caseworker; others who see the case (the auditor) see them masked.
        field_rules=[
            FieldRule(
                PERSONAL_FIELDS,
                council_wide=PERSONAL_READERS,
                own_path="caseworker",
                otherwise=MASKED,
            ),
            # What a subject access (or other data-protection rights) request asks for
            # is the requester's personal data: read as their details are.
            FieldRule(
                ("description",),
                council_wide=PERSONAL_READERS,
                own_path="caseworker",
                otherwise=MASKED,
                only_when=("kind", PERSONAL_KINDS),
            ),
        ],
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "request case"
        indexes = [models.Index(fields=["kind", "received_on"])]

    def __str__(self) -> str:
        return self.reference or "New case"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def on_time(self) -> bool | None:
        if self.responded_on is None or self.due_on is None:
            return None
        return self.responded_on <= self.due_on

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.acting_for
            and not self.subject_name
            and self.acting_for not in {ActingFor.POLICE, ActingFor.ORGANISATION}
        ):
            errors["subject_name"] = "Name the person whose information is asked for."
        if self.original_case_id and self.original_case_id == self.pk:
            errors["original_case"] = "A case cannot review itself."
        if errors:
            raise ValidationError(errors)


def can_see_personal_data(user: Any, case: Case) -> bool:
    """Only the IG manager, the SIRO and the assigned caseworker see requester details
    (the case's field rule; their views are logged as `PersonalDataAccess`)."""
    return may_read(user, case, PERSONAL_FIELDS[0])


class CaseEvent(GovernedModel):
    """One step in a case's life; the deadline is replayed from these."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=30, choices=EventType.choices)
    on = models.DateField(validators=[happened])
    reason = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # An event recorded in error is withdrawn, never deleted: it stays on the timeline
    # (struck through) and the clock is replayed without it.
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawn_reason = models.CharField(
        "Why it was withdrawn", max_length=300, blank=True, editable=False
    )
    history = HistoricalRecords()
    policy = CaseworkPolicy(
        division_path=None,
        council_wide={VIEW: {Role.IG_MANAGER, Role.SIRO, Role.AUDITOR}},
        own_path="case__caseworker",
        own_actions={VIEW},
        # Reasons and notes can name people: masked like the requester's details.
        field_rules=[
            FieldRule(
                EVENT_PERSONAL_FIELDS,
                council_wide=PERSONAL_READERS,
                own_path="case__caseworker",
                otherwise=MASKED,
            )
        ],
    )

    class Meta:
        ordering = ["on", "id"]
        verbose_name = "case event"

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.on}"

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()

    @property
    def in_effect(self) -> bool:
        """False once withdrawn as recorded in error: the clock no longer counts it."""
        return self.withdrawn_at is None


class SearchTask(GovernedModel):
    """A division asked to search its records (or a professional consulted)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=20, choices=TaskKind.choices, default=TaskKind.SEARCH)
    division = models.ForeignKey(
        "organisation.Division", on_delete=models.PROTECT, related_name="request_tasks"
    )
    assignee = models.ForeignKey(
        "organisation.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request_tasks",
        help_text="Leave blank to send it to the division's information officer.",
    )
    instructions = models.TextField(
        help_text="What to search for. Do not include the requester's contact details.",
        max_length=TEXT_MAX_LENGTH,
    )
    due_on = models.DateField("Due", validators=[planned])
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True, validators=[happened])
    result = models.TextField("What was found", blank=True, max_length=TEXT_MAX_LENGTH)
    chased_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()
    policy = CaseworkPolicy(
        council_wide={
            VIEW: {Role.IG_MANAGER, Role.SIRO, Role.AUDITOR},
            ADD: {Role.IG_MANAGER, Role.CASEWORKER},
            CHANGE: {Role.IG_MANAGER},
            DELETE: {Role.IG_MANAGER},
        },
        in_division={VIEW: {Role.INFORMATION_OFFICER}, CHANGE: {Role.INFORMATION_OFFICER}},
        own_path="case__caseworker",
        own_actions={VIEW, CHANGE, DELETE},
        field_roles={"case": {Role.IG_MANAGER, Role.CASEWORKER}},
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "search task"

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.get_kind_display()} ({self.division})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.status != TaskStatus.OPEN
            and self.status != TaskStatus.CANCELLED
            and (self.completed_on is None)
        ):
            errors["completed_on"] = "Enter the date the search was completed."
        if self.case_id and self.due_on and self.due_on < self.case.received_on:
            errors["due_on"] = "The task cannot be due before the request was received."
        if errors:
            raise ValidationError(errors)


def document_path(instance: Document, filename: str) -> str:
    return f"requests/{instance.case_id}/{filename}"


class Document(GovernedModel):
    """A document gathered for a case (records found, redacted copies, the response)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    doc_type = models.CharField(
        "Type", max_length=20, choices=DocumentType.choices, default=DocumentType.RECORDS
    )
    file = models.FileField(upload_to=document_path, max_length=300)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    released = models.BooleanField("Released to the requester", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()
    policy = CaseworkPolicy(
        division_path=None,
        council_wide={
            VIEW: {Role.IG_MANAGER, Role.SIRO},
            ADD: {Role.IG_MANAGER, Role.CASEWORKER},
            CHANGE: {Role.IG_MANAGER},
            DELETE: {Role.IG_MANAGER},
        },
        own_path="case__caseworker",
        own_actions={VIEW, CHANGE, DELETE},
    )

    class Meta:
        ordering = ["case", "title", "id"]

    def __str__(self) -> str:
        return self.title


class AppliedExemption(GovernedModel):
    """An exemption or exception applied to (part of) a document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="exemptions")
    exemption = models.CharField(max_length=30, choices=exemption_choices)
    note = models.CharField("Where and why", max_length=300, blank=True)
    history = HistoricalRecords()
    policy = CaseworkPolicy(
        division_path=None,
        council_wide={
            VIEW: {Role.IG_MANAGER, Role.SIRO, Role.AUDITOR},
            ADD: {Role.IG_MANAGER, Role.CASEWORKER},
            CHANGE: {Role.IG_MANAGER},
            DELETE: {Role.IG_MANAGER},
        },
        own_path="document__case__caseworker",
        own_actions={VIEW, CHANGE, DELETE},
    )

    class Meta:
        ordering = ["document", "exemption", "id"]
        verbose_name = "applied exemption"

    def __str__(self) -> str:
        return self.get_exemption_display()

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url()


class PersonalDataAccess(models.Model):
    """Who saw a case's requester and subject details, when, and through what."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    channel = models.CharField(max_length=10, choices=AccessChannel.choices)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "personal data access"
        verbose_name_plural = "personal data accesses"

    def __str__(self) -> str:
        return f"{self.user} viewed {self.case_id} at {self.at:%Y-%m-%d %H:%M}"


# --- Publication: the disclosure log and the publication scheme (FOISA s.23, s.60 Code) ---
from django.core.validators import MinValueValidator  # noqa: E402

from infogov.core.history import GroupedHistoricalRecords  # noqa: E402
from infogov.requests.choices import Availability, DisclosureSubject  # noqa: E402


def requester_details_in(case: Case, texts: dict[str, str]) -> dict[str, str]:
    """Field errors for public texts that quote the requester's or subject's details."""
    found: dict[str, str] = {}
    personal = [
        (label, value.strip())
        for label, value in (
            ("the requester's name", case.requester_name),
            ("the requester's e-mail address", case.requester_email),
            ("the data subject's name", case.subject_name),
        )
        if value and len(value.strip()) > 2
    ]
    for field, text in texts.items():
        lowered = (text or "").lower()
        for label, value in personal:
            if value.lower() in lowered:
                found[field] = f"Remove {label}: nothing personal is published."
                break
    return found


class DisclosureEntry(GovernedModel):
    """A released FOI/EIR response in the public disclosure log (FOISA s.23; s.60 Code).

    Its public title and summary are written by the IG team when they decide to publish;
    the requester and the request's own words are never part of it. Only the documents
    chosen at publication (released, and reviewed before the redaction sign-off) are
    public. Withdrawing it from the log keeps the record, with who and why.
    """

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="disclosure_entry")
    title = models.CharField("Public title", max_length=200)
    summary = models.TextField("Public summary", max_length=TEXT_MAX_LENGTH)
    subject = models.CharField(max_length=20, choices=DisclosureSubject.choices)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="disclosure_entries", verbose_name="Published documents"
    )
    published_on = models.DateField("Published", editable=False, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawn_on = models.DateField("Withdrawn", null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawal_reason = models.CharField(max_length=300, blank=True, editable=False)
    history = GroupedHistoricalRecords()
    # Public once published: every signed-in person may read the staff pages too. Entries
    # are made by publishing a case and never deleted (withdrawn instead).
    policy = Policy(
        division_path=None,
        signed_in_view=True,
        council_wide={ADD: set(), CHANGE: {Role.IG_MANAGER}, DELETE: set()},
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "disclosure log entry"
        verbose_name_plural = "disclosure log entries"

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.title}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_on is None

    def public_url(self) -> str:
        from django.urls import reverse

        return reverse("requests:disclosureentry_public", args=[self.pk])

    def clean(self) -> None:
        if self.case_id:
            errors = requester_details_in(self.case, {"title": self.title, "summary": self.summary})
            if errors:
                raise ValidationError(errors)


class PublicationClass(GovernedModel):
    """A class of information of the Commissioner's Model Publication Scheme.

    Loaded from `requests/data/publication_scheme.json` (the Commissioner's classes, as
    adopted without amendment); not edited in InfoGov.
    """

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = Policy(
        division_path=None,
        signed_in_view=True,
        council_wide={ADD: set(), CHANGE: set(), DELETE: set()},
    )

    class Meta:
        ordering = ["number"]
        verbose_name = "publication scheme class"
        verbose_name_plural = "publication scheme classes"

    def __str__(self) -> str:
        return f"Class {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("publication:class_public", args=[self.number])


class GuideItem(GovernedModel):
    """One item of the council's Guide to Information: what is published under a class,
    where, how to get it and what it costs, with its next review."""

    publication_class = models.ForeignKey(
        PublicationClass, on_delete=models.PROTECT, related_name="items", verbose_name="Class"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    url = models.URLField(
        "Where it is published",
        max_length=500,
        blank=True,
        help_text="The web page or document. Leave blank if it is only available on request.",
    )
    availability = models.CharField(
        "How to get it", max_length=20, choices=Availability.choices, default=Availability.ONLINE
    )
    charge = models.DecimalField(
        "Charge (£)",
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="0 when it is free.",
    )
    charge_note = models.CharField(
        "About the charge",
        max_length=300,
        blank=True,
        help_text="For example: photocopying at 10p a page; postage at cost.",
    )
    review_on = models.DateField("Next review", validators=[planned])
    reviewed_on = models.DateField("Last reviewed", null=True, blank=True, validators=[happened])
    history = HistoricalRecords()
    policy = Policy(division_path=None, signed_in_view=True)

    class Meta:
        ordering = ["publication_class__number", "title", "id"]
        verbose_name = "Guide to Information item"

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return not self.charge

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.availability in {Availability.ONLINE, Availability.BOTH} and not self.url:
            errors["url"] = "Enter where it is published online, or choose “On request”."
        if self.charge and not self.charge_note:
            errors["charge_note"] = "Say what the charge is for."
        if errors:
            raise ValidationError(errors)


# --- letters (requests/letters.py) ---------------------------------------------------

from infogov.requests.choices import LetterFamily, LetterType  # noqa: E402


class LetterTemplate(GovernedModel):
    """The wording of one kind of letter, for one family of requests (FOISA, EIR, SAR).

    Placeholders such as `{{ case.reference }}` are filled from the case when a letter is
    generated; only the names listed in `requests.letters.PLACEHOLDERS` are accepted.
    """

    letter = models.CharField("Letter", max_length=30, choices=LetterType.choices)
    family = models.CharField(
        "Used for",
        max_length=10,
        choices=LetterFamily.choices,
        blank=True,
        default="",
        help_text="The requests this wording is for; “Any other kind” is used when no "
        "wording for the case's law exists.",
    )
    subject = models.CharField(
        "Subject line", max_length=200, help_text="The e-mail subject and the letter's heading."
    )
    body = models.TextField(
        max_length=TEXT_MAX_LENGTH,
        help_text="Separate paragraphs with a blank line. Placeholders are written "
        "{{ case.reference }}.",
    )
    history = HistoricalRecords()
    policy = Policy(
        division_path=None,
        council_wide={
            VIEW: {Role.IG_MANAGER, Role.SIRO, Role.AUDITOR, Role.CASEWORKER},
            ADD: {Role.IG_MANAGER},
            CHANGE: {Role.IG_MANAGER},
            DELETE: {Role.IG_MANAGER},
        },
    )

    class Meta:
        ordering = ["letter", "family", "id"]
        verbose_name = "letter template"
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "family"], name="requests_one_template_per_letter_and_family"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_letter_display()}: {self.get_family_display()}"

    def clean(self) -> None:
        from infogov.requests.letters import template_errors

        errors = {
            name: message
            for name, message in (
                ("subject", template_errors(self.subject)),
                ("body", template_errors(self.body)),
            )
            if message
        }
        if (
            self.letter
            and LetterTemplate.objects.filter(letter=self.letter, family=self.family)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["family"] = (
                "There is already a template for this letter and these requests: edit it."
            )
        if errors:
            raise ValidationError(errors)
