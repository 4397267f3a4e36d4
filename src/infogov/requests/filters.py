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
    search_fields = ("reference", "description", "requester_name", "subject_name")
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


# --- Publication: the disclosure log and the Guide to Information ---
from infogov.organisation.models import Division  # noqa: E402
from infogov.requests.choices import Availability, DisclosureSubject  # noqa: E402

DISCLOSURE_KINDS = (("foi", "FOI"), ("eir", "EIR"), ("review", "Internal review"))


class DisclosureEntryFilterSet(BaseFilterSet):
    """The disclosure log's search and filters, on the public page, the staff list and the
    API alike: public title, summary and reference (never the request's own words)."""

    search_fields = ("title", "summary", "case__reference")
    subject = django_filters.ChoiceFilter(choices=DisclosureSubject.choices)
    kind = django_filters.ChoiceFilter(choices=DISCLOSURE_KINDS, method="filter_kind")
    division = django_filters.ModelChoiceFilter(
        field_name="case__division", queryset=Division.objects.all(), label="Division"
    )
    published_after = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label="Published on or after"
    )
    published_before = django_filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label="Published on or before"
    )

    class Meta:
        model = models.DisclosureEntry
        fields = ["q", "subject", "kind", "division", "published_after", "published_before"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The council's divisions are published reference data: offered to the public too.
        division = self.filters["division"]
        division.queryset = Division.objects.order_by("name")  # type: ignore[attr-defined]
        division.__dict__.pop("_field", None)

    def filter_kind(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "review":
            return queryset.filter(case__kind__in=["foi_review", "eir_review"])
        if value in {"foi", "eir"}:
            return queryset.filter(case__kind=value)
        return queryset


class GuideItemFilterSet(BaseFilterSet):
    search_fields = ("title", "description")
    availability = django_filters.ChoiceFilter(choices=Availability.choices)
    review_due = django_filters.BooleanFilter(
        method="filter_review_due", label="Review due (today or earlier)"
    )

    class Meta:
        model = models.GuideItem
        fields = ["q", "publication_class", "availability", "review_due"]

    def filter_review_due(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        today = timezone.localdate()
        return (
            queryset.filter(review_on__lte=today) if value else queryset.filter(review_on__gt=today)
        )


class LetterTemplateFilterSet(BaseFilterSet):
    search_fields = ("subject", "body")

    class Meta:
        model = models.LetterTemplate
        fields = ["q", "letter", "family"]
