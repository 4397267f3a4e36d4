"""Fixes found in use: the search task's kind of request, the e-mail when a task is sent,
the SAR's "What is asked for" masked for the auditor, and the public form."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from infogov.core.models import Notification
from infogov.core.tables import Column
from infogov.requests import models, services
from infogov.requests.tests.factories import CaseFactory, SearchTaskFactory

pytestmark = pytest.mark.django_db


def test_a_path_naming_a_display_method_shows_its_result() -> None:
    case = models.Case(kind="foi")
    task = models.SearchTask(case=case)
    assert Column("case.get_kind_display", "Kind").value(task) == case.get_kind_display()
    assert Column("case.kind", "Kind").value(task) == case.get_kind_display()


def test_search_task_page_names_the_kind_of_request(people: Any, client_as: Any) -> None:
    task = SearchTaskFactory(division=people.division_a, case=CaseFactory(kind="foi"))
    page = client_as(people.officer_a).get(task.get_absolute_url()).content.decode()
    assert "Freedom of information request (FOISA 2002)" in page
    assert "functools.partial" not in page


def test_the_division_is_told_once_when_a_task_is_sent(
    people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    people.officer_a.person.email = "officer@example.org"
    people.officer_a.person.save()
    case = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        task = services.create_task(
            models.SearchTask(
                case=case,
                division=people.division_a,
                instructions="Tenancy file of the requester",
                due_on=date(2026, 3, 16),
            ),
            acting_user=people.ig_manager,
        )
    message = Notification.objects.get()
    assert message.recipient_email == "officer@example.org"
    assert case.reference in message.subject and task.get_absolute_url() in message.body
    assert "Tenancy file" not in message.body  # the instructions stay on the task's page
    from infogov.requests.reminders import queue_task_sent

    assert queue_task_sent(task) == 0  # once


def test_the_auditor_sees_a_sars_request_masked_but_an_fois(
    people: Any, client_as: Any, api_as: Any
) -> None:
    sar = CaseFactory(kind="sar", description="My social work file from 2019")
    foi = CaseFactory(kind="foi", description="Spending on agency staff")
    auditor = client_as(people.auditor)
    assert "My social work file" not in auditor.get(sar.get_absolute_url()).content.decode()
    assert "Spending on agency staff" in auditor.get(foi.get_absolute_url()).content.decode()
    api = api_as(people.auditor)
    assert api.get(f"/api/requests/cases/{sar.pk}/").json()["description"] == "•••"
    assert api.get(f"/api/requests/cases/{foi.pk}/").json()["description"] == (
        "Spending on agency staff"
    )
    found = api.get("/api/requests/cases/", {"q": "social work"}).json()["results"]
    assert found == []
    manager = client_as(people.ig_manager).get(sar.get_absolute_url()).content.decode()
    assert "My social work file" in manager


def test_public_form_offers_eir_and_links_the_privacy_notice(client: Any, settings: Any) -> None:
    settings.INFOGOV_PRIVACY_NOTICE_URL = "https://council.example/privacy-requests"
    page = client.get(reverse("requests:public_request")).content.decode()
    assert 'href="https://council.example/privacy-requests"' in page
    assert 'value="eir"' in page and "Environmental information (EIR)" in page
    # The on-behalf questions are revealed by the "About someone else" answer.
    assert 'data-reveals="conditional-on-behalf"' in page
    assert "requests/reveal.mjs" in page
    assert 'class="govuk-radios__conditional govuk-radios__conditional--hidden"' in page
    assert "<script>" not in page


def test_public_eir_request_is_recorded_as_eir(client: Any, people: Any) -> None:
    response = client.post(
        reverse("requests:public_request"),
        {
            "kind": "eir",
            "requester_name": "Sam Green",
            "requester_email": "sam@example.org",
            "description": "Air quality readings on the High Street",
        },
    )
    assert response.status_code == 302
    assert models.Case.objects.get().kind == "eir"


def test_public_form_errors_read_as_sentences(client: Any) -> None:
    response = client.post(reverse("requests:public_request"), {"kind": "foi"})
    assert response.status_code == 400
    page = response.content.decode()
    for message in (
        "Enter what information you want",
        "Enter your full name",
        "Enter your e-mail address",
    ):
        assert message in page
    assert "This field is required" not in page
