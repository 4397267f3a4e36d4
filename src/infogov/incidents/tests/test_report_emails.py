"""Reporting an incident tells the IG team and the division's officer, and acknowledges it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from infogov.core.models import Notification
from infogov.core.reminders import send_pending
from infogov.incidents import models, services

pytestmark = pytest.mark.django_db


def report_form(people: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Bag of files left on train",
        "division": people.division_a.pk,
        "description": "Files were left on the train.",
        "occurred_at": "2026-03-27T08:00",
        "discovered_at": "2026-03-27T09:30",
        **extra,
    }


def _emails(people: Any) -> None:
    for name, email in (
        ("ig_manager", "ig@example.org"),
        ("officer_a", "cr.officer@example.org"),
        ("officer_b", "cw.officer@example.org"),
        ("staff", "staff@example.org"),
        ("caseworker", "case@example.org"),
    ):
        person = getattr(people, name).person
        person.email = email
        person.last_name = "Anderson"
        person.save()


def test_reporting_queues_the_team_officer_and_acknowledgement_once_and_sends_them(
    people: Any, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _emails(people)
    client = client_as(people.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("incidents:report"), report_form(people))
    assert response.status_code == 302
    incident = models.Incident.objects.get()
    queued = {n.recipient_email: n for n in Notification.objects.all()}
    # The IG manager and this division's officer; not the other division's officer.
    assert set(queued) == {"ig@example.org", "cr.officer@example.org", "staff@example.org"}
    notice = queued["ig@example.org"]
    assert incident.reference in notice.subject and "Corporate Resources" in notice.subject
    assert "staff.member Anderson reported an incident" in notice.body
    assert "staff.member reported" not in notice.body.replace("staff.member Anderson", "")
    ack = queued["staff@example.org"]
    assert ack.subject == f"Your report {incident.reference}"
    assert "Dear staff.member" in ack.body and incident.reference in ack.body

    # Queued once: queueing again (a retry, a second run) adds nothing.
    assert services.queue_report_emails(incident) == 0
    assert Notification.objects.count() == 3

    # The confirmation page says what is true.
    page = client.get(response["Location"]).content.decode()
    assert "No e-mail is sent" not in page
    assert "queued to be e-mailed to you at staff@example.org" in page
    assert "telling the information governance team about it has been queued" in page
    assert "telling them about it has been queued too" in page

    # The outbox sends each once.
    assert send_pending().sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(queued)
    assert send_pending().sent == 0  # a second sender run sends nothing again
    assert len(mail.outbox) == 3


def test_near_miss_through_the_api_is_announced_as_a_near_miss(
    people: Any, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _emails(people)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(people.officer_b).post(
            "/api/incidents/incidents/",
            {
                "title": "Nearly e-mailed the wrong school",
                "division": people.division_b.pk,
                "description": "Caught before sending.",
                "occurred_at": "2026-03-27T08:00:00Z",
                "discovered_at": "2026-03-27T08:05:00Z",
                "is_near_miss": True,
            },
            format="json",
        )
    assert response.status_code == 201, response.json()
    recipients = set(Notification.objects.values_list("recipient_email", flat=True))
    # The reporter is division B's officer: they get the notice and the acknowledgement.
    assert recipients == {"ig@example.org", "cw.officer@example.org"}
    notice = Notification.objects.get(
        key__startswith="incident-reported:", recipient_email="ig@example.org"
    )
    assert "new near miss reported in Communities & Wellbeing" in notice.subject
    assert Notification.objects.filter(key__startswith="incident-reported-ack:").count() == 1


def test_nothing_is_queued_when_the_report_is_refused(
    people: Any, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _emails(people)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(people.staff).post(
            reverse("incidents:report"), report_form(people, discovered_at="2026-03-27T07:00")
        )
    assert response.status_code == 400
    assert not Notification.objects.exists()


def test_confirmation_says_no_acknowledgement_without_an_address(
    people: Any, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for user in people.all().values():
        user.person.email = ""
        user.person.save()
    client = client_as(people.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("incidents:report"), report_form(people))
    page = client.get(response["Location"]).content.decode()
    assert "We have no e-mail address for you, so no acknowledgement is e-mailed" in page
    assert "No IG manager has an e-mail address on record" in page
    assert not Notification.objects.exists()
