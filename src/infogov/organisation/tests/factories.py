"""factory_boy factories for the organisation."""

from __future__ import annotations

import factory

from infogov.organisation import models


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Division
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Division {n}")
    code = factory.Sequence(lambda n: f"d{n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service

    division = factory.SubFactory(DivisionFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@council.example")
    kind = "staff"
    division = factory.SubFactory(DivisionFactory)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = "staff"
    division = None


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Group

    name = factory.Sequence(lambda n: f"Group {n}")
    kind = "img"
    division = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    group = factory.SubFactory(GroupFactory)
    person = factory.SubFactory(PersonFactory)
    role = "member"
