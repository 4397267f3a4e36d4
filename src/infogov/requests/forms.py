"""Forms for cases, events, actions, tasks, documents and the public request form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from infogov.core.forms import DateInput, GovernedForm
from infogov.core.permissions import CHANGE, get_roles
from infogov.core.roles import Role
from infogov.core.uploads import validate_upload
from infogov.requests import models
from infogov.requests.choices import (
    CaseKind,
    EventType,
    Outcome,
    ResponseMethod,
    TaskStatus,
    current_exemption_choices,
)
from infogov.requests.services import RECORDABLE_EVENTS, event_not_after_today


class CaseForm(GovernedForm):
    class Meta:
        model = models.Case
        fields = [
            "kind",
            "received_on",
            "channel",
            "requester_name",
            "requester_email",
            "requester_address",
            "requester_phone",
            "subject_name",
            "acting_for",
            "authority_note",
            "description",
            "division",
            "caseworker",
            "original_case",
            "appeal_status",
            "appeal_reference",
            "publish_in_disclosure_log",
        ]
        widgets = {
            "received_on": DateInput(),
            "requester_address": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_choices("caseworker", user__isnull=False, is_active=True)
        self.fields["original_case"].queryset = self.fields["original_case"].queryset.only(  # type: ignore[attr-defined]
            "id", "reference"
        )
        if self.instance.pk is None:
            self.fields["received_on"].initial = timezone.localdate()


class EventForm(forms.Form):
    type = forms.ChoiceField(
        label="What happened",
        choices=[(t.value, t.label) for t in EventType if t.value in RECORDABLE_EVENTS],
    )
    on = forms.DateField(label="Date", widget=DateInput(), validators=[event_not_after_today])
    reason = forms.CharField(label="Reason", max_length=300, required=False)
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class RespondForm(forms.Form):
    on = forms.DateField(
        label="Date the response was sent", widget=DateInput(), validators=[event_not_after_today]
    )
    method = forms.ChoiceField(label="How it was sent", choices=ResponseMethod.choices)
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices)
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CloseForm(forms.Form):
    on = forms.DateField(
        label="Date closed", widget=DateInput(), validators=[event_not_after_today]
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Keep the recorded outcome"), *Outcome.choices],
        required=False,
    )
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class WithdrawForm(forms.Form):
    on = forms.DateField(
        label="Date withdrawn", widget=DateInput(), validators=[event_not_after_today]
    )
    reason = forms.CharField(label="Reason", max_length=300, required=False)


class SearchTaskForm(GovernedForm):
    linked_scope = {"case": CHANGE}

    class Meta:
        model = models.SearchTask
        fields = [
            "case",
            "kind",
            "division",
            "assignee",
            "instructions",
            "due_on",
            "status",
            "completed_on",
            "result",
        ]
        widgets = {
            "due_on": DateInput(),
            "completed_on": DateInput(),
            "instructions": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case_field = self.fields["case"]
        case_field.queryset = case_field.queryset.only("id", "reference")  # type: ignore[attr-defined]
        if self.instance.pk is not None:
            # Fixed to the task's own case, which its division's officer works on without
            # working the case itself: shown, not chosen.
            case_field.queryset = models.Case.objects.filter(  # type: ignore[attr-defined]
                pk=self.instance.case_id
            ).only("id", "reference")
            case_field.disabled = True
        self.narrow_choices("assignee", is_active=True, kind="staff", select_related=("division",))
        if self.instance.pk is not None and not get_roles(self.user).has(
            Role.IG_MANAGER, Role.CASEWORKER
        ):
            # The division's officer records the result; the caseworker set the task.
            self.narrow_choices("division", pk=self.instance.division_id)
            for name in ("case", "kind", "division", "instructions", "due_on"):
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") in {TaskStatus.DONE, TaskStatus.NOTHING_FOUND} and not data.get(
            "completed_on"
        ):
            data["completed_on"] = timezone.localdate()
            self.instance.completed_on = data["completed_on"]
        return data


class DocumentForm(GovernedForm):
    linked_scope = {"case": CHANGE}

    class Meta:
        model = models.Document
        fields = ["case", "title", "doc_type", "file", "released"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = self.fields["case"].queryset.only("id", "reference")  # type: ignore[attr-defined]
        limit = int(getattr(settings, "INFOGOV_MAX_UPLOAD_MB", 20))
        self.fields["file"].help_text = (
            f"PDF, Word (DOCX), Excel (XLSX), ODT, image (PNG, JPG), text, CSV or e-mail "
            f"(EML), up to {limit} MB."
        )
        if self.instance.pk is not None:
            # Fixed to the document's own case: shown, not chosen.
            self.fields["case"].queryset = models.Case.objects.filter(  # type: ignore[attr-defined]
                pk=self.instance.case_id
            ).only("id", "reference")
            self.fields["case"].disabled = True

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):
            validate_upload(upload)
        return upload


class ExemptionForm(GovernedForm):
    class Meta:
        model = models.AppliedExemption
        fields = ["exemption", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # New applications are recorded at subsection level (the Commissioner's return).
        field: Any = self.fields["exemption"]
        field.choices = [("", "Choose the exemption or exception"), *current_exemption_choices()]


PUBLIC_KINDS = [
    (
        CaseKind.SAR.value,
        "Personal information about me, or about someone I act for (a subject access request)",
    ),
    (CaseKind.FOI.value, "Other information the council holds (a freedom of information request)"),
    (
        CaseKind.EIR.value,
        "Environmental information (EIR): for example about land, water, air, waste, "
        "planning, pollution or the built environment",
    ),
]

ABOUT_ME = "me"
ABOUT_SOMEONE_ELSE = "someone_else"
PUBLIC_ABOUT = [
    (ABOUT_ME, "About me"),
    (ABOUT_SOMEONE_ELSE, "About someone else"),
]
# How a member of the public may act for someone else (the model's "themselves" and the
# police/organisation routes are for caseworkers, not the public form).
PUBLIC_ACTING_FOR = [
    (models.ActingFor.PARENT.value, "I am their parent or guardian (they are a child)"),
    (models.ActingFor.SOLICITOR.value, "I am their solicitor or legal representative"),
    (
        models.ActingFor.ATTORNEY.value,
        "I have power of attorney for them, or a guardianship order",
    ),
    (models.ActingFor.ADVOCATE.value, "I am their advocate, carer or another representative"),
]
# Fields that only apply to a subject access request made for someone else.
ON_BEHALF_FIELDS = ("subject_name", "acting_for", "authority_note")


class PublicRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What information do you want?",
        choices=PUBLIC_KINDS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of information you want",
            "invalid_choice": "Select what kind of information you want",
        },
    )
    requester_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your full name must be 200 characters or fewer",
        },
    )
    requester_email = forms.EmailField(
        label="Your e-mail address",
        help_text="We send your reference and our reply to this address.",
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
    )
    requester_address = forms.CharField(
        label="Your postal address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    requester_phone = forms.CharField(
        label="Your phone number",
        max_length=40,
        required=False,
        error_messages={"max_length": "Your phone number must be 40 characters or fewer"},
    )
    description = forms.CharField(
        label="Describe the information you want",
        help_text="Tell us what you are looking for and, if you can, the dates and the "
        "council services involved.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={
            "required": "Enter what information you want",
            "max_length": "What information you want must be 5,000 characters or fewer",
        },
    )
    about = forms.ChoiceField(
        label="Is this request about you or someone else?",
        choices=PUBLIC_ABOUT,
        widget=forms.RadioSelect,
        required=False,
        initial=ABOUT_ME,
        help_text="Only for a subject access request. You can ask for someone else's "
        "information if you act for them: for example, a parent for a child, a solicitor "
        "for a client, or someone with power of attorney.",
    )
    subject_name = forms.CharField(
        label="Full name of the person the information is about",
        help_text="Only if the request is about someone else.",
        max_length=200,
        required=False,
    )
    acting_for = forms.ChoiceField(
        label="How are you acting for them?",
        help_text="Only if the request is about someone else.",
        choices=PUBLIC_ACTING_FOR,
        widget=forms.RadioSelect,
        required=False,
    )
    authority_note = forms.CharField(
        label="What shows you may act for them",
        help_text="Only if the request is about someone else. For example, a signed letter "
        "of consent, a power of attorney or a court order. We will ask you for a copy.",
        max_length=300,
        required=False,
    )
    # Honeypot: hidden from people (and assistive technology); bots fill it in.
    website = forms.CharField(label="Leave this field empty", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester_name"].widget.attrs["autocomplete"] = "name"
        self.fields["requester_email"].widget.attrs["autocomplete"] = "email"
        self.fields["requester_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") != CaseKind.SAR:
            # Only a subject access request can be about someone else: ignore the answers.
            for name in ON_BEHALF_FIELDS:
                self.errors.pop(name, None)
                data[name] = ""
            self.errors.pop("about", None)
            data["about"] = ""
            return data
        if not data.get("about"):
            data["about"] = ABOUT_ME
        if data["about"] != ABOUT_SOMEONE_ELSE:
            for name in ON_BEHALF_FIELDS:
                self.errors.pop(name, None)
                data[name] = ""
            return data
        if "subject_name" not in self.errors and not data.get("subject_name", "").strip():
            self.add_error(
                "subject_name", "Enter the full name of the person the information is about"
            )
        if "acting_for" not in self.errors and not data.get("acting_for"):
            self.add_error("acting_for", "Select how you are acting for them")
        return data


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)


# --- Publication: the disclosure log and the Guide to Information ---
from infogov.requests.choices import DisclosureSubject  # noqa: E402

PUBLIC_TEXT_HINT = (
    "Public. Write it for anyone reading the log: never the requester's name or contact "
    "details, and not the request's own words unless they name no one."
)


class PublishForm(forms.Form):
    """The IG team's decision to publish a response: public texts and the documents."""

    title = forms.CharField(label="Public title", max_length=200, help_text=PUBLIC_TEXT_HINT)
    summary = forms.CharField(
        label="Public summary",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was asked for and what was released, in a few sentences. "
        + PUBLIC_TEXT_HINT,
    )
    subject = forms.ChoiceField(choices=DisclosureSubject.choices)
    documents = forms.ModelMultipleChoiceField(
        label="Documents to publish",
        queryset=models.Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only documents released to the requester and reviewed before the redaction "
        "sign-off are offered.",
    )

    def __init__(self, *args: Any, case: models.Case, **kwargs: Any) -> None:
        from infogov.requests.publication import publishable_documents

        super().__init__(*args, **kwargs)
        documents: Any = self.fields["documents"]
        documents.queryset = publishable_documents(case)
        documents.label_from_instance = lambda d: f"{d.title} ({d.get_doc_type_display()})"


