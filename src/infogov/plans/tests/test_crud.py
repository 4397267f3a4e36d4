"""Every plans model passes the shared UI and API contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from infogov.core.testing import ContractAction, CrudContract
from infogov.plans import models, services
from infogov.plans.choices import ComputedBy, ItemStatus
from infogov.plans.tests.factories import (
    ActionPlanFactory,
    FrameworkFactory,
    KpiFactory,
    PlanActionFactory,
)
from infogov.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()  # noqa: DTZ011


class TestActionPlan(CrudContract):
    model = models.ActionPlan
    api_url = "/api/plans/plans/"
    bad_field = ("year", 1800)

    def make(self, people: Any) -> Any:
        return ActionPlanFactory(year=2020 + models.ActionPlan.objects.count())

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"year": 2030, "title": "Plan 2030/31", "status": "draft"}


class TestPlanAction(CrudContract):
    model = models.PlanAction
    api_url = "/api/plans/actions/"
    outsider = "officer_b"
    bad_field = ("heading", "weather")

    def make(self, people: Any) -> Any:
        return PlanActionFactory(division=people.division_a)

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "plan": ActionPlanFactory().pk,
            "reference": "IG-NEW",
            "title": "New action",
            "division": people.division_a.pk,
            "heading": "training",
            "due_date": "2026-11-30",
            "status": "not_started",
        }


class TestPlanActionByOfficer(TestPlanAction):
    manager = "officer_a"


class TestMilestone(CrudContract):
    model = models.Milestone
    api_url = "/api/plans/milestones/"
    outsider = "officer_b"
    bad_field = ("due_date", "not a date")

    def make(self, people: Any) -> Any:
        action = PlanActionFactory(division=people.division_a)
        return models.Milestone.objects.create(
            action=action, title="Step", due_date=dt.date(2026, 6, 1)
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        action = PlanActionFactory(division=people.division_a)
        return {"action": action.pk, "title": "Draft ready", "due_date": "2026-07-01"}


class TestProgressUpdate(CrudContract):
    model = models.ProgressUpdate
    api_url = "/api/plans/progress-updates/"
    outsider = "officer_b"
    bad_field = ("percentage", 130)

    def make(self, people: Any) -> Any:
        action = PlanActionFactory(division=people.division_a)
        return services.add_progress(
            models.ProgressUpdate(action=action, percentage=40, rag="green", narrative="ok"),
            acting_user=people.ig_manager,
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        action = PlanActionFactory(division=people.division_a)
        return {
            "action": action.pk,
            "reported_on": "2026-05-01",
            "percentage": 50,
            "rag": "amber",
            "narrative": "Half done",
        }


class TestKpi(CrudContract):
    model = models.Kpi
    api_url = "/api/plans/kpis/"
    bad_field = ("direction", "sideways")

    def make(self, people: Any) -> Any:
        return KpiFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "name": "Policies reviewed",
            "definition": "Share reviewed on time",
            "unit": "%",
            "direction": "higher",
            "target": "100",
            "tolerance": "10",
            "frequency": "quarterly",
            "computed_by": "",
            "is_active": True,
        }


def _computed_values(kpi: models.Kpi) -> list[tuple[Any, ...]]:
    return sorted((v.period_start, v.period_end, v.value, v.source) for v in kpi.values.all())


class TestComputedKpi(TestKpi):
    """A KPI computed from live data: the IG manager recomputes it."""

    actions = (
        ContractAction(
            "kpi_compute",
            api_path="compute",
            form_data=lambda people, obj: {},
            state=_computed_values,
        ),
    )

    def make(self, people: Any) -> Any:
        return KpiFactory(computed_by=ComputedBy.SAR_ON_TIME)


class TestKpiValue(CrudContract):
    model = models.KpiValue
    api_url = "/api/plans/kpi-values/"
    bad_field = ("value", "lots")

    def make(self, people: Any) -> Any:
        n = models.KpiValue.objects.count()
        return models.KpiValue.objects.create(
            kpi=KpiFactory(),
            period_start=dt.date(2025, 1 + n % 12, 1),
            period_end=dt.date(2025, 1 + n % 12, 28),
            value=88,
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "kpi": KpiFactory().pk,
            "period_start": "2026-04-01",
            "period_end": "2026-06-30",
            "value": "91.5",
        }


def _assess_every_item(people: Any, assessment: Any) -> None:
    assessment.items.update(status=ItemStatus.MET)


def _gap_action(item: Any) -> Any:
    action = item.action
    return action and (action.title, action.due_date, action.plan.year, action.description)


class TestAssessment(CrudContract):
    model = models.Assessment
    api_url = "/api/plans/assessments/"
    bad_field = ("framework", 99999)
    denied = "auditor"
    outsider = "staff"
    actions = (
        ContractAction(
            "assessment_complete",
            api_path="complete",
            forbidden="auditor",
            prepare=_assess_every_item,
            form_data=lambda people, obj: {},
            state=("status", "completed_on"),
        ),
    )

    def make(self, people: Any) -> Any:
        return services.start_assessment(
            models.Assessment(framework=FrameworkFactory(), title="A"),
            acting_user=people.ig_manager,
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"framework": FrameworkFactory().pk, "title": "ICO 2026", "started_on": "2026-05-01"}


class TestAssessmentItem(CrudContract):
    model = models.AssessmentItem
    api_url = "/api/plans/assessment-items/"
    add_ui = False
    add_api = False
    denied = "auditor"
    outsider = "staff"
    actions = (
        ContractAction(
            "assessmentitem_gap",
            api_path="raise-action",
            api_status=201,
            forbidden="auditor",
            form_data=lambda people, obj: {
                "plan": ActionPlanFactory().pk,
                "due_date": FUTURE,
                "title": "",
            },
            state=_gap_action,
        ),
    )

    def make(self, people: Any) -> Any:
        framework = FrameworkFactory()
        if not framework.items.exists():
            models.FrameworkItem.objects.create(
                framework=framework, code="1", title="Policy", expectation="A policy exists."
            )
        assessment = services.start_assessment(
            models.Assessment(framework=framework, title="A"), acting_user=people.ig_manager
        )
        item = assessment.items.get()
        item.owner = people.officer_a.person
        item.save()
        return item

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"status": "met"}


class TestAssessmentItemByOwner(TestAssessmentItem):
    manager = "officer_a"
    denied = None


class TestUpdateRequest(CrudContract):
    model = models.UpdateRequest
    api_url = "/api/plans/update-requests/"
    outsider = "officer_b"
    bad_field = ("due_date", "2001-01-01")
    actions = (
        ContractAction(
            "updaterequest_answer",
            api_path="answer",
            allowed="iao",  # the risk's owner
            forbidden="officer_a",  # sees the division's requests, is not the owner
            form_data=lambda people, obj: {"response": "On track: the policy is drafted."},
            state=("status", "response", "responded_on"),
            events=2,  # on the request and on the risk it is about
        ),
    )

    def make(self, people: Any) -> Any:
        risk = RiskFactory(division=people.division_a, owner=people.iao.person)
        return services.request_update(
            models.UpdateRequest(risk=risk, question="How is it?", due_date=FUTURE),
            acting_user=people.ig_manager,
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        risk = RiskFactory(division=people.division_a, owner=people.iao.person)
        return {"risk": risk.pk, "question": "Any progress?", "due_date": FUTURE}
