"""Forms for plans and performance."""

from __future__ import annotations

from typing import Any

from django import forms

from infogov.core.forms import DateInput, GovernedForm
from infogov.core.permissions import CHANGE
from infogov.core.validators import planned
from infogov.organisation.models import Division, Person
from infogov.plans import models
from infogov.plans.choices import Heading


def _active_people(form: GovernedForm, name: str) -> None:
    form.narrow_choices(name, is_active=True, select_related=("division",))


class ActionPlanForm(GovernedForm):
    class Meta:
        model = models.ActionPlan
        fields = ["year", "title", "description", "status", "approved_on"]


class PlanActionForm(GovernedForm):
    class Meta:
        model = models.PlanAction
        fields = [
            "plan",
            "reference",
            "title",
            "description",
            "owner",
            "division",
            "heading",
            "due_date",
            "status",
            "completed_on",
            "risk",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")
        if models.PlanAction.policy.add_division_ids(self.user) is not None:
            self.fields["division"].required = True


class MilestoneForm(GovernedForm):
    linked_scope = {"action": CHANGE}

    class Meta:
        model = models.Milestone
        fields = ["action", "title", "due_date", "completed_on"]


class ProgressUpdateForm(GovernedForm):
    linked_scope = {"action": CHANGE}

    class Meta:
        model = models.ProgressUpdate
        fields = ["action", "reported_on", "percentage", "rag", "narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 4})}


class KpiForm(GovernedForm):
    class Meta:
        model = models.Kpi
        fields = [
            "name",
            "definition",
            "unit",
            "direction",
            "target",
            "tolerance",
            "frequency",
            "owner",
            "computed_by",
            "is_active",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    confirm_source_change = forms.BooleanField(
        required=False,
        label="Confirm the change of source",
        help_text="Needed only when you change the source of a KPI that already has values; "
        "they are all kept.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")
        if self.instance.pk is None or not self.instance.values.exists():
            del self.fields["confirm_source_change"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "computed_by" in cleaned:
            problem = self.instance.source_change_problem(
                cleaned["computed_by"], confirmed=bool(cleaned.get("confirm_source_change"))
            )
            if problem:
                self.add_error("computed_by", problem)
        return cleaned


class KpiValueForm(GovernedForm):
    class Meta:
        model = models.KpiValue
        fields = ["kpi", "period_start", "period_end", "value", "note"]


class AssessmentForm(GovernedForm):
    class Meta:
        model = models.Assessment
        fields = ["framework", "title", "started_on", "lead", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _active_people(self, "lead")
        if self.instance.pk:
            self.fields["framework"].disabled = True


class AssessmentItemForm(GovernedForm):
    class Meta:
        model = models.AssessmentItem
        fields = ["status", "evidence", "notes", "gap", "owner", "next_review"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "gap": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")


class GapActionForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=models.ActionPlan.objects.all(), label="Action plan")
    title = forms.CharField(
        max_length=250,
        required=False,
        label="Action title",
        help_text="Left empty: “Close the gap: …”.",
    )
    due_date = forms.DateField(widget=DateInput(), label="Due date", validators=[planned])
    owner = forms.ModelChoiceField(
        queryset=Person.objects.filter(is_active=True).select_related("division"),
        required=False,
    )
    division = forms.ModelChoiceField(queryset=Division.objects.all(), required=False)
    heading = forms.ChoiceField(choices=[("", "—"), *Heading.choices], required=False)


class UpdateRequestForm(GovernedForm):
    # Asking for an update is a change to the risk or action, not only a look at it.
    linked_scope = {"risk": CHANGE, "action": CHANGE}

    class Meta:
        model = models.UpdateRequest
        fields = ["risk", "action", "owner", "question", "due_date"]
        widgets = {"question": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        subject = data.get("risk") or data.get("action")
        if subject is not None and not data.get("owner") and subject.owner_id is None:
            self.add_error("owner", "The risk or action has no owner: choose who to ask.")
        return data


class AnswerForm(forms.Form):
    response = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Your update")
