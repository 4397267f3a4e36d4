"""factory_boy factories for records."""

from __future__ import annotations

import factory

from infogov.organisation.tests.factories import DivisionFactory
from infogov.records import models


class RetentionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RetentionRule
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"15.{n // 1000:03d}.{n % 1000:03d}")
    function = "Human resources"
    activity = "Employment"
    record_series = factory.Sequence(lambda n: f"Series {n}")
    trigger = "termination of employment"
    period_years = 6
    period_months = 0
    disposal_action = "destroy"
    authority = "Business requirement"


class RecordHoldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RecordHolding

    title = factory.Sequence(lambda n: f"Holding {n}")
    division = factory.SubFactory(DivisionFactory)
    retention_rule = factory.SubFactory(RetentionRuleFactory)
    trigger_date = None


class LegalHoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LegalHold

    holding = factory.SubFactory(RecordHoldingFactory)
    reason = "Litigation"
