"""Forms for ICO registrations."""

from __future__ import annotations

from typing import Any

from django import forms

from infogov.core.forms import GovernedForm
from infogov.registrations import models


class RegistrationForm(GovernedForm):
    class Meta:
        model = models.Registration
        fields = [
            "controller_name",
            "registration_number",
            "tier",
            "direct_debit",
            "starts_on",
            "expires_on",
            "payment_reference",
            "status",
            "contact",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("contact", is_active=True, kind="staff")


class MemberExemptionForm(GovernedForm):
    class Meta:
        model = models.MemberExemption
        fields = [
            "person",
            "exempt_since",
            "registered_for_other_processing",
            "registration_number",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
