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
        TOKEN_URL, {"username": "cr.officer", "password": "test-pass-123"}, format="json"
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


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_authenticator_holders_must_enter_a_code(people: Any, client_as: Any) -> None:
    device = _confirmed_device(people.siro)
    client = client_as(people.siro, verified=False)
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
    client = client_as(people.auditor, verified=False)
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
    fresh = client_as(people.auditor, verified=False)
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


# --- Two-factor set-up cannot be used to get round two-factor sign-in


def test_setup_refuses_a_session_that_has_not_passed_two_factor(
    people: Any, client_as: Any
) -> None:
    _confirmed_device(people.siro)
    client = client_as(people.siro, verified=False)
    response = client.get("/accounts/mfa/setup/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/mfa/?next=/accounts/mfa/setup/"
    posted = client.post("/accounts/mfa/setup/", {"otp_token": "123456"})
    assert posted.status_code == 302
    assert posted["Location"].startswith("/accounts/mfa/?")
    assert TOTPDevice.objects.filter(user=people.siro).count() == 1
    assert client.get("/organisation/divisions/").status_code == 302


def test_a_verified_session_may_set_up_another_authenticator(people: Any, client_as: Any) -> None:
    client = client_as(people.siro)  # passed two-factor with its first device
    assert client.get("/accounts/mfa/setup/").status_code == 200
    new = TOTPDevice.objects.get(user=people.siro, confirmed=False)
    client.post("/accounts/mfa/setup/", {"otp_token": _code(new)})
    assert TOTPDevice.objects.filter(user=people.siro, confirmed=True).count() == 2


def test_ig_manager_removes_a_lost_authenticator_and_it_is_audited(
    people: Any, client_as: Any
) -> None:
    from infogov.core.models import events_for

    _confirmed_device(people.siro)
    manager = client_as(people.ig_manager)
    page = manager.get(f"/accounts/people/{people.siro.pk}/security/")
    assert page.status_code == 200
    assert b"Remove their authenticators" in page.content
    manager.post(f"/accounts/people/{people.siro.pk}/security/", {"action": "reset_mfa"})
    assert not TOTPDevice.objects.filter(user=people.siro).exists()
    event = events_for(people.siro).get(verb="mfa_reset")
    assert event.actor == people.ig_manager
    # The next sign-in sets up a new authenticator (the role requires one).
    assert client_as(people.siro, verified=False).get("/")["Location"] == "/accounts/mfa/setup/"


def test_only_the_ig_manager_may_remove_authenticators(people: Any, client_as: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from infogov.core.auth_views import reset_two_factor

    _confirmed_device(people.siro)
    officer = client_as(people.officer_a)
    url = f"/accounts/people/{people.siro.pk}/security/"
    assert officer.get(url).status_code == 403
    assert officer.post(url, {"action": "reset_mfa"}).status_code == 403
    with pytest.raises(PermissionDenied):
        reset_two_factor(people.siro, acting_user=people.officer_a)
    assert TOTPDevice.objects.filter(user=people.siro).exists()


def test_ig_manager_removes_a_lost_authenticator_through_the_api(people: Any, api_as: Any) -> None:
    _confirmed_device(people.siro)
    url = f"/api/auth/users/{people.siro.pk}/reset-two-factor/"
    assert api_as(people.officer_a).post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=people.siro).exists()
    response = api_as(people.ig_manager).post(url)
    assert response.status_code == 200
    assert response.json() == {"removed": 1}
    assert not TOTPDevice.objects.filter(user=people.siro).exists()


def test_person_page_links_the_ig_manager_to_sign_in_security(people: Any, client_as: Any) -> None:
    from infogov.organisation.models import Person

    person = Person.objects.get(user=people.siro)
    url = f"/accounts/people/{people.siro.pk}/security/"
    assert url in client_as(people.ig_manager).get(person.get_absolute_url()).content.decode()
    assert url not in client_as(people.officer_a).get(person.get_absolute_url()).content.decode()


def test_password_change_needs_a_verified_session(people: Any, client_as: Any) -> None:
    _confirmed_device(people.siro)
    response = client_as(people.siro, verified=False).get("/accounts/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/mfa/")


# --- The API asks for two-factor from those who must use it


def test_token_is_refused_to_an_unenrolled_person_whose_role_requires_two_factor(
    people: Any,
) -> None:
    response = APIClient().post(
        TOKEN_URL, {"username": "ig.manager", "password": "test-pass-123"}, format="json"
    )
    assert response.status_code == 403
    assert "set up an authenticator" in response.json()["detail"]
    assert "token" not in response.json()


def test_enrolled_ig_manager_gets_a_token_with_a_code(people: Any) -> None:
    device = _confirmed_device(people.ig_manager)
    client = APIClient()
    without = client.post(
        TOKEN_URL, {"username": "ig.manager", "password": "test-pass-123"}, format="json"
    )
    assert without.status_code == 400
    ok = client.post(
        TOKEN_URL,
        {"username": "ig.manager", "password": "test-pass-123", "otp_token": _code(device)},
        format="json",
    )
    assert ok.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {ok.json()['token']}")
    assert client.get("/api/requests/cases/").status_code == 200


def test_a_token_issued_without_a_code_stops_when_two_factor_becomes_required(
    people: Any,
) -> None:
    from infogov.organisation.models import RoleDescription

    client = APIClient()
    token = client.post(
        TOKEN_URL, {"username": "auditor", "password": "test-pass-123"}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/organisation/divisions/").status_code == 200
    RoleDescription.objects.create(
        role="auditor", summary="Audit", responsibilities="Audit", mfa_required=True
    )
    refused = client.get("/api/organisation/divisions/")
    assert refused.status_code == 401
    assert "Two-factor" in refused.json()["detail"]


# --- Which roles require two-factor sign-in


def test_ig_manager_dpo_and_siro_require_two_factor_by_default(people: Any) -> None:
    from infogov.core.middleware import mfa_required_for
    from infogov.core.roles import Role
    from infogov.organisation.models import Person
    from infogov.organisation.tests.factories import RoleAssignmentFactory

    assert mfa_required_for(people.ig_manager)
    assert mfa_required_for(people.siro)
    assert not mfa_required_for(people.officer_a)
    assert not mfa_required_for(people.staff)
    RoleAssignmentFactory(person=Person.objects.get(user=people.staff), role=Role.DPO)
    staff = type(people.staff).objects.get(pk=people.staff.pk)
    assert mfa_required_for(staff)


def test_role_description_decides_over_the_default(people: Any) -> None:
    from infogov.core.middleware import mfa_required_for
    from infogov.organisation.models import RoleDescription

    RoleDescription.objects.create(
        role="siro", summary="Risk", responsibilities="Risk", mfa_required=False
    )
    assert not mfa_required_for(people.siro)


def test_demo_sign_ins_skip_two_factor_only_in_demo_mode(people: Any) -> None:
    from infogov.core.middleware import mfa_required_for

    people.ig_manager.groups.add(AuthGroup.objects.get_or_create(name=DEMO_GROUP)[0])
    with override_settings(DEMO=True):
        assert not mfa_required_for(people.ig_manager)
        assert mfa_required_for(people.siro)  # not a demo sign-in
    with override_settings(DEMO=False):
        assert mfa_required_for(people.ig_manager)


def test_demo_roles_match_the_production_defaults() -> None:
    from infogov.core.demo import load_demo
    from infogov.organisation.models import RoleDescription

    with override_settings(DEMO=True):
        load_demo()
    required = set(RoleDescription.objects.filter(mfa_required=True).values_list("role", flat=True))
    assert required == {"ig_manager", "dpo", "siro"} & set(
        RoleDescription.objects.values_list("role", flat=True)
    )
    client = APIClient()
    with override_settings(DEMO=True):
        response = client.post(
            TOKEN_URL, {"username": "ig.manager", "password": "demo-password"}, format="json"
        )
    assert response.status_code == 200


# --- Password reset is rate-limited without telling who has an account


def test_password_reset_is_limited_per_email_address(people: Any, client: Any) -> None:
    from django.core import mail
    from django.core.cache import cache

    cache.clear()
    people.siro.email = "siro@example.gov.uk"
    people.siro.save()
    responses = [
        client.post("/accounts/password/reset/", {"email": "siro@example.gov.uk"}) for _ in range(6)
    ]
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {"/accounts/password/reset/sent/"}
    assert len(mail.outbox) == settings.INFOGOV_PASSWORD_RESET_PER_ACCOUNT


def test_password_reset_is_limited_per_client_address(people: Any, client: Any) -> None:
    from django.core import mail
    from django.core.cache import cache

    cache.clear()
    for index, user in enumerate(people.all().values()):
        user.email = f"person{index}@example.gov.uk"
        user.save()
    with override_settings(INFOGOV_PASSWORD_RESET_PER_ADDRESS=3):
        for index in range(len(people.all())):
            response = client.post(
                "/accounts/password/reset/", {"email": f"person{index}@example.gov.uk"}
            )
            assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 3
