"""Form helpers: GOV.UK rendering hints and scope-aware choices."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q, QuerySet

from infogov.core.permissions import ADD, CHANGE, VIEW, Policy
from infogov.core.validators import bounded_date_validators


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def is_governed(model: Any) -> bool:
    """Whether `model` has an access policy (its records are scoped by `restrict`)."""
    return isinstance(getattr(model, "policy", None), Policy)


def scoped_choices(queryset: Any, user: Any, action: str = VIEW) -> QuerySet[Any]:
    """`queryset` limited to the records `user` may `action`, when its model is governed.

    The one rule for every linked-record choice (form fields, serializer fields, filters):
    a record outside the user's scope is not offered and not accepted, exactly as if it
    did not exist.
    """
    queryset = queryset.all()
    model = queryset.model
    if not is_governed(model):
        return queryset  # type: ignore[no-any-return]
    q = model.policy.q(user, action)
    if q is None:
        return queryset.none()
    return queryset.filter(q) if q else queryset


def linked_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The form fields that choose records of a governed model."""
    return {
        name: field
        for name, field in fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and field.queryset is not None
        and is_governed(field.queryset.model)
    }


# Database ids are 64-bit: a larger number is no record, not a database error.
ID_RANGE = range(-(2**63), 2**63)


def ids_in_range(values: Any) -> bool:
    """False when one of `values` is a whole number no database id can hold."""
    for value in values:
        try:
            number = int(str(value).strip())
        except ValueError:
            continue  # not a number: the field says so in its own words
        if number not in ID_RANGE:
            return False
    return True


class BoundedIdsMixin:
    """A record choice answers an id too large for the database as it answers any id
    that is not a choice, instead of failing in the database."""

    error_messages: dict[str, Any]
    empty_values: Any

    def to_python(self, value: Any) -> Any:
        single = value not in self.empty_values and not isinstance(value, (list, tuple))
        if single and not ids_in_range([value]):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)  # type: ignore[misc]

    def _check_values(self, value: Any) -> Any:
        for item in value or ():
            if not ids_in_range([item]):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)  # type: ignore[misc]


_BOUNDED: dict[type, type] = {}


def bounded_ids(field_class: type) -> type:
    """`field_class` with `BoundedIdsMixin` (made once per class)."""
    if issubclass(field_class, BoundedIdsMixin):
        return field_class
    if field_class not in _BOUNDED:
        _BOUNDED[field_class] = type(
            f"Bounded{field_class.__name__}", (BoundedIdsMixin, field_class), {}
        )
    return _BOUNDED[field_class]


def bound_dates(form: forms.ModelForm) -> None:
    """Give each date field the bounds its model field declares (`core.validators`).

    On the form field they refuse the value before the model's `clean()` sees it, as DRF
    does with the same validators on the API.
    """
    model = form._meta.model
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        field.validators.extend(
            v for v in bounded_date_validators(model_field) if v not in field.validators
        )


class GovernedForm(forms.ModelForm):
    """A ModelForm that knows the acting user.

    - Fields the user's role may not set (`Policy.field_roles`) are disabled.
    - A `division` field offers only the divisions the user may add records to (or, when
      editing, change records in).
    - Every field choosing a governed record offers only those the user may view
      (`restrict(user, VIEW)` of its target); `linked_scope` asks for another action,
      e.g. `{"risk": CHANGE}` to attach only to risks the user may change. Narrow a field
      further with `narrow_choices`, never by replacing its queryset.
    - On an edit, many-to-many links to records the user cannot see are kept as they are:
      they are not offered, and saving the form does not remove them.
    - A field choosing people (a model with `picker_search`, see `core.pickers`) shows
      each by name, job title and division and is a searchable picker.
    """

    linked_scope: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        policy: Policy = self._meta.model.policy
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.DateInput) and not isinstance(
                field.widget, DateInput
            ):
                field.widget = DateInput()
            if not policy.may_set_field(user, name):
                field.disabled = True
        self._limit_linked_records()
        self._use_pickers()
        bound_dates(self)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.__class__ = bounded_ids(type(field))
        # New records go where the user may add; edited ones stay where they may change.
        editing = self.instance is not None and self.instance.pk is not None
        division_ids = policy.division_ids(user, CHANGE if editing else ADD)
        division_field = self.fields.get("division")
        if division_ids is not None and isinstance(division_field, forms.ModelChoiceField):
            division_field.queryset = division_field.queryset.filter(pk__in=division_ids)  # type: ignore[union-attr]

    def _limit_linked_records(self) -> None:
        self._hidden_links: dict[str, list[Any]] = {}
        editing = self.instance is not None and self.instance.pk is not None
        for name, field in linked_fields(self.fields).items():
            queryset = scoped_choices(field.queryset, self.user, VIEW)
            action = self.linked_scope.get(name, VIEW)
            if action != VIEW:
                queryset = scoped_choices(queryset, self.user, action)
            field.queryset = queryset
            if editing and isinstance(field, forms.ModelMultipleChoiceField):
                manager = getattr(self.instance, name, None)
                if manager is not None and hasattr(manager, "exclude"):
                    self._hidden_links[name] = list(
                        manager.exclude(pk__in=scoped_choices(manager.all(), self.user, VIEW))
                    )

    def _use_pickers(self) -> None:
        """Fields choosing people get labels that tell them apart and a searchable picker."""
        from infogov.core.pickers import enhance, has_picker

        for field in self.fields.values():
            if (
                isinstance(field, forms.ModelChoiceField)
                and field.queryset is not None
                and has_picker(field.queryset.model)
            ):
                enhance(field)

    def narrow_choices(
        self, name: str, *conditions: Q, select_related: tuple[str, ...] = (), **lookups: Any
    ) -> None:
        """Offer fewer records in the linked field `name` (a business rule, such as only
        active causes); the user's scope still applies. `select_related` serves labels."""
        field: Any = self.fields[name]
        queryset = field.queryset.filter(*conditions, **lookups)
        field.queryset = queryset.select_related(*select_related) if select_related else queryset

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, hidden in self._hidden_links.items():
            if hidden and name in cleaned and cleaned[name] is not None:
                cleaned[name] = [*cleaned[name], *hidden]
        return cleaned

    def _post_clean(self) -> None:
        # The instance now holds the form's values; a model's rule that spans its
        # many-to-many lists (`clean_with_links`) runs here, as the API runs it too.
        super()._post_clean()  # type: ignore[misc]
        check = getattr(self.instance, "clean_with_links", None)
        if check is None:
            return
        links = {}
        for field in self.instance._meta.many_to_many:
            if field.name in self.fields:
                links[field.name] = list(self.cleaned_data.get(field.name) or [])
            elif self.instance.pk:
                links[field.name] = list(getattr(self.instance, field.name).all())
            else:
                links[field.name] = []
        try:
            check(links)
        except ValidationError as exc:
            self._update_errors(exc)  # type: ignore[attr-defined]
