"""Requester details and event notes are shown by one rule everywhere (page, API, history),
and anonymising a case file removes its personal data from history too."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.urls import reverse

from infogov.core.models import AuditEvent
from infogov.requests import services
from infogov.requests.models import Case, Document, PersonalDataAccess, SearchTask
from infogov.requests.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

NAME = "Philippa Quennell"
EMAIL = "p.quennell@example.org"
ADDRESS = "14 Rosemount Terrace, Aberdeen"


def test_auditor_case_page_shows_event_notes_masked(people: Any, client_as: Any) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    services.add_event(
        case,
        acting_user=people.caseworker,
        type="extended",
        on=date(2026, 2, 2),
        reason="Complex: records of Mrs Lindqvist's sons",
        note="Phoned Mrs Lindqvist about her sons' files",
    )
    auditor_page = client_as(people.auditor).get(case.get_absolute_url()).content.decode()
    assert "Lindqvist" not in auditor_page
    assert "•••" in auditor_page
    caseworker_page = client_as(people.caseworker).get(case.get_absolute_url()).content.decode()
    assert "Phoned Mrs Lindqvist" in caseworker_page


def test_auditor_api_and_page_mask_the_same_event_fields(
    people: Any, client_as: Any, api_as: Any
) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    services.add_event(
        case,
        acting_user=people.caseworker,
        type="extended",
        on=date(2026, 2, 2),
        note="Spoke to Mr Okonkwo",
    )
    api = api_as(people.auditor).get(f"/api/requests/cases/{case.pk}/events/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert [row["note"] for row in rows if row["type"] == "extended"] == ["•••"]
    mine = api_as(people.caseworker).get(f"/api/requests/cases/{case.pk}/events/").json()
    rows = mine["results"] if isinstance(mine, dict) else mine
    assert "Spoke to Mr Okonkwo" in [row["note"] for row in rows]


def test_history_view_of_requester_details_is_logged_and_masked(
    people: Any, client_as: Any
) -> None:
    case = CaseFactory(requester_name=NAME, caseworker=people.caseworker.person)
    case.requester_name = "Pippa Quennell"
    case.save()
    url = reverse("requests:case_history", args=[case.pk])
    assert "Quennell" not in client_as(people.auditor).get(url).content.decode()
    assert not PersonalDataAccess.objects.filter(case=case, user=people.auditor).exists()
    assert "Pippa Quennell" in client_as(people.caseworker).get(url).content.decode()
    assert PersonalDataAccess.objects.filter(case=case, user=people.caseworker, path=url).exists()


def _case_file(people: Any) -> Case:
    case = CaseFactory(
        requester_name=NAME,
        requester_email=EMAIL,
        requester_address=ADDRESS,
        caseworker=people.caseworker.person,
        received_on=date(2018, 1, 8),
    )
    # A correction, so the details are in more than one history row.
    case.requester_address = ADDRESS + ", AB15 4XY"
    services.update_case(case, acting_user=people.caseworker)
    services.add_event(
        case,
        acting_user=people.caseworker,
        type="extended",
        on=date(2018, 1, 10),
        note=f"{NAME} asked for her housing file",
    )
    services.create_task(
        SearchTask(
            case=case,
            division=people.division_a,
            instructions=f"Everything about {NAME}, {ADDRESS}",
            due_on=date(2018, 1, 20),
        ),
        acting_user=people.caseworker,
    )
    services.add_document(
        Document(
            case=case,
            title=f"Housing file of {NAME}",
            file=SimpleUploadedFile("housing.pdf", b"%PDF-1.4 housing"),
        ),
        acting_user=people.caseworker,
    )
    services.close(
        case, acting_user=people.ig_manager, on=date(2018, 3, 1), outcome="disclosed_in_full"
    )
    return case


def _text_columns_holding(value: str) -> list[str]:
    """Every table and text column in the database that still holds `value`."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                lookup = {f"{field.name}__icontains": value}
                if model._default_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.db_table}.{field.column}")
    return found


def test_anonymised_case_history_holds_no_name_email_or_address(
    people: Any, client_as: Any
) -> None:
    case = _case_file(people)
    assert Case.history.model.objects.filter(id=case.pk, requester_name=NAME).exists()

    services.anonymise_case(case, acting_user=people.ig_manager)

    page = client_as(people.ig_manager).get(
        reverse("requests:case_history", args=[case.pk]) + "?all=1"
    )
    text = page.content.decode()
    assert page.status_code == 200
    for value in (NAME, EMAIL, "Rosemount Terrace", "Quennell"):
        assert value not in text
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT requester_name, requester_email, requester_address "
            "FROM requests_historicalcase WHERE id = %s",
            [case.pk],
        )
        rows = cursor.fetchall()
    assert rows and all(NAME not in str(row) and EMAIL not in str(row) for row in rows)
    assert all("Rosemount" not in str(row) for row in rows)
    # Nowhere else either: history of events, tasks, documents, and the audit events.
    for value in ("Quennell", EMAIL, "Rosemount Terrace"):
        assert _text_columns_holding(value) == []
    for event in AuditEvent.objects.all():
        assert "Quennell" not in f"{event.summary} {event.data}"
    done = AuditEvent.objects.get(verb="anonymised", object_id=case.pk)
    assert done.data["history_records"] > 0
    assert "Quennell" not in done.summary and "Rosemount" not in done.summary


def test_anonymisation_is_one_transaction(people: Any, monkeypatch: Any) -> None:
    case = _case_file(people)

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "record_event", fail)
    with pytest.raises(RuntimeError):
        services.anonymise_case(case, acting_user=people.ig_manager)
    assert Case.history.model.objects.filter(id=case.pk, requester_name=NAME).exists()
    assert Case.objects.get(pk=case.pk).requester_name == NAME
