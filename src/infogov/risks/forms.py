"""Forms for the risk register."""

from __future__ import annotations

from typing import Any

from django import forms

from infogov.core.forms import DateInput, GovernedForm
from infogov.core.permissions import CHANGE
from infogov.core.validators import happened, planned
from infogov.risks import models

SCORE_CHOICES = [(i, str(i)) for i in range(1, 6)]


class RiskForm(GovernedForm):
    class Meta:
        model = models.Risk
        fields = [
            "title",
            "heading",
            "division",
            "owner",
            "cause",
            "consequence",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "target_score",
            "review_date",
            "status",
        ]
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 3}),
            "consequence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("owner", is_active=True, select_related=("division",))


class ControlForm(GovernedForm):
    linked_scope = {"risk": CHANGE}

    class Meta:
        model = models.Control
        fields = ["risk", "description", "effectiveness", "owner"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("owner", is_active=True)


class RiskBandForm(GovernedForm):
    class Meta:
        model = models.RiskBand
        fields = ["name", "min_score", "colour"]


class ReviewForm(forms.Form):
    residual_likelihood = forms.TypedChoiceField(
        choices=SCORE_CHOICES, coerce=int, label="Residual likelihood (1 to 5)"
    )
    residual_impact = forms.TypedChoiceField(
        choices=SCORE_CHOICES, coerce=int, label="Residual impact (1 to 5)"
    )
    next_review = forms.DateField(
        required=False, widget=DateInput(), label="Next review", validators=[planned]
    )
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Review note"
    )


class EscalationForm(GovernedForm):
    class Meta:
        model = models.Escalation
        fields = ["risk", "subject", "division", "summary", "requested_decision"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "requested_decision": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        limited = models.Escalation.policy.add_division_ids(self.user) is not None
        if limited and not data.get("risk") and not data.get("division"):
            self.add_error("division", "Choose the division the incident or issue concerns.")
        return data


class SiroDecisionForm(forms.Form):
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="SIRO's note",
        help_text="Required when returning the escalation.",
    )


class CmtDecisionForm(forms.Form):
    decision = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="CMT decision")
    decided_on = forms.DateField(
        required=False, widget=DateInput(), label="Decided on", validators=[happened]
    )
