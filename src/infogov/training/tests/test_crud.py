"""Every training model passes the shared UI and API contract."""

from __future__ import annotations

from typing import Any

import pytest

from infogov.core.testing import CrudContract
from infogov.organisation.models import Person
from infogov.organisation.tests.factories import PersonFactory
from infogov.training import models
from infogov.training.tests.factories import (
    CampaignFactory,
    CompletionFactory,
    ModuleFactory,
    QuestionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


class TestModule(CrudContract):
    model = models.Module
    api_url = "/api/training/modules/"
    bad_field = ("refresher_months", 500)

    def make(self, people: Any) -> Any:
        return ModuleFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "title": "Phishing refresher",
            "audience": "role",
            "role": "iao",
            "mandatory": True,
            "refresher_months": 12,
            "provider": "classroom",
            "required_from": "2025-06-01",
            "is_active": True,
        }


class TestCompletion(CrudContract):
    model = models.Completion
    api_url = "/api/training/completions/"
    manager = "officer_a"
    outsider = "officer_b"
    bad_field = ("completed_on", "2999-01-01")

    def make(self, people: Any) -> Any:
        return CompletionFactory(person=PersonFactory(division=people.division_a))

    def form_data(self, people: Any) -> dict[str, Any]:
        person = PersonFactory(division=people.division_a)
        return {
            "person": person.pk,
            "module": ModuleFactory().pk,
            "completed_on": "2025-05-01",
            "score": 90,
        }


class TestCampaign(CrudContract):
    model = models.Campaign
    api_url = "/api/training/campaigns/"
    bad_field = ("materials", "not a link")

    def make(self, people: Any) -> Any:
        return CampaignFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "title": "Clear desk week",
            "audience": "all_staff",
            "starts_on": "2025-04-01",
            "ends_on": "2025-04-07",
            "channel": "posters",
            "materials": "https://intranet.example/clear-desk",
        }


class TestSurvey(CrudContract):
    model = models.Survey
    api_url = "/api/training/surveys/"
    bad_field = ("closes_on", "2024-01-01")

    def make(self, people: Any) -> Any:
        return SurveyFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"title": "Clear desk check", "opens_on": "2025-04-01", "closes_on": "2025-04-30"}


class TestQuestion(CrudContract):
    model = models.Question
    api_url = "/api/training/questions/"
    bad_field = ("survey", 987654321)

    def make(self, people: Any) -> Any:
        return QuestionFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"survey": SurveyFactory().pk, "number": 1, "text": "I lock my screen."}


class TestSurveyResponse(CrudContract):
    model = models.SurveyResponse
    api_url = "/api/training/survey-responses/"
    outsider = "officer_b"
    add_ui = False
    add_api = False

    def make(self, people: Any) -> Any:
        person = PersonFactory(division=people.division_a)
        return models.SurveyResponse.objects.create(
            survey=SurveyFactory(), person=person, division=person.division
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"survey": SurveyFactory().pk, "person": Person.objects.first().pk}  # type: ignore[union-attr]
