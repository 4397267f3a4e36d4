"""API tokens: stored hashed, expire, die with the password, listed and revoked."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from infogov.core.models import ApiToken, events_for

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/auth/token/"
DIVISIONS = "/api/organisation/divisions/"


def sign_in(username: str = "cr.officer") -> tuple[APIClient, str]:
    client = APIClient()
    response = client.post(
        TOKEN_URL, {"username": username, "password": "test-pass-123"}, format="json"
    )
    assert response.status_code == 200, response.content
    key = str(response.json()["token"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client, key


def test_each_sign_in_gets_a_new_token_stored_only_as_its_digest(people: Any) -> None:
    _, first = sign_in()
    _, second = sign_in()
    assert first != second
    stored = ApiToken.objects.filter(user=people.officer_a)
    assert stored.count() == 2
    assert set(stored.values_list("digest", flat=True)) == {
        hashlib.sha256(first.encode()).hexdigest(),
        hashlib.sha256(second.encode()).hexdigest(),
    }
    assert not ApiToken.objects.filter(digest__in=[first, second]).exists()


def test_token_expires_after_the_configured_days(people: Any) -> None:
    client, _ = sign_in()
    token = ApiToken.objects.get(user=people.officer_a)
    assert token.expires_at - token.created_at == pytest.approx(
        timedelta(days=30), abs=timedelta(minutes=1)
    )
    assert client.get(DIVISIONS).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(DIVISIONS)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_token_lifetime_comes_from_the_setting(people: Any) -> None:
    with override_settings(INFOGOV_API_TOKEN_DAYS=2):
        sign_in()
    token = ApiToken.objects.get(user=people.officer_a)
    assert token.expires_at - token.created_at == pytest.approx(
        timedelta(days=2), abs=timedelta(minutes=1)
    )


def test_an_idle_token_stops_working(people: Any) -> None:
    client, _ = sign_in()
    token = ApiToken.objects.get(user=people.officer_a)
    long_ago = timezone.now() - timedelta(days=8)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=long_ago, created_at=long_ago)
    with override_settings(INFOGOV_API_TOKEN_IDLE_DAYS=7):
        assert client.get(DIVISIONS).status_code == 401
    client2, _ = sign_in()
    ApiToken.objects.filter(user=people.officer_a).update(last_used_at=long_ago)
    with override_settings(INFOGOV_API_TOKEN_IDLE_DAYS=0):
        assert client2.get(DIVISIONS).status_code == 200


def test_use_records_when_the_token_was_last_used(people: Any) -> None:
    client, _ = sign_in()
    assert ApiToken.objects.get(user=people.officer_a).last_used_at is None
    client.get(DIVISIONS)
    assert ApiToken.objects.get(user=people.officer_a).last_used_at is not None


def test_password_change_revokes_every_token(people: Any) -> None:
    client, _ = sign_in()
    people.officer_a.set_password("another-pass-456")
    people.officer_a.save()
    assert not ApiToken.objects.filter(user=people.officer_a).exists()
    assert client.get(DIVISIONS).status_code == 401
    assert events_for(people.officer_a).filter(verb="api_tokens_revoked").exists()


def test_password_change_page_revokes_tokens(people: Any, client_as: Any) -> None:
    client, _ = sign_in()
    page = client_as(people.officer_a)
    response = page.post(
        "/accounts/password/change/",
        {
            "old_password": "test-pass-123",
            "new_password1": "a-brand-new-pass-789",
            "new_password2": "a-brand-new-pass-789",
        },
    )
    assert response.status_code == 302
    assert client.get(DIVISIONS).status_code == 401


def test_a_password_hash_upgraded_at_sign_in_keeps_tokens(people: Any) -> None:
    from django.contrib.auth.hashers import make_password

    client, _ = sign_in()
    hashers = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    with override_settings(PASSWORD_HASHERS=hashers):
        type(people.officer_a).objects.filter(pk=people.officer_a.pk).update(
            password=make_password("test-pass-123", hasher="md5")
        )
        user = type(people.officer_a).objects.get(pk=people.officer_a.pk)
        assert user.check_password("test-pass-123")  # re-hashes with PBKDF2 and saves
        assert user.password.startswith("pbkdf2_sha256$")
    assert client.get(DIVISIONS).status_code == 200


def test_deactivation_revokes_every_token(people: Any) -> None:
    client, _ = sign_in()
    people.officer_a.is_active = False
    people.officer_a.save()
    assert not ApiToken.objects.filter(user=people.officer_a).exists()
    assert client.get(DIVISIONS).status_code == 401


def test_other_saves_of_the_user_keep_tokens(people: Any) -> None:
    client, _ = sign_in()
    people.officer_a.first_name = "Renamed"
    people.officer_a.save()
    assert client.get(DIVISIONS).status_code == 200


def test_end_of_a_role_that_required_two_factor_revokes_tokens(people: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from infogov.core.roles import Role
    from infogov.core.tokens import issue_token
    from infogov.organisation.models import Person
    from infogov.organisation.tests.factories import RoleAssignmentFactory

    person = Person.objects.get(user=people.officer_a)
    assignment = RoleAssignmentFactory(person=person, role=Role.SIRO)
    TOTPDevice.objects.create(user=people.officer_a, name="app", confirmed=True)
    key = issue_token(people.officer_a, verified=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(DIVISIONS).status_code == 200
    assignment.ends_on = timezone.localdate() - timedelta(days=1)
    assignment.save()
    assert client.get(DIVISIONS).status_code == 401
    # Ending a role that does not require two-factor leaves tokens alone.
    other, _ = sign_in("auditor")
    auditor_role = people.auditor.person.roles.get(role=Role.AUDITOR)
    auditor_role.delete()
    assert other.get(DIVISIONS).status_code == 200


def test_sign_out_revokes_the_presented_token_only(people: Any) -> None:
    client, _ = sign_in()
    other, _ = sign_in()
    response = client.post("/api/auth/token/revoke/")
    assert response.status_code == 204
    assert client.get(DIVISIONS).status_code == 401
    assert other.get(DIVISIONS).status_code == 200


def test_owner_lists_and_revokes_their_tokens(people: Any) -> None:
    client, key = sign_in()
    sign_in("auditor")
    listing = client.get("/api/auth/tokens/")
    assert listing.status_code == 200
    rows = listing.json()["results"]
    assert [row["username"] for row in rows] == ["cr.officer"]
    assert rows[0]["prefix"] == key[:8]
    assert rows[0]["current"] is True
    assert "digest" not in rows[0]
    spare, _ = sign_in()
    spare_id = ApiToken.objects.filter(user=people.officer_a).order_by("-pk").first().pk
    assert client.delete(f"/api/auth/tokens/{spare_id}/").status_code == 204
    assert spare.get(DIVISIONS).status_code == 401
    assert events_for(people.officer_a).filter(verb="api_token_revoked").exists()


def test_nobody_else_but_the_ig_manager_sees_or_revokes_a_token(people: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from infogov.core.tokens import issue_token

    victim, _ = sign_in("auditor")
    victim_token = ApiToken.objects.get(user=people.auditor)
    officer, _ = sign_in()
    assert officer.delete(f"/api/auth/tokens/{victim_token.pk}/").status_code == 404
    assert victim.get(DIVISIONS).status_code == 200
    TOTPDevice.objects.create(user=people.ig_manager, name="app", confirmed=True)
    manager = APIClient()
    manager.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(people.ig_manager, verified=True)}")
    everyone = manager.get(f"/api/auth/tokens/?user={people.auditor.pk}").json()["results"]
    assert [row["id"] for row in everyone] == [victim_token.pk]
    assert manager.delete(f"/api/auth/tokens/{victim_token.pk}/").status_code == 204
    assert victim.get(DIVISIONS).status_code == 401


def test_account_page_lists_and_revokes_own_tokens(people: Any, client_as: Any) -> None:
    client, key = sign_in()
    page = client_as(people.officer_a)
    response = page.get("/accounts/security/")
    assert response.status_code == 200
    assert key[:8] in response.content.decode()
    assert key not in response.content.decode()
    token = ApiToken.objects.get(user=people.officer_a)
    assert page.post("/accounts/security/", {"action": "revoke", "token": "x"}).status_code == 404
    page.post("/accounts/security/", {"action": "revoke", "token": token.pk})
    assert client.get(DIVISIONS).status_code == 401


def test_ig_manager_revokes_a_token_from_the_persons_page(people: Any, client_as: Any) -> None:
    client, _ = sign_in("auditor")
    token = ApiToken.objects.get(user=people.auditor)
    url = f"/accounts/people/{people.auditor.pk}/security/"
    assert (
        client_as(people.officer_a).post(url, {"action": "revoke", "token": token.pk}).status_code
        == 403
    )
    assert client.get(DIVISIONS).status_code == 200
    client_as(people.ig_manager).post(url, {"action": "revoke", "token": token.pk})
    assert client.get(DIVISIONS).status_code == 401


def test_old_plain_tokens_and_other_keywords_are_refused(people: Any) -> None:
    _, key = sign_in()
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert bearer.get(DIVISIONS).status_code in {401, 403}
    digest_as_key = APIClient()
    digest_as_key.credentials(
        HTTP_AUTHORIZATION=f"Token {ApiToken.objects.get(user=people.officer_a).digest}"
    )
    assert digest_as_key.get(DIVISIONS).status_code == 401
