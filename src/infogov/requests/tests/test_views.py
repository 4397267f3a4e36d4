"""Case pages, actions, statistics and the public form (the disclosure log: test_publication)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from infogov.core.models import Notification
from infogov.requests import models, services
from infogov.requests.tests.factories import CaseFactory, SearchTaskFactory

pytestmark = pytest.mark.django_db


def test_case_page_explains_the_deadline_in_words(people: Any, client_as: Any) -> None:
    case = CaseFactory()
    page = client_as(people.ig_manager).get(case.get_absolute_url()).content.decode()
    assert "received 30 January 2026" in page
    assert "28 February 2026 is a Saturday → Monday 2 March 2026" in page
    assert "moj-timeline" in page
    assert case.requester_name in page


def test_auditor_sees_the_case_page_masked(people: Any, client_as: Any) -> None:
    case = CaseFactory(requester_name="Jo Bloggs", requester_email="jo@example.org")
    response = client_as(people.auditor).get(case.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Jo Bloggs" not in page and "jo@example.org" not in page
    assert "•••" in page
    case.requester_name = "Joanna Bloggs"
    case.save()
    history = client_as(people.auditor).get(reverse("requests:case_history", args=[case.pk]))
    assert history.status_code == 200
    assert "Bloggs" not in history.content.decode()


def test_staff_and_officers_get_404(people: Any, client_as: Any) -> None:
    case = CaseFactory()
    for name in ("staff", "officer_a", "councillor"):
        assert client_as(getattr(people, name)).get(case.get_absolute_url()).status_code == 404


def test_event_form_records_the_event_and_moves_the_deadline(people: Any, client_as: Any) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    client = client_as(people.caseworker)
    url = reverse("requests:case_event_add", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"type": "extended", "on": "2026-02-10", "reason": "Complex"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.due_on == date(2026, 4, 30)
    bad = client.post(url, {"type": "extended", "on": "2025-01-01"})
    assert bad.status_code == 400


def test_respond_close_and_withdraw(people: Any, client_as: Any) -> None:
    client = client_as(people.ig_manager)
    case = CaseFactory()
    response = client.post(
        reverse("requests:case_respond", args=[case.pk]),
        {"on": "2026-02-27", "method": "email", "outcome": "disclosed_in_part"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "responded" and case.on_time is True
    client.post(reverse("requests:case_close", args=[case.pk]), {"on": "2026-03-05"})
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "disclosed_in_part"
    other = CaseFactory()
    client.post(
        reverse("requests:case_withdraw", args=[other.pk]),
        {"on": "2026-02-03", "reason": "No longer needed"},
    )
    other.refresh_from_db()
    assert other.status == "withdrawn" and other.outcome == "withdrawn"


def test_auditor_cannot_act_on_a_case(people: Any, client_as: Any) -> None:
    case = CaseFactory()
    client = client_as(people.auditor)
    for name in ("case_event_add", "case_respond", "case_close", "case_withdraw"):
        assert client.get(reverse(f"requests:{name}", args=[case.pk])).status_code == 403


def test_redaction_sign_off(people: Any, client_as: Any) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    client_as(people.caseworker).post(reverse("requests:case_sign_off", args=[case.pk]))
    case.refresh_from_db()
    assert case.redaction_signed_off_by == people.caseworker


def test_due_soon_and_overdue_views(people: Any, client_as: Any) -> None:
    overdue = CaseFactory(received_on=date(2020, 1, 6))
    client = client_as(people.ig_manager)
    page = client.get(reverse("requests:case_overdue")).content.decode()
    assert overdue.reference in page
    assert overdue.reference not in client.get(reverse("requests:case_due_soon")).content.decode()


def test_officer_works_a_search_task_without_requester_details(people: Any, client_as: Any) -> None:
    task = SearchTaskFactory(
        division=people.division_a, case=CaseFactory(requester_name="Jo Bloggs")
    )
    client = client_as(people.officer_a)
    page = client.get(task.get_absolute_url()).content.decode()
    assert task.case.reference in page and "Jo Bloggs" not in page
    listing = client.get(reverse("requests:searchtask_list")).content.decode()
    assert task.get_absolute_url() in listing
    assert client_as(people.officer_b).get(task.get_absolute_url()).status_code == 404
    edit = reverse("requests:searchtask_edit", args=[task.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "kind": "search",
            "division": people.division_a.pk,
            "instructions": task.instructions,
            "due_on": "2026-02-13",
            "status": "done",
            "completed_on": "2026-02-12",
            "result": "Found two files",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.status == "done"


def test_chasing_a_task_queues_a_message_once_committed(
    people: Any, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from infogov.core.models import Notification

    task = SearchTaskFactory(division=people.division_a)
    people.officer_a.person.email = "officer@example.org"
    people.officer_a.person.save()
    with django_capture_on_commit_callbacks() as queued:
        response = client_as(people.ig_manager).post(
            reverse("requests:searchtask_chase", args=[task.pk])
        )
    assert response.status_code == 302
    assert not Notification.objects.exists()  # queued by the service once committed
    for callback in queued:
        callback()
    task.refresh_from_db()
    assert task.chased_at is not None
    assert Notification.objects.filter(recipient_email="officer@example.org").exists()


def test_exemptions_are_applied_per_document(people: Any, client_as: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    document = models.Document.objects.create(
        case=case, title="Contract", file=SimpleUploadedFile("c.pdf", b"%PDF-1.4")
    )
    client = client_as(people.ig_manager)
    assert client.get(document.get_absolute_url()).status_code == 200
    client.post(
        reverse("requests:document_exemption_add", args=[document.pk]),
        {"exemption": "foisa_s33_1_b", "note": "Prices"},
    )
    assert document.exemptions.get().exemption == "foisa_s33_1_b"
    download = client.get(reverse("requests:document_download", args=[document.pk]))
    assert download.status_code == 200


def test_an_exemption_applied_through_the_api_is_recorded_like_the_form(
    people: Any, client_as: Any, api_as: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from infogov.core.models import events_for

    verbs = []
    for via in ("form", "api"):
        case = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
        document = models.Document.objects.create(
            case=case, title="Contract", file=SimpleUploadedFile("c.pdf", b"%PDF-1.4")
        )
        data = {"exemption": "foisa_s33_1_b", "note": "Prices"}
        if via == "form":
            url = reverse("requests:document_exemption_add", args=[document.pk])
            assert client_as(people.ig_manager).post(url, data).status_code == 302
        else:
            response = api_as(people.ig_manager).post(
                "/api/requests/applied-exemptions/",
                {**data, "document": document.pk},
                format="json",
            )
            assert response.status_code == 201, response.content
        verbs.append(list(events_for(case).exclude(verb="created").values_list("verb", flat=True)))
    assert verbs[0] == verbs[1]
    assert "exemption_applied" in verbs[0]


def test_statistics_page_and_xlsx(people: Any, client_as: Any) -> None:
    case = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    services.respond(
        case,
        acting_user=people.ig_manager,
        on=date(2026, 3, 20),
        method="email",
        outcome="disclosed_in_full",
    )
    late = CaseFactory(kind="sar", received_on=date(2026, 1, 5))
    services.respond(
        late,
        acting_user=people.ig_manager,
        on=date(2026, 3, 20),
        method="email",
        outcome="disclosed_in_part",
    )
    client = client_as(people.ig_manager)
    page = client.get(reverse("requests:statistics"), {"year": 2026}).content.decode()
    assert "Timeliness by month" in page and "data:image/svg+xml;base64," in page
    # Responded in March 2026: the Commissioner's quarter 4 of the year starting April 2025.
    assert "Information disclosed in full: 1" not in page
    earlier = client.get(reverse("requests:statistics"), {"year": 2025}).content.decode()
    assert "Information disclosed in full: 1" in earlier
    export = client.get(reverse("requests:statistics"), {"year": 2026, "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_as(people.staff).get(reverse("requests:statistics")).status_code == 404


def test_statistics_figures(people: Any) -> None:
    from infogov.requests.statistics import build

    on_time = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    services.respond(
        on_time,
        acting_user=people.ig_manager,
        on=date(2026, 3, 20),
        method="email",
        outcome="not_held",
    )
    late = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    services.respond(
        late,
        acting_user=people.ig_manager,
        on=date(2026, 4, 20),
        method="email",
        outcome="withheld",
    )
    data = build(models.Case.objects.all(), 2026, date(2026, 6, 1))
    foi = next(r for r in data["by_kind"] if r["label"].startswith("Freedom"))
    assert (foi["received"], foi["responded"], foi["on_time"], foi["late"]) == (2, 2, 1, 1)
    # Received in March 2026: the Commissioner's 2025-26 Q4, not a calendar Q1.
    assert data["quarters"][0]["foi_received"] == 0
    commissioner = build(models.Case.objects.all(), 2025, date(2026, 6, 1))
    assert commissioner["quarters"][3]["foi_received"] == 2
    assert data["by_month"][2]["on_time"] == 1 and data["by_month"][3]["late"] == 1


def test_public_form_needs_no_sign_in_and_acknowledges_by_email(
    client: Any, people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("requests:public_request")
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks():
        response = client.post(
            url,
            {
                "kind": "sar",
                "requester_name": "Jo Bloggs",
                "requester_email": "jo@example.org",
                "description": "Everything you hold about me.",
                "website": "",
            },
        )
    assert not mail.outbox  # queued in the outbox with the case; the sender sends it
    assert response.status_code == 302
    case = models.Case.objects.get()
    assert case.channel == "web_form" and case.reference.startswith("SAR-")
    assert case.caseworker is None and case.due_on is not None
    done = client.get(response["Location"]).content.decode()
    assert case.reference in done
    from infogov.core.reminders import send_pending

    assert send_pending().sent == 1
    assert len(mail.outbox) == 1 and case.reference in mail.outbox[0].subject


def test_public_form_shows_errors(client: Any, people: Any) -> None:
    response = client.post(reverse("requests:public_request"), {"kind": "sar"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_public_form_honeypot_stores_nothing(client: Any, people: Any) -> None:
    response = client.post(
        reverse("requests:public_request"),
        {
            "kind": "foi",
            "requester_name": "Bot",
            "requester_email": "bot@example.org",
            "description": "Buy now",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 302
    assert not models.Case.objects.exists() and not mail.outbox


def test_public_form_is_rate_limited_per_address(client: Any, people: Any) -> None:
    data = {
        "kind": "foi",
        "requester_name": "Jo",
        "requester_email": "jo@example.org",
        "description": "Budget",
    }
    url = reverse("requests:public_request")
    for _ in range(5):
        assert client.post(url, data).status_code == 302
    refused = client.post(url, data)
    assert refused.status_code == 429
    assert "try again" in refused.content.decode()
    assert models.Case.objects.count() == 5


ON_BEHALF = {
    "kind": "sar",
    "about": "someone_else",
    "requester_name": "Jo Bloggs",
    "requester_email": "jo@example.org",
    "subject_name": "Sam Bloggs",
    "acting_for": "parent",
    "authority_note": "Birth certificate",
    "description": "Sam's school records.",
}


def test_public_sar_on_behalf_stores_subject_and_puts_the_clock_on_hold(
    django_capture_on_commit_callbacks: Any, client: Any, people: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("requests:public_request"), ON_BEHALF)
    assert response.status_code == 302
    case = models.Case.objects.get()
    assert case.requester_name == "Jo Bloggs"
    assert case.subject_name == "Sam Bloggs"
    assert case.acting_for == models.ActingFor.PARENT
    assert case.authority_note == "Birth certificate"
    event = case.events.get(type="authority_requested")
    assert event.on == case.received_on
    assert case.due_on is None and case.status == "on_hold"
    assert any("authority to act" in step for step in case.clock_steps)
    body = Notification.objects.get().body
    assert "proof that you may act for them" in body and "We will reply by" not in body
    services.add_event(
        case, acting_user=people.ig_manager, type="authority_received", on=case.received_on
    )
    case.refresh_from_db()
    assert case.due_on is not None and case.status == "open"


def test_public_sar_about_me_has_no_authority_step(
    client: Any, people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    data = {**ON_BEHALF, "about": "me"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("requests:public_request"), data).status_code == 302
    case = models.Case.objects.get()
    assert case.subject_name == "" and case.acting_for == "" and case.authority_note == ""
    assert not case.events.filter(type="authority_requested").exists()
    assert case.due_on is not None
    assert "proof that you may act" not in Notification.objects.get().body


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("subject_name", "Enter the full name of the person the information is about"),
        ("acting_for", "Select how you are acting for them"),
    ],
)
def test_public_sar_on_behalf_needs_subject_and_capacity(
    client: Any, people: Any, missing: str, message: str
) -> None:
    data = {**ON_BEHALF, missing: ""}
    response = client.post(reverse("requests:public_request"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[missing] == [message]
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert f'id="id_{missing}-error"' in page
    assert not models.Case.objects.exists() and not mail.outbox


def test_public_foi_ignores_the_on_behalf_fields(client: Any, people: Any) -> None:
    data = {**ON_BEHALF, "kind": "foi", "subject_name": "", "acting_for": "bogus"}
    assert client.post(reverse("requests:public_request"), data).status_code == 302
    case = models.Case.objects.get()
    assert case.kind == "foi"
    assert case.subject_name == "" and case.acting_for == "" and case.authority_note == ""
    assert not case.events.filter(type="authority_requested").exists()
    assert case.due_on is not None


def test_public_form_asks_whether_the_request_is_about_someone_else(
    client: Any, people: Any
) -> None:
    page = client.get(reverse("requests:public_request")).content.decode()
    assert "Is this request about you or someone else?" in page
    assert page.count("Only if the request is about someone else") == 3
    assert "proof that you may act for them" in page


def test_dashboard_panels(people: Any, rf: Any) -> None:
    from infogov.requests.dashboard import panels

    CaseFactory(received_on=date(2020, 1, 6))
    request = rf.get("/")
    request.user = people.ig_manager
    manager = panels(request)
    assert manager[0]["title"] == "Information requests"
    assert manager[0]["stats"][2]["value"] == 1  # overdue
    assert manager[0]["stats"][3]["value"] == 1  # waiting to be assigned
    SearchTaskFactory(division=people.division_a)
    request.user = people.officer_a
    assert "search tasks" in panels(request)[0]["stats"][0]["label"]
    request.user = people.staff
    assert panels(request) == []


def test_anonymisation_of_closed_cases(people: Any) -> None:
    old = CaseFactory(received_on=date(2018, 1, 8), requester_name="Jo Bloggs")
    services.close(
        old, acting_user=people.ig_manager, on=date(2018, 3, 1), outcome="disclosed_in_full"
    )
    recent = CaseFactory(received_on=date(2026, 1, 5))
    services.close(recent, acting_user=people.ig_manager, on=date(2026, 3, 1))
    assert services.anonymise_due_cases(date(2026, 6, 1), acting_user=people.ig_manager) == 1
    old.refresh_from_db()
    assert old.requester_name == "[anonymised]" and old.anonymised_at is not None
    assert services.anonymise_due_cases(date(2026, 6, 1), acting_user=people.ig_manager) == 0
