"""One FilterSet per model: the list pages, the API and exports share them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from infogov.clocks import add_working_days
from infogov.core.filters import BaseFilterSet
from infogov.core.permissions import get_roles
from infogov.core.roles import Role
from infogov.organisation.models import Person
from infogov.requests import models
from infogov.requests.choices import (
    OPEN_STATUSES,
    CaseKind,
    CaseStatus,
    TaskKind,
    TaskStatus,
    exemption_choices,
)

DUE_CHOICES = (
    ("overdue", "Overdue"),
    ("this_week", "Due this week"),
    ("soon", "Due in the next 5 working days"),
)


def due_filter(
    queryset: QuerySet[Any],
    value: str,
    *,
    field: str = "due_on",
    status_field: str = "status",
    open_values: Any = OPEN_STATUSES,
) -> QuerySet[Any]:
    today = timezone.localdate()
    queryset = queryset.filter(**{f"{status_field}__in": list(open_values)})
    if value == "overdue":
        return queryset.filter(**{f"{field}__lt": today})
    if value == "this_week":
        monday = today - timedelta(days=today.weekday())
        return queryset.filter(
            **{f"{field}__gte": max(today, monday), f"{field}__lte": monday + timedelta(days=6)}
        )
    if value == "soon":
        return queryset.filter(
            **{f"{field}__gte": today, f"{field}__lte": add_working_days(today, 5)}
        )
    return queryset


class CaseFilterSet(BaseFilterSet):
    search_fields = ("reference", "description")
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices)
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)
    caseworker = django_filters.ModelChoiceFilter(
        queryset=Person.objects.filter(request_cases__isnull=False).distinct()
    )
    due = django_filters.ChoiceFilter(choices=DUE_CHOICES, method="filter_due", label="Due")
    assigned = django_filters.ChoiceFilter(
        choices=(("yes", "Assigned to a caseworker"), ("no", "Not assigned")),
        method="filter_assigned",
        label="Assigned",
    )
    received_after = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label="Received on or after"
    )
    received_before = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label="Received on or before"
    )

    class Meta:
        model = models.Case
        fields = [
            "q",
            "kind",
            "status",
            "due",
            "caseworker",
            "assigned",
            "division",
            "received_after",
            "received_before",
        ]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        user = getattr(self.request, "user", None)
        condition = Q(reference__icontains=value)
        # A SAR's description is read by its field rule: never found by those it is masked for.
        readable = models.Case.policy.readable_q(user, "description")
        if readable is not None:
            condition |= Q(description__icontains=value) & readable
        roles = get_roles(user)
        if roles.has(Role.IG_MANAGER, Role.SIRO):
            condition |= Q(requester_name__icontains=value) | Q(subject_name__icontains=value)
        elif roles.has(Role.CASEWORKER) and roles.person_id:
            # A caseworker may find their own cases by the requester's name.
            condition |= Q(caseworker_id=roles.person_id) & (
                Q(requester_name__icontains=value) | Q(subject_name__icontains=value)
            )
        return queryset.filter(condition)

    def filter_due(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return due_filter(queryset, value)

    def filter_assigned(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value in {"yes", "no"}:
            return queryset.filter(caseworker__isnull=value == "no")
        return queryset


class SearchTaskFilterSet(BaseFilterSet):
    search_fields = ("case__reference", "instructions", "result")
    kind = django_filters.ChoiceFilter(choices=TaskKind.choices)
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)
    due = django_filters.ChoiceFilter(choices=DUE_CHOICES, method="filter_due", label="Due")

    class Meta:
        model = models.SearchTask
        fields = ["q", "kind", "status", "due", "division", "case"]

    def filter_due(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return due_filter(queryset, value, open_values=(TaskStatus.OPEN,))


class DocumentFilterSet(BaseFilterSet):
    search_fields = ("title", "case__reference")

    class Meta:
        model = models.Document
        fields = ["q", "case", "doc_type", "released"]


class AppliedExemptionFilterSet(BaseFilterSet):
    search_fields = ("note",)
    exemption = django_filters.ChoiceFilter(choices=exemption_choices)

    class Meta:
        model = models.AppliedExemption
        fields = ["q", "exemption", "document"]