class WithdrawEntryForm(forms.Form):
    reason = forms.CharField(
        label="Why is it withdrawn from the log?",
        max_length=300,
        help_text="Recorded on the entry; not shown to the public.",
    )


class DisclosureEntryForm(GovernedForm):
    class Meta:
        model = models.DisclosureEntry
        fields = ["title", "summary", "subject"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"title": PUBLIC_TEXT_HINT, "summary": PUBLIC_TEXT_HINT}


class GuideItemForm(GovernedForm):
    class Meta:
        model = models.GuideItem
        fields = [
            "publication_class",
            "title",
            "description",
            "url",
            "availability",
            "charge",
            "charge_note",
            "review_on",
            "reviewed_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "review_on": DateInput(),
            "reviewed_on": DateInput(),
        }


# --- letters (requests/letters.py) ---------------------------------------------------


class LetterTemplateForm(GovernedForm):
    """A letter's wording; an unknown placeholder is refused on save (the model's clean)."""

    class Meta:
        model = models.LetterTemplate
        fields = ["letter", "family", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}


def _letter_choices() -> list[tuple[str, str]]:
    from infogov.requests.choices import LetterType

    return [(t.value, t.label) for t in LetterType]


class GenerateLetterForm(forms.Form):
    letter = forms.ChoiceField(label="Letter", choices=_letter_choices)
    on = forms.DateField(
        label="Date on the letter", widget=DateInput(), validators=[event_not_after_today]
    )
    details = forms.CharField(
        label="Text for this letter",
        help_text="Fills the template's {{ details }}: for example the questions to clarify, "
        "the fee and how to pay it, or the information released.",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )


class SendLetterForm(forms.Form):
    letter = forms.ChoiceField(label="Letter", choices=_letter_choices)
    on = forms.DateField(label="Date sent", widget=DateInput(), validators=[event_not_after_today])
    document = forms.ModelChoiceField(
        label="The letter sent",
        queryset=models.Document.objects.none(),
        required=False,
        help_text="One of the case's documents, e.g. the generated letter.",
    )
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)
