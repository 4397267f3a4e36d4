"""factory_boy factories for incidents."""

from __future__ import annotations

from datetime import datetime, timedelta

import factory

from infogov.clocks import LONDON
from infogov.incidents import models
from infogov.organisation.tests.factories import DivisionFactory, PersonFactory

BASE = datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)


class IcoIncidentTypeFactory(factory.django.DjangoModelFactory):
    """One of the shipped ICO types (the migration loads them; a flushed database may not
    have them, so it is created when missing)."""

    class Meta:
        model = models.IcoIncidentType
        django_get_or_create = ("code",)

    code = "other_non_cyber"
    name = "Other non-cyber incident"
    category = "non_cyber"


class CauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Cause
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Cause {n}")
    ico_type = factory.SubFactory(IcoIncidentTypeFactory)


class DataCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DataCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Data category {n}")


class SubjectCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SubjectCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"People category {n}")


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Incident

    division = factory.SubFactory(DivisionFactory)
    title = factory.Sequence(lambda n: f"Incident {n}")
    description = "A letter was sent to the wrong address."
    occurred_at = BASE
    discovered_at = BASE + timedelta(hours=2)
    reported_by = factory.SubFactory(PersonFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Action

    incident = factory.SubFactory(IncidentFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(PersonFactory)
    due_on = factory.LazyFunction(lambda: BASE.date() + timedelta(days=14))


class OtherNotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OtherNotification

    incident = factory.SubFactory(IncidentFactory)
    body = "police_scotland"
    notified_at = BASE + timedelta(hours=5)
