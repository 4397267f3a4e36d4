"""Forms for the asset register and its companions."""

from __future__ import annotations

from typing import Any

from django import forms

from infogov.assets import models
from infogov.assets.choices import SCREENING_QUESTIONS
from infogov.core.forms import GovernedForm
from infogov.core.permissions import CHANGE
from infogov.core.uploads import max_upload_mb, validate_spreadsheet


class FastSelect(forms.SelectMultiple):
    """A select (single or multiple) rendered by string building, not a template per option:
    a choice of thousands of assets renders in milliseconds."""

    def __init__(self, *args: Any, multiple: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow_multiple_selected = multiple

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.allow_multiple_selected:
            return super().value_from_datadict(data, files, name)
        return data.get(name)

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        from django.utils.html import escape, format_html_join
        from django.utils.safestring import mark_safe

        final = self.build_attrs(self.attrs, attrs or {})
        if self.allow_multiple_selected:
            final["multiple"] = True
        values = value if isinstance(value, list | tuple) else [value]
        selected = {str(v) for v in values if v not in (None, "")}
        attributes = format_html_join(
            "", ' {}="{}"', ((k, v) for k, v in final.items() if v not in (True, False, None))
        )
        flags = "".join(f" {k}" for k, v in final.items() if v is True)
        options = []
        for option_value, label in self.choices:
            key = str(getattr(option_value, "value", option_value))
            mark = " selected" if key in selected else ""
            options.append(f'<option value="{escape(key)}"{mark}>{escape(label)}</option>')
        return mark_safe(  # noqa: S308 - every value and label is escaped above
            f'<select name="{escape(name)}"{attributes}{flags}>{"".join(options)}</select>'
        )


def asset_label(asset: models.InformationAsset) -> str:
    return f"{asset.name} ({asset.division})"


class InformationAssetForm(GovernedForm):
    class Meta:
        model = models.InformationAsset
        fields = list(models.ASSET_EDITABLE_FIELDS)
        widgets = {
            "special_category_conditions": forms.CheckboxSelectMultiple,
            "data_subjects": forms.CheckboxSelectMultiple,
            "personal_data_categories": forms.CheckboxSelectMultiple,
            "lawful_bases": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "purposes": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 2}),
            "international_transfers": forms.Textarea(attrs={"rows": 2}),
            "security_measures": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("service", select_related=("division",))
        self.narrow_choices("owner", kind="staff", is_active=True)


class ReviewForm(forms.Form):
    note = forms.CharField(label="Review note", max_length=300, required=False)


class DataSubjectCategoryForm(GovernedForm):
    class Meta:
        model = models.DataSubjectCategory
        fields = ["name", "description"]


class PersonalDataCategoryForm(GovernedForm):
    class Meta:
        model = models.PersonalDataCategory
        fields = ["name", "special_category", "description"]


class SharingAgreementForm(GovernedForm):
    class Meta:
        model = models.SharingAgreement
        fields = [
            "title",
            "kind",
            "division",
            "owner",
            "parties",
            "legal_gateway",
            "assets",
            "dpia",
            "dpia_reference",
            "start_date",
            "review_date",
            "end_date",
            "status",
            "notes",
        ]
        widgets = {
            "assets": FastSelect,
            "parties": forms.Textarea(attrs={"rows": 3}),
            "legal_gateway": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("assets", select_related=("division",))
        self.fields["assets"].label_from_instance = asset_label  # type: ignore[attr-defined]


class DPIAForm(GovernedForm):
    screening = forms.MultipleChoiceField(
        choices=SCREENING_QUESTIONS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Screening: which of these apply?",
        help_text="ICO screening criteria. Any one means a full DPIA is needed.",
    )

    class Meta:
        model = models.DPIA
        fields = [
            "title",
            "division",
            "owner",
            "assets",
            "processing_description",
            "screening",
            "necessity",
            "state",
            "dpo_advice",
            "dpo_advice_followed",
            "dpo_advice_reasons",
            "ico_consulted_on",
            "review_date",
        ]
        widgets = {"assets": FastSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("assets", select_related=("division",))
        self.fields["assets"].label_from_instance = asset_label  # type: ignore[attr-defined]
        self.fields["state"].choices = [  # type: ignore[attr-defined]
            c
            for c in self.fields["state"].choices  # type: ignore[attr-defined]
            if c[0] != "signed_off" or (self.instance and self.instance.state == "signed_off")
        ]


class DPIARiskForm(GovernedForm):
    linked_scope = {"dpia": CHANGE}

    class Meta:
        model = models.DPIARisk
        fields = [
            "dpia",
            "description",
            "likelihood",
            "severity",
            "measures",
            "residual_likelihood",
            "residual_severity",
            "measure_approved",
        ]


class DataStandardForm(GovernedForm):
    linked_scope = {"asset": CHANGE}

    class Meta:
        model = models.DataStandard
        fields = ["name", "asset", "description", "unique_key"]
        widgets = {"asset": FastSelect(multiple=False)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("asset", select_related=("division",))
        self.fields["asset"].label_from_instance = asset_label  # type: ignore[attr-defined]


class StandardFieldForm(GovernedForm):
    linked_scope = {"standard": CHANGE}

    class Meta:
        model = models.StandardField
        fields = [
            "standard",
            "name",
            "field_type",
            "required",
            "pattern",
            "allowed_values",
            "min_length",
            "max_length",
            "minimum",
            "maximum",
        ]


class ExtractUploadForm(forms.Form):
    file = forms.FileField(label="Extract (.csv or .xlsx)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = f"Row 1 holds the column headings. At most {max_upload_mb()} MB."

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_spreadsheet(upload)
        return upload
