"""The client address behind reverse proxies: lockout, token throttle, the public form."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from rest_framework.test import APIClient

from infogov.core.env import ConfigError, env_proxies
from infogov.core.net import client_ip

TOKEN_URL = "/api/auth/token/"
PROXY = "10.0.0.5"


def request_from(remote: str, forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def networks(*items: str) -> tuple[Any, ...]:
    return tuple(ipaddress.ip_network(item) for item in items)


def test_forwarded_for_is_ignored_without_trusted_proxies() -> None:
    with override_settings(INFOGOV_TRUSTED_PROXIES=0):
        assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_one_trusted_hop_takes_the_address_the_proxy_saw() -> None:
    with override_settings(INFOGOV_TRUSTED_PROXIES=1):
        assert client_ip(request_from(PROXY, "198.51.100.1")) == "198.51.100.1"
        # A client's own X-Forwarded-For comes first; the proxy appends what it saw.
        assert client_ip(request_from(PROXY, "1.2.3.4, 198.51.100.1")) == "198.51.100.1"
        assert client_ip(request_from(PROXY)) == PROXY
        assert client_ip(request_from(PROXY, "not-an-address")) == PROXY


def test_two_trusted_hops() -> None:
    with override_settings(INFOGOV_TRUSTED_PROXIES=2):
        assert client_ip(request_from(PROXY, "1.2.3.4, 198.51.100.1, 10.0.0.9")) == ("198.51.100.1")


def test_trusted_networks_walk_back_to_the_first_outside_address() -> None:
    with override_settings(INFOGOV_TRUSTED_PROXIES=networks("10.0.0.0/8", "::1/128")):
        assert client_ip(request_from(PROXY, "1.2.3.4, 198.51.100.1, 10.0.0.9")) == ("198.51.100.1")
        # Not connected through a trusted proxy: its X-Forwarded-For means nothing.
        assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
        assert client_ip(request_from("::1", "2001:db8::7")) == "2001:db8::7"


def test_trusted_proxies_setting_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFOGOV_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1")
    assert env_proxies("INFOGOV_TRUSTED_PROXIES") == networks("10.0.0.0/8", "192.168.1.1/32")
    monkeypatch.setenv("INFOGOV_TRUSTED_PROXIES", "2")
    assert env_proxies("INFOGOV_TRUSTED_PROXIES") == 2
    monkeypatch.setenv("INFOGOV_TRUSTED_PROXIES", "")
    assert env_proxies("INFOGOV_TRUSTED_PROXIES") == 0
    monkeypatch.setenv("INFOGOV_TRUSTED_PROXIES", "proxy.example")
    with pytest.raises(ConfigError, match="INFOGOV_TRUSTED_PROXIES must be a number"):
        env_proxies("INFOGOV_TRUSTED_PROXIES")


@pytest.mark.django_db
def test_lockout_behind_a_proxy_is_per_client(people: Any) -> None:
    cache.clear()
    attacker = APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.66")
    victim = APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    with override_settings(INFOGOV_TRUSTED_PROXIES=1):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attacker.post(TOKEN_URL, {"username": "auditor", "password": "wrong"}, format="json")
        locked = attacker.post(
            TOKEN_URL, {"username": "auditor", "password": "test-pass-123"}, format="json"
        )
        assert locked.status_code == 400
        ok = victim.post(
            TOKEN_URL, {"username": "auditor", "password": "test-pass-123"}, format="json"
        )
        assert ok.status_code == 200


@pytest.mark.django_db
def test_lockout_ignores_a_forged_forwarded_for_without_trusted_proxies(people: Any) -> None:
    cache.clear()
    with override_settings(INFOGOV_TRUSTED_PROXIES=0):
        for index in range(settings.AXES_FAILURE_LIMIT):
            APIClient(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"1.1.1.{index}").post(
                TOKEN_URL, {"username": "auditor", "password": "wrong"}, format="json"
            )
        locked = APIClient(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.1.1.200").post(
            TOKEN_URL, {"username": "auditor", "password": "test-pass-123"}, format="json"
        )
        assert locked.status_code == 400


@pytest.mark.django_db
def test_token_throttle_counts_each_client_behind_the_proxy(people: Any) -> None:
    cache.clear()
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "2/minute"}
    from rest_framework.settings import api_settings

    with (
        override_settings(INFOGOV_TRUSTED_PROXIES=1),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(api_settings, "DEFAULT_THROTTLE_RATES", rates)
        patch.setattr("rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", rates)
        first = APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
        body = {"username": "auditor", "password": "test-pass-123"}
        assert [first.post(TOKEN_URL, body, format="json").status_code for _ in range(3)] == [
            200,
            200,
            429,
        ]
        second = APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.2")
        assert second.post(TOKEN_URL, body, format="json").status_code == 200


PUBLIC_FORM = {
    "kind": "foi",
    "requester_name": "Jo",
    "requester_email": "jo@example.org",
    "description": "Budget",
}


@pytest.mark.django_db
def test_public_form_limit_is_per_client_behind_the_proxy(people: Any) -> None:
    from infogov.requests.views import PUBLIC_RATE_LIMIT

    cache.clear()
    with override_settings(INFOGOV_TRUSTED_PROXIES=1):
        busy = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
        for _ in range(PUBLIC_RATE_LIMIT):
            assert busy.post("/requests/public/", PUBLIC_FORM).status_code == 302
        assert busy.post("/requests/public/", PUBLIC_FORM).status_code == 429
        other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.2")
        assert other.post("/requests/public/", PUBLIC_FORM).status_code == 302
    with override_settings(INFOGOV_TRUSTED_PROXIES=0):
        # Without trusted proxies a forged header cannot buy a fresh allowance.
        cache.clear()
        for index in range(PUBLIC_RATE_LIMIT):
            Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"1.1.1.{index}").post(
                "/requests/public/", PUBLIC_FORM
            )
        forged = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.1.1.99")
        assert forged.post("/requests/public/", PUBLIC_FORM).status_code == 429


def test_a_request_without_a_connection_address_has_no_address() -> None:
    from django.http import HttpRequest

    from infogov.core.net import client_ip

    assert client_ip(HttpRequest()) == ""
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "not-an-address"
    assert client_ip(request) == ""


@pytest.mark.django_db
def test_signing_in_without_a_connection_address_is_logged_without_one(people: Any) -> None:
    from axes.models import AccessLog
    from django.test import Client

    Client().force_login(people.staff)
    assert AccessLog.objects.filter(username="staff.member").get().ip_address is None
