"""Reminders are queued once and sent once, even when jobs run again or concurrently.

A send that fails is retried with back-off and finally shown to the IG manager; a claim
left by a sender that stopped is released; one failing job never stops the others; the
scheduler stops cleanly between jobs on SIGTERM.
"""

from __future__ import annotations

import os
import signal
import smtplib
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from infogov.core import reminders
from infogov.core.management.commands.send_reminders import Command
from infogov.core.models import AuditEvent, Notification
from infogov.core.reminders import (
    FAILED,
    RETRY,
    SENT,
    handle_one,
    queue,
    release_stale_claims,
    reminder_job,
    retry_failed,
    run_jobs,
    scheduled_job,
    send_pending,
)
from infogov.organisation.services import acknowledge_roles_page, publish_roles_page

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def mail_settings(settings: Any) -> Any:
    settings.INFOGOV_MAIL_RETRY_ATTEMPTS = 3
    settings.INFOGOV_MAIL_RETRY_MINUTES = 5
    settings.INFOGOV_MAIL_CLAIM_TIMEOUT_MINUTES = 15
    return settings


@pytest.fixture
def only_jobs(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Run only the jobs a test registers (the apps' real jobs stay out of the way)."""
    reminders.discover_jobs()  # the apps' modules register into the real registry first
    jobs: dict[str, Any] = {}
    monkeypatch.setattr(reminders, "JOBS", jobs)
    return jobs


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message addressed to bounce@…."""

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            if any(r.startswith("bounce@") for r in message.recipients()):
                raise smtplib.SMTPRecipientsRefused({"bounce@example.org": (550, b"No such user")})
            mail.outbox.append(message)
        return len(email_messages)


class Inbox:
    """aiosmtpd handler: keeps every message the server accepted."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # closed again: connecting to it is refused until a server listens


@pytest.fixture
def smtp_port(settings: Any, mail_settings: Any) -> Iterator[int]:
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield port


def test_publishing_the_roles_page_reminds_each_role_holder_once(people: Any) -> None:
    publish_roles_page(acting_user=people.ig_manager, introduction="Read this", change_note="first")
    queued = run_jobs()["roles-page-acknowledgement"].count
    holders = {"ig.manager", "siro", "cr.officer", "cw.officer", "cr.iao", "caseworker", "auditor"}
    assert queued == len(holders)
    assert run_jobs()["roles-page-acknowledgement"].count == 0
    assert send_pending().sent == Notification.objects.count()  # other jobs' messages too
    assert send_pending().sent == 0
    sent = Notification.objects.filter(key__startswith="roles-ack:", sent_at__isnull=False)
    assert sent.count() == len(holders)
    subjects = [m for m in mail.outbox if "roles and responsibilities" in m.subject]
    assert len(subjects) == len(holders)


def test_people_who_acknowledged_are_not_reminded(people: Any) -> None:
    publish_roles_page(acting_user=people.ig_manager, introduction="Read this")
    acknowledge_roles_page(acting_user=people.siro)
    run_jobs()
    recipients = set(Notification.objects.values_list("recipient_email", flat=True))
    assert people.siro.person.email not in recipients


def test_a_claimed_notification_is_never_sent_again() -> None:
    queue("k1", "a@example.org", "Subject", "Body")
    Notification.objects.filter(key="k1").update(claimed_at=timezone.now())
    assert handle_one() is None
    assert mail.outbox == []


def test_queueing_the_same_key_twice_creates_one_message() -> None:
    assert queue("same", "a@example.org", "S", "B") is True
    assert queue("same", "a@example.org", "S", "B") is False
    assert Notification.objects.count() == 1


def test_a_refused_message_is_retried_later_on_a_real_smtp_server_and_sent_exactly_once(
    smtp_port: int,
) -> None:
    queue("outage", "officer@example.org", "Case due", "Open the case.")
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    with time_machine.travel(START, tick=False) as traveller:
        first = send_pending()  # nothing listens on the port yet: connection refused
        assert (first.sent, first.retry, first.failed) == (0, 1, 0)
        notification = Notification.objects.get()
        assert "Connection refused" in notification.last_error
        assert notification.sent_at is None
        assert notification.next_attempt_at == START + timedelta(minutes=5)
        controller.start()
        try:
            traveller.shift(timedelta(minutes=4))
            assert send_pending().sent == 0  # not yet due again
            assert inbox.envelopes == []
            traveller.shift(timedelta(minutes=1))
            assert send_pending().sent == 1
            assert send_pending().sent == 0
            traveller.shift(timedelta(days=1))
            assert send_pending().sent == 0
        finally:
            controller.stop()
    assert len(inbox.envelopes) == 1
    assert inbox.envelopes[0].rcpt_tos == ["officer@example.org"]
    assert b"Case due" in inbox.envelopes[0].original_content
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 2


def test_an_unreachable_mail_server_is_reported_as_will_retry_not_as_sent(
    people: Any, smtp_port: int, capsys: Any
) -> None:
    publish_roles_page(acting_user=people.ig_manager, introduction="Please read")
    call_command("send_reminders")
    out = capsys.readouterr().out
    queued = Notification.objects.count()
    assert queued > 1
    assert f"queued {queued}, sent 0, will retry {queued}, failed (given up) 0" in out
    assert f"{queued} message(s) wait to be tried again." in out
    assert Notification.objects.filter(sent_at__isnull=False).count() == 0


def test_failed_sends_back_off_and_are_given_up_after_the_configured_attempts(
    mail_settings: Any,
) -> None:
    mail_settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    queue("bounce", "bounce@example.org", "S", "B")
    with time_machine.travel(START, tick=False) as traveller:
        assert handle_one() == RETRY
        assert Notification.objects.get().next_attempt_at == START + timedelta(minutes=5)
        traveller.shift(timedelta(minutes=5))
        assert handle_one() == RETRY
        second = timezone.now()
        assert Notification.objects.get().next_attempt_at == second + timedelta(minutes=10)
        traveller.shift(timedelta(minutes=9))
        assert handle_one() is None  # waiting: the delay doubled
        traveller.shift(timedelta(minutes=1))
        assert handle_one() == FAILED
        traveller.shift(timedelta(days=7))
        assert handle_one() is None  # given up: never tried again by itself
    notification = Notification.objects.get()
    assert notification.attempts == 3
    assert notification.failed_at is not None
    assert notification.sent_at is None
    assert "No such user" in notification.last_error


def test_the_summary_tells_sent_will_retry_and_failed_apart(
    mail_settings: Any, only_jobs: dict[str, Any], capsys: Any
) -> None:
    mail_settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    @reminder_job("test-reminders")
    def three(now: datetime) -> int:
        return sum(
            [
                queue("ok", "officer@example.org", "S", "B"),
                queue("bounce-new", "bounce@example.org", "S", "B"),
                queue("bounce-last", "bounce@example.org", "S", "B"),
            ]
        )

    queue("bounce-last", "bounce@example.org", "S", "B")
    Notification.objects.filter(key="bounce-last").update(attempts=2)  # one attempt left
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "test-reminders: 2 queued" in out
    assert "queued 2, sent 1, will retry 1, failed (given up) 1" in out
    assert "1 message(s) have failed for good" in out
    assert len(mail.outbox) == 1


def test_a_stale_claim_is_released_and_sent(mail_settings: Any) -> None:
    queue("crashed", "officer@example.org", "S", "B")
    with time_machine.travel(START, tick=False) as traveller:
        # A sender claimed it and was killed before sending (kill -9).
        Notification.objects.update(claimed_at=timezone.now(), attempts=1)
        traveller.shift(timedelta(minutes=14))
        assert send_pending().sent == 0  # the claim may still be a live sender's
        traveller.shift(timedelta(minutes=2))
        result = send_pending()
    assert (result.released, result.sent) == (1, 1)
    assert len(mail.outbox) == 1
    notification = Notification.objects.get()
    assert notification.sent_at is not None
    assert notification.attempts == 2


def test_a_stale_claim_with_no_attempts_left_is_given_up(mail_settings: Any) -> None:
    queue("crashed", "officer@example.org", "S", "B")
    with time_machine.travel(START, tick=False) as traveller:
        Notification.objects.update(claimed_at=timezone.now(), attempts=3)
        traveller.shift(timedelta(minutes=16))
        assert release_stale_claims() == (0, 1)
    notification = Notification.objects.get()
    assert notification.failed_at is not None
    assert "sender stopped" in notification.last_error
    assert mail.outbox == []


def test_two_concurrent_senders_never_send_the_same_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queue("once", "officer@example.org", "S", "B")
    real_next = reminders._next_candidate
    outcomes: list[str | None] = []

    def race(now: datetime) -> int | None:
        # Sender A has chosen the message; sender B runs completely before A claims it.
        candidate = real_next(now)
        monkeypatch.setattr(reminders, "_next_candidate", real_next)
        outcomes.append(handle_one())
        return candidate

    monkeypatch.setattr(reminders, "_next_candidate", race)
    outcomes.append(handle_one())
    assert outcomes == [SENT, None]  # B sent it; A's conditional claim found it taken
    assert len(mail.outbox) == 1
    assert Notification.objects.get().attempts == 1


@pytest.mark.django_db(transaction=True)
def test_two_senders_running_at_once_send_each_message_exactly_once() -> None:
    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writer at a time; the interleaved test covers the claim")
    for number in range(40):
        queue(f"parallel-{number}", f"p{number}@example.org", f"Message {number}", "B")
    start = threading.Barrier(2)
    results: list[Any] = []

    def sender() -> None:
        try:
            start.wait()
            results.append(send_pending())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result.sent for result in results) == 40
    subjects = [message.subject for message in mail.outbox]
    assert sorted(subjects) == sorted({f"Message {n}" for n in range(40)})
    assert Notification.objects.filter(attempts=1, sent_at__isnull=False).count() == 40


def test_a_message_being_sent_is_not_sent_by_a_second_sender(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queue("once", "officer@example.org", "S", "B")
    real_send = reminders.send_mail
    inner: list[str | None] = []

    def slow_send(*args: Any, **kwargs: Any) -> int:
        inner.append(handle_one())  # a second sender runs while the first is sending
        return real_send(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", slow_send)
    assert handle_one() == SENT
    assert inner == [None]
    assert len(mail.outbox) == 1


def test_a_failing_job_does_not_stop_the_others(
    only_jobs: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    ran: list[str] = []

    @reminder_job("a-first")
    def first(now: datetime) -> int:
        ran.append("a-first")
        return int(queue("a", "a@example.org", "S", "B"))

    @reminder_job("b-broken")
    def broken(now: datetime) -> int:
        raise ValueError("the register is unreadable")

    @scheduled_job("c-last", counts="things tidied")
    def last(now: datetime) -> int:
        ran.append("c-last")
        return 4

    with caplog.at_level("INFO", logger="infogov.jobs"):
        results = run_jobs()
    assert ran == ["a-first", "c-last"]
    assert results["a-first"].count == 1
    assert results["b-broken"].error == "ValueError: the register is unreadable"
    assert results["c-last"].line() == "c-last: 4 things tidied"
    logged = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert ("INFO", "job a-first: 1 queued") in logged
    assert ("ERROR", "job b-broken failed") in logged
    assert ("INFO", "job c-last: 4 things tidied") in logged


def test_the_command_sends_and_exits_non_zero_when_a_job_failed(
    only_jobs: dict[str, Any], capsys: Any
) -> None:
    @reminder_job("a-broken")
    def broken(now: datetime) -> int:
        raise RuntimeError("boom")

    @reminder_job("b-fine")
    def fine(now: datetime) -> int:
        return int(queue("fine", "a@example.org", "S", "B"))

    with pytest.raises(CommandError, match="1 job\\(s\\) failed: a-broken"):
        call_command("send_reminders")
    captured = capsys.readouterr()
    assert "a-broken: FAILED (RuntimeError: boom)" in captured.err
    assert "b-fine: 1 queued" in captured.out
    assert "queued 1, sent 1, will retry 0, failed (given up) 0" in captured.out
    assert len(mail.outbox) == 1


def test_sigterm_in_the_loop_finishes_the_current_job_then_stops(
    only_jobs: dict[str, Any], capsys: Any
) -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals reach the main thread only")
    ran: list[str] = []
    before = signal.getsignal(signal.SIGTERM)

    @reminder_job("a-current")
    def current(now: datetime) -> int:
        os.kill(os.getpid(), signal.SIGTERM)  # the service manager stops the scheduler
        ran.append("a-current finished")
        return int(queue("current", "a@example.org", "S", "B"))

    @reminder_job("b-next")
    def following(now: datetime) -> int:
        ran.append("b-next")
        return 0

    call_command("send_reminders", "--loop", "--interval", "3600")  # returns: no hour's wait
    out = capsys.readouterr().out
    assert ran == ["a-current finished"]
    assert "a-current: 1 queued" in out
    assert "SIGTERM received after the current job" in out
    assert "SIGTERM received: stopped cleanly." in out
    assert signal.getsignal(signal.SIGTERM) == before  # the handler is put back
    assert Notification.objects.filter(sent_at__isnull=True).count() == 1  # sent next run


def test_the_stop_handler_ends_the_wait_between_runs() -> None:
    command = Command()
    assert command.wait(0.01) is False
    command.request_stop(signal.SIGTERM)
    assert command.wait(3600) is True  # returns at once instead of sleeping
    with pytest.raises(SystemExit):
        command.request_stop(signal.SIGTERM)  # a second signal stops at once


def test_the_loop_interval_comes_from_the_settings(
    settings: Any, only_jobs: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.INFOGOV_JOBS_INTERVAL_SECONDS = 42
    waited: list[float] = []

    def wait(self: Command, seconds: float) -> bool:
        waited.append(seconds)
        self.request_stop(signal.SIGTERM)
        return True

    monkeypatch.setattr(Command, "wait", wait)
    call_command("send_reminders", "--loop")
    assert waited == [42]
    with pytest.raises(CommandError, match="at least 10"):
        call_command("send_reminders", "--interval", "5")


def test_anonymising_closed_case_files_is_its_own_job_not_a_reminder(
    people: Any, capsys: Any
) -> None:
    from datetime import date

    from infogov.requests import services
    from infogov.requests.tests.factories import CaseFactory

    old = CaseFactory(received_on=date(2018, 1, 8), requester_name="Jo Bloggs")
    services.close(old, acting_user=people.ig_manager, on=date(2018, 3, 1))
    jobs = reminders.discover_jobs()
    job = jobs["requests-anonymise-closed-cases"]
    assert job.reminder is False
    assert not any(name == "requests-retention" for name in jobs)
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "requests-anonymise-closed-cases: 1 closed case files anonymised" in out
    old.refresh_from_db()
    assert old.requester_name == "[anonymised]"
    # The count of queued messages in the summary does not include it.
    queued = sum(r.count for r in run_jobs().values() if r.reminder)
    assert queued == 0


def _failed(key: str = "gave-up") -> Notification:
    queue(key, "officer@example.org", f"Reminder {key}", "B")
    Notification.objects.filter(key=key).update(
        attempts=3, failed_at=timezone.now(), last_error="[Errno 111] Connection refused"
    )
    return Notification.objects.get(key=key)


def test_failed_messages_show_on_the_ig_managers_home_page(people: Any, client_as: Any) -> None:
    _failed("one")
    _failed("two")
    page = client_as(people.ig_manager).get("/").content.decode()
    assert "E-mail" in page
    assert '<span class="infogov-stat__value">2</span>' in page
    assert 'href="/notifications/failed/#failed">Messages that failed</a>' in page
    listing = client_as(people.ig_manager).get("/notifications/failed/")
    assert listing.status_code == 200
    assert "Reminder one" in listing.content.decode()
    assert "[Errno 111] Connection refused" in listing.content.decode()


def test_only_the_ig_manager_sees_failed_email(people: Any, client_as: Any) -> None:
    notification = _failed()
    for user in (people.siro, people.officer_a, people.staff, people.auditor):
        client = client_as(user)
        assert "Messages that failed" not in client.get("/").content.decode()
        assert client.get("/notifications/failed/").status_code == 403
        assert client.post(f"/notifications/{notification.pk}/retry/").status_code == 403
        assert client.post("/notifications/failed/retry/").status_code == 403
    notification.refresh_from_db()
    assert notification.failed_at is not None
    assert not AuditEvent.objects.filter(verb="notification_retried").exists()


def test_the_ig_manager_sends_a_failed_message_again_and_it_is_audited(
    people: Any, client_as: Any
) -> None:
    notification = _failed()
    other = _failed("other")
    response = client_as(people.ig_manager).post(f"/notifications/{notification.pk}/retry/")
    assert response.status_code == 302
    notification.refresh_from_db()
    assert (notification.failed_at, notification.attempts) == (None, 0)
    event = AuditEvent.objects.get(verb="notification_retried")
    assert event.object_id == notification.pk
    assert event.actor == people.ig_manager
    assert event.data["attempts"] == 3
    assert send_pending().sent == 1
    assert [m.subject for m in mail.outbox] == ["Reminder gave-up"]
    other.refresh_from_db()
    assert other.failed_at is not None  # only the one asked for


def test_retrying_all_failed_messages_queues_each_with_one_event(people: Any) -> None:
    _failed("one")
    _failed("two")
    assert retry_failed(acting_user=people.ig_manager) == 2
    assert AuditEvent.objects.filter(verb="notification_retried").count() == 2
    assert send_pending().sent == 2


def test_retrying_a_message_that_has_not_failed_is_refused(people: Any) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    queue("pending", "officer@example.org", "S", "B")
    pending = Notification.objects.get()
    with pytest.raises(ValidationError):
        retry_failed(acting_user=people.ig_manager, pk=pending.pk)
    with pytest.raises(PermissionDenied):
        retry_failed(acting_user=people.siro, pk=_failed().pk)


def test_a_bad_mail_retry_setting_stops_start_up_naming_it() -> None:
    from infogov.core.tests.test_settings_env import run_check

    result = run_check(INFOGOV_DEBUG="1", INFOGOV_MAIL_RETRY_ATTEMPTS="0")
    assert result.returncode != 0
    assert "INFOGOV_MAIL_RETRY_ATTEMPTS must be at least 1" in result.stderr


def test_sending_again_a_message_that_was_sent_meanwhile_says_so(
    people: Any, client_as: Any
) -> None:
    queue("sent", "officer@example.org", "S", "B")
    send_pending()
    notification = Notification.objects.get()
    client = client_as(people.ig_manager)
    response = client.post(f"/notifications/{notification.pk}/retry/", follow=True)
    assert "This message has not failed" in response.content.decode()
    assert len(mail.outbox) == 1
    assert not AuditEvent.objects.filter(verb="notification_retried").exists()
