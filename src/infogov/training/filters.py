"""One FilterSet per model: the list page, the API and exports share them."""

from __future__ import annotations

import django_filters

from infogov.core.filters import BaseFilterSet
from infogov.organisation.models import Division
from infogov.training import models
from infogov.training.choices import Audience, Channel, Provider, Source


class ModuleFilterSet(BaseFilterSet):
    search_fields = ("title", "description")
    audience = django_filters.ChoiceFilter(choices=Audience.choices)
    provider = django_filters.ChoiceFilter(choices=Provider.choices)

    class Meta:
        model = models.Module
        fields = ["q", "audience", "provider", "mandatory", "is_active", "owner"]


class CompletionFilterSet(BaseFilterSet):
    search_fields = ("person__first_name", "person__last_name", "person__email", "module__title")
    division = django_filters.ModelChoiceFilter(
        field_name="person__division", queryset=Division.objects.all(), label="Division"
    )
    source = django_filters.ChoiceFilter(choices=Source.choices)
    completed_after = django_filters.DateFilter(
        field_name="completed_on", lookup_expr="gte", label="Completed on or after"
    )
    completed_before = django_filters.DateFilter(
        field_name="completed_on", lookup_expr="lte", label="Completed on or before"
    )

    class Meta:
        model = models.Completion
        fields = ["q", "module", "person", "division", "source"]


class CampaignFilterSet(BaseFilterSet):
    search_fields = ("title", "description")
    audience = django_filters.ChoiceFilter(choices=Audience.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)

    class Meta:
        model = models.Campaign
        fields = ["q", "audience", "channel"]


class SurveyFilterSet(BaseFilterSet):
    search_fields = ("title", "introduction")

    class Meta:
        model = models.Survey
        fields = ["q", "campaign"]


class QuestionFilterSet(BaseFilterSet):
    search_fields = ("text",)

    class Meta:
        model = models.Question
        fields = ["q", "survey"]


class SurveyResponseFilterSet(BaseFilterSet):
    search_fields = ("person__first_name", "person__last_name", "survey__title")

    class Meta:
        model = models.SurveyResponse
        fields = ["q", "survey", "division"]


class AnswerFilterSet(BaseFilterSet):
    class Meta:
        model = models.Answer
        fields = ["question", "response", "score"]
