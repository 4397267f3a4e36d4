"""One FilterSet per model: the list page, the API and exports share them."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from infogov.assets import models
from infogov.assets.choices import (
    AgreementKind,
    AgreementStatus,
    Classification,
    DPIAState,
    DPIAStatus,
)
from infogov.core.filters import BaseFilterSet
from infogov.organisation.models import Person


class InformationAssetFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "location", "purposes", "recipients")
    classification = django_filters.ChoiceFilter(
        field_name="security_classification",
        choices=Classification.choices,
        label="Security classification",
    )
    special_category = django_filters.BooleanFilter(label="Special category data")
    dpia_status = django_filters.ChoiceFilter(choices=DPIAStatus.choices, label="DPIA status")
    owner = django_filters.ModelChoiceFilter(
        queryset=lambda request: Person.objects.filter(
            pk__in=models.InformationAsset.objects.values("owner_id")
        ),
        label="Information asset owner",
    )
    review_overdue = django_filters.BooleanFilter(method="filter_overdue", label="Review overdue")

    class Meta:
        model = models.InformationAsset
        fields = [
            "q",
            "division",
            "owner",
            "personal_data",
            "special_category",
            "classification",
            "dpia_status",
            "review_overdue",
        ]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return queryset.filter(next_review__lt=today)
        return queryset.exclude(next_review__lt=today)


class DataSubjectCategoryFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = models.DataSubjectCategory
        fields = ["q"]


class PersonalDataCategoryFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = models.PersonalDataCategory
        fields = ["q", "special_category"]


class LawfulBasisFilterSet(BaseFilterSet):
    search_fields = ("code", "name")

    class Meta:
        model = models.LawfulBasis
        fields = ["q"]


class ProcessingConditionFilterSet(BaseFilterSet):
    search_fields = ("code", "name")

    class Meta:
        model = models.ProcessingCondition
        fields = ["q", "kind"]


class SharingAgreementFilterSet(BaseFilterSet):
    search_fields = ("title", "parties", "legal_gateway", "dpia_reference")
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices)
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices)
    review_overdue = django_filters.BooleanFilter(method="filter_overdue", label="Review overdue")
    assets = django_filters.NumberFilter(field_name="assets", label="Asset (id)")

    class Meta:
        model = models.SharingAgreement
        fields = ["q", "division", "kind", "status", "assets", "review_overdue"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        today = timezone.localdate()
        return (
            queryset.filter(review_date__lt=today)
            if value
            else queryset.exclude(review_date__lt=today)
        )


class DPIAFilterSet(BaseFilterSet):
    search_fields = ("title", "processing_description")
    state = django_filters.ChoiceFilter(choices=DPIAState.choices)
    assets = django_filters.NumberFilter(field_name="assets", label="Asset (id)")

    class Meta:
        model = models.DPIA
        fields = ["q", "division", "state", "residual_risk", "assets"]


class DPIARiskFilterSet(BaseFilterSet):
    search_fields = ("description", "measures")

    class Meta:
        model = models.DPIARisk
        fields = ["q", "dpia"]


class DataStandardFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    asset = django_filters.NumberFilter(field_name="asset", label="Asset (id)")

    class Meta:
        model = models.DataStandard
        fields = ["q", "asset"]


class StandardFieldFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = models.StandardField
        fields = ["q", "standard", "field_type", "required"]


class QualityCheckFilterSet(BaseFilterSet):
    search_fields = ("filename",)
    asset = django_filters.NumberFilter(field_name="asset", label="Asset (id)")

    class Meta:
        model = models.QualityCheck
        fields = ["q", "standard", "asset", "state"]
