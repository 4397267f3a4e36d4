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

    def make(user: Any) -> Any:
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make
