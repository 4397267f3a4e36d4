"""Shared test fixtures: the demo roles' people, API clients, and Playwright's browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from infogov.core.roles import Role
from infogov.organisation.tests.factories import (
    DivisionFactory,
    PersonFactory,
    RoleAssignmentFactory,
)

hypothesis_settings.register_profile("ci", max_examples=100, deadline=None)
hypothesis_settings.load_profile("ci")


class People:
    """Named people holding the demo roles (ARCHITECTURE convention 7)."""

    def __init__(self) -> None:
        self.division_a = DivisionFactory(name="Corporate Resources", code="cr")
        self.division_b = DivisionFactory(name="Communities & Wellbeing", code="cw")
        self.ig_manager = self._person("ig.manager", self.division_a, [(Role.IG_MANAGER, None)])
        self.siro = self._person("siro", self.division_a, [(Role.SIRO, None)])
        self.officer_a = self._person(
            "cr.officer", self.division_a, [(Role.INFORMATION_OFFICER, self.division_a)]
        )
        self.officer_b = self._person(
            "cw.officer", self.division_b, [(Role.INFORMATION_OFFICER, self.division_b)]
        )
        self.iao = self._person("cr.iao", self.division_a, [(Role.IAO, self.division_a)])
        self.caseworker = self._person("caseworker", self.division_a, [(Role.CASEWORKER, None)])
        self.staff = self._person("staff.member", self.division_a, [])
        self.councillor = self._person("councillor", None, [], kind="elected_member")
        self.auditor = self._person("auditor", self.division_a, [(Role.AUDITOR, None)])

    def _person(self, username: str, division: Any, roles: list[Any], kind: str = "staff") -> Any:
        user = get_user_model().objects.create_user(username=username, password="test-pass-123")
        person = PersonFactory(user=user, division=division, kind=kind, first_name=username)
        for role, role_division in roles:
            RoleAssignmentFactory(person=person, role=role, division=role_division)
        return user

    def all(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in (
                "ig_manager",
                "siro",
                "officer_a",
                "officer_b",
                "iao",
                "caseworker",
                "staff",
                "councillor",
                "auditor",
            )
        }


@pytest.fixture
def people(db: Any) -> People:
    return People()


@pytest.fixture
def api_as() -> Callable[[Any], APIClient]:
    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def client_as(client: Any) -> Callable[[Any], Any]:
    from django.test import Client

    def make(user: Any, *, verified: bool = True) -> Any:
        """A signed-in browser; `verified` also passes two-factor sign-in where it applies."""
        c = Client()
        if user is not None:
            c.force_login(user)
            if verified:
                pass_two_factor(c, user)
        return c

    return make


def pass_two_factor(client: Any, user: Any) -> None:
    """Mark the client's session as verified, as a code from an authenticator app would."""
    from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from infogov.core.middleware import mfa_required_for

    if not (user_has_device(user) or mfa_required_for(user)):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _media_root_in_tmp(settings: Any, tmp_path_factory: Any) -> None:
    """Uploaded and generated files (the demo's published documents) go to a temporary
    folder, never the checkout's `var/media`."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
