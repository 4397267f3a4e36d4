"""Reminders are queued once and sent once, even when jobs run again or concurrently."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from infogov.core.models import Notification
from infogov.core.reminders import handle_one, queue, run_jobs, send_pending
from infogov.organisation.services import acknowledge_roles_page, publish_roles_page

pytestmark = pytest.mark.django_db


def test_publishing_the_roles_page_reminds_each_role_holder_once(people: Any) -> None:
    publish_roles_page(people.ig_manager, "Read this", "first")
    queued = run_jobs()["roles-page-acknowledgement"]
    holders = {"ig.manager", "siro", "cr.officer", "cw.officer", "cr.iao", "caseworker", "auditor"}
    assert queued == len(holders)
    assert run_jobs()["roles-page-acknowledgement"] == 0
    send_pending()
    assert send_pending() == 0
    sent = Notification.objects.filter(key__startswith="roles-ack:", sent_at__isnull=False)
    assert sent.count() == len(holders)
    subjects = [m for m in mail.outbox if "roles and responsibilities" in m.subject]
    assert len(subjects) == len(holders)


def test_people_who_acknowledged_are_not_reminded(people: Any) -> None:
    publish_roles_page(people.ig_manager, "Read this")
    acknowledge_roles_page(people.siro)
    run_jobs()
    recipients = set(Notification.objects.values_list("recipient_email", flat=True))
    assert people.siro.person.email not in recipients


def test_a_claimed_notification_is_never_sent_again() -> None:
    queue("k1", "a@example.org", "Subject", "Body")
    Notification.objects.filter(key="k1").update(claimed_at=timezone.now())
    assert handle_one() is False
    assert mail.outbox == []


def test_queueing_the_same_key_twice_creates_one_message() -> None:
    assert queue("same", "a@example.org", "S", "B") is True
    assert queue("same", "a@example.org", "S", "B") is False
    assert Notification.objects.count() == 1
