"""factory_boy factories for risks."""

from __future__ import annotations

import factory

from infogov.organisation.tests.factories import DivisionFactory
from infogov.risks import models


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Risk

    title = factory.Sequence(lambda n: f"Risk {n}")
    heading = "security"
    division = factory.SubFactory(DivisionFactory)
    inherent_likelihood = 4
    inherent_impact = 4
    residual_likelihood = 3
    residual_impact = 3


class ControlFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Control

    risk = factory.SubFactory(RiskFactory)
    description = factory.Sequence(lambda n: f"Control {n}")
    effectiveness = "effective"
