"""factory_boy factories for information requests."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from infogov.requests import models, services


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Case

    kind = "sar"
    received_on = date(2026, 1, 30)
    requester_name = factory.Sequence(lambda n: f"Requester {n}")
    requester_email = factory.Sequence(lambda n: f"requester{n}@example.org")
    description = "All records about me held by housing."

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        case = model_class(**kwargs)
        return services.create_case(case, acting_user=None)


class SearchTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SearchTask

    case = factory.SubFactory(CaseFactory)
    instructions = "Search the housing system for tenancy records."
    due_on = date(2026, 2, 13)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Document

    case = factory.SubFactory(CaseFactory, kind="foi")
    title = factory.Sequence(lambda n: f"Released document {n}")
    file = factory.django.FileField(filename="released.txt", data=b"Released text.")


class DisclosureEntryFactory(factory.django.DjangoModelFactory):
    """An entry as the disclosure log holds it (the publishing rules are the service's)."""

    class Meta:
        model = models.DisclosureEntry

    case = factory.SubFactory(CaseFactory, kind="foi")
    title = factory.Sequence(lambda n: f"Published response {n}")
    summary = "What was asked and what was released."
    subject = "finance"
    published_on = date(2026, 3, 2)
