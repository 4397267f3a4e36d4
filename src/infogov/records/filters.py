"""One FilterSet per model: the list page, the API and exports share them."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from infogov.core.filters import BaseFilterSet
from infogov.records import models
from infogov.records.choices import DisposalAction, HoldingStatus


class RetentionRuleFilterSet(BaseFilterSet):
    search_fields = (
        "code",
        "function",
        "activity",
        "record_series",
        "description",
        "trigger",
        "authority",
    )
    disposal_action = django_filters.ChoiceFilter(choices=DisposalAction.choices)

    class Meta:
        model = models.RetentionRule
        fields = ["q", "disposal_action", "is_active"]


class RecordHoldingFilterSet(BaseFilterSet):
    search_fields = (
        "title",
        "reference",
        "location",
        "retention_rule__code",
        "retention_rule__record_series",
    )
    status = django_filters.ChoiceFilter(choices=HoldingStatus.choices)
    on_hold = django_filters.BooleanFilter(method="filter_on_hold", label="Under legal hold")

    class Meta:
        model = models.RecordHolding
        fields = ["q", "division", "retention_rule", "status", "on_hold"]

    def filter_on_hold(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        held = models.LegalHold.objects.filter(released_on__isnull=True).values("holding_id")
        return queryset.filter(pk__in=held) if value else queryset.exclude(pk__in=held)


class LegalHoldFilterSet(BaseFilterSet):
    search_fields = ("reason", "holding__title")
    active = django_filters.BooleanFilter(
        field_name="released_on", lookup_expr="isnull", label="Active"
    )

    class Meta:
        model = models.LegalHold
        fields = ["q", "holding", "active"]


class DisposalBatchFilterSet(BaseFilterSet):
    search_fields = ("notes", "witness")

    class Meta:
        model = models.DisposalBatch
        fields = ["q", "division", "outcome", "decided_by"]


class DisposalDecisionFilterSet(BaseFilterSet):
    search_fields = ("holding__title", "retention_code")
    division = django_filters.NumberFilter(field_name="batch__division")

    class Meta:
        model = models.DisposalDecision
        fields = ["q", "division", "batch"]
