"""Every records model passes the shared UI and API contract."""

from __future__ import annotations

from typing import Any

import pytest

from infogov.core.testing import ContractAction, CrudContract
from infogov.records import models
from infogov.records.tests.factories import (
    LegalHoldFactory,
    RecordHoldingFactory,
    RetentionRuleFactory,
)

pytestmark = pytest.mark.django_db


class TestRetentionRule(CrudContract):
    model = models.RetentionRule
    api_url = "/api/records/retention-rules/"
    bad_field = ("code", "15-3-9")

    def make(self, people: Any) -> Any:
        return RetentionRuleFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "code": "15.003.009",
            "function": "Human resources",
            "activity": "Employment",
            "record_series": "Personnel files",
            "trigger": "termination of employment",
            "period_years": 6,
            "period_months": 0,
            "disposal_action": "destroy",
            "authority": "Business requirement",
            "is_active": True,
        }


class TestRecordHolding(CrudContract):
    model = models.RecordHolding
    api_url = "/api/records/record-holdings/"
    outsider = "officer_b"
    bad_field = ("retention_rule", 999999)

    def make(self, people: Any) -> Any:
        return RecordHoldingFactory(division=people.division_a)

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "title": "Leavers 2020",
            "division": people.division_a.pk,
            "retention_rule": RetentionRuleFactory().pk,
            "trigger_date": "2020-03-31",
        }


class TestRecordHoldingByOfficer(TestRecordHolding):
    manager = "officer_a"


class TestLegalHold(CrudContract):
    model = models.LegalHold
    api_url = "/api/records/legal-holds/"
    outsider = "officer_b"
    bad_field = ("reason", "")
    actions = (
        ContractAction(
            "legalhold_release",
            api_path="release",
            forbidden="auditor",
            form_data=lambda people, obj: {"release_reason": "Claim settled."},
            state=("released_on", "release_reason"),
        ),
    )

    def make(self, people: Any) -> Any:
        return LegalHoldFactory(holding=RecordHoldingFactory(division=people.division_a))

    def form_data(self, people: Any) -> dict[str, Any]:
        holding = RecordHoldingFactory(division=people.division_a)
        return {"holding": holding.pk, "reason": "Tribunal claim", "placed_on": "2026-01-05"}


class TestDisposalBatch(CrudContract):
    model = models.DisposalBatch
    api_url = "/api/records/disposal-batches/"
    add_ui = False
    add_api = False
    outsider = "officer_b"

    def make(self, people: Any) -> Any:
        return models.DisposalBatch.objects.create(
            division=people.division_a,
            decided_by=people.officer_a.person,
            outcome="destroy",
            method="shred",
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        return {}


class TestDisposalDecision(CrudContract):
    model = models.DisposalDecision
    api_url = "/api/records/disposal-decisions/"
    add_ui = False
    add_api = False
    outsider = "officer_b"

    def make(self, people: Any) -> Any:
        batch = TestDisposalBatch().make(people)
        holding = RecordHoldingFactory(division=people.division_a)
        return models.DisposalDecision.objects.create(
            batch=batch, holding=holding, retention_code=holding.retention_rule.code
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        return {}
