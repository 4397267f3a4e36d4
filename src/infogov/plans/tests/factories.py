"""factory_boy factories for plans."""

from __future__ import annotations

import datetime as dt

import factory

from infogov.plans import models


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ActionPlan
        django_get_or_create = ("year",)

    year = 2026
    title = "IG action plan 2026/27"


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PlanAction

    plan = factory.SubFactory(ActionPlanFactory)
    reference = factory.Sequence(lambda n: f"IG-{n:03d}")
    title = factory.Sequence(lambda n: f"Action {n}")
    heading = "records"
    due_date = dt.date(2026, 12, 31)


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Kpi

    name = factory.Sequence(lambda n: f"KPI {n}")
    definition = "Something measured"
    target = 90
    tolerance = 5


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Framework
        django_get_or_create = ("slug",)

    slug = "test-framework"
    name = "Test framework"
