"""The base FilterSet: one per model, with a free-text `q`, for UI, API and exports."""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.db.models import Q, QuerySet


class BaseFilterSet(django_filters.FilterSet):
    """Adds `q`, a case-insensitive search across `search_fields`."""

    q = django_filters.CharFilter(method="search", label="Search")
    search_fields: ClassVar[tuple[str, ...]] = ()

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        condition = Q()
        for field_name in self.search_fields:
            condition |= Q(**{f"{field_name}__icontains": value})
        return queryset.filter(condition)
