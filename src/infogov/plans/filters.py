"""One FilterSet per model: the list page, the API and exports share them."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from infogov.core.filters import BaseFilterSet
from infogov.plans import models
from infogov.plans.choices import (
    OPEN_STATUSES,
    ActionStatus,
    AssessmentStatus,
    ComputedBy,
    Frequency,
    Heading,
    ItemStatus,
    Rag,
    UpdateRequestStatus,
)


class ActionPlanFilterSet(BaseFilterSet):
    search_fields = ("title", "description")

    class Meta:
        model = models.ActionPlan
        fields = ["q", "year", "status"]


class PlanActionFilterSet(BaseFilterSet):
    search_fields = ("reference", "title", "description")
    heading = django_filters.ChoiceFilter(choices=Heading.choices)
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    rag = django_filters.ChoiceFilter(choices=Rag.choices, label="RAG status")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue", widget=django_filters.widgets.BooleanWidget()
    )

    class Meta:
        model = models.PlanAction
        fields = ["q", "plan", "division", "heading", "owner", "status", "rag", "risk"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        overdue = {"status__in": OPEN_STATUSES, "due_date__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class MilestoneFilterSet(BaseFilterSet):
    search_fields = ("title",)

    class Meta:
        model = models.Milestone
        fields = ["q", "action"]


class ProgressUpdateFilterSet(BaseFilterSet):
    search_fields = ("narrative",)
    rag = django_filters.ChoiceFilter(choices=Rag.choices, label="RAG status")

    class Meta:
        model = models.ProgressUpdate
        fields = ["q", "action", "rag"]


class KpiFilterSet(BaseFilterSet):
    search_fields = ("name", "definition")
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices)
    computed_by = django_filters.ChoiceFilter(choices=ComputedBy.choices, label="Source")

    class Meta:
        model = models.Kpi
        fields = ["q", "frequency", "computed_by", "owner", "is_active"]


class KpiValueFilterSet(BaseFilterSet):
    search_fields = ("note", "kpi__name")

    class Meta:
        model = models.KpiValue
        fields = ["q", "kpi", "source"]


class FrameworkFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = models.Framework
        fields = ["q"]


class FrameworkItemFilterSet(BaseFilterSet):
    search_fields = ("title", "expectation")

    class Meta:
        model = models.FrameworkItem
        fields = ["q", "framework"]


class AssessmentFilterSet(BaseFilterSet):
    search_fields = ("title", "notes")
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices)

    class Meta:
        model = models.Assessment
        fields = ["q", "framework", "status"]


class AssessmentItemFilterSet(BaseFilterSet):
    search_fields = ("notes", "gap", "evidence", "item__title")
    framework = django_filters.ModelChoiceFilter(
        field_name="assessment__framework", queryset=models.Framework.objects.all()
    )
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices)
    review_due = django_filters.BooleanFilter(
        method="filter_review_due",
        label="Review due",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = models.AssessmentItem
        fields = ["q", "framework", "assessment", "status", "owner", "review_due"]

    def filter_review_due(self, queryset: QuerySet[Any], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        due = {"next_review__lte": timezone.localdate()}
        return queryset.filter(**due) if value else queryset.exclude(**due)


class UpdateRequestFilterSet(BaseFilterSet):
    search_fields = ("question", "response")
    status = django_filters.ChoiceFilter(choices=UpdateRequestStatus.choices)

    class Meta:
        model = models.UpdateRequest
        fields = ["q", "status", "owner", "risk", "action"]
