"""The spreadsheet contract (PRODUCT §5.1, §5.3): import, export, preview, all-or-nothing."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from infogov.assets import models
from infogov.assets.importers import HEADINGS
from infogov.assets.tests.factories import (
    AssetFactory,
    DataSubjectCategoryFactory,
    PersonalDataCategoryFactory,
)
from infogov.core.services import SYSTEM_USERNAME
from infogov.organisation.tests.factories import PersonFactory, ServiceFactory
from infogov.records.models import RetentionRule
from infogov.records.tests.factories import RetentionRuleFactory

pytestmark = pytest.mark.django_db

SPEC_HEADINGS = [
    "Asset name",
    "Description",
    "Division",
    "Service",
    "Information asset owner",
    "Format",
    "Location or system",
    "Personal data",
    "Special category data",
    "Special category condition",
    "Criminal offence data",
    "Data subjects",
    "Categories of personal data",
    "Purposes",
    "Lawful basis",
    "Recipients",
    "International transfers",
    "Retention code",
    "Security classification",
    "Business criticality",
    "DPIA status",
    "Last reviewed",
    "Next review",
]


@pytest.fixture
def register(people: Any) -> list[models.InformationAsset]:
    """A small register in two divisions with every kind of field filled."""
    service = ServiceFactory(division=people.division_a, name="Revenues")
    owner = PersonFactory(division=people.division_a, email="graeme.stewart@council.example")
    other = PersonFactory(division=people.division_b, email="euan.robertson@council.example")
    rule = RetentionRuleFactory(code="02.002.001")
    residents = DataSubjectCategoryFactory(name="Residents")
    tenants = DataSubjectCategoryFactory(name="Tenants")
    contact = PersonalDataCategoryFactory(name="Contact details")
    health = PersonalDataCategoryFactory(name="Health data", special_category=True)
    public_task = models.LawfulBasis.objects.get(code="6(1)(e)")
    legal = models.LawfulBasis.objects.get(code="6(1)(c)")
    health_condition = models.ProcessingCondition.objects.get(code="9(2)(h)")
    sch1 = models.ProcessingCondition.objects.get(code="Sch1 para 2")
    tax = AssetFactory(
        name="Council tax system",
        division=people.division_a,
        service=service,
        owner=owner,
        description="Billing and recovery",
        location="Revenues system",
        personal_data=True,
        purposes="Billing; recovery",
        recipients="Sheriff officers; auditors",
        retention_rule=rule,
        security_classification="official_sensitive",
        business_criticality="critical",
        last_reviewed=date(2026, 1, 15),
        next_review=date(2027, 1, 15),
    )
    tax.data_subjects.set([residents])
    tax.personal_data_categories.set([contact])
    tax.lawful_bases.set([public_task, legal])
    care = AssetFactory(
        name="Adult social care case management",
        division=people.division_b,
        owner=other,
        personal_data=True,
        special_category=True,
        purposes="Assessing and meeting care needs",
        retention_rule=rule,
        dpia_status="completed",
    )
    care.special_category_conditions.set([health_condition, sch1])
    care.data_subjects.set([residents, tenants])
    care.personal_data_categories.set([contact, health])
    care.lawful_bases.set([public_task])
    gazetteer = AssetFactory(
        name="Corporate address gazetteer", division=people.division_a, owner=owner
    )
    return [tax, care, gazetteer]


def export_file(tmp_path: Path, name: str = "register.xlsx", kind: str = "assets") -> Path:
    path = tmp_path / name
    call_command("export", kind, str(path), stdout=io.StringIO())
    return path


def import_file(path: Path, *args: str, kind: str = "assets") -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", kind, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing_import(path: Path, kind: str = "assets") -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import", kind, str(path), stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 1
    return err.getvalue()


def set_cell(path: Path, row: int, heading: str, value: Any) -> None:
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    column = [c.value for c in sheet[1]].index(heading) + 1
    sheet.cell(row=row, column=column, value=value)
    workbook.save(path)


def row_of(path: Path, name: str) -> int:
    sheet = load_workbook(path).worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row[0] == name:
            return number
    raise AssertionError(name)


def snapshot() -> list[tuple[Any, ...]]:
    rows = []
    for asset in models.InformationAsset.objects.order_by("pk"):
        rows.append(
            (
                asset.pk,
                asset.name,
                asset.description,
                asset.division_id,
                asset.service_id,
                asset.owner_id,
                asset.purposes,
                asset.retention_rule_id,
                asset.security_classification,
                asset.last_reviewed,
                asset.next_review,
                asset.updated_at,
                tuple(sorted(asset.lawful_bases.values_list("pk", flat=True))),
                tuple(sorted(asset.data_subjects.values_list("pk", flat=True))),
                tuple(sorted(asset.special_category_conditions.values_list("pk", flat=True))),
            )
        )
    return rows


def history_rows() -> int:
    return int(models.InformationAsset.history.count())


def test_headings_are_exactly_those_of_the_spec(register: Any, tmp_path: Path) -> None:
    assert HEADINGS == SPEC_HEADINGS
    sheet = load_workbook(export_file(tmp_path)).worksheets[0]
    assert [c.value for c in sheet[1]] == SPEC_HEADINGS
    csv_text = export_file(tmp_path, "register.csv").read_text("utf-8")
    assert csv_text.splitlines()[0] == ",".join(SPEC_HEADINGS)


def test_export_writes_the_register_in_its_spreadsheet_form(register: Any, tmp_path: Path) -> None:
    sheet = load_workbook(export_file(tmp_path)).worksheets[0]
    rows = {
        r[0]: dict(zip(SPEC_HEADINGS, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    tax = rows["Council tax system"]
    assert tax["Division"] == "Corporate Resources"
    assert tax["Service"] == "Revenues"
    assert tax["Information asset owner"] == "graeme.stewart@council.example"
    assert tax["Personal data"] == "Yes"
    assert tax["Lawful basis"] == "Legal obligation; Public task"
    assert tax["Retention code"] == "02.002.001"
    assert tax["Security classification"] == "OFFICIAL-SENSITIVE"
    # Dates are written as dates (a date cell reads back as a datetime at midnight).
    assert tax["Last reviewed"] == datetime(2026, 1, 15)  # noqa: DTZ001 - a calendar date
    care = rows["Adult social care case management"]
    assert care["Special category condition"] == "9(2)(h); Sch1 para 2"


@pytest.mark.parametrize("name", ["register.xlsx", "register.csv"])
def test_reimport_of_an_export_changes_nothing(register: Any, tmp_path: Path, name: str) -> None:
    path = export_file(tmp_path, name)
    before, history = snapshot(), history_rows()
    out, _ = import_file(path)
    assert "0 added, 0 changed, 3 unchanged" in out
    assert snapshot() == before
    assert history_rows() == history


def test_one_bad_cell_is_rejected_with_its_row_and_heading_and_nothing_changes(
    register: Any, tmp_path: Path
) -> None:
    path = export_file(tmp_path)
    tax_row = row_of(path, "Council tax system")
    care_row = row_of(path, "Adult social care case management")
    set_cell(path, tax_row, "Description", "A valid change that must not be saved")
    set_cell(path, care_row, "Lawful basis", "Public task; Because we can")
    before, history = snapshot(), history_rows()
    err = failing_import(path)
    assert f'row {care_row}, column "Lawful basis": Unknown lawful basis' in err
    assert "Because we can" in err
    assert "Traceback" not in err
    assert snapshot() == before
    assert history_rows() == history


def test_corrected_file_imports_every_row(register: Any, tmp_path: Path, people: Any) -> None:
    path = export_file(tmp_path)
    tax_row = row_of(path, "Council tax system")
    set_cell(path, tax_row, "Description", "Billing, recovery and reductions")
    set_cell(path, tax_row, "Lawful basis", "6(1)(e)")
    sheet_book = load_workbook(path)
    sheet = sheet_book.worksheets[0]
    sheet.append(
        [
            "Library management system",
            "Lending",
            "Communities & Wellbeing",
            "",
            "euan.robertson@council.example",
            "Electronic",
            "Spydus",
            "Yes",
            "No",
            "",
            "No",
            "Residents",
            "Contact details",
            "Lending",
            "Public task",
            "",
            "",
            "02.002.001",
            "OFFICIAL",
            "Medium",
            "Not required",
            "2026-02-01",
            "2027-02-01",
        ]
    )
    sheet_book.save(path)
    history = history_rows()
    out, _ = import_file(path)
    assert "1 added, 1 changed, 2 unchanged" in out
    tax = models.InformationAsset.objects.get(name="Council tax system")
    assert tax.description == "Billing, recovery and reductions"
    assert list(tax.lawful_bases.values_list("code", flat=True)) == ["6(1)(e)"]
    library = models.InformationAsset.objects.get(name="Library management system")
    assert library.division == people.division_b
    assert library.next_review == date(2027, 2, 1)
    assert list(library.data_subjects.values_list("name", flat=True)) == ["Residents"]
    assert history_rows() == history + 2
    latest = tax.history.latest()
    assert latest.history_user.username == SYSTEM_USERNAME
    # And the corrected workbook, imported again, changes nothing.
    out, _ = import_file(path)
    assert "0 added, 0 changed, 4 unchanged" in out


def write_workbook(path: Path, headings: list[str], rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("heading", "value", "message"),
    [
        ("Division", "Planning", 'column "Division": Unknown division “Planning”'),
        (
            "Information asset owner",
            "nobody@council.example",
            'column "Information asset owner": No person with the e-mail address',
        ),
        ("Lawful basis", "Public interest", 'column "Lawful basis": Unknown lawful basis'),
        ("Retention code", "99.999.999", 'column "Retention code": Unknown retention code'),
        (
            "Security classification",
            "RESTRICTED",
            'column "Security classification": Unknown security classification',
        ),
        ("Last reviewed", "31/02/2026", 'column "Last reviewed": “31/02/2026” is not a date'),
        ("Personal data", "Maybe", 'column "Personal data": “Maybe” is not Yes or No'),
    ],
)
def test_unknown_values_are_errors_never_created(
    register: Any, tmp_path: Path, heading: str, value: str, message: str
) -> None:
    path = export_file(tmp_path)
    row = row_of(path, "Corporate address gazetteer")
    set_cell(path, row, heading, value)
    before = snapshot()
    divisions = models.InformationAsset.objects.values_list("division_id").distinct().count()
    err = failing_import(path)
    assert f"row {row}, {message}" in err
    assert snapshot() == before
    assert RetentionRule.objects.count() == 1
    assert (
        models.InformationAsset.objects.values_list("division_id").distinct().count() == divisions
    )


def test_duplicate_name_in_the_file_is_an_error(register: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "dupes.xlsx",
        ["Asset name", "Division", "Information asset owner"],
        [
            ["Parking permits", "Corporate Resources", "graeme.stewart@council.example"],
            ["Parking permits", "corporate resources", "graeme.stewart@council.example"],
        ],
    )
    err = failing_import(path)
    assert 'row 3, column "Asset name": Duplicate' in err
    assert "row 2" in err
    assert not models.InformationAsset.objects.filter(name="Parking permits").exists()


def test_every_problem_is_listed(register: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "bad.xlsx",
        ["Asset name", "Division", "Information asset owner", "Next review"],
        [
            ["A", "Nowhere", "graeme.stewart@council.example", "2026-01-01"],
            ["B", "Corporate Resources", "", "soon"],
        ],
    )
    err = failing_import(path)
    assert 'row 2, column "Division"' in err
    assert 'row 3, column "Next review"' in err


def test_new_asset_needs_an_owner(register: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "new.xlsx",
        ["Asset name", "Division"],
        [["Parking permits", "Corporate Resources"]],
    )
    err = failing_import(path)
    assert 'row 2, column "Information asset owner": Required for a new' in err


def test_absent_column_leaves_the_field_unchanged(register: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "partial.xlsx",
        ["Division", "Asset name", "Description"],
        [["Corporate Resources", "Council tax system", "New words"]],
    )
    out, _ = import_file(path)
    assert "0 added, 1 changed, 0 unchanged" in out
    tax = models.InformationAsset.objects.get(name="Council tax system")
    assert tax.description == "New words"
    assert tax.purposes == "Billing; recovery"
    assert tax.lawful_bases.count() == 2
    assert tax.retention_rule is not None


def test_assets_missing_from_the_file_are_never_deleted(register: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "one.xlsx",
        ["Division", "Asset name"],
        [["Corporate Resources", "Council tax system"]],
    )
    import_file(path)
    assert models.InformationAsset.objects.count() == 3


def test_dry_run_changes_nothing(register: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "d.xlsx",
        ["Division", "Asset name", "Description"],
        [["Corporate Resources", "Council tax system", "Changed"]],
    )
    before = snapshot()
    out, _ = import_file(path, "--dry-run")
    assert "would import" in out and "1 changed" in out
    assert snapshot() == before


def test_csv_with_a_byte_order_mark_imports(register: Any, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(
        "\ufeffAsset name,Division,Description\r\n"
        "Council tax system,Corporate Resources,Café records\r\n".encode()
    )
    import_file(path)
    assert (
        models.InformationAsset.objects.get(name="Council tax system").description == "Café records"
    )


def test_csv_that_is_not_utf8_is_refused(register: Any, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("Asset name,Division\r\nCafé,Corporate Resources\r\n".encode("latin-1"))
    assert "not UTF-8" in failing_import(path)


def test_unknown_heading_is_an_error(register: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "h.xlsx",
        ["Asset name", "Division", "Colour"],
        [["Council tax system", "Corporate Resources", "Blue"]],
    )
    assert 'row 1, column "Colour": Unknown heading' in failing_import(path)


def test_blank_owner_for_an_existing_asset_is_an_error(register: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "o.xlsx",
        ["Division", "Asset name", "Information asset owner"],
        [["Corporate Resources", "Council tax system", ""]],
    )
    err = failing_import(path)
    assert 'row 2, column "Information asset owner": This cell must not be blank.' in err


def test_wrong_extension_is_refused(tmp_path: Path, people: Any) -> None:
    path = tmp_path / "register.txt"
    path.write_text("x")
    assert "must be .xlsx or .csv" in failing_import(path)


def test_spreadsheet_formula_characters_round_trip(register: Any, tmp_path: Path) -> None:
    tax = models.InformationAsset.objects.get(name="Council tax system")
    tax.purposes = "=not a formula"
    tax.save()
    path = export_file(tmp_path)
    history = history_rows()
    out, _ = import_file(path)
    assert "0 changed" in out
    assert history_rows() == history


def test_retention_schedule_round_trips(people: Any, tmp_path: Path) -> None:
    RetentionRuleFactory(
        code="15.003.009", record_series="Personnel files", period_years=6, period_months=6
    )
    path = export_file(tmp_path, "retention.xlsx", kind="retention")
    history = RetentionRule.history.count()
    out, _ = import_file(path, kind="retention")
    assert "0 added, 0 changed, 1 unchanged" in out
    assert RetentionRule.history.count() == history
    set_cell(path, 2, "Retention months", 13)
    err = failing_import(path, kind="retention")
    assert 'row 2, column "Retention months": Enter a whole number from 0 to 11' in err
    set_cell(path, 2, "Retention months", 3)
    set_cell(path, 2, "Code", "15.3.9")
    err = failing_import(path, kind="retention")
    assert 'row 2, column "Code"' in err


def test_import_through_the_ui_previews_then_confirms(
    register: Any, tmp_path: Path, client_as: Any, people: Any
) -> None:
    path = write_workbook(
        tmp_path / "ui.xlsx",
        ["Division", "Asset name", "Description", "Information asset owner"],
        [
            [
                "Corporate Resources",
                "Council tax system",
                "Changed in the UI",
                "graeme.stewart@council.example",
            ],
            ["Corporate Resources", "Pest control", "New", "graeme.stewart@council.example"],
        ],
    )
    client = client_as(people.ig_manager)
    assert client.get("/imports/").status_code == 200
    with path.open("rb") as handle:
        response = client.post("/imports/", {"kind": "assets", "file": handle})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "1 to add, 1 to change, 0 left alone" in text
    assert (
        models.InformationAsset.objects.get(name="Council tax system").description
        == "Billing and recovery"
    )
    confirmed = client.post(response["Location"])
    assert confirmed.status_code == 302
    assert (
        models.InformationAsset.objects.get(name="Council tax system").description
        == "Changed in the UI"
    )
    assert models.InformationAsset.objects.filter(name="Pest control").exists()


def test_ui_import_lists_problems_and_changes_nothing(
    register: Any, tmp_path: Path, client_as: Any, people: Any
) -> None:
    path = write_workbook(
        tmp_path / "ui.xlsx",
        ["Division", "Asset name", "Lawful basis"],
        [["Corporate Resources", "Council tax system", "Whim"]],
    )
    client = client_as(people.ig_manager)
    with path.open("rb") as handle:
        response = client.post("/imports/", {"kind": "assets", "file": handle})
    preview = client.get(response["Location"])
    assert "row 2, column &quot;Lawful basis&quot;" in preview.content.decode()
    assert client.post(response["Location"]).status_code == 400
    assert models.InformationAsset.objects.get(name="Council tax system").lawful_bases.count() == 2


def test_only_the_ig_manager_imports_through_the_ui(client_as: Any, people: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from infogov.core.models import ImportJob

    for user in (people.iao, people.staff, people.auditor):
        assert client_as(user).get("/imports/").status_code == 403
    # An information officer imports their division's training records, never the register.
    officer = client_as(people.officer_a)
    page = officer.get("/imports/").content.decode()
    assert 'value="training"' in page and 'value="assets"' not in page
    upload = SimpleUploadedFile("register.csv", b"Asset name,Division\nPayroll,Corporate\n")
    refused = officer.post("/imports/", {"kind": "assets", "file": upload})
    assert refused.status_code in (400, 403)
    assert not ImportJob.objects.exists()


def test_ui_export_re_imports(register: Any, client_as: Any, people: Any, tmp_path: Path) -> None:
    response = client_as(people.ig_manager).get("/assets/export/assets/?format=xlsx")
    assert response.status_code == 200
    path = tmp_path / "ui-export.xlsx"
    path.write_bytes(response.getvalue())
    out, _ = import_file(path)
    assert "3 unchanged" in out
    assert client_as(people.officer_a).get("/assets/export/assets/").status_code == 403


def test_headings_match_whatever_their_case_and_spacing(register: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "case.xlsx",
        ["asset NAME", " Division ", "description"],
        [["Council tax system", "Corporate Resources", "Lower case"]],
    )
    import_file(path)
    assert (
        models.InformationAsset.objects.get(name="Council tax system").description == "Lower case"
    )


def test_a_heading_twice_is_an_error(register: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "twice.xlsx",
        ["Asset name", "Division", "Purposes", "purposes"],
        [["Council tax system", "Corporate Resources", "a", "b"]],
    )
    assert 'row 1, column "Purposes": This heading appears twice.' in failing_import(path)


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
    | st.sampled_from(["\n", "=", "+", "-", "@", ";", '"', ",", "'"]),
    max_size=40,
).map(str.strip)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(description=TEXT, purposes=TEXT, recipients=TEXT, fmt=st.sampled_from(["xlsx", "csv"]))
def test_any_text_survives_export_and_reimport_unchanged(
    people: Any, tmp_path: Path, description: str, purposes: str, recipients: str, fmt: str
) -> None:
    owner = PersonFactory(division=people.division_a, email="prop.owner@council.example")
    asset = AssetFactory(
        name="Property asset",
        division=people.division_a,
        owner=owner,
        description=description,
        purposes=purposes,
        recipients=recipients,
    )
    try:
        path = export_file(tmp_path, f"prop.{fmt}")
        history = history_rows()
        out, _ = import_file(path)
        assert "0 changed" in out
        assert history_rows() == history
        asset.refresh_from_db()
        assert (asset.description, asset.purposes, asset.recipients) == (
            description,
            purposes,
            recipients,
        )
    finally:
        models.InformationAsset.objects.all().delete()
        owner.delete()


def test_bench_import_command_reports_its_time(register: Any) -> None:
    out = io.StringIO()
    call_command("bench_import", "--rows", "40", stdout=out)
    text = out.getvalue()
    assert "first import: 40 rows in" in text and "40 added" in text
    assert "re-import (unchanged): 40 rows" in text and "40 unchanged" in text
