"""Every incidents model with a UI and an API passes the shared contract."""

from __future__ import annotations

from typing import Any

import pytest

from infogov.core.testing import ContractAction, CrudContract
from infogov.incidents import models, services
from infogov.incidents.tests.factories import (
    ActionFactory,
    CauseFactory,
    DataCategoryFactory,
    IncidentFactory,
    OtherNotificationFactory,
    SubjectCategoryFactory,
)

pytestmark = pytest.mark.django_db


def report(people: Any) -> dict[str, Any]:
    return {
        "title": "Payslip e-mailed to the wrong person",
        "division": people.division_a.pk,
        "description": "A payslip went to a colleague with a similar name.",
        "occurred_at": "2026-06-01T09:00",
        "discovered_at": "2026-06-01T10:30",
        "is_near_miss": False,
    }


def _closable(people: Any, incident: models.Incident) -> None:
    """Contained, assessed and decided: ready to close."""
    incident.containment = "The letter was recovered unopened."
    incident.save()
    services.assess(
        incident,
        acting_user=people.ig_manager,
        personal_data_breach=False,
        likelihood=1,
        severity=1,
        incident_type="confidentiality",
    )


INCIDENT_ACTIONS = (
    ContractAction(
        "assess",
        form_data=lambda people, obj: {
            "incident_type": "confidentiality",
            "personal_data_breach": "true",
            "likelihood": "3",
            "severity": "2",
        },
        api_data=lambda people, obj: {
            "incident_type": "confidentiality",
            "personal_data_breach": True,
            "likelihood": 3,
            "severity": 2,
        },
        state=("status", "incident_type", "personal_data_breach", "likelihood", "severity"),
    ),
    ContractAction(
        "notify_ico",
        form_data=lambda people, obj: {
            "ico_notified_at": "2026-06-02T09:00",
            "ico_reference": "IC-9",
        },
        api_data=lambda people, obj: {
            "ico_notified_at": "2026-06-02T09:00:00+01:00",
            "ico_reference": "IC-9",
        },
        state=("decision", "ico_notified_at", "ico_reference"),
    ),
    ContractAction(
        "not_report",
        api_path="not-report",
        form_data=lambda people, obj: {"decision_reasons": "The data was encrypted."},
        state=("decision", "decision_reasons"),
    ),
    ContractAction(
        "individuals",
        form_data=lambda people, obj: {
            "individuals_notified_on": "2026-06-03",
            "individuals_method": "letter",
            "individuals_count": "3",
        },
        api_data=lambda people, obj: {
            "individuals_notified_on": "2026-06-03",
            "individuals_method": "letter",
            "individuals_count": 3,
        },
        state=("individuals_notified_on", "individuals_method", "individuals_count"),
    ),
    ContractAction(
        "close",
        form_data=lambda people, obj: {"lessons_learned": "Check the address twice."},
        prepare=_closable,
        state=("status", "lessons_learned"),
    ),
)


class TestIncident(CrudContract):
    model = models.Incident
    api_url = "/api/incidents/incidents/"
    denied = None  # anyone signed in may report
    outsider = "officer_b"
    bad_field = ("likelihood", 6)
    actions = INCIDENT_ACTIONS

    def make(self, people: Any) -> Any:
        return IncidentFactory(division=people.division_a, reported_by=people.staff.person)

    def form_data(self, people: Any) -> dict[str, Any]:
        return report(people)


class TestIncidentReportedByStaff(TestIncident):
    """A member of staff reports and sees their own reports."""

    manager = "staff"
    bad_field = ("discovered_at", "2026-05-01T09:00:00+01:00")
    actions = ()


class TestCause(CrudContract):
    model = models.Cause
    api_url = "/api/incidents/causes/"
    bad_field = ("name", "")

    def make(self, people: Any) -> Any:
        return CauseFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        ico = models.IcoIncidentType.objects.get(code="unauthorised_access")
        return {"name": "Tailgating", "ico_type": ico.pk, "description": "", "is_active": True}


class TestDataCategory(CrudContract):
    model = models.DataCategory
    api_url = "/api/incidents/data-categories/"
    bad_field = ("name", "")

    def make(self, people: Any) -> Any:
        return DataCategoryFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"name": "Health data", "is_special_category": True, "is_active": True}


class TestSubjectCategory(CrudContract):
    model = models.SubjectCategory
    api_url = "/api/incidents/subject-categories/"
    bad_field = ("name", "")

    def make(self, people: Any) -> Any:
        return SubjectCategoryFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"name": "Tenants", "is_vulnerable": False, "is_active": True}


class TestAction(CrudContract):
    model = models.Action
    api_url = "/api/incidents/actions/"
    denied = "officer_a"
    outsider = "officer_b"
    bad_field = ("due_on", "not a date")

    def make(self, people: Any) -> Any:
        return ActionFactory(incident=IncidentFactory(division=people.division_a))

    def form_data(self, people: Any) -> dict[str, Any]:
        incident = IncidentFactory(division=people.division_a)
        return {
            "incident": incident.pk,
            "description": "Retrain the team",
            "owner": people.officer_a.person.pk,
            "due_on": "2026-07-01",
        }


class TestActionByCaseworker(TestAction):
    manager = "caseworker"


class TestOtherNotification(CrudContract):
    model = models.OtherNotification
    api_url = "/api/incidents/other-notifications/"
    denied = "officer_a"
    outsider = "officer_b"
    bad_field = ("body", "aliens")

    def make(self, people: Any) -> Any:
        return OtherNotificationFactory(incident=IncidentFactory(division=people.division_a))

    def form_data(self, people: Any) -> dict[str, Any]:
        incident = IncidentFactory(division=people.division_a)
        return {
            "incident": incident.pk,
            "body": "police_scotland",
            "notified_at": "2026-06-01T12:00",
            "reference": "PS-1",
        }

    def api_data(self, people: Any) -> dict[str, Any]:
        return {**self.form_data(people), "notified_at": "2026-06-01T12:00:00+01:00"}
