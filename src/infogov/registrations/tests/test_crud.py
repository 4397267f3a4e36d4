"""Every registrations model passes the shared UI and API contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from infogov.core.testing import CrudContract
from infogov.organisation.tests.factories import PersonFactory
from infogov.registrations import models

pytestmark = pytest.mark.django_db


class TestRegistration(CrudContract):
    model = models.Registration
    api_url = "/api/registrations/registrations/"
    outsider = "officer_a"
    bad_field = ("tier", 4)

    def make(self, people: Any) -> Any:
        n = models.Registration.objects.count()
        return models.Registration.objects.create(
            controller_name=f"Board {n}",
            registration_number=f"ZA{100000 + n}",
            tier=1,
            starts_on=dt.date(2025, 6, 1),
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "controller_name": "Eskvale Council",
            "registration_number": "Z5632145",
            "tier": 3,
            "direct_debit": True,
            "starts_on": "2025-04-01",
            "status": "active",
        }


class TestMemberExemption(CrudContract):
    model = models.MemberExemption
    api_url = "/api/registrations/member-exemptions/"
    outsider = "officer_a"
    bad_field = ("exempt_since", "2018-05-25")

    def make(self, people: Any) -> Any:
        member = PersonFactory(kind="elected_member", division=None)
        return models.MemberExemption.objects.create(person=member)

    def form_data(self, people: Any) -> dict[str, Any]:
        member = PersonFactory(kind="elected_member", division=None)
        return {"person": member.pk, "exempt_since": "2019-04-01"}
