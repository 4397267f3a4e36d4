"""Forms for training and awareness."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from infogov.core.forms import GovernedForm
from infogov.core.permissions import CHANGE
from infogov.training import models
from infogov.training.choices import SCALE


class ModuleForm(GovernedForm):
    class Meta:
        model = models.Module
        fields = [
            "title",
            "description",
            "audience",
            "role",
            "mandatory",
            "refresher_months",
            "provider",
            "owner",
            "required_from",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("owner", is_active=True)


class CompletionForm(GovernedForm):
    # Only people whose records the user manages: an officer their division's.
    linked_scope: ClassVar[dict[str, str]] = {"person": CHANGE}

    class Meta:
        model = models.Completion
        fields = ["person", "module", "completed_on", "score", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("person", is_active=True, select_related=("division",))


class CampaignForm(GovernedForm):
    class Meta:
        model = models.Campaign
        fields = [
            "title",
            "description",
            "audience",
            "role",
            "starts_on",
            "ends_on",
            "channel",
            "materials",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "materials": forms.Textarea(attrs={"rows": 4}),
        }


class SurveyForm(GovernedForm):
    class Meta:
        model = models.Survey
        fields = ["title", "campaign", "introduction", "opens_on", "closes_on"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(GovernedForm):
    class Meta:
        model = models.Question
        fields = ["survey", "number", "text"]


class AnswerSurveyForm(forms.Form):
    """One radio group per statement of the survey."""

    def __init__(self, *args: Any, survey: models.Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in survey.questions.all():
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text, choices=SCALE, coerce=int, widget=forms.RadioSelect
            )

    def answers(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
