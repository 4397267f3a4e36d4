"""factory_boy factories for the asset register."""

from __future__ import annotations

import factory

from infogov.assets import models
from infogov.organisation.tests.factories import DivisionFactory, PersonFactory


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InformationAsset

    name = factory.Sequence(lambda n: f"Asset {n}")
    division = factory.SubFactory(DivisionFactory)
    owner = factory.SubFactory(PersonFactory)


class DataSubjectCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DataSubjectCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Subjects {n}")


class PersonalDataCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PersonalDataCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Category {n}")


class SharingAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SharingAgreement

    title = factory.Sequence(lambda n: f"Agreement {n}")
    division = factory.SubFactory(DivisionFactory)
    parties = "NHS Lothian"
    legal_gateway = "UK GDPR Art. 6(1)(e)"


class DPIAFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DPIA

    title = factory.Sequence(lambda n: f"DPIA {n}")
    division = factory.SubFactory(DivisionFactory)


class DPIARiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DPIARisk

    dpia = factory.SubFactory(DPIAFactory)
    description = "Unauthorised access"
    likelihood = 2
    severity = 2
    residual_likelihood = 1
    residual_severity = 1


class DataStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DataStandard

    name = factory.Sequence(lambda n: f"Standard {n}")
    asset = factory.SubFactory(AssetFactory)


class StandardFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StandardField

    standard = factory.SubFactory(DataStandardFactory)
    name = factory.Sequence(lambda n: f"Field {n}")
