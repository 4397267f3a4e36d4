"""One FilterSet per model: the list page, the API and exports share them."""

from __future__ import annotations

import django_filters

from infogov.core.filters import BaseFilterSet
from infogov.incidents import models
from infogov.incidents.choices import Decision, IcoCategory, IncidentType, OtherBody, Status


class IncidentFilterSet(BaseFilterSet):
    search_fields = ("reference", "title", "description", "data_involved")
    status = django_filters.ChoiceFilter(choices=Status.choices)
    incident_type = django_filters.ChoiceFilter(choices=IncidentType.choices, label="Type")
    decision = django_filters.ChoiceFilter(choices=Decision.choices, label="ICO decision")
    reported_after = django_filters.DateFilter(
        field_name="reported_at", lookup_expr="date__gte", label="Reported on or after"
    )
    reported_before = django_filters.DateFilter(
        field_name="reported_at", lookup_expr="date__lte", label="Reported on or before"
    )

    class Meta:
        model = models.Incident
        fields = [
            "q",
            "division",
            "status",
            "is_near_miss",
            "personal_data_breach",
            "incident_type",
            "cause",
            "decision",
            "reported_after",
            "reported_before",
        ]


class CauseFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    category = django_filters.ChoiceFilter(
        field_name="ico_type__category", choices=IcoCategory.choices, label="Cyber or non-cyber"
    )

    class Meta:
        model = models.Cause
        fields = ["q", "ico_type", "category", "is_active"]


class IcoIncidentTypeFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = models.IcoIncidentType
        fields = ["q", "category"]


class DataCategoryFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = models.DataCategory
        fields = ["q", "is_special_category", "is_active"]


class SubjectCategoryFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = models.SubjectCategory
        fields = ["q", "is_vulnerable", "is_active"]


class ActionFilterSet(BaseFilterSet):
    search_fields = ("description", "incident__reference")
    open = django_filters.BooleanFilter(
        field_name="done_on", lookup_expr="isnull", label="Still open"
    )

    class Meta:
        model = models.Action
        fields = ["q", "incident", "owner", "open"]


class OtherNotificationFilterSet(BaseFilterSet):
    search_fields = ("body_name", "reference", "incident__reference")
    body = django_filters.ChoiceFilter(choices=OtherBody.choices)

    class Meta:
        model = models.OtherNotification
        fields = ["q", "incident", "body"]


class CommentFilterSet(BaseFilterSet):
    search_fields = ("body",)

    class Meta:
        model = models.Comment
        fields = ["q", "incident"]
