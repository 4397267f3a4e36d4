"""A case file corrected, never silently: future events refused, events recorded in error
withdrawn with a reason (struck through, left out of the clock, in history), and the
reason for an extension in the explanation of the deadline."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infogov.core.models import AuditEvent
from infogov.requests import models, services
from infogov.requests.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_an_event_dated_in_the_future_is_refused_on_the_page_and_in_the_api(
    people: Any, client_as: Any, api_as: Any
) -> None:
    case = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    later = (timezone.localdate() + timedelta(days=40)).isoformat()
    for day in (tomorrow, later):
        page = client_as(people.ig_manager).post(
            reverse("requests:case_event_add", args=[case.pk]),
            {"type": "clarification_requested", "on": day},
        )
        assert page.status_code == 400
        assert "cannot be after today" in page.content.decode()
        api = api_as(people.ig_manager).post(
            f"/api/requests/cases/{case.pk}/events/",
            {"type": "clarification_requested", "on": day},
            format="json",
        )
        assert api.status_code == 400
        assert "cannot be after today" in api.json()["on"][0]
    assert not case.events.exclude(type="received").exists()


def test_withdrawing_an_event_in_error_replays_the_clock_and_strikes_it_through(
    people: Any, client_as: Any
) -> None:
    case = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    original_due = case.due_on
    event = services.add_event(
        case,
        acting_user=people.ig_manager,
        type="clarification_requested",
        on=date(2026, 3, 4),
    )
    services.add_event(
        case, acting_user=people.ig_manager, type="clarification_received", on=date(2026, 3, 20)
    )
    case.refresh_from_db()
    assert case.due_on != original_due
    client = client_as(people.ig_manager)
    url = reverse("requests:caseevent_withdraw", args=[event.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and "Enter why the event is withdrawn" in (
        refused.content.decode()
    )
    assert client.post(url, {"reason": "Recorded on the wrong case"}).status_code == 302
    event.refresh_from_db()
    case.refresh_from_db()
    assert event.withdrawn_at is not None and event.withdrawn_reason == "Recorded on the wrong case"
    # The clarification received is left without its request: the clock counts neither.
    assert case.due_on == original_due
    assert models.CaseEvent.objects.filter(pk=event.pk).exists()
    assert event.history.count() == 2
    assert AuditEvent.objects.filter(verb="event_withdrawn", object_id=case.pk).count() == 1
    page = client.get(case.get_absolute_url()).content.decode()
    assert "<del>Clarification requested</del>" in page
    assert "Recorded on the wrong case" in page


def test_withdrawing_an_event_through_the_api_and_who_may(people: Any, api_as: Any) -> None:
    case = CaseFactory(kind="eir", received_on=date(2026, 3, 2))
    event = services.add_event(
        case, acting_user=people.ig_manager, type="extended", on=date(2026, 3, 10)
    )
    url = f"/api/requests/case-events/{event.pk}/withdraw/"
    body = {"reason": "Not notified to the requester"}
    assert api_as(people.auditor).post(url, body, format="json").status_code == 403
    assert api_as(people.siro).post(url, body, format="json").status_code == 403
    assert api_as(people.staff).post(url, body, format="json").status_code == 404
    response = api_as(people.ig_manager).post(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["withdrawn_reason"] == "Not notified to the requester"
    case.refresh_from_db()
    assert not any("40 working days" in step for step in case.clock_steps)
    again = api_as(people.ig_manager).post(url, body, format="json")
    assert again.status_code == 400 and "already been withdrawn" in again.json()["reason"][0]
    assert api_as(people.ig_manager).post(
        "/api/requests/case-events/", {"case": case.pk}, format="json"
    ).status_code in {403, 405}


def test_the_received_event_cannot_be_withdrawn(people: Any) -> None:
    from django.core.exceptions import ValidationError

    case = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    received = case.events.get(type="received")
    with pytest.raises(ValidationError, match="received date"):
        services.withdraw_event(received, acting_user=people.ig_manager, reason="Wrong")


def test_the_explanation_of_an_extended_deadline_names_its_ground(
    people: Any, client_as: Any
) -> None:
    eir = CaseFactory(kind="eir", received_on=date(2026, 3, 2))
    services.add_event(
        eir,
        acting_user=people.ig_manager,
        type="extended",
        on=date(2026, 3, 10),
        reason="Records of Mrs Lindqvist across three services",
    )
    eir.refresh_from_db()
    assert any(
        "40 working days on 10 March 2026 because the volume and complexity" in s
        for s in eir.clock_steps
    )
    # The statutory ground, never the free-text reason: that is masked like other notes.
    assert not any("Lindqvist" in s for s in eir.clock_steps)
    sar = CaseFactory(kind="sar", received_on=date(2026, 3, 2))
    services.add_event(
        sar, acting_user=people.ig_manager, type="extended", on=date(2026, 3, 10), reason="x"
    )
    sar.refresh_from_db()
    assert any(
        "extended by two further months on 10 March 2026 because the request is complex" in s
        for s in sar.clock_steps
    )


def test_a_withdrawal_recorded_as_an_event_sets_the_outcome(people: Any, api_as: Any) -> None:
    case = CaseFactory(kind="foi", received_on=date(2026, 3, 2))
    response = api_as(people.ig_manager).post(
        f"/api/requests/cases/{case.pk}/events/",
        {"type": "withdrawn", "on": "2026-03-05"},
        format="json",
    )
    assert response.status_code == 201
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("withdrawn", "withdrawn")
