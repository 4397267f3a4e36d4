"""The base FilterSet: one per model, with a free-text `q`, for UI, API and exports."""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.db.models import Q, QuerySet
from django_filters.filters import QuerySetRequestMixin

from infogov.core.forms import is_governed, scoped_choices
from infogov.core.permissions import VIEW


class BaseFilterSet(django_filters.FilterSet):
    """Adds `q`, a case-insensitive search across `search_fields`.

    Every filter choosing a governed record (a foreign key or many-to-many in
    `Meta.fields`, or a declared `ModelChoiceFilter`) offers only the records the
    requesting user may view; another id is "not one of the available choices".
    """

    q = django_filters.CharFilter(method="search", label="Search")
    search_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for filter_ in self.filters.values():
            if not isinstance(filter_, QuerySetRequestMixin):
                continue
            queryset = filter_.get_queryset(self.request)
            if queryset is None or not is_governed(queryset.model):
                continue
            filter_.queryset = scoped_choices(queryset, user, VIEW)
            filter_.__dict__.pop("_field", None)

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        condition = Q()
        for field_name in self.search_fields:
            condition |= Q(**{f"{field_name}__icontains": value})
        return queryset.filter(condition)
