"""Forms for reporting, assessing and closing incidents."""

from __future__ import annotations

from typing import Any

from django import forms

from infogov.core.forms import DateInput, GovernedForm
from infogov.core.validators import happened
from infogov.incidents import models, services
from infogov.incidents.choices import (
    SCALE_CHOICES,
    IcoCategory,
    IncidentType,
    NotificationMethod,
)


class DateTimeLocalInput(forms.DateTimeInput):
    """`<input type="datetime-local">`: works on phones and needs no script."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _datetime_widgets(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            field.widget = DateTimeLocalInput()
            if not field.help_text:
                field.help_text = "UK time. For example, 27/03/2026 14:30."


REPORT_FIELDS = [
    "title",
    "division",
    "description",
    "occurred_at",
    "discovered_at",
    "is_near_miss",
    "data_involved",
    "people_affected",
    "containment",
]


class ReportForm(GovernedForm):
    """The one-page report: what, when, where, how many, what has been done."""

    class Meta:
        model = models.Incident
        fields = REPORT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "data_involved": forms.Textarea(attrs={"rows": 2}),
            "containment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _datetime_widgets(self)
        self.fields["division"].empty_label = "Choose a division"  # type: ignore[attr-defined]
        self.fields["division"].queryset = self.fields["division"].queryset.filter(  # type: ignore[attr-defined]
            is_active=True
        )


def group_causes(field: Any) -> None:
    """Show the causes under the ICO's groups (non-cyber, cyber), each with its ICO type
    when it is one of the council's own; the choice is still checked against the queryset."""
    groups: dict[str, list[tuple[Any, str]]] = {}
    labels = dict(IcoCategory.choices)
    for cause in field.queryset.select_related("ico_type").order_by("ico_type__category", "name"):
        ico = cause.ico_type
        label = cause.name if cause.name == ico.name else f"{cause.name} (ICO: {ico.name})"
        groups.setdefault(labels.get(ico.category, ico.category), []).append((cause.pk, label))
    order = [str(labels[c]) for c in (IcoCategory.NON_CYBER, IcoCategory.EITHER, IcoCategory.CYBER)]
    field.choices = [
        ("", "Not decided yet"),
        *((group, groups[group]) for group in order if group in groups),
    ]


class YesNoUnknownField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[("true", "Yes"), ("false", "No"), ("", "Not decided yet")],
            coerce=lambda v: {"true": True, "false": False}.get(v),
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if value is True:
            return "true"
        if value is False:
            return "false"
        return value if value in ("true", "false") else ""


class AssessmentForm(GovernedForm):
    personal_data_breach = YesNoUnknownField(
        label="Is it a personal data breach?",
        help_text="A breach of security leading to the accidental or unlawful destruction, "
        "loss, alteration, unauthorised disclosure of, or access to, personal data.",
    )
    likelihood = forms.TypedChoiceField(
        label="Likelihood of harm",
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    severity = forms.TypedChoiceField(
        label="Severity of harm",
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    incident_type = forms.ChoiceField(
        label="Type", choices=IncidentType.choices, required=False, widget=forms.RadioSelect
    )

    class Meta:
        model = models.Incident
        fields = [
            "incident_type",
            "cause",
            "personal_data_breach",
            "aware_at",
            "likelihood",
            "severity",
            "special_category",
            "vulnerable_people",
            "data_categories",
            "subject_categories",
            "related_risks",
            "related_assets",
            "assessment_notes",
        ]
        widgets = {
            "data_categories": forms.CheckboxSelectMultiple,
            "subject_categories": forms.CheckboxSelectMultiple,
            "related_risks": forms.SelectMultiple(attrs={"size": 8}),
            "related_assets": forms.SelectMultiple(attrs={"size": 8}),
            "assessment_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _datetime_widgets(self)
        marked = self.instance.breach_marked_at
        self.fields["aware_at"].help_text = (
            "UK time. The 72-hour ICO clock starts here. The council is aware of a breach at "
            "the latest when it is marked a personal data breach"
            + (f" (this one was marked {models.to_the_minute(marked)})" if marked else "")
            + ": leave this blank to use that moment, or enter an earlier time if the council "
            "was reasonably certain before then. A later time is not accepted."
        )
        for name in ("cause", "data_categories", "subject_categories"):
            self.narrow_choices(name, is_active=True)
        group_causes(self.fields["cause"])
        # Of those the user may see, the incident's division's risks and assets (and any
        # already linked): a short list even when the council has thousands of assets; the
        # API accepts any the user sees.
        hint = "Those of the incident's division. Hold Ctrl (Cmd on a Mac) to choose more than one."
        for name in services.LINK_FIELDS:
            self.narrow_choices(
                name, pk__in=services.linkable(name, self.instance.division_id, self.instance)
            )
            self.fields[name].help_text = hint


class IcoNotificationForm(GovernedForm):
    class Meta:
        model = models.Incident
        fields = ["ico_notified_at", "ico_reference", "late_reasons", "ico_followups"]
        widgets = {
            "late_reasons": forms.Textarea(attrs={"rows": 3}),
            "ico_followups": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _datetime_widgets(self)
        self.fields["ico_notified_at"].required = True


class NotReportForm(forms.Form):
    decision_reasons = forms.CharField(
        label="Reasons for not reporting to the ICO",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the data was encrypted, or the recipient is trusted and "
        "confirmed deletion, so a risk to people's rights and freedoms is unlikely.",
    )


class IndividualsForm(forms.Form):
    individuals_notified_on = forms.DateField(
        label="Date the individuals were told", widget=DateInput(), validators=[happened]
    )
    individuals_method = forms.ChoiceField(
        label="How they were told",
        choices=NotificationMethod.choices,
        widget=forms.RadioSelect,
    )
    individuals_count = forms.IntegerField(
        label="Number of individuals told", min_value=0, required=False
    )


class OtherNotificationForm(GovernedForm):
    class Meta:
        model = models.OtherNotification
        fields = ["body", "body_name", "notified_at", "reference", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _datetime_widgets(self)


class ActionForm(GovernedForm):
    class Meta:
        model = models.Action
        fields = ["description", "owner", "due_on", "done_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("owner", is_active=True, kind="staff")


class CloseForm(forms.Form):
    lessons_learned = forms.CharField(
        label="Lessons learned",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What will the council do differently?",
    )


class CommentForm(forms.Form):
    body = forms.CharField(label="Add a comment", widget=forms.Textarea(attrs={"rows": 3}))


class CauseForm(GovernedForm):
    class Meta:
        model = models.Cause
        fields = ["name", "ico_type", "description", "is_active"]
        labels = {"ico_type": "ICO incident type"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ico_type"].empty_label = "Choose the ICO incident type"  # type: ignore[attr-defined]
        self.fields["ico_type"].help_text = (
            "Every cause is counted under one of the ICO's 23 data security incident types, "
            "so the council's figures compare with the ICO's published trends."
        )


class DataCategoryForm(GovernedForm):
    class Meta:
        model = models.DataCategory
        fields = ["name", "is_special_category", "is_active"]


class SubjectCategoryForm(GovernedForm):
    class Meta:
        model = models.SubjectCategory
        fields = ["name", "is_vulnerable", "is_active"]


class ThresholdsForm(GovernedForm):
    class Meta:
        model = models.ReportabilityThresholds
        fields = [
            "ico_likelihood",
            "ico_severity",
            "individuals_likelihood",
            "individuals_severity",
        ]
