"""Render Django form fields with GOV.UK Frontend markup."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def in_sentence(phrase: Any) -> str:
    """A phrase lower-cased to stand inside a sentence, its acronyms kept ("All KPIs")."""
    from infogov.core.words import in_sentence as lower_in_sentence

    return lower_in_sentence(phrase)


def _kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.simple_tag
def govuk_field(field: BoundField, **options: Any) -> SafeString:
    """`{% govuk_field form.name %}`: label, hint, error message and control."""
    kind = _kind(field)
    widget = field.field.widget
    classes = {
        "input": "govuk-input",
        "textarea": "govuk-textarea",
        "select": "govuk-select",
        "file": "govuk-file-upload",
    }.get(kind, "")
    if field.errors and classes:
        classes += f" {classes.split()[0]}--error"
    width = options.get("width")
    if kind == "input" and not width:
        input_type = getattr(widget, "input_type", "text")
        width = {
            "date": "govuk-input--width-10",
            "datetime-local": "govuk-input--width-20",
            "number": "govuk-input--width-5",
        }.get(input_type)
    if width:
        classes += f" {width}"
    attrs: dict[str, Any] = {"class": classes.strip()} if classes else {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described and kind not in {"checkboxes", "radios"}:
        attrs["aria-describedby"] = " ".join(described)
    if kind == "checkbox":
        attrs["class"] = "govuk-checkboxes__input"
    control = field.as_widget(attrs=attrs) if kind not in {"checkboxes", "radios"} else ""
    return render_to_string(
        "core/includes/field.html",
        {"field": field, "kind": kind, "control": control, "options": options},
    )


@register.filter
def field_kind(field: BoundField) -> str:
    return _kind(field)
