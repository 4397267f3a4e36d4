"""Reminders: before the due date and when overdue, once each; the weekly digest."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from infogov.core.models import Notification
from infogov.requests import reminders
from infogov.requests.tests.factories import CaseFactory, SearchTaskFactory

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def test_caseworker_is_reminded_before_due_and_when_overdue_once_each(people: Any) -> None:
    people.caseworker.person.email = "cw@example.org"
    people.caseworker.person.save()
    CaseFactory(caseworker=people.caseworker.person)  # due Monday 2 March 2026
    assert reminders.case_deadlines(at(date(2026, 2, 20))) == 0
    assert reminders.case_deadlines(at(date(2026, 2, 26))) == 1
    assert reminders.case_deadlines(at(date(2026, 2, 27))) == 0
    assert reminders.case_deadlines(at(date(2026, 3, 3))) == 1
    assert reminders.case_deadlines(at(date(2026, 3, 10))) == 0
    subjects = sorted(Notification.objects.values_list("subject", flat=True))
    assert any("overdue" in s for s in subjects) and len(subjects) == 2


def test_task_assignee_or_division_officers_are_reminded(people: Any) -> None:
    people.officer_a.person.email = "officer@example.org"
    people.officer_a.person.save()
    SearchTaskFactory(division=people.division_a)  # due 13 February 2026
    assert reminders.task_deadlines(at(date(2026, 2, 11))) == 1
    assert reminders.task_deadlines(at(date(2026, 2, 12))) == 0
    assert reminders.task_deadlines(at(date(2026, 2, 16))) == 1
    assert set(Notification.objects.values_list("recipient_email", flat=True)) == {
        "officer@example.org"
    }


def test_weekly_digest_once_per_week(people: Any) -> None:
    people.ig_manager.person.email = "ig@example.org"
    people.ig_manager.person.save()
    CaseFactory()
    assert reminders.weekly_digest(at(date(2026, 3, 9))) == 1
    assert reminders.weekly_digest(at(date(2026, 3, 11))) == 0
    assert reminders.weekly_digest(at(date(2026, 3, 16))) == 1
    body = Notification.objects.first().body  # type: ignore[union-attr]
    assert "Overdue (1)" in body


def test_retention_job_anonymises_old_closed_cases_once(people: Any) -> None:
    from infogov.core.models import AuditEvent
    from infogov.requests import services

    old = CaseFactory(received_on=date(2018, 1, 8), requester_name="Jo Bloggs")
    services.close(old, acting_user=people.ig_manager, on=date(2018, 3, 1))
    assert reminders.retention(at(date(2026, 6, 1))) == 1
    assert reminders.retention(at(date(2026, 6, 2))) == 0
    old.refresh_from_db()
    assert old.requester_name == "[anonymised]"
    assert AuditEvent.objects.filter(verb="anonymised", object_id=old.pk).exists()
