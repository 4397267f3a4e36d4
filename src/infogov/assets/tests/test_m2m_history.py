"""Changes to an asset's lists (lawful bases, conditions, data subjects, categories) are
recorded and read on its History tab like any other field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from infogov.assets import models
from infogov.assets.tests.factories import AssetFactory, DataSubjectCategoryFactory
from infogov.assets.tests.test_import import (  # noqa: F401  (the `register` fixture)
    export_file,
    import_file,
    register,
    row_of,
    set_cell,
)
from infogov.core.history import grouped_history, history_entries, snapshot_m2m
from infogov.core.models import bulk_with_history

pytestmark = pytest.mark.django_db
API = "/api/assets/assets/"
M2M_HISTORY = [
    models.InformationAsset.history.model.lawful_bases,
    models.InformationAsset.history.model.data_subjects,
    models.InformationAsset.history.model.personal_data_categories,
    models.InformationAsset.history.model.special_category_conditions,
]


def m2m_history_rows() -> int:
    return sum(descriptor.model.objects.count() for descriptor in M2M_HISTORY)


def changes(asset: Any) -> list[tuple[str, str, str]]:
    latest = history_entries(asset)[0]
    return [(c.field, c.before, c.after) for c in latest.changes]


def _asset(people: Any) -> Any:
    # Not marked as personal data, so its lists can change one at a time here (a
    # personal-data asset needs them all: test_rules.py).
    asset = AssetFactory(division=people.division_a, owner=people.iao.person)
    asset.lawful_bases.set([models.LawfulBasis.objects.get(code="6(1)(e)")])
    return asset


def test_api_change_to_a_list_shows_before_and_after_names(people: Any, api_as: Any) -> None:
    asset = _asset(people)
    legal = models.LawfulBasis.objects.get(code="6(1)(c)")
    public_task = models.LawfulBasis.objects.get(code="6(1)(e)")
    residents = DataSubjectCategoryFactory(name="Residents")
    before = asset.history.count()
    response = api_as(people.officer_a).patch(
        f"{API}{asset.pk}/",
        {"lawful_bases": [legal.pk], "data_subjects": [residents.pk], "location": "Cloud"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert asset.history.count() == before + 1  # one entry, not one per link
    assert sorted(changes(asset)) == [
        ("Data subjects", "", "Residents"),
        ("Lawful basis", str(public_task), str(legal)),
        ("Location or system", "", "Cloud"),
    ]


def test_form_change_shows_on_the_history_tab(people: Any, client_as: Any) -> None:
    asset = _asset(people)
    legal = models.LawfulBasis.objects.get(code="6(1)(c)")
    client = client_as(people.officer_a)
    before = asset.history.count()
    response = client.post(
        reverse("assets:informationasset_edit", args=[asset.pk]),
        {
            "name": asset.name,
            "division": people.division_a.pk,
            "owner": people.iao.person.pk,
            "format": "electronic",
            "lawful_bases": [legal.pk],
            "security_classification": "official",
            "business_criticality": "medium",
            "dpia_status": "not_required",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert asset.history.count() == before + 1
    page = client.get(reverse("assets:informationasset_history", args=[asset.pk]))
    text = page.content.decode()
    assert "Lawful basis" in text
    assert str(legal) in text
    assert "informationasset" not in text  # no raw link rows


def test_creation_with_lists_is_one_record_with_its_links(people: Any, api_as: Any) -> None:
    legal = models.LawfulBasis.objects.get(code="6(1)(c)")
    response = api_as(people.officer_a).post(
        API,
        {
            "name": "Housing rents",
            "division": people.division_a.pk,
            "owner": people.iao.person.pk,
            "lawful_bases": [legal.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    asset = models.InformationAsset.objects.get(pk=response.json()["id"])
    assert [r.history_type for r in asset.history.all()] == ["+"]
    assert list(asset.history.first().lawful_bases.values_list("lawfulbasis", flat=True)) == [
        legal.pk
    ]


def test_bulk_created_assets_get_their_links_snapshotted(people: Any) -> None:
    public_task = models.LawfulBasis.objects.get(code="6(1)(e)")
    [asset] = bulk_with_history(
        models.InformationAsset,
        [models.InformationAsset(name="Bulk", division=people.division_a, owner=people.iao.person)],
    )
    asset.lawful_bases.through.objects.create(informationasset=asset, lawfulbasis=public_task)
    assert snapshot_m2m(models.InformationAsset, [asset]) == 1
    # A later change of another field shows only that field, not the links as new.
    with grouped_history():
        asset.location = "Basement"
        asset.save()
    assert changes(asset) == [("Location or system", "", "Basement")]


def test_reimport_of_an_unchanged_export_writes_no_history(
    register: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = export_file(tmp_path)
    history = models.InformationAsset.history.count()
    links = m2m_history_rows()
    out, _ = import_file(path)
    assert "0 added, 0 changed, 3 unchanged" in out
    assert models.InformationAsset.history.count() == history
    assert m2m_history_rows() == links


def test_import_of_a_list_change_shows_on_the_history_tab(
    register: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    tax = register[0]
    path = export_file(tmp_path)
    set_cell(path, row_of(path, "Council tax system"), "Lawful basis", "6(1)(e)")
    out, _ = import_file(path)
    assert "1 changed" in out
    public_task = models.LawfulBasis.objects.get(code="6(1)(e)")
    legal = models.LawfulBasis.objects.get(code="6(1)(c)")
    before = ", ".join(sorted([str(public_task), str(legal)]))
    assert changes(tax) == [("Lawful basis", before, str(public_task))]


def test_upgrade_gives_existing_history_the_current_links(people: Any) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("infogov.assets.migrations.0003_asset_m2m_history")
    asset = _asset(people)
    asset.location = "Basement"
    asset.save()
    for descriptor in M2M_HISTORY:  # as before the upgrade: history without links
        descriptor.model.objects.all().delete()
    migration.backfill(apps, None)
    assert all(record.lawful_bases.count() == 1 for record in asset.history.all())
    assert changes(asset) == [("Location or system", "", "Basement")]
