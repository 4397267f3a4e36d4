"""Letters: templates with checked placeholders, letters filled from the replayed clock,
saved as Word and PDF, their sending recorded; the public form's acknowledgement queued."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from infogov.core.models import AuditEvent, Notification
from infogov.core.reminders import send_pending
from infogov.core.testing import CrudContract
from infogov.requests import letters, models, services
from infogov.requests.choices import LetterFamily, LetterType
from infogov.requests.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = "2026-04-01"


def docx_text(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def own_case(people: Any, **kwargs: Any) -> models.Case:
    case = CaseFactory(**kwargs)
    case.caseworker = people.caseworker.person
    case.save()
    return case


class TestLetterTemplate(CrudContract):
    model = models.LetterTemplate
    api_url = "/api/requests/letter-templates/"
    bad_field = ("body", "Dear {{ requester.nickname }}")
    denied = "caseworker"
    outsider = "staff"

    def make(self, people: Any) -> Any:
        # A letter and family without shipped wording (each made once).
        taken = set(models.LetterTemplate.objects.values_list("letter", "family"))
        letter, family = next(
            (letter, family)
            for letter in LetterType.values
            for family in LetterFamily.values
            if (letter, family) not in taken and (letter, family) != ("identity", "foi")
        )
        return models.LetterTemplate.objects.create(
            letter=letter,
            family=family,
            subject="Proof of identity: {{ case.reference }}",
            body="Dear {{ requester.name }}",
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "letter": "identity",
            "family": "foi",
            "subject": "Proof of identity for {{ case.reference }}",
            "body": "Dear {{ requester.name }}\n\nPlease send proof of identity.",
        }


def test_every_letter_ships_with_wording_that_passes_the_placeholder_check(people: Any) -> None:
    shipped = models.LetterTemplate.objects.all()
    assert {t.letter for t in shipped} == set(LetterType.values)
    for template in shipped:
        assert letters.template_errors(template.subject) == ""
        assert letters.template_errors(template.body) == ""
    # Wording differs by law where the law differs.
    refusal = {t.family: t.body for t in shipped.filter(letter="refusal")}
    assert "section 16" in refusal["foi"] and "regulation 13" in refusal["eir"]
    assert "Scottish Information Commissioner" in refusal["foi"]


def test_an_unknown_placeholder_is_refused_on_save_naming_it(
    people: Any, client_as: Any, api_as: Any
) -> None:
    template = models.LetterTemplate.objects.get(letter="response", family="foi")
    url = reverse("requests:lettertemplate_edit", args=[template.pk])
    response = client_as(people.ig_manager).post(
        url,
        {
            "letter": "response",
            "family": "foi",
            "subject": "Reply {{ case.reference }}",
            "body": "Dear {{ requester.name }} {{ case.secret_notes }}",
        },
    )
    assert response.status_code == 400
    assert "{{ case.secret_notes }}" in response.context["form"].errors["body"][0]
    template.refresh_from_db()
    assert "secret_notes" not in template.body

    api = api_as(people.ig_manager).patch(
        f"/api/requests/letter-templates/{template.pk}/",
        {"subject": "{% load static %}{{ case.reference }}"},
        format="json",
    )
    assert api.status_code == 400 and "tags" in str(api.json()["subject"])


def test_the_edit_page_previews_the_template_from_a_sample_case_without_saving(
    people: Any, client_as: Any
) -> None:
    template = models.LetterTemplate.objects.get(letter="acknowledgement", family="foi")
    before = template.body
    response = client_as(people.ig_manager).post(
        reverse("requests:lettertemplate_edit", args=[template.pk]),
        {
            "letter": "acknowledgement",
            "family": "foi",
            "subject": "Thanks {{ requester.name }}",
            "body": "Your reference is {{ case.reference }}, received {{ case.received }}.",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your reference is FOI-2026-0001, received 2 March 2026." in page
    assert "Thanks Alex Example" in page
    template.refresh_from_db()
    assert template.body == before


@time_machine.travel(TODAY, tick=False)
def test_a_generated_letter_is_saved_as_word_and_pdf_with_the_replayed_dates(
    people: Any, client_as: Any
) -> None:
    case = own_case(people, kind="foi", received_on=date(2026, 3, 2))
    response = client_as(people.caseworker).post(
        reverse("requests:case_letter", args=[case.pk]),
        {"letter": "acknowledgement", "on": TODAY, "details": ""},
    )
    assert response.status_code == 302
    word, pdf = case.documents.order_by("id")
    assert word.file.name.endswith(".docx") and pdf.file.name.endswith(".pdf")
    assert word.doc_type == pdf.doc_type == "correspondence"
    paragraphs = docx_text(word.file.read())
    text = "\n".join(paragraphs)
    assert case.reference in text and "2 March 2026" in text
    # FOISA s.10(1): 20 working days from 2 March 2026 is Monday 30 March 2026.
    assert "We will reply by Monday 30 March 2026." in text
    assert len(paragraphs) >= 6  # real paragraphs, each editable in Word
    assert pdf.file.read().startswith(b"%PDF")
    audit = AuditEvent.objects.get(verb="letter_generated")
    assert audit.object_id == case.pk and audit.actor == people.caseworker


@time_machine.travel(TODAY, tick=False)
def test_a_notice_is_filled_with_the_clock_replayed_as_of_the_notice(people: Any) -> None:
    case = own_case(people, kind="eir", received_on=date(2026, 3, 2))
    rendered = letters.render_letter(case, LetterType.EXTENSION, date(2026, 3, 20))
    # EIR reg 7: 40 working days from 2 March 2026 (Good Friday 3 April skipped).
    assert "We will now reply by 28 April 2026." in rendered.text
    case.refresh_from_db()
    assert case.due_on == date(2026, 3, 30)  # nothing recorded by filling a letter


@time_machine.travel(TODAY, tick=False)
def test_a_refusal_notice_lists_the_exemptions_applied_with_their_sections(
    people: Any, client_as: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = own_case(people, kind="foi", received_on=date(2026, 3, 2))
    document = models.Document(
        case=case, title="Minutes", file=SimpleUploadedFile("m.txt", b"minutes")
    )
    services.add_document(document, acting_user=people.caseworker)
    services.apply_exemption(document, acting_user=people.caseworker, exemption="foisa_s33_1_b")
    response = client_as(people.caseworker).post(
        reverse("requests:case_letter", args=[case.pk]),
        {"letter": "refusal", "on": TODAY, "details": "Disclosure would harm the tender."},
    )
    assert response.status_code == 302
    word = case.documents.get(title__startswith="Refusal", file__endswith=".docx")
    text = "\n".join(docx_text(word.file.read()))
    assert "FOISA s.33(1)(b) Commercial interests" in text
    assert "Disclosure would harm the tender." in text
    assert "section 16" in text and "Scottish Information Commissioner" in text
    # 40 working days after 1 April 2026 to ask for a review (FOISA s.20(5)).
    assert "by 1 June 2026" in text
    assert word.doc_type == "response"


@time_machine.travel(TODAY, tick=False)
def test_the_preview_on_the_case_page_generates_nothing(people: Any, client_as: Any) -> None:
    case = own_case(people, kind="foi", received_on=date(2026, 3, 2))
    response = client_as(people.caseworker).post(
        reverse("requests:case_letter", args=[case.pk]),
        {"letter": "clarification", "on": TODAY, "details": "Which year?", "preview": "1"},
    )
    assert response.status_code == 200
    assert "Which year?" in response.content.decode()
    assert not case.documents.exists()


@time_machine.travel(TODAY, tick=False)
def test_an_foi_request_has_no_extension_letter(people: Any, client_as: Any) -> None:
    case = own_case(people, kind="foi", received_on=date(2026, 3, 2))
    response = client_as(people.caseworker).post(
        reverse("requests:case_letter", args=[case.pk]), {"letter": "extension", "on": TODAY}
    )
    assert response.status_code == 400
    assert "cannot be extended" in response.content.decode()
    assert not case.documents.exists()


@time_machine.travel(TODAY, tick=False)
def test_sending_a_clarification_request_is_on_the_timeline_and_stops_the_clock(
    people: Any, api_as: Any
) -> None:
    case = own_case(people, kind="foi", received_on=date(2026, 3, 2))
    documents = api_as(people.caseworker).post(
        f"/api/requests/cases/{case.pk}/letters/",
        {"letter": "clarification", "on": "2026-03-05", "details": "Which department?"},
        format="json",
    )
    assert documents.status_code == 201 and len(documents.json()) == 2
    sent = api_as(people.caseworker).post(
        f"/api/requests/cases/{case.pk}/letters/sent/",
        {"letter": "clarification", "on": "2026-03-05", "document": documents.json()[0]["id"]},
        format="json",
    )
    assert sent.status_code == 200
    case.refresh_from_db()
    types = list(case.events.values_list("type", flat=True))
    assert types == ["received", "clarification_requested", "letter_sent"]
    assert case.due_on is None and case.status == "on_hold"
    assert AuditEvent.objects.filter(verb="letter_sent", object_id=case.pk).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_letters_are_refused_to_those_who_do_not_work_the_case(
    people: Any, client_as: Any, api_as: Any
) -> None:
    case = own_case(people, kind="foi", received_on=date(2026, 3, 2))
    other = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    url = reverse("requests:case_letter", args=[case.pk])
    data = {"letter": "response", "on": TODAY}
    assert client_as(people.auditor).post(url, data).status_code == 403
    assert client_as(people.staff).post(url, data).status_code == 404
    assert (
        api_as(people.auditor)
        .post(f"/api/requests/cases/{case.pk}/letters/", data, format="json")
        .status_code
        == 403
    )
    assert (
        api_as(people.caseworker)
        .post(f"/api/requests/cases/{other.pk}/letters/sent/", data, format="json")
        .status_code
        == 404
    )
    assert not models.Document.objects.exists()
    assert not models.CaseEvent.objects.filter(type="letter_sent").exists()


def test_a_letter_cannot_be_recorded_with_another_cases_document(people: Any, api_as: Any) -> None:
    case = own_case(people, kind="foi", received_on=date(2026, 3, 2))
    other = own_case(people, kind="foi", received_on=date(2026, 3, 2))
    (document, _pdf) = letters.generate_letter(
        other, acting_user=people.caseworker, letter="response", on=date(2026, 3, 20)
    )
    response = api_as(people.caseworker).post(
        f"/api/requests/cases/{case.pk}/letters/sent/",
        {"letter": "response", "on": "2026-03-20", "document": document.pk},
        format="json",
    )
    assert response.status_code == 400 and "document" in response.json()


def test_the_public_acknowledgement_uses_the_template_and_goes_through_the_outbox(
    client: Any, people: Any
) -> None:
    template = models.LetterTemplate.objects.get(letter="acknowledgement", family="foi")
    template.body = "Dear {{ requester.name }}\n\nReference {{ case.reference }}. Thank you."
    template.save()
    response = client.post(
        reverse("requests:public_request"),
        {
            "kind": "foi",
            "requester_name": "Jo Bloggs",
            "requester_email": "jo@example.org",
            "description": "Road budgets.",
        },
    )
    assert response.status_code == 302
    case = models.Case.objects.get()
    assert not mail.outbox  # queued, not sent by the request
    queued = Notification.objects.get(key=letters.acknowledgement_key(case))
    assert queued.recipient_email == "jo@example.org"
    assert f"Reference {case.reference}. Thank you." in queued.body
    done = client.get(response["Location"]).content.decode()
    assert "We will e-mail an acknowledgement with your reference to jo@example.org" in done
    assert send_pending().sent == 1
    assert send_pending().sent == 0  # once
    assert len(mail.outbox) == 1 and "Dear Jo Bloggs" in mail.outbox[0].body


def test_a_second_template_for_the_same_letter_and_law_is_refused(people: Any, api_as: Any) -> None:
    response = api_as(people.ig_manager).post(
        "/api/requests/letter-templates/",
        {"letter": "response", "family": "foi", "subject": "Reply", "body": "Dear you"},
        format="json",
    )
    assert response.status_code == 400
    assert models.LetterTemplate.objects.filter(letter="response", family="foi").count() == 1


@time_machine.travel(TODAY, tick=False)
def test_the_page_records_an_extension_notice_sent_and_the_due_date_moves(
    people: Any, client_as: Any
) -> None:
    case = own_case(people, kind="eir", received_on=date(2026, 3, 2))
    word, _pdf = letters.generate_letter(
        case, acting_user=people.caseworker, letter="extension", on=date(2026, 3, 20)
    )
    url = reverse("requests:case_letter_sent", args=[case.pk])
    client = client_as(people.caseworker)
    assert f'value="{word.pk}"' in client.get(url).content.decode()
    response = client.post(
        url, {"letter": "extension", "on": "2026-03-20", "document": word.pk, "note": ""}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.due_on == date(2026, 4, 28)  # EIR reg 7(1): 40 working days
    sent = case.events.get(type="letter_sent")
    assert sent.on == date(2026, 3, 20) and word.title in sent.reason


def test_a_letter_cannot_be_dated_before_the_request_was_received(people: Any, api_as: Any) -> None:
    case = own_case(people, kind="foi", received_on=date(2026, 3, 2))
    response = api_as(people.caseworker).post(
        f"/api/requests/cases/{case.pk}/letters/",
        {"letter": "response", "on": "2026-03-01"},
        format="json",
    )
    assert response.status_code == 400 and "before the request was received" in str(
        response.json()["on"]
    )
    assert not case.documents.exists()
