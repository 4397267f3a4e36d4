"""Forms for the retention schedule, holdings, legal holds and disposal."""

from __future__ import annotations

from typing import Any

from django import forms

from infogov.core.forms import DateInput, GovernedForm
from infogov.core.validators import happened
from infogov.records import models
from infogov.records.choices import DecisionOutcome, DestructionMethod


class RetentionRuleForm(GovernedForm):
    class Meta:
        model = models.RetentionRule
        fields = [
            "code",
            "function",
            "activity",
            "record_series",
            "description",
            "trigger",
            "period_years",
            "period_months",
            "disposal_action",
            "authority",
            "is_active",
        ]


class RecordHoldingForm(GovernedForm):
    class Meta:
        model = models.RecordHolding
        fields = [
            "title",
            "division",
            "retention_rule",
            "trigger_date",
            "reference",
            "location",
            "extent",
        ]


class LegalHoldForm(GovernedForm):
    class Meta:
        model = models.LegalHold
        fields = ["holding", "reason", "placed_on", "review_on"]


class ReleaseHoldForm(forms.Form):
    release_reason = forms.CharField(
        label="Why can the hold be released?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DisposalForm(forms.Form):
    holdings = forms.ModelMultipleChoiceField(
        queryset=models.RecordHolding.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Records to dispose of",
    )
    outcome = forms.ChoiceField(
        choices=DecisionOutcome.choices, widget=forms.RadioSelect, label="Decision"
    )
    method = forms.ChoiceField(
        choices=DestructionMethod.choices,
        label="Destruction method",
        initial=DestructionMethod.NOT_APPLICABLE,
    )
    witness = forms.CharField(
        max_length=150, required=False, help_text="Who witnessed the destruction, if anyone."
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    decided_on = forms.DateField(
        widget=DateInput(), label="Date of decision", validators=[happened]
    )

    def __init__(self, *args: Any, holdings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["holdings"]
        field.queryset = holdings if holdings is not None else models.RecordHolding.objects.none()  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda h: f"{h.title} — {h.retention_rule.code}, due {h.due_date}"
        )
