"""The API contract of issue 5: create, events, due dates and who sees what."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from infogov.core.models import AuditEvent
from infogov.core.tests import samples
from infogov.requests import models
from infogov.requests.tests.factories import CaseFactory, SearchTaskFactory

pytestmark = pytest.mark.django_db
URL = "/api/requests/cases/"


def create(api: Any, kind: str, received: str) -> dict[str, Any]:
    response = api.post(
        URL,
        {
            "kind": kind,
            "received_on": received,
            "requester_name": "Jo Bloggs",
            "description": "My file",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_create_with_four_fields_returns_the_due_date(people: Any, api_as: Any) -> None:
    body = create(api_as(people.ig_manager), "sar", "2026-01-30")
    assert body["due_on"] == "2026-03-02"
    assert body["reference"] == "SAR-2026-0001"
    assert set(body) >= {
        "id",
        "reference",
        "kind",
        "received_on",
        "requester_name",
        "description",
        "due_on",
    }


def test_references_count_up_per_kind_and_year(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    create(api, "foi", "2026-01-05")
    assert create(api, "foi", "2026-02-05")["reference"] == "FOI-2026-0002"
    assert create(api, "foi", "2025-12-19")["reference"] == "FOI-2025-0001"


def test_foi_worked_example_through_the_api(people: Any, api_as: Any) -> None:
    assert create(api_as(people.ig_manager), "foi", "2025-12-19")["due_on"] == "2026-01-22"


def test_creating_a_case_records_its_received_event(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    body = create(api, "sar", "2026-01-30")
    events = api.get(f"{URL}{body['id']}/events/").json()
    assert [(e["type"], e["on"]) for e in events] == [("received", "2026-01-30")]


def test_extension_event_moves_the_due_date(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    body = create(api, "sar", "2026-01-30")
    response = api.post(
        f"{URL}{body['id']}/events/",
        {"type": "extended", "on": "2026-02-10", "reason": "Complex"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert api.get(f"{URL}{body['id']}/").json()["due_on"] == "2026-04-30"


def test_clarification_stop_through_the_api(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    case_id = create(api, "sar", "2026-01-30")["id"]
    api.post(
        f"{URL}{case_id}/events/",
        {"type": "clarification_requested", "on": "2026-02-02"},
        format="json",
    )
    stopped = api.get(f"{URL}{case_id}/").json()
    assert stopped["due_on"] is None and stopped["status"] == "on_hold"
    api.post(
        f"{URL}{case_id}/events/",
        {"type": "clarification_received", "on": "2026-02-05"},
        format="json",
    )
    assert api.get(f"{URL}{case_id}/").json()["due_on"] == "2026-03-03"


def test_bad_event_type_or_date_names_the_field(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    case_id = create(api, "sar", "2026-01-30")["id"]
    bad_type = api.post(
        f"{URL}{case_id}/events/", {"type": "lunch", "on": "2026-02-02"}, format="json"
    )
    assert bad_type.status_code == 400 and "type" in bad_type.json()
    bad_date = api.post(
        f"{URL}{case_id}/events/", {"type": "extended", "on": "02/02/2026"}, format="json"
    )
    assert bad_date.status_code == 400 and "on" in bad_date.json()
    early = api.post(
        f"{URL}{case_id}/events/", {"type": "extended", "on": "2026-01-01"}, format="json"
    )
    assert early.status_code == 400 and "on" in early.json()


def test_a_case_a_caseworker_creates_is_assigned_to_them(people: Any, api_as: Any) -> None:
    body = create(api_as(people.caseworker), "sar", "2026-01-30")
    assert body["caseworker"] == people.caseworker.person.pk
    assert body["requester_name"] == "Jo Bloggs"


def test_who_sees_a_case(people: Any, api_as: Any) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    other = CaseFactory()
    for name in ("ig_manager", "siro", "auditor"):
        assert api_as(getattr(people, name)).get(f"{URL}{case.pk}/").status_code == 200
    assert api_as(people.caseworker).get(f"{URL}{case.pk}/").status_code == 200
    assert api_as(people.caseworker).get(f"{URL}{other.pk}/").status_code == 404
    for name in ("officer_a", "officer_b", "iao", "staff", "councillor"):
        assert api_as(getattr(people, name)).get(f"{URL}{case.pk}/").status_code == 404
        assert api_as(getattr(people, name)).get(URL).json()["count"] == 0


def test_auditor_sees_personal_data_masked(people: Any, api_as: Any) -> None:
    case = CaseFactory(requester_name="Jo Bloggs", subject_name="Sam Bloggs", acting_for="parent")
    body = api_as(people.auditor).get(f"{URL}{case.pk}/").json()
    assert body["requester_name"] == "•••" and body["subject_name"] == "•••"
    assert body["requester_email"] == "•••"
    assert body["due_on"] == "2026-03-02"
    assert not models.PersonalDataAccess.objects.filter(case=case).exists()


def test_every_view_of_personal_data_is_logged(people: Any, api_as: Any, client_as: Any) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    api_as(people.siro).get(f"{URL}{case.pk}/")
    api_as(people.ig_manager).get(URL)
    client_as(people.caseworker).get(case.get_absolute_url())
    log = list(
        models.PersonalDataAccess.objects.filter(case=case).values_list("user__username", "channel")
    )
    assert sorted(log) == [("caseworker", "ui"), ("ig.manager", "api"), ("siro", "api")]


def test_only_the_case_owner_or_manager_records_events(people: Any, api_as: Any) -> None:
    case = CaseFactory()
    event = {"type": "extended", "on": "2026-02-10"}
    assert (
        api_as(people.auditor).post(f"{URL}{case.pk}/events/", event, format="json").status_code
        == 403
    )
    assert (
        api_as(people.siro).post(f"{URL}{case.pk}/events/", event, format="json").status_code == 403
    )
    assert (
        api_as(people.caseworker).post(f"{URL}{case.pk}/events/", event, format="json").status_code
        == 404
    )


def test_caseworker_cannot_reassign_a_case(people: Any, api_as: Any) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    response = api_as(people.caseworker).patch(
        f"{URL}{case.pk}/", {"caseworker": people.ig_manager.person.pk}, format="json"
    )
    assert response.status_code == 403


def test_changing_received_on_recomputes_the_due_date(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    case_id = create(api, "foi", "2025-12-19")["id"]
    body = api.patch(f"{URL}{case_id}/", {"received_on": "2026-01-30"}, format="json").json()
    assert body["due_on"] == "2026-02-27"
    events = api.get(f"{URL}{case_id}/events/").json()
    assert events[0]["on"] == "2026-01-30"


def test_officer_sees_only_search_tasks_for_their_division(people: Any, api_as: Any) -> None:
    task_a = SearchTaskFactory(division=people.division_a)
    task_b = SearchTaskFactory(division=people.division_b)
    listing = api_as(people.officer_a).get("/api/requests/search-tasks/").json()
    assert [row["id"] for row in listing["results"]] == [task_a.pk]
    assert "requester_name" not in listing["results"][0]
    assert (
        api_as(people.officer_a).get(f"/api/requests/search-tasks/{task_b.pk}/").status_code == 404
    )
    done = api_as(people.officer_a).patch(
        f"/api/requests/search-tasks/{task_a.pk}/",
        {"status": "done", "completed_on": "2026-02-10", "result": "Two files"},
        format="json",
    )
    assert done.status_code == 200, done.content
    assert api_as(people.officer_a).get(f"{URL}{task_a.case_id}/").status_code == 404


def test_caseworker_cannot_add_tasks_to_other_peoples_cases(people: Any, api_as: Any) -> None:
    case = CaseFactory()
    response = api_as(people.caseworker).post(
        "/api/requests/search-tasks/",
        {
            "case": case.pk,
            "division": people.division_a.pk,
            "instructions": "x",
            "due_on": "2026-02-13",
        },
        format="json",
    )
    assert response.status_code == 400 and "case" in response.json()


def test_document_upload_checks_type_and_size(people: Any, api_as: Any, settings: Any) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    api = api_as(people.caseworker)
    pdf = samples.pdf_bytes()
    ok = api.post(
        "/api/requests/documents/",
        {
            "case": case.pk,
            "title": "Records",
            "file": SimpleUploadedFile("records.pdf", pdf),
        },
        format="multipart",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["size"] == len(pdf)
    fake = api.post(
        "/api/requests/documents/",
        {
            "case": case.pk,
            "title": "Fake",
            "file": SimpleUploadedFile("fake.pdf", b"MZ executable"),
        },
        format="multipart",
    )
    assert fake.status_code == 400 and "file" in fake.json()
    exe = api.post(
        "/api/requests/documents/",
        {"case": case.pk, "title": "Exe", "file": SimpleUploadedFile("tool.exe", b"MZ")},
        format="multipart",
    )
    assert exe.status_code == 400 and "file" in exe.json()
    settings.INFOGOV_MAX_UPLOAD_MB = 1
    big = api.post(
        "/api/requests/documents/",
        {
            "case": case.pk,
            "title": "Big",
            "file": SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 1)),
        },
        format="multipart",
    )
    assert big.status_code == 400 and "file" in big.json()


def test_events_write_an_audit_event(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    case_id = create(api, "sar", "2026-01-30")["id"]
    api.post(f"{URL}{case_id}/events/", {"type": "extended", "on": "2026-02-10"}, format="json")
    assert AuditEvent.objects.filter(verb="event_extended", object_id=case_id).exists()


def test_responded_event_can_carry_the_outcome(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    case_id = create(api, "foi", "2026-03-02")["id"]
    response = api.post(
        f"{URL}{case_id}/events/",
        {"type": "responded", "on": "2026-03-20", "outcome": "not_held", "method": "email"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = api.get(f"{URL}{case_id}/").json()
    assert (body["status"], body["outcome"], body["responded_on"]) == (
        "responded",
        "not_held",
        "2026-03-20",
    )
    bad = api.post(
        f"{URL}{case_id}/events/",
        {"type": "closed", "on": "2026-03-21", "outcome": "nonsense"},
        format="json",
    )
    assert bad.status_code == 400 and "outcome" in bad.json()


def test_an_edit_records_exactly_one_history_entry(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    case_id = create(api, "foi", "2025-12-19")["id"]
    api.patch(f"{URL}{case_id}/", {"received_on": "2026-01-30"}, format="json")
    assert models.Case.objects.get(pk=case_id).history.count() == 2


def test_exemptions_are_applied_by_the_caseworker_working_the_case(
    people: Any, api_as: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from infogov.requests import models
    from infogov.requests.tests.factories import CaseFactory

    case = CaseFactory(kind="foi", caseworker=people.caseworker.person)
    document = models.Document.objects.create(
        case=case, title="Minutes", file=SimpleUploadedFile("m.pdf", b"%PDF-1.4 x")
    )
    body = {"document": document.pk, "exemption": "foisa_s30_c", "note": "Page 3, paragraph 2"}
    url = "/api/requests/applied-exemptions/"
    for refused in (people.staff, people.officer_a, people.auditor):
        assert api_as(refused).post(url, body, format="json").status_code == 403
    created = api_as(people.caseworker).post(url, body, format="json")
    assert created.status_code == 201, created.content
    exemption = models.AppliedExemption.objects.get(pk=created.json()["id"])
    assert exemption.history.count() == 1
    other = CaseFactory(kind="foi")
    other_document = models.Document.objects.create(
        case=other, title="Other", file=SimpleUploadedFile("o.pdf", b"%PDF-1.4 x")
    )
    refused = api_as(people.caseworker).post(
        url, {**body, "document": other_document.pk}, format="json"
    )
    assert refused.status_code == 400
    assert "document" in refused.json()
