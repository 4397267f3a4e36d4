"""Every risk model passes the shared UI and API contract."""

from __future__ import annotations

from typing import Any

import pytest

from infogov.core.testing import ContractAction, CrudContract
from infogov.risks import models, services
from infogov.risks.tests.factories import ControlFactory, RiskFactory

pytestmark = pytest.mark.django_db


class TestRisk(CrudContract):
    model = models.Risk
    api_url = "/api/risks/risks/"
    outsider = "officer_b"
    bad_field = ("heading", "weather")
    actions = (
        ContractAction(
            "risk_review",
            api_path="review",
            api_status=201,
            forbidden="auditor",
            form_data=lambda people, obj: {
                "residual_likelihood": 2,
                "residual_impact": 2,
                "next_review": "2026-12-01",
            },
            state=("residual_likelihood", "residual_impact", "review_date", "last_reviewed_on"),
        ),
    )

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


ESCALATION_STATE = ("status", "siro_note", "cmt_decision", "cmt_decided_on")


def _accepted(people: Any, escalation: models.Escalation) -> None:
    services.accept_for_cmt(escalation, acting_user=people.siro, note="")


class TestEscalation(CrudContract):
    model = models.Escalation
    api_url = "/api/risks/escalations/"
    outsider = "officer_b"
    bad_field = ("subject", "")
    actions = (
        ContractAction(
            "escalation_accept",
            api_path="accept",
            allowed="siro",
            forbidden="auditor",
            form_data=lambda people, obj: {"note": "For the next CMT."},
            state=ESCALATION_STATE,
        ),
        ContractAction(
            "escalation_return",
            api_path="return",
            allowed="siro",
            forbidden="auditor",
            form_data=lambda people, obj: {"note": "More evidence please."},
            state=ESCALATION_STATE,
        ),
        ContractAction(
            "escalation_decide",
            api_path="decide",
            allowed="siro",
            forbidden="auditor",
            prepare=_accepted,
            form_data=lambda people, obj: {"decision": "Fund it", "decided_on": "2026-06-01"},
            state=ESCALATION_STATE,
        ),
    )

    def make(self, people: Any) -> Any:
        return services.escalate(
            risk=RiskFactory(division=people.division_a),
            summary="Rising",
            requested_decision="Fund it",
            acting_user=people.ig_manager,
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
            risk, acting_user=people.ig_manager, residual_likelihood=2, residual_impact=2
        )
