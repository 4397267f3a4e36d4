"""Letters to requesters: templates the IG manager edits, filled from the case.

A template's subject and body hold placeholders written `{{ case.reference }}`. Rendering
is a plain substitution of the names in `PLACEHOLDERS` (no template language: no tags, no
filters, no attribute look-ups), so a template can show only what is listed here; a
template naming anything else is refused on save, naming the placeholder.

Dates come from the case's replayed clock. A letter that is itself a clock event (a
clarification request, an identity request, a fees notice, an extension notice) is filled
with the clock replayed as if that event happened on the letter's date, so the notice
states the deadline the notice brings about.

`generate_letter` saves the letter to the case's documents as Word (editable paragraphs)
and PDF; `send_letter` records that a letter was sent (a `letter_sent` event and, for a
notice, its clock event). The public form's acknowledgement e-mail is rendered from the
acknowledgement template and queued in the outbox (`queue_acknowledgement`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils.text import slugify

from infogov.clocks import add_working_days, format_date
from infogov.core.context_processors import council_name
from infogov.core.documents import clean_text, docx_document, pdf_from_html
from infogov.core.models import record_event
from infogov.core.services import business_action
from infogov.requests.choices import (
    FOI_KINDS,
    SAR_CLOCK_KINDS,
    CaseKind,
    DocumentType,
    EventType,
    LetterFamily,
    LetterType,
)
from infogov.requests.clock import compute_due
from infogov.requests.models import AppliedExemption, Case, CaseEvent, Document, LetterTemplate
from infogov.requests.services import WORK_CASE, add_event, may_work_case

DEFAULTS_FILE = Path(__file__).with_name("data") / "letter_templates.json"

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
REVIEW_WORKING_DAYS = 40  # FOISA s.20(5), EIR reg. 16(2): the requester's time to ask

PLACEHOLDERS: dict[str, str] = {
    "case.reference": "The case's reference, e.g. FOI-2026-0001",
    "case.kind": "The kind of request, e.g. Freedom of information request (FOISA 2002)",
    "case.received": "The date the request was received",
    "case.due": "The date the reply is due, from the case's events",
    "case.timescale": "A sentence saying when we will reply (or why the time limit has "
    "not started)",
    "case.description": "What was asked for",
    "case.outcome": "The outcome recorded on the case",
    "case.responded": "The date the response was sent",
    "case.original_reference": "For a review: the reference of the request reviewed",
    "clock.explanation": "How the due date was worked out, one step a line",
    "requester.name": "The requester's name",
    "requester.address": "The requester's postal address",
    "requester.email": "The requester's e-mail address",
    "subject.name": "The data subject, when the requester acts for someone else",
    "on_behalf_note": "When the requester acts for someone else: what proof we need",
    "caseworker.name": "The caseworker's name (or the information governance team)",
    "caseworker.email": "The caseworker's e-mail address",
    "council.name": "The council's name",
    "letter.date": "The date on the letter",
    "review.ask_by": "The last day to ask for a review: 40 working days after the letter "
    "(FOISA s.20(5), EIR reg. 16(2))",
    "exemptions": "The exemptions and exceptions applied to the case's documents, one a "
    "line, with their section",
    "details": "The text typed when the letter is generated (e.g. the questions to "
    "clarify, the fee and how to pay it)",
}

# Letters that are themselves a step on the case's clock.
LETTER_EVENTS: dict[str, str] = {
    LetterType.CLARIFICATION: EventType.CLARIFICATION_REQUESTED,
    LetterType.IDENTITY: EventType.IDENTITY_REQUESTED,
    LetterType.FEES_NOTICE: EventType.FEE_REQUESTED,
    LetterType.EXTENSION: EventType.EXTENDED,
}
RESPONSE_LETTERS = frozenset({LetterType.RESPONSE, LetterType.REFUSAL, LetterType.REVIEW_OUTCOME})

ON_BEHALF_NOTE = (
    "You told us you are asking on behalf of someone else. We will contact you to ask for "
    "proof that you may act for them (for example a signed letter of consent, a power of "
    "attorney or a court order) and for proof of their identity. The one-month time limit "
    "starts when we have received these."
)


# --- templates -----------------------------------------------------------------------


def template_errors(text: str) -> str:
    """Why `text` cannot be a letter template ("" when it can)."""
    if TEMPLATE_TAG.search(text or ""):
        return (
            "Use only placeholders such as {{ case.reference }}: tags and comments are not allowed."
        )
    unknown: list[str] = []
    for match in PLACEHOLDER.finditer(text or ""):
        name = match.group(1).strip()
        if name not in PLACEHOLDERS and name not in unknown:
            unknown.append(name)
    if unknown:
        names = ", ".join(f"{{{{ {n} }}}}" for n in unknown)
        plural = "s" if len(unknown) > 1 else ""
        return (
            f"Unknown placeholder{plural} {names}: use one of "
            f"{', '.join('{{ ' + p + ' }}' for p in PLACEHOLDERS)}."
        )
    return ""


def fill(text: str, values: dict[str, str]) -> str:
    """Substitute the placeholders of a checked template (unknown names raise)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name not in values:
            raise ValidationError(f"Unknown placeholder {{{{ {name} }}}}.")
        return values[name]

    return PLACEHOLDER.sub(value, text)


