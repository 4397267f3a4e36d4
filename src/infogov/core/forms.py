"""Form helpers: GOV.UK rendering hints and scope-aware choices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist

from infogov.core.permissions import ADD, CHANGE, Policy
from infogov.core.validators import bounded_date_validators


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


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
    """

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
        bound_dates(self)
        # New records go where the user may add; edited ones stay where they may change.
        editing = self.instance is not None and self.instance.pk is not None
        division_ids = policy.division_ids(user, CHANGE if editing else ADD)
        division_field = self.fields.get("division")
        if division_ids is not None and isinstance(division_field, forms.ModelChoiceField):
            division_field.queryset = division_field.queryset.filter(pk__in=division_ids)  # type: ignore[union-attr]
