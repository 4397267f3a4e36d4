"""Factories for training records."""

from __future__ import annotations

import datetime as dt

import factory

from infogov.organisation.tests.factories import PersonFactory
from infogov.training import models


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Module

    title = factory.Sequence(lambda n: f"Module {n}")
    audience = "all_staff"
    mandatory = True
    refresher_months = 12
    provider = "e_learning"
    required_from = dt.date(2025, 1, 1)


class CompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Completion

    person = factory.SubFactory(PersonFactory)
    module = factory.SubFactory(ModuleFactory)
    completed_on = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(days=n % 300))


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Campaign

    title = factory.Sequence(lambda n: f"Campaign {n}")
    starts_on = dt.date(2025, 3, 1)
    ends_on = dt.date(2025, 3, 31)
    channel = "email"


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Survey

    title = factory.Sequence(lambda n: f"Survey {n}")
    opens_on = dt.date(2025, 3, 1)
    closes_on = dt.date(2025, 3, 31)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Question

    survey = factory.SubFactory(SurveyFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Statement {n}")