def family_for(kind: str) -> str:
    if kind in {CaseKind.FOI, CaseKind.FOI_REVIEW}:
        return LetterFamily.FOI
    if kind in {CaseKind.EIR, CaseKind.EIR_REVIEW}:
        return LetterFamily.EIR
    if kind in SAR_CLOCK_KINDS or kind == CaseKind.SAR_REVIEW:
        return LetterFamily.SAR
    return LetterFamily.ANY


def default_templates() -> list[dict[str, str]]:
    """The shipped wording (`data/letter_templates.json`), loaded by a migration."""
    rows: list[dict[str, str]] = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    return rows


def choose_template(case: Any, letter: str) -> LetterTemplate | SimpleNamespace | None:
    """The case's law's wording, else the "any other kind" wording, else the shipped one."""
    family = family_for(case.kind)
    found = {
        t.family: t for t in LetterTemplate.objects.filter(letter=letter, family__in={family, ""})
    }
    if family in found:
        return found[family]
    if "" in found:
        return found[""]
    for row in default_templates():
        if row["letter"] == letter and row["family"] in {family, ""}:
            return SimpleNamespace(**row)
    return None


# --- filling a letter from a case ----------------------------------------------------


def _date(value: date | None, missing: str = "") -> str:
    return format_date(value) if value else missing


def _person_name(person: Any) -> str:
    if person is None:
        return ""
    return f"{person.first_name} {person.last_name}".strip()


def exemptions_text(case: Any) -> str:
    if not getattr(case, "pk", None):
        return getattr(case, "sample_exemptions", "")
    codes = (
        AppliedExemption.objects.filter(document__case=case)
        .order_by("exemption")
        .values_list("exemption", flat=True)
        .distinct()
    )
    labels = dict(AppliedExemption._meta.get_field("exemption").choices or [])
    return "\n".join(str(labels.get(code, code)) for code in codes)


def replayed_clock(case: Any, letter: str, on: date) -> tuple[date | None, list[str]]:
    """The clock with this letter's own event on `on` if it is not recorded yet."""
    events: list[Any] = list(case.events.all()) if getattr(case, "pk", None) else []
    event_type = LETTER_EVENTS.get(letter)
    if event_type and not any(e.type == event_type and e.on == on for e in events):
        events.append(SimpleNamespace(type=event_type, on=on, pk=None))
    return compute_due(case, events)


def timescale_sentence(case: Any, due: date | None, steps: list[str]) -> str:
    if due is not None:
        return f"We will reply by {format_date(due, weekday=True)}."
    if case.kind in SAR_CLOCK_KINDS:
        return (
            "The time limit for our reply has not started yet: it starts when we have "
            "received what we need from you."
        )
    return "The time limit for our reply is paused until we hear from you."


