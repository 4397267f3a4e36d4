"""Record pickers: a plain select that becomes a searchable combobox with JavaScript.

A model that people choose from long lists (the person model) declares

- `picker_search`: the fields a search matches (every word must match one of them),
- `picker_related`: what its label reads through (`select_related`),
- `picker_label()`: the text that tells two records apart (name, job title, division).

`GovernedForm` gives every field choosing such a record a `PickerSelect`: with JavaScript
off it is the select, every option labelled by `picker_label`; with JavaScript on,
`static/infogov/picker.mjs` turns it into an accessible combobox that asks `lookup`.
The select carries a signed token naming exactly the choices the form offers (the user's
scope and any business rule the form applied), so the lookup lists only those, and checks
the user's scope again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from infogov.core.permissions import VIEW

SALT = "infogov.core.pickers"
# How many matches one lookup returns; the combobox says when there are more.
LIMIT = 20
# A token longer than this (an address bar's safe length) is left out; the lookup then
# lists the user's whole scope and the combobox keeps only the select's own options.
MAX_TOKEN = 3000


def has_picker(model: Any) -> bool:
    """Whether records of `model` are chosen with a picker."""
    return bool(getattr(model, "picker_search", None)) and hasattr(model, "picker_label")


def _ranges(ids: list[int]) -> list[list[int]]:
    """Sorted ids as [first, last] runs: a council's people are mostly consecutive ids."""
    runs: list[list[int]] = []
    for pk in sorted(set(ids)):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return runs


def make_token(model: Any, ids: list[int]) -> str:
    """A signed token naming `model` and the ids a field offers."""
    payload = {"m": model._meta.label_lower, "r": _ranges(ids)}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str) -> tuple[Any, list[list[int]]]:
    """The model and id runs of a token from `make_token` (`signing.BadSignature` or
    `LookupError` when it is not one)."""
    payload = signing.loads(token, salt=SALT)
    model = apps.get_model(payload["m"])
    if not has_picker(model):
        raise LookupError(payload["m"])
    return model, [[int(a), int(b)] for a, b in payload["r"]]


def _in_runs(runs: list[list[int]]) -> Q:
    condition = Q(pk__in=[a for a, b in runs if a == b])
    for first, last in runs:
        if first != last:
            condition |= Q(pk__gte=first, pk__lte=last)
    return condition


def search_condition(model: Any, text: str) -> Q:
    """Every word of `text` in one of the model's `picker_search` fields."""
    condition = Q()
    for word in text.split():
        match = Q()
        for name in model.picker_search:
            match |= Q(**{f"{name}__icontains": word})
        condition &= match
    return condition


class PickerSelect(forms.Select):
    """A select of records that the front end enhances into a searchable combobox."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return context
        ids: list[int] = []
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                raw = getattr(option["value"], "value", option["value"])
                if raw not in (None, ""):
                    ids.append(int(raw))
        url = reverse("picker_lookup")
        token = make_token(queryset.model, ids)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-picker-url"] = url
        if len(token) <= MAX_TOKEN:
            widget_attrs["data-picker-choices"] = token
        else:
            widget_attrs["data-picker-choices"] = make_token(queryset.model, [])
            widget_attrs["data-picker-all"] = "true"
        return context


def enhance(field: forms.ModelChoiceField) -> None:
    """Give a field choosing picker records their labels and the picker widget."""
    model = field.queryset.model  # type: ignore[union-attr]
    related = tuple(getattr(model, "picker_related", ()))
    if related:
        field.queryset = field.queryset.select_related(*related)  # type: ignore[union-attr]
    field.label_from_instance = lambda obj: obj.picker_label()  # type: ignore[method-assign]
    if isinstance(field, forms.ModelMultipleChoiceField) or not isinstance(
        field.widget, forms.Select
    ):
        return  # multiple choices and radios keep their widget, with the labels
    if type(field.widget) is forms.Select:
        old = field.widget
        field.widget = PickerSelect(attrs=old.attrs)
        field.widget.is_required = old.is_required
        field.widget.choices = field.choices


@login_required
@require_GET
def lookup(request: HttpRequest) -> JsonResponse:
    """The records a picker offers that match `q`: `{"results": [{"value", "label"}],
    "more": bool}`. `choices` is the picker's token; records outside the user's view
    answer as if they did not exist."""
    from infogov.core.forms import scoped_choices

    try:
        model, runs = read_token(request.GET.get("choices", ""))
    except (signing.BadSignature, LookupError, KeyError, TypeError, ValueError):
        return JsonResponse({"detail": "Nothing to look up."}, status=404)
    text = request.GET.get("q", "").strip()[:100]
    queryset = scoped_choices(model._default_manager.all(), request.user, VIEW)
    if request.GET.get("all") != "true":
        queryset = queryset.filter(_in_runs(runs)) if runs else queryset.none()
    if text:
        queryset = queryset.filter(search_condition(model, text))
    related = tuple(getattr(model, "picker_related", ()))
    found = list(queryset.select_related(*related)[: LIMIT + 1])
    results = [{"value": obj.pk, "label": obj.picker_label()} for obj in found[:LIMIT]]
    return JsonResponse(
        {"results": results, "more": len(found) > LIMIT},
        json_dumps_params={"ensure_ascii": False},
    )
