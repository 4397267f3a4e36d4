"""The API answers as its OpenAPI schema says (schemathesis over every operation).

Each operation gets a few generated requests as the IG manager, an information officer and
a staff member, on the demo organisation, through the WSGI application in-process. A
response may refuse the request (400, 403, 404), but it never is a server error and always
matches the schema: status, content type and body. Every request is rolled back, so a
`DELETE` leaves the records for the next operation.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from infogov.core.demo import load_demo
from infogov.wsgi import application

pytestmark = pytest.mark.django_db

# A few generated requests per operation and role keep the run to a couple of minutes.
MAX_EXAMPLES = 4
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
# Operations whose contract is checked by their own tests while they change.
# A script's sign-out: it takes the token it revokes, never a browser session (401).
SKIPPED = {("POST", "/api/auth/token/revoke/")}
ROLES = ["ig.manager", "cr.officer", "staff.member"]


@pytest.fixture
def in_process_requests() -> Iterator[list[str]]:
    """Requests share the test's transaction (as Django's test client does) and any
    exception a view raises is kept with its traceback for the report."""
    errors: list[str] = []

    def keep(**kwargs: Any) -> None:
        errors.append(traceback.format_exc())

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(keep)
    try:
        yield errors
    finally:
        got_request_exception.disconnect(keep)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def signed_in(username: str) -> Any:
    """The WSGI application as seen by a browser session that has passed two-factor sign-in
    (its session and CSRF cookies and the CSRF header on every request)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    csrf = "c" * 32
    cookie = f"sessionid={session.session_key}; csrftoken={csrf}"

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        return application(
            {**environ, "HTTP_COOKIE": cookie, "HTTP_X_CSRFTOKEN": csrf}, start_response
        )

    return app


def existing_ids(path: str) -> dict[str, Any]:
    """`{"id": pk}` of a record the operation's endpoint holds, so detail paths are found."""
    if "{id}" not in path:
        return {}
    try:
        match = resolve(path.replace("{id}", "1"))
    except Resolver404:
        return {}
    view = getattr(match.func, "cls", None)
    queryset = getattr(view, "queryset", None)
    if queryset is None:
        return {}
    first = queryset.model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return {} if first is None else {"id": first}


def check_operation(operation: Any, app: Any, errors: list[str], statuses: list[int]) -> str | None:
    """None when every generated request passed; otherwise the first failure's report."""
    failures: list[str] = []

    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(path_parameters=existing_ids(operation.path)))
    def run(case: Any) -> None:
        if failures:
            return
        errors.clear()
        with transaction.atomic():
            response = case.call(app=app)
            transaction.set_rollback(True)
        statuses.append(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS, transport_kwargs={"app": app})
        except (FailureGroup, AssertionError) as exc:
            failures.append(f"{exc}\n{''.join(errors)}")

    run()
    return failures[0] if failures else None


@pytest.mark.parametrize("username", ROLES)
@override_settings(DEMO=True)  # the demo organisation's people sign in only in demo mode
def test_every_api_operation_matches_its_schema(
    username: str, in_process_requests: list[str]
) -> None:
    load_demo()
    app = signed_in(username)
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    failed: dict[str, str] = {}
    statuses: list[int] = []
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        checked += 1
        failure = check_operation(operation, app, in_process_requests, statuses)
        if failure:
            failed[f"{operation.method.upper()} {operation.path}"] = failure
    assert checked > 250
    # Signed in throughout, and many requests answered (a staff member is refused most).
    assert 401 not in statuses
    assert sum(200 <= status < 300 for status in statuses) > 100
    assert not failed, "\n\n".join(f"{name}:\n{text}" for name, text in failed.items())
