"""One FilterSet per model: the list page, the API and exports share them."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from infogov.core.filters import BaseFilterSet
from infogov.registrations import models
from infogov.registrations.choices import RegistrationStatus, Tier


class RegistrationFilterSet(BaseFilterSet):
    search_fields = ("controller_name", "registration_number", "payment_reference")
    tier = django_filters.TypedChoiceFilter(choices=Tier.choices, coerce=int)
    status = django_filters.ChoiceFilter(choices=RegistrationStatus.choices)
    renewal_due = django_filters.BooleanFilter(
        method="filter_renewal_due",
        label="Renewal due within 60 days",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = models.Registration
        fields = ["q", "tier", "status", "direct_debit"]

    def filter_renewal_due(self, queryset: QuerySet[Any], name: str, value: Any) -> Any:
        from datetime import timedelta

        from django.utils import timezone

        if value is None:
            return queryset
        soon = timezone.localdate() + timedelta(days=60)
        due = {"status": RegistrationStatus.ACTIVE, "expires_on__lte": soon}
        return queryset.filter(**due) if value else queryset.exclude(**due)


class MemberExemptionFilterSet(BaseFilterSet):
    search_fields = ("person__first_name", "person__last_name", "person__ward", "notes")

    class Meta:
        model = models.MemberExemption
        fields = ["q", "registered_for_other_processing"]
