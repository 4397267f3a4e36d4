"""Every risk model passes the shared UI and API contract."""

from __future__ import annotations

from typing import Any

import pytest

from infogov.core.testing import CrudContract
from infogov.risks import models, services
from infogov.risks.tests.factories import ControlFactory, RiskFactory

pytestmark = pytest.mark.django_db


class TestRisk(CrudContract):
    model = models.Risk
    api_url = "/api/risks/risks/"
    outsider = "officer_b"
    bad_field = ("heading", "weather")

    def make(self, people: Any) -> Any:
        return RiskFactory(division=people.division_a)

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "title": "Misdirected post",
            "heading": "security",
            "division": people.division_a.pk,
            "inherent_likelihood": 4,
            "inherent_impact": 3,
            "residual_likelihood": 2,
            "residual_impact": 3,
            "status": "open",
        }


class TestRiskByOfficer(TestRisk):
    """An information officer manages their own division's risks."""

    manager = "officer_a"


class TestRiskLikelihoodSix(TestRisk):
    bad_field = ("inherent_likelihood", 6)


class TestControl(CrudContract):
    model = models.Control
    api_url = "/api/risks/controls/"
    outsider = "officer_b"
    bad_field = ("effectiveness", "magic")

    def make(self, people: Any) -> Any:
        return ControlFactory(risk=RiskFactory(division=people.division_a))

    def form_data(self, people: Any) -> dict[str, Any]:
        risk = RiskFactory(division=people.division_a)
        return {
            "risk": risk.pk,
            "description": "Encrypted e-mail by default",
            "effectiveness": "partly",
        }


class TestRiskBand(CrudContract):
    model = models.RiskBand
    api_url = "/api/risks/bands/"
    bad_field = ("min_score", 26)

    @pytest.fixture(autouse=True)
    def lowest_band(self, db: Any) -> None:
        models.RiskBand.objects.create(name="Low", min_score=1, colour="green")

    def make(self, people: Any) -> Any:
        n = models.RiskBand.objects.count()
        return models.RiskBand.objects.create(name=f"Band {n}", min_score=1 + n, colour="yellow")

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"name": "Extreme", "min_score": 25, "colour": "red"}


class TestEscalation(CrudContract):
    model = models.Escalation
    api_url = "/api/risks/escalations/"
    outsider = "officer_b"
    bad_field = ("subject", "")

    def make(self, people: Any) -> Any:
        return services.escalate(
            people.ig_manager,
            risk=RiskFactory(division=people.division_a),
            summary="Rising",
            requested_decision="Fund it",
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "subject": "Incident INC-042",
            "division": people.division_a.pk,
            "summary": "Repeat misdirected post",
            "requested_decision": "Approve",
        }


class TestRiskReview(CrudContract):
    model = models.RiskReview
    api_url = "/api/risks/reviews/"
    outsider = "officer_b"
    add_ui = False
    add_api = False

    def make(self, people: Any) -> Any:
        risk = RiskFactory(division=people.division_a)
        return services.review_risk(
            people.ig_manager, risk, residual_likelihood=2, residual_impact=2
        )
