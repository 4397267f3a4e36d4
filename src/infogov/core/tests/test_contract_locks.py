"""A database held by another writer: requests wait within a bound, then answer 503."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionHandler
from django.test import Client
from django.urls import reverse

from infogov.core.env import database_from_url
from infogov.incidents.models import Incident

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's single-writer lock"
)


@contextmanager
def another_writer_holding_the_lock() -> Iterator[Any]:
    """A second connection with an open write transaction (as a long import has).

    It writes to a table the requests below do not read, so only their writes meet it.
    """
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    other.connect()
    with other.cursor() as cursor:
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute(
            "INSERT INTO core_demostate (module, loaded_at, anchor_date) "
            "VALUES ('import', '2026-01-01 00:00', '2026-01-01')"
        )
    try:
        yield other
    finally:
        other.connection.rollback()
        other.close()


def report(people: Any) -> dict[str, Any]:
    return {
        "title": "Letter to wrong address",
        "division": people.division_a.pk,
        "description": "A letter went to the wrong address.",
        "occurred_at": "2026-03-27T08:00",
        "discovered_at": "2026-03-27T09:30",
    }


@sqlite_only
def test_api_write_while_the_database_is_locked_answers_503_with_retry_after(
    transactional_db: Any, people: Any, api_as: Any
) -> None:
    client = api_as(people.staff)
    with another_writer_holding_the_lock():
        response = client.post("/api/incidents/incidents/", report(people))
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "busy" in response.json()["detail"]
    assert not Incident.objects.exists()


@sqlite_only
def test_page_write_while_the_database_is_locked_answers_503_page(
    transactional_db: Any, people: Any
) -> None:
    # As under gunicorn: an error is answered by the service, not raised into the caller.
    client = Client(raise_request_exception=False)
    client.force_login(people.staff)
    with another_writer_holding_the_lock():
        response = client.post(reverse("incidents:report"), report(people))
    assert not Incident.objects.exists()
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "The service is busy" in response.content.decode()


def test_sqlite_writer_waits_for_a_lock_within_the_configured_timeout(
    tmp_path: Path, django_db_blocker: Any, monkeypatch: Any
) -> None:
    """The file database InfoGov runs on (not the test one): a writer waits, then gives up."""
    monkeypatch.delenv("DATABASE_URL", raising=False)  # this SQLite file, whatever the suite uses
    settings_dict = database_from_url(
        "DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}", sqlite_timeout=1
    )
    handler = ConnectionHandler({"default": settings_dict, "waiter": dict(settings_dict)})
    holder, waiter = handler["default"], handler["waiter"]
    with django_db_blocker.unblock():
        _hold_and_wait(holder, waiter)


def _hold_and_wait(holder: BaseDatabaseWrapper, waiter: BaseDatabaseWrapper) -> None:
    try:
        with holder.cursor() as cursor:
            cursor.execute("CREATE TABLE t (n integer)")
        with holder.cursor() as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("INSERT INTO t VALUES (1)")
        started = time.monotonic()
        with pytest.raises(OperationalError, match="database is locked"), waiter.cursor() as c:
            c.execute("BEGIN IMMEDIATE")
        waited = time.monotonic() - started
        assert 0.9 <= waited < 5
    finally:
        holder.close()
        waiter.close()
