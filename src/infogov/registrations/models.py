"""ICO registrations: one record per controller, and elected members' exemptions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from infogov.core.models import GovernedModel
from infogov.core.permissions import VIEW, Policy
from infogov.core.validators import TEXT_MAX_LENGTH, happened, planned
from infogov.organisation.models import Person
from infogov.registrations.choices import (
    MEMBER_EXEMPTION_START,
    RegistrationStatus,
    Tier,
    fee_for,
)

ICO_NUMBER = RegexValidator(
    r"^Z[A-Z0-9]{5,9}$",
    "Enter the ICO registration number as shown on the certificate, e.g. Z5632145.",
)


def one_year_on(start: date) -> date:
    """The expiry of a registration starting on `start`: a year later, less a day."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


class Registration(GovernedModel):
    """A controller's registration with the ICO (data protection fee)."""

    controller_name = models.CharField(max_length=200)
    registration_number = models.CharField(max_length=12, unique=True, validators=[ICO_NUMBER])
    tier = models.PositiveSmallIntegerField(choices=Tier.choices)
    direct_debit = models.BooleanField("Paid by direct debit", default=False)
    fee = models.DecimalField(max_digits=8, decimal_places=2, editable=False, default=Decimal("0"))
    starts_on = models.DateField("Start date", validators=[planned])
    expires_on = models.DateField(
        "Expiry date",
        blank=True,
        help_text="Left empty: a year after the start, less a day.",
        validators=[planned],
    )
    payment_reference = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.ACTIVE
    )
    contact = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who is reminded to renew. Left empty: the IG team.",
    )
    notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = Policy(division_path=None)

    class Meta:
        ordering = ["expires_on", "controller_name"]
        verbose_name = "ICO registration"

    def __str__(self) -> str:
        return f"{self.controller_name} ({self.registration_number})"

    def compute(self) -> None:
        if self.starts_on and not self.expires_on:
            self.expires_on = one_year_on(self.starts_on)
        if self.tier and self.starts_on:
            self.fee = fee_for(self.tier, self.direct_debit, self.starts_on)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.compute()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.starts_on and self.expires_on and self.expires_on <= self.starts_on:
            raise ValidationError({"expires_on": "The expiry date must be after the start date."})
        self.compute()

    @property
    def days_to_expiry(self) -> int | None:
        if not self.expires_on:
            return None
        return (self.expires_on - timezone.localdate()).days

    @property
    def renewal_due(self) -> bool:
        days = self.days_to_expiry
        return self.status == RegistrationStatus.ACTIVE and days is not None and days <= 60


class MemberExemption(GovernedModel):
    """An elected member's exemption from the fee for their functions (since 1 April 2019)."""

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="ico_exemption",
        limit_choices_to={"kind": "elected_member"},
    )
    exempt_since = models.DateField(default=MEMBER_EXEMPTION_START, validators=[happened])
    registered_for_other_processing = models.BooleanField(
        default=False,
        help_text="The member has registered with the ICO for processing other than their "
        "functions as an elected member (e.g. a business).",
    )
    registration_number = models.CharField(
        "Own ICO registration number", max_length=12, blank=True, validators=[ICO_NUMBER]
    )
    notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()
    policy = Policy(division_path=None, own_path="person", own_actions={VIEW})

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        verbose_name = "elected member exemption"

    def __str__(self) -> str:
        return f"{self.person}: {self.status_text}"

    @property
    def status_text(self) -> str:
        if self.registered_for_other_processing:
            return f"Registered for other processing ({self.registration_number})"
        return "Exempt for their functions as an elected member"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.person_id:
            kind = Person.objects.filter(pk=self.person_id).values_list("kind", flat=True).first()
            if kind != "elected_member":
                errors["person"] = "Only elected members are exempt in this way."
        if self.exempt_since and self.exempt_since < MEMBER_EXEMPTION_START:
            errors["exempt_since"] = "The exemption for elected members began on 1 April 2019."
        if self.registered_for_other_processing and not self.registration_number:
            errors["registration_number"] = "Enter the member's own registration number."
        if errors:
            raise ValidationError(errors)