def letter_values(case: Any, letter: str, on: date, details: str = "") -> dict[str, str]:
    due, steps = replayed_clock(case, letter, on)
    caseworker = case.caseworker if case.caseworker_id else None
    original = case.original_case if case.original_case_id else None
    values = {
        "case.reference": case.reference,
        "case.kind": str(case.get_kind_display()),
        "case.received": _date(case.received_on),
        "case.due": _date(due, "not yet set (the time limit has not started)"),
        "case.timescale": timescale_sentence(case, due, steps),
        "case.description": case.description,
        "case.outcome": str(case.get_outcome_display()) if case.outcome else "",
        "case.responded": _date(case.responded_on, _date(on)),
        "case.original_reference": original.reference if original else "",
        "clock.explanation": "\n".join(steps),
        "requester.name": case.requester_name,
        "requester.address": case.requester_address,
        "requester.email": case.requester_email,
        "subject.name": case.subject_name,
        "on_behalf_note": ON_BEHALF_NOTE if case.acting_for else "",
        "caseworker.name": _person_name(caseworker) or "The information governance team",
        "caseworker.email": (caseworker.email if caseworker else "") or "",
        "council.name": council_name(),
        "letter.date": _date(on),
        "review.ask_by": _date(add_working_days(on, REVIEW_WORKING_DAYS)),
        "exemptions": exemptions_text(case) or "None.",
        "details": details.strip(),
    }
    return {name: clean_text(value) for name, value in values.items()}


@dataclass(frozen=True)
class RenderedLetter:
    letter: str
    subject: str
    paragraphs: list[str]
    values: dict[str, str]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"


def render_letter(
    case: Any, letter: str, on: date, details: str = "", template: Any = None
) -> RenderedLetter:
    """The letter's subject and paragraphs, filled from the case (or `template`)."""
    chosen = template or choose_template(case, letter)
    if chosen is None:
        raise ValidationError(
            {"letter": "There is no template for this letter: add one under Letter templates."}
        )
    problem = template_errors(chosen.subject) or template_errors(chosen.body)
    if problem:
        raise ValidationError({"letter": problem})
    values = letter_values(case, letter, on, details)
    body = fill(chosen.body.replace("\r\n", "\n"), values)
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", body)]
    return RenderedLetter(
        letter=letter,
        subject=" ".join(fill(chosen.subject, values).split()),
        paragraphs=[p for p in paragraphs if p.strip()],
        values=values,
    )


def sample_case() -> Any:
    """An unsaved FOI case for previewing a template (no real person's data)."""
    case = Case(
        reference="FOI-2026-0001",
        kind=CaseKind.FOI,
        received_on=date(2026, 3, 2),
        requester_name="Alex Example",
        requester_email="alex@example.org",
        requester_address="1 Example Street\nExampletown",
        description="The council's spending on agency staff in 2025.",
        outcome="disclosed_in_part",
    )
    case.sample_exemptions = "FOISA s.38 Personal information"  # type: ignore[attr-defined]
    return case


def preview(letter: str, family: str, subject: str, body: str, on: date) -> RenderedLetter:
    """The template filled from a sample case of its family (for the edit page)."""
    case = sample_case()
    kinds: dict[str, str] = {LetterFamily.EIR: CaseKind.EIR, LetterFamily.SAR: CaseKind.SAR}
    case.kind = kinds.get(family, CaseKind.FOI)
    case.reference = f"{case.kind.upper()}-2026-0001"
    return render_letter(
        case,
        letter,
        on,
        "(The text typed when generating.)",
        template=SimpleNamespace(subject=subject, body=body),
    )


# --- documents -----------------------------------------------------------------------


def letter_docx(case: Any, rendered: RenderedLetter) -> bytes:
    document = docx_document()
    values = rendered.values
    document.add_paragraph(values["council.name"])
    document.add_paragraph(values["letter.date"])
    address = "\n".join(v for v in (values["requester.name"], values["requester.address"]) if v)
    if address:
        document.add_paragraph(address)
    document.add_paragraph(f"Our reference: {case.reference}")
    document.add_heading(rendered.subject, level=1)
    for paragraph in rendered.paragraphs:
        document.add_paragraph(paragraph)
    return document.to_bytes()


def letter_pdf(case: Any, rendered: RenderedLetter) -> bytes:
    html = render_to_string(
        "requests/letter_pdf.html",
        {
            "case": case,
            "letter": rendered,
            "v": {name.replace(".", "_"): value for name, value in rendered.values.items()},
        },
    )
    return pdf_from_html(html)


