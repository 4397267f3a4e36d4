"""Sign-in: API tokens, lockout, demo sign-ins, two-factor sign-in, session timeout."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group as AuthGroup
from django.test import RequestFactory, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from infogov.core.backends import DEMO_GROUP

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/auth/token/"


def test_token_endpoint_returns_a_token_without_csrf(people: Any) -> None:
    client = APIClient(enforce_csrf_checks=True)
    response = client.post(
        TOKEN_URL, {"username": "ig.manager", "password": "test-pass-123"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = client.get("/api/organisation/divisions/")
    assert listing.status_code == 200
    assert {"id", "name"} <= set(listing.json()["results"][0])


def test_token_endpoint_answers_400_for_bad_credentials(people: Any) -> None:
    response = APIClient().post(
        TOKEN_URL, {"username": "ig.manager", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    missing = APIClient().post(TOKEN_URL, {"username": "ig.manager"}, format="json")
    assert missing.status_code == 400
    assert "password" in missing.json()


def test_repeated_failures_lock_the_account_out(people: Any) -> None:
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(TOKEN_URL, {"username": "siro", "password": "wrong"}, format="json")
    locked = client.post(
        TOKEN_URL, {"username": "siro", "password": "test-pass-123"}, format="json"
    )
    assert locked.status_code == 400
    assert "Too many failed" in locked.json()["non_field_errors"][0]
    # Another account from the same address is not locked.
    other = client.post(
        TOKEN_URL, {"username": "auditor", "password": "test-pass-123"}, format="json"
    )
    assert other.status_code == 200


def test_thirty_attempts_a_minute_are_not_throttled(people: Any) -> None:
    client = APIClient()
    statuses = [
        client.post(
            TOKEN_URL, {"username": "auditor", "password": "test-pass-123"}, format="json"
        ).status_code
        for _ in range(30)
    ]
    assert set(statuses) == {200}


def test_api_refuses_anonymous_requests(people: Any) -> None:
    response = APIClient().get("/api/organisation/divisions/")
    assert response.status_code in {401, 403}


def test_schema_and_docs_are_public() -> None:
    client = APIClient()
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/organisation/divisions/" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_demo_sign_ins_are_refused_unless_demo_mode(people: Any) -> None:
    user = people.staff
    user.groups.add(AuthGroup.objects.get_or_create(name=DEMO_GROUP)[0])
    request = RequestFactory().post("/accounts/login/")
    with override_settings(DEMO=False):
        assert authenticate(request, username="staff.member", password="test-pass-123") is None
    with override_settings(DEMO=True):
        assert authenticate(request, username="staff.member", password="test-pass-123") == user


def test_login_page_signs_in_and_shows_the_person(people: Any, client: Any) -> None:
    response = client.post(
        "/accounts/login/", {"username": "cr.officer", "password": "test-pass-123"}, follow=True
    )
    assert response.status_code == 200
    assert b"Signed in as" in response.content


def test_pages_need_sign_in(client: Any) -> None:
    response = client.get("/organisation/divisions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_idle_sessions_expire() -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def _confirmed_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_authenticator_holders_must_enter_a_code(people: Any, client_as: Any) -> None:
    device = _confirmed_device(people.siro)
    client = client_as(people.siro)
    response = client.get("/organisation/divisions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/mfa/")
    wrong = client.post("/accounts/mfa/", {"otp_token": "000000"})
    assert b"not right" in wrong.content
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows retries after a failure
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client.post("/accounts/mfa/", {"otp_token": code})
    assert client.get("/organisation/divisions/").status_code == 200


def test_ig_manager_can_require_two_factor_for_a_role(people: Any, client_as: Any) -> None:
    from infogov.organisation.models import RoleDescription

    RoleDescription.objects.create(
        role="auditor", summary="Audit", responsibilities="Audit", mfa_required=True
    )
    client = client_as(people.auditor)
    response = client.get("/")
    assert response["Location"] == "/accounts/mfa/setup/"
    assert client.get("/accounts/mfa/setup/").status_code == 200
    device = TOTPDevice.objects.get(user=people.auditor)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client.post("/accounts/mfa/setup/", {"otp_token": code})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    # A session that has not verified gets 403 from the API, never the data.
    fresh = client_as(people.auditor)
    assert fresh.get("/api/organisation/divisions/").status_code == 403


def test_token_sign_in_asks_for_the_code_when_an_authenticator_is_set_up(people: Any) -> None:
    device = _confirmed_device(people.caseworker)
    client = APIClient()
    response = client.post(
        TOKEN_URL, {"username": "caseworker", "password": "test-pass-123"}, format="json"
    )
    assert response.status_code == 400
    assert "otp_token" in response.json()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    ok = client.post(
        TOKEN_URL,
        {"username": "caseworker", "password": "test-pass-123", "otp_token": code},
        format="json",
    )
    assert ok.status_code == 200


def test_security_headers_are_sent(people: Any, client_as: Any) -> None:
    response = client_as(people.staff).get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
