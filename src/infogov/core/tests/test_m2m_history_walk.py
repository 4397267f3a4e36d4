"""Every governed many-to-many field is in history: a change to it shows on the record's
History tab with the names before and after, like any other field."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import factory
import pytest
from django.apps import apps
from django.utils.html import escape

import infogov
from infogov.core.history import grouped_history, history_entries
from infogov.core.models import GovernedModel
from infogov.core.views import model_url
from infogov.incidents.tests.factories import DataCategoryFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def _factories() -> dict[type[Any], Any]:
    """Every app's factory_boy factory, by the model it makes."""
    found: dict[type[Any], Any] = {}
    for module_info in pkgutil.iter_modules(infogov.__path__):
        try:
            module = importlib.import_module(f"infogov.{module_info.name}.tests.factories")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory):
                model = getattr(value._meta, "model", None)
                if model is not None:
                    found.setdefault(model, value)
    return found


def governed_m2m_fields() -> list[tuple[type[Any], Any]]:
    return [
        (model, field)
        for model in apps.get_models()
        if issubclass(model, GovernedModel)
        for field in model._meta.local_many_to_many
    ]


def _two(model: type[Any], factories: dict[type[Any], Any]) -> list[Any]:
    existing = list(model._default_manager.order_by("pk")[:2])
    while len(existing) < 2:
        existing.append(factories[model]())
    return existing


def test_the_walk_finds_the_governed_many_to_many_fields() -> None:
    names = {f"{m._meta.label}.{f.name}" for m, f in governed_m2m_fields()}
    assert {
        "incidents.Incident.data_categories",
        "incidents.Incident.related_assets",
        "assets.DPIA.assets",
        "assets.SharingAgreement.assets",
        "assets.InformationAsset.lawful_bases",
    } <= names


@pytest.mark.parametrize(
    ("model", "field"),
    governed_m2m_fields(),
    ids=lambda value: getattr(value, "name", getattr(value, "__name__", str(value))),
)
def test_every_governed_many_to_many_change_shows_on_the_history_tab(
    people: Any, client_as: Any, model: type[Any], field: Any
) -> None:
    history_model = getattr(model, "history", None)
    assert history_model is not None, f"{model.__name__} keeps no history"
    tracked = {f.name for f in getattr(history_model.model, "_history_m2m_fields", [])}
    assert field.name in tracked, f"{model.__name__}.{field.name} is not in its history"

    factories = _factories()
    obj = factories[model]()
    first, second = _two(field.related_model, factories)
    getattr(obj, field.name).set([first])
    with grouped_history():
        getattr(obj, field.name).set([first, second])

    url = model_url(model, "history", obj.pk)
    assert url, f"{model.__name__} has no History tab"
    page = client_as(people.ig_manager).get(url).content.decode()
    label = str(field.verbose_name)
    assert escape(label[:1].upper() + label[1:]) in page
    both = ", ".join(sorted([str(first), str(second)]))
    assert escape(both) in page, f"{model.__name__}.{field.name}: {both!r} not on the History tab"


def test_api_change_to_incident_data_categories_shows_on_history(people: Any, api_as: Any) -> None:
    incident = IncidentFactory(division=people.division_a)
    a, b = DataCategoryFactory(name="Aa health"), DataCategoryFactory(name="Bb finance")
    incident.data_categories.set([a])
    before = incident.history.count()
    response = api_as(people.caseworker).patch(
        f"/api/incidents/incidents/{incident.pk}/",
        {"data_categories": [a.pk, b.pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert incident.history.count() == before + 1  # one entry for the save and the list
    latest = history_entries(incident, user=people.caseworker)
    changes = [(c.field, c.before, c.after) for e in latest for c in e.changes]
    assert ("Categories of data", "Aa health", "Aa health, Bb finance") in changes
