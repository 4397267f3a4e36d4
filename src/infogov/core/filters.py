"""The base FilterSet: one per model, with a free-text `q`, for UI, API and exports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import django_filters
from django.db.models import Q, QuerySet
from django_filters.filters import QuerySetRequestMixin

from infogov.core.forms import ID_RANGE, bounded_ids, is_governed, scoped_choices
from infogov.core.permissions import VIEW


def _readable_q(model: Any, user: Any, field_name: str) -> Q | None:
    """The records whose `field_name` the user may read by the model's field rules."""
    policy = getattr(model, "policy", None)
    if not hasattr(policy, "readable_q"):
        return Q()
    return policy.readable_q(user, field_name.split("__")[0])  # type: ignore[union-attr, no-any-return]


def _readable(queryset: QuerySet[Any], user: Any, field_name: str) -> QuerySet[Any]:
    """`queryset` limited to records whose `field_name` the user may read (field rules)."""
    q = _readable_q(queryset.model, user, field_name)
    if q is None:
        return queryset.none()
    return queryset.filter(q) if q else queryset


class BaseFilterSet(django_filters.FilterSet):
    """Adds `q`, a case-insensitive search across `search_fields`.

    Every filter choosing a governed record (a foreign key or many-to-many in
    `Meta.fields`, or a declared `ModelChoiceFilter`) offers only the records the
    requesting user may view; another id is "not one of the available choices".

    A filter or search on a field the model's field rules mask or hide matches only the
    records where the user may read that field, so it cannot reveal the value.
    """

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        user = getattr(self.request, "user", None)
        for name, value in self.form.cleaned_data.items():
            field_name = getattr(self.filters.get(name), "field_name", name)
            if value not in (None, "", [], ()) and name != "q":
                queryset = _readable(queryset, user, field_name)
        return super().filter_queryset(queryset)  # type: ignore[no-any-return]

    q = django_filters.CharFilter(method="search", label="Search")
    search_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.NumberFilter):
                # A number no database column holds (ids are 64-bit) is a field error,
                # not a database failure.
                filter_.extra.setdefault("min_value", ID_RANGE.start)
                filter_.extra.setdefault("max_value", ID_RANGE.stop - 1)
            if not isinstance(filter_, QuerySetRequestMixin):
                continue
            queryset = filter_.get_queryset(self.request)
            if queryset is None or not is_governed(queryset.model):
                continue
            filter_.queryset = scoped_choices(queryset, user, VIEW)
            filter_.field_class = bounded_ids(filter_.field_class)
            filter_.__dict__.pop("_field", None)

    @property
    def form(self) -> Any:
        """The filter form; a filter choosing people is a picker, as in every form."""
        from django import forms

        from infogov.core.pickers import enhance, has_picker

        form = super().form
        if not getattr(form, "_infogov_pickers", False):
            for field in form.fields.values():
                if (
                    isinstance(field, forms.ModelChoiceField)
                    and field.queryset is not None
                    and has_picker(field.queryset.model)
                ):
                    enhance(field)
            form._infogov_pickers = True
        return form

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        user = getattr(self.request, "user", None)
        condition = search_condition(queryset.model, user, self.search_fields, value)
        return queryset.filter(condition) if condition is not None else queryset.none()


def search_condition(model: Any, user: Any, fields: Iterable[str], value: str) -> Q | None:
    """`value` (case-insensitive) in any of `fields`, each only where `user` may read it by
    the model's field rules, so a match never reveals a masked or hidden value; None when
    the user may read none of them. Lists (`q`) and the global search share it."""
    condition = Q()
    for field_name in fields:
        match = Q(**{f"{field_name}__icontains": value})
        readable = _readable_q(model, user, field_name)
        if readable is None:
            continue
        condition |= match & readable if readable else match
    return condition if condition else None