def _save_document(
    case: Case,
    acting_user: Any,
    title: str,
    name: str,
    data: bytes,
    content_type: str,
    doc_type: str,
) -> Document:
    document = Document(
        case=case,
        title=title[:200],
        doc_type=doc_type,
        content_type=content_type,
        size=len(data),
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def check_letter(case: Case, letter: str, on: date) -> None:
    if on < case.received_on:
        raise ValidationError({"on": "The letter cannot be before the request was received."})
    if letter not in LetterType.values:
        raise ValidationError({"letter": f"Choose one of: {', '.join(LetterType.values)}."})
    if letter == LetterType.EXTENSION and case.kind not in SAR_CLOCK_KINDS | {CaseKind.EIR}:
        raise ValidationError(
            {
                "letter": f"A {case.get_kind_display()} cannot be extended: only "
                "data-protection rights requests (UK GDPR Art. 12(3)) and EIR requests "
                "(reg. 7) can."
            }
        )
    if letter == LetterType.FEES_NOTICE and case.kind not in FOI_KINDS | SAR_CLOCK_KINDS:
        raise ValidationError({"letter": "A fees notice is for FOISA, EIR and SAR requests."})


@business_action(allowed=may_work_case, denied=WORK_CASE)
def generate_letter(
    case: Case, *, acting_user: Any, letter: str, on: date, details: str = ""
) -> list[Document]:
    """Fill the letter from the case and save it to the case's documents (Word and PDF)."""
    check_letter(case, letter, on)
    rendered = render_letter(case, letter, on, details)
    label = LetterType(letter).label
    doc_type = DocumentType.RESPONSE if letter in RESPONSE_LETTERS else DocumentType.CORRESPONDENCE
    stem = f"{slugify(case.reference)}-{slugify(letter)}-{on.isoformat()}"
    title = f"{label} {on.isoformat()}"
    documents = [
        _save_document(
            case,
            acting_user,
            f"{title} (Word)",
            f"{stem}.docx",
            letter_docx(case, rendered),
            DOCX,
            doc_type,
        ),
        _save_document(
            case,
            acting_user,
            f"{title} (PDF)",
            f"{stem}.pdf",
            letter_pdf(case, rendered),
            "application/pdf",
            doc_type,
        ),
    ]
    record_event(
        acting_user,
        case,
        "letter_generated",
        f"Letter generated: {label} dated {on.isoformat()} (Word and PDF)",
        letter=letter,
        on=on.isoformat(),
        documents=[d.pk for d in documents],
    )
    return documents


@business_action(allowed=may_work_case, denied=WORK_CASE)
def send_letter(
    case: Case,
    *,
    acting_user: Any,
    letter: str,
    on: date,
    document: Document | None = None,
    note: str = "",
) -> CaseEvent:
    """Record that a letter was sent on `on`; a notice also records its clock event."""
    check_letter(case, letter, on)
    if document is not None and document.case_id != case.pk:
        raise ValidationError({"document": "Choose one of this case's documents."})
    label = LetterType(letter).label
    clock_type = LETTER_EVENTS.get(letter)
    if clock_type and not case.events.filter(type=clock_type, on=on).exists():
        add_event(
            case, acting_user=acting_user, type=clock_type, on=on, reason=f"{label} sent", note=note
        )
    reason = f"{label} sent" + (f": {document.title}" if document else "")
    event = CaseEvent.objects.create(
        case=case,
        type=EventType.LETTER_SENT,
        on=on,
        reason=reason[:300],
        note=note,
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record_event(
        acting_user,
        case,
        "letter_sent",
        f"{label} sent on {on.isoformat()}",
        letter=letter,
        document=document.pk if document else None,
    )
    return event


# --- the public form's acknowledgement ------------------------------------------------


def acknowledgement_key(case: Case) -> str:
    return f"requests:acknowledgement:{case.pk}"


def queue_acknowledgement(case: Case) -> bool:
    """Queue the acknowledgement e-mail (once per case) in the outbox; `send_reminders`
    sends it. Call inside the transaction that creates the case."""
    from infogov.core.reminders import queue

    if not case.requester_email:
        return False
    rendered = render_letter(case, LetterType.ACKNOWLEDGEMENT, case.received_on)
    return queue(acknowledgement_key(case), case.requester_email, rendered.subject, rendered.text)
