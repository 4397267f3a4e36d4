"""One FilterSet per model: the list page, the API and exports share them."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from infogov.core.filters import BaseFilterSet
from infogov.risks import models
from infogov.risks.choices import Effectiveness, EscalationStatus, Heading, RiskStatus


class RiskFilterSet(BaseFilterSet):
    search_fields = ("title", "reference", "cause", "consequence")
    heading = django_filters.ChoiceFilter(choices=Heading.choices)
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices)
    min_residual_score = django_filters.NumberFilter(
        field_name="residual_score", lookup_expr="gte", label="Residual score at least"
    )
    review_overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label="Review overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = models.Risk
        fields = ["q", "heading", "division", "owner", "status", "min_residual_score"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool | None) -> Any:
        from django.utils import timezone

        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return queryset.filter(review_date__lt=today)
        return queryset.exclude(review_date__lt=today)


class ControlFilterSet(BaseFilterSet):
    search_fields = ("description",)
    effectiveness = django_filters.ChoiceFilter(choices=Effectiveness.choices)

    class Meta:
        model = models.Control
        fields = ["q", "risk", "effectiveness"]


class RiskReviewFilterSet(BaseFilterSet):
    search_fields = ("note",)

    class Meta:
        model = models.RiskReview
        fields = ["q", "risk"]


class RiskBandFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = models.RiskBand
        fields = ["q"]


class EscalationFilterSet(BaseFilterSet):
    search_fields = ("subject", "summary", "requested_decision", "risk__title")
    status = django_filters.ChoiceFilter(choices=EscalationStatus.choices)

    class Meta:
        model = models.Escalation
        fields = ["q", "status", "risk", "division"]
