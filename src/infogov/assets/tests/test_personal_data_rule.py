"""A personal-data asset records what the ROPA needs (UK GDPR Art. 30(1)), whichever way it
is saved: the form, the API and the import share one rule, and the ROPA flags legacy rows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from infogov.assets import models
from infogov.assets.tests.factories import (
    AssetFactory,
    DataSubjectCategoryFactory,
    PersonalDataCategoryFactory,
)
from infogov.assets.tests.test_import import (  # noqa: F401  (the `register` fixture)
    export_file,
    register,
    row_of,
    set_cell,
    snapshot,
)
from infogov.records.tests.factories import RetentionRuleFactory

pytestmark = pytest.mark.django_db
REQUIRED = {"purposes", "lawful_bases", "data_subjects", "personal_data_categories"}


def complete(people: Any) -> dict[str, Any]:
    return {
        "name": "Housing rents",
        "division": people.division_a.pk,
        "owner": people.iao.person.pk,
        "format": "electronic",
        "personal_data": True,
        "purposes": "Collecting rent",
        "lawful_bases": [models.LawfulBasis.objects.get(code="6(1)(b)").pk],
        "data_subjects": [DataSubjectCategoryFactory(name="Tenants").pk],
        "personal_data_categories": [PersonalDataCategoryFactory(name="Contact details").pk],
        "retention_rule": RetentionRuleFactory().pk,
        "security_classification": "official",
        "business_criticality": "medium",
        "dpia_status": "not_required",
    }


def test_the_form_refuses_a_personal_data_asset_missing_what_the_ropa_needs(
    people: Any, client_as: Any
) -> None:
    data = {
        **complete(people),
        "purposes": " ",
        "lawful_bases": [],
        "data_subjects": [],
        "personal_data_categories": [],
        "retention_rule": "",
        "special_category": True,
    }
    client = client_as(people.officer_a)
    response = client.post(reverse("assets:informationasset_add"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert REQUIRED | {"retention_rule", "special_category_conditions"} <= set(errors)
    assert "lawful basis" in errors["lawful_bases"][0]
    assert not models.InformationAsset.objects.filter(name="Housing rents").exists()
    assert client.post(reverse("assets:informationasset_add"), complete(people)).status_code == 302


def test_the_api_refuses_the_same_and_checks_a_patch_against_the_saved_lists(
    people: Any, api_as: Any
) -> None:
    api = api_as(people.officer_a)
    data = complete(people)
    missing = {**data, "data_subjects": [], "retention_rule": None}
    response = api.post("/api/assets/assets/", missing, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"data_subjects", "retention_rule"}
    created = api.post("/api/assets/assets/", data, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/assets/assets/{created.json()['id']}/"
    # A patch of one field is judged with the lists already saved.
    assert api.patch(url, {"location": "Housing system"}, format="json").status_code == 200
    emptied = api.patch(url, {"lawful_bases": []}, format="json")
    assert emptied.status_code == 400
    assert "lawful_bases" in emptied.json()
    # Not personal data: none of it is needed.
    plain = {"name": "Ledger", "division": people.division_a.pk, "owner": people.iao.person.pk}
    assert api.post("/api/assets/assets/", plain, format="json").status_code == 201


def test_the_import_names_the_row_and_column_of_each_gap_and_imports_nothing(
    people: Any,
    register: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = export_file(tmp_path)
    row = row_of(path, "Council tax system")
    for heading in ("Purposes", "Retention code", "Lawful basis"):
        set_cell(path, row, heading, "")
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 problem"):
        call_command("import", "assets", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue()
    assert f'row {row}, column "Purposes": Give the purposes' in lines
    assert f'row {row}, column "Retention code": Choose the retention rule' in lines
    assert f'row {row}, column "Lawful basis": Choose the lawful basis' in lines
    assert snapshot() == before


def test_the_ropa_flags_a_legacy_row_on_the_page_the_pdf_and_the_workbook(
    people: Any, client_as: Any
) -> None:
    legacy = AssetFactory(division=people.division_a, personal_data=True, name="Old rent book")
    done = AssetFactory(
        division=people.division_a,
        personal_data=True,
        name="Rent account",
        purposes="Collecting rent",
        retention_rule=RetentionRuleFactory(),
    )
    done.lawful_bases.set([models.LawfulBasis.objects.get(code="6(1)(b)")])
    done.data_subjects.set([DataSubjectCategoryFactory()])
    done.personal_data_categories.set([PersonalDataCategoryFactory()])
    assert legacy.ropa_gaps() and not done.ropa_gaps()
    assert set(models.lacking_personal_data_details(models.InformationAsset.objects)) == {legacy}
    client = client_as(people.ig_manager)
    text = client.get("/assets/record-of-processing/").content.decode()
    assert "1 processing activity is incomplete" in text
    assert text.count("govuk-tag--red") == 1 and "Give the purposes" in text
    only = client.get("/assets/record-of-processing/?incomplete=1").content.decode()
    assert "Old rent book" in only and "Rent account" not in only
    response = client.get("/assets/record-of-processing/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {r[0]: r[-1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Old rent book"].startswith("Incomplete: ")
    assert not rows["Rent account"]
    pdf = client.get("/assets/record-of-processing/?format=pdf")
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    words = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Missing from the record" in words, words
    assert "Incomplete: Give the purposes" in words, words
