"""Every organisation model passes the shared UI and API contract."""

from __future__ import annotations

from typing import Any

import pytest

from infogov.core.testing import CrudContract
from infogov.organisation import models
from infogov.organisation.tests.factories import (
    DivisionFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    RoleAssignmentFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


class TestDivision(CrudContract):
    model = models.Division
    api_url = "/api/organisation/divisions/"
    bad_field = ("code", "not a slug!")

    def make(self, people: Any) -> Any:
        return DivisionFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"name": "Place", "code": "place", "description": "", "is_active": True}


class TestService(CrudContract):
    model = models.Service
    api_url = "/api/organisation/services/"
    bad_field = ("division", 999999)

    def make(self, people: Any) -> Any:
        return ServiceFactory(division=people.division_a)

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"division": people.division_a.pk, "name": "Revenues", "is_active": True}


class TestPerson(CrudContract):
    model = models.Person
    api_url = "/api/organisation/people/"
    bad_field = ("email", "not-an-email")

    def make(self, people: Any) -> Any:
        return PersonFactory(division=people.division_a)

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "first_name": "Ann",
            "last_name": "Other",
            "kind": "staff",
            "division": people.division_a.pk,
            "email": "ann@example.org",
            "is_active": True,
        }


class TestPersonByOfficer(TestPerson):
    """An information officer manages the people of their own division."""

    manager = "officer_a"


class TestRoleAssignment(CrudContract):
    model = models.RoleAssignment
    api_url = "/api/organisation/role-assignments/"
    bad_field = ("role", "emperor")

    def make(self, people: Any) -> Any:
        return RoleAssignmentFactory(role="caseworker")

    def form_data(self, people: Any) -> dict[str, Any]:
        person = PersonFactory(division=people.division_a)
        return {"person": person.pk, "role": "iao", "division": people.division_a.pk}


class TestGroup(CrudContract):
    model = models.Group
    api_url = "/api/organisation/groups/"
    bad_field = ("kind", "club")

    def make(self, people: Any) -> Any:
        return GroupFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"name": "Records sub-group", "kind": "other", "meeting_frequency": "Quarterly"}


class TestMembership(CrudContract):
    model = models.Membership
    api_url = "/api/organisation/memberships/"
    bad_field = ("role", "king")

    def make(self, people: Any) -> Any:
        return MembershipFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"group": GroupFactory().pk, "person": PersonFactory().pk, "role": "member"}


class TestRoleDescription(CrudContract):
    model = models.RoleDescription
    api_url = "/api/organisation/role-descriptions/"
    bad_field = ("summary", "")

    def make(self, people: Any) -> Any:
        role = ["siro", "dpo", "auditor", "iao", "caseworker", "staff"][
            models.RoleDescription.objects.count() % 6
        ]
        return models.RoleDescription.objects.get_or_create(
            role=role, defaults={"summary": f"{role} summary", "responsibilities": "Do things"}
        )[0]

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "role": "img_chair",
            "summary": "Chairs the IMG",
            "responsibilities": "Chair meetings",
        }
