"""Reminders (sent once) and the demo data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from infogov.clocks import LONDON
from infogov.core.models import Notification
from infogov.incidents import models, reminders
from infogov.incidents.tests.factories import ActionFactory, IncidentFactory

pytestmark = pytest.mark.django_db
AWARE = datetime(2026, 3, 27, 10, 0, tzinfo=LONDON)  # deadline 30 March 11:00 BST


def _breach(people: Any, **extra: Any) -> models.Incident:
    fields = {
        "division": people.division_a,
        "personal_data_breach": True,
        "aware_at": AWARE,
        "likelihood": 3,
        "severity": 2,
        "occurred_at": AWARE - timedelta(hours=2),
        "discovered_at": AWARE - timedelta(hours=1),
        **extra,
    }
    return IncidentFactory(**fields)


def test_ig_team_alerted_once_48_hours_before_the_ico_deadline(people: Any) -> None:
    incident = _breach(people)
    people.ig_manager.person.email = "ig@example.org"
    people.ig_manager.person.save()
    people.caseworker.person.email = "case@example.org"
    people.caseworker.person.save()
    deadline = incident.ico_deadline
    assert deadline is not None
    deadline = deadline.astimezone(UTC)  # elapsed hours: the clocks change in between
    early = (deadline - timedelta(hours=48, minutes=1)).astimezone(LONDON)
    with time_machine.travel(early):
        assert reminders.ico_deadline_warning(early) == 0
    moment = deadline - timedelta(hours=47, minutes=59)
    assert reminders.ico_deadline_warning(moment) == 2
    assert reminders.ico_deadline_warning(moment + timedelta(hours=5)) == 0
    recipients = set(Notification.objects.values_list("recipient_email", flat=True))
    assert recipients == {"ig@example.org", "case@example.org"}
    assert incident.reference in Notification.objects.first().subject  # type: ignore[union-attr]


def test_no_alert_below_threshold_or_once_notified(people: Any) -> None:
    _breach(people, likelihood=2)
    _breach(people, ico_notified_at=AWARE + timedelta(hours=3))
    _breach(people, decision="not_report", decision_reasons="Low risk")
    IncidentFactory(
        division=people.division_a,
        aware_at=AWARE,
        likelihood=5,
        severity=5,
        occurred_at=AWARE,
        discovered_at=AWARE,
    )  # not assessed as a breach
    assert reminders.ico_deadline_warning(AWARE + timedelta(hours=60)) == 0


def test_overdue_action_alerted_once(people: Any) -> None:
    people.ig_manager.person.email = "ig@example.org"
    people.ig_manager.person.save()
    action = ActionFactory(
        incident=IncidentFactory(division=people.division_a), due_on=date(2026, 6, 10)
    )
    ActionFactory(due_on=date(2026, 6, 10), done_on=date(2026, 6, 9))
    before = datetime(2026, 6, 10, 12, tzinfo=LONDON)
    assert reminders.overdue_actions(before) == 0
    after = datetime(2026, 6, 11, 9, tzinfo=LONDON)
    sent = reminders.overdue_actions(after)
    assert sent == 3  # the IG manager, the caseworker and the owner
    assert reminders.overdue_actions(after + timedelta(days=1)) == 0
    assert Notification.objects.filter(key__contains=f":{action.pk}:").count() == 3


def test_demo_loads_once_with_a_year_of_incidents() -> None:
    from infogov.core.demo import load_demo

    loaded = load_demo()
    assert "incidents" in loaded
    count = models.Incident.objects.count()
    assert 50 <= count <= 70
    assert models.Incident.objects.filter(is_near_miss=True).count() >= 10
    assert models.Incident.objects.exclude(ico_notified_at=None).count() >= 3
    assert models.Incident.objects.filter(decision="not_report").count() >= 3
    assert models.Incident.objects.values("division").distinct().count() == 3
    assert models.Incident.objects.filter(reported_by__user__username="staff.member").exists()
    references = list(models.Incident.objects.values_list("reference", flat=True))
    assert len(set(references)) == count
    for incident in models.Incident.objects.exclude(aware_at=None):
        incident.full_clean()
    assert load_demo() == []
    assert models.Incident.objects.count() == count
