"""Data-quality checks: every problem kept and downloadable, UPRNs, missing columns,
length and range rules, and checks run once in the background with visible progress."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from infogov.assets import models, services
from infogov.assets.choices import CheckState
from infogov.assets.quality import (
    FieldRule,
    MissingColumns,
    check_extract,
    check_value,
    fast_check_value,
    json_schema,
)
from infogov.assets.reminders import quality_checks
from infogov.assets.tests.factories import AssetFactory, DataStandardFactory, StandardFieldFactory
from infogov.core.reminders import discover_jobs

pytestmark = pytest.mark.django_db


def _upload(body: str, name: str = "extract.csv") -> io.BytesIO:
    upload = io.BytesIO(body.encode())
    upload.name = name
    return upload


def _gazetteer(people: Any, unique_key: str = "UPRN") -> Any:
    standard = DataStandardFactory(
        asset=AssetFactory(division=people.division_a), unique_key=unique_key
    )
    StandardFieldFactory(standard=standard, name="UPRN", field_type="uprn", required=True)
    StandardFieldFactory(
        standard=standard, name="Postcode", field_type="uk_postcode", required=True
    )
    return standard


def test_every_problem_is_kept_paged_and_downloadable(people: Any, client_as: Any) -> None:
    standard = _gazetteer(people)
    body = "UPRN,Postcode\n" + "".join(f"{100000 + i},BAD {i}\n" for i in range(3000))
    client = client_as(people.officer_a)
    client.post(f"/assets/data-standards/{standard.pk}/check/", {"file": _upload(body)})
    assert services.run_queued_checks() == 1
    check = models.QualityCheck.objects.get()
    assert check.state == CheckState.DONE
    assert check.error_count == 3000 == check.problems.count()
    assert list(check.problems.order_by("id").values_list("row", flat=True)) == list(range(2, 3002))

    page = client.get(check.get_absolute_url()).content.decode()
    assert "3,000 problems, 1 to 50 shown" in page
    assert page.count('<td class="govuk-table__cell">BAD ') == 50
    last = client.get(check.get_absolute_url() + "?page=60").content.decode()
    assert "BAD 2999" in last and "2,951 to 3,000 shown" in last

    url = f"/assets/quality-checks/{check.pk}/problems/"
    text = client.get(url + "?format=csv").getvalue().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Row", "Column", "Value", "Rule", "Message"]
    assert len(rows) == 3001
    assert rows[-1] == ["3001", "Postcode", "BAD 2999", "uk_postcode", "not a UK postcode"]
    workbook = load_workbook(
        io.BytesIO(client.get(url + "?format=xlsx").getvalue()), read_only=True
    )
    assert len(list(workbook.worksheets[0].iter_rows(values_only=True))) == 3001
    assert client_as(people.officer_b).get(url + "?format=csv").status_code == 404


def test_problems_are_listed_through_the_api(people: Any, api_as: Any) -> None:
    standard = _gazetteer(people)
    body = "UPRN,Postcode\n" + "".join(f"{100000 + i},BAD\n" for i in range(120))
    api = api_as(people.officer_a)
    check_id = api.post(
        f"/api/assets/data-standards/{standard.pk}/check/",
        {"file": _upload(body)},
        format="multipart",
    ).json()["id"]
    services.run_queued_checks()
    listing = api.get(f"/api/assets/quality-checks/{check_id}/problems/").json()
    assert listing["count"] == 120 and len(listing["results"]) == 50
    assert listing["results"][0] == {
        "row": 2,
        "column": "Postcode",
        "value": "BAD",
        "rule": "uk_postcode",
        "message": "not a UK postcode",
    }


def test_a_duplicate_names_the_earlier_row_it_repeats() -> None:
    rules = [FieldRule("UPRN", "uprn", required=True)]
    rows = [
        (2, {"UPRN": "100000000001"}),
        (3, {"UPRN": "100000000002"}),
        (5, {"UPRN": "100000000001"}),
        (9, {"UPRN": "100000000001"}),
        (10, {"UPRN": ""}),
    ]
    result = check_extract(["UPRN"], rows, rules, ["UPRN"])
    duplicates = [(e.row, e.message) for e in result.errors if e.rule == "unique key"]
    assert duplicates == [
        (5, "duplicate of row 2"),
        (9, "duplicate of row 2"),
        (10, "blank key"),
    ]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("123456", True),
        ("12345678901", True),
        ("123456789012", True),
        ("000012345678", True),
        ("1234567890123", False),
        ("0", False),
        ("000000000000", False),
        ("-123456", False),
        ("12345678901A", False),
        ("1234.5", False),
    ],
)
def test_uprns_are_positive_whole_numbers_of_up_to_twelve_digits(value: str, ok: bool) -> None:
    rule = FieldRule("UPRN", "uprn")
    assert (check_value(rule, value) is None) is ok
    assert (fast_check_value(rule, value) is None) is ok


@given(
    value=st.text(alphabet=st.sampled_from("0123456789-.eE aAbZ+"), min_size=1, max_size=14)
    .map(str.strip)
    .filter(bool),
    kind=st.sampled_from(["text", "integer", "decimal", "uprn", "uk_postcode", "date"]),
)
def test_compiled_rules_agree_with_json_schema(value: str, kind: str) -> None:
    rule = FieldRule(
        "x",
        kind,
        pattern=r"[0-9a-z .+-]+",
        min_length=2,
        max_length=10,
        minimum=Decimal("-5"),
        maximum=Decimal("99999"),
    )
    assert fast_check_value(rule, value) == check_value(rule, value)
    assert json_schema([rule])["properties"]["x"]["x-number"] == {
        "type": "number",
        "minimum": -5.0,
        "maximum": 99999.0,
    }


def test_a_missing_key_column_is_refused_before_the_check_runs(
    people: Any, client_as: Any, api_as: Any
) -> None:
    standard = _gazetteer(people, unique_key="Uprn")
    client = client_as(people.officer_a)
    response = client.post(
        f"/assets/data-standards/{standard.pk}/check/",
        {"file": _upload("UPRN,Postcode\n100000000001,EH22 1AA\n")},
        follow=True,
    )
    text = response.content.decode()
    assert "The extract has no column “Uprn” (the extract has “UPRN”)" in text
    assert "Columns found: “UPRN”, “Postcode”" in text
    assert not models.QualityCheck.objects.exists()
    page = client.get(standard.get_absolute_url()).content.decode()
    assert "The unique key names “Uprn”, which is not a field of the standard" in page
    api = api_as(people.officer_a).post(
        f"/api/assets/data-standards/{standard.pk}/check/",
        {"file": _upload("UPRN,Postcode\n1,EH22 1AA\n")},
        format="multipart",
    )
    assert api.status_code == 400 and "Uprn" in api.json()["file"][0]
    with pytest.raises(MissingColumns):
        check_extract(["UPRN"], [(2, {"UPRN": "1"})], [FieldRule("Town")], ["UPRN"])


def test_a_column_missing_from_an_xlsx_extract_is_refused(people: Any) -> None:
    from django.core.exceptions import ValidationError

    from infogov.core.spreadsheets import write_sheet

    standard = _gazetteer(people)
    buffer = io.BytesIO()
    write_sheet(buffer, "xlsx", ["UPRN", "Post code"], [["1", "EH22 1AA"]])
    with pytest.raises(ValidationError, match="no column “Postcode”"):
        services.queue_quality_check(
            standard,
            acting_user=people.officer_a,
            data=buffer.getvalue(),
            filename="x.xlsx",
        )


def test_min_length_and_numeric_range_rules() -> None:
    rules = [
        FieldRule("Code", min_length=3, max_length=5),
        FieldRule("Easting", "decimal", minimum=Decimal("0"), maximum=Decimal("700000")),
        FieldRule("Floors", minimum=Decimal("1")),
    ]
    rows = [
        (2, {"Code": "AB", "Easting": "330000.5", "Floors": "2"}),
        (3, {"Code": "ABC", "Easting": "-1", "Floors": "0"}),
        (4, {"Code": "ABCDEF", "Easting": "700001", "Floors": "many"}),
        (5, {"Code": "ABCDE", "Easting": "700000", "Floors": ""}),
    ]
    result = check_extract(["Code", "Easting", "Floors"], rows, rules)
    assert [(e.row, e.column, e.rule, e.message) for e in result.errors] == [
        (2, "Code", "min length", "shorter than 3 characters"),
        (3, "Easting", "minimum", "not a number of at least 0"),
        (3, "Floors", "minimum", "not a number of at least 1"),
        (4, "Code", "max length", "longer than 5 characters"),
        (4, "Easting", "maximum", "not a number of at most 700000"),
        (4, "Floors", "minimum", "not a number of at least 1"),
    ]


def test_length_and_range_rules_are_set_through_the_form_and_the_api(
    people: Any, api_as: Any
) -> None:
    standard = DataStandardFactory(asset=AssetFactory(division=people.division_a))
    api = api_as(people.officer_a)
    made = api.post(
        "/api/assets/standard-fields/",
        {
            "standard": standard.pk,
            "name": "Easting",
            "min_length": 6,
            "minimum": "0",
            "maximum": "700000",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    field = models.StandardField.objects.get(name="Easting")
    assert field.rule().minimum == 0 and field.rule().min_length == 6
    assert fast_check_value(field.rule(), "-100000.5") == "not a number of at least 0"
    assert fast_check_value(field.rule(), "7000001") == "not a number of at most 700000"
    assert (field.length_text, field.range_text) == ("6 to any", "0 to 700000")
    backwards = api.post(
        "/api/assets/standard-fields/",
        {"standard": standard.pk, "name": "Northing", "minimum": "10", "maximum": "1"},
        format="json",
    )
    assert backwards.status_code == 400 and "minimum" in backwards.json()
    from infogov.assets.forms import StandardFieldForm

    assert {"min_length", "minimum", "maximum"} <= set(StandardFieldForm.base_fields)


def test_the_upload_answers_without_running_the_check(people: Any, client_as: Any) -> None:
    standard = _gazetteer(people)
    client = client_as(people.officer_a)
    response = client.post(
        f"/assets/data-standards/{standard.pk}/check/",
        {"file": _upload("UPRN,Postcode\n100000000001,bad\n")},
    )
    check = models.QualityCheck.objects.get()
    assert response.status_code == 302 and response["Location"] == check.get_absolute_url()
    assert check.state == CheckState.QUEUED
    assert check.row_count == 0 and not check.problems.exists()
    page = client.get(check.get_absolute_url()).content.decode()
    assert "Queued" in page and "Waiting to start" in page
    assert "extract.csv" in page and "Completeness (%)" not in page  # no scores yet
    assert f'hx-get="/assets/quality-checks/{check.pk}/progress/"' in page
    assert f'<a class="govuk-link" href="{check.get_absolute_url()}">Refresh the page</a>' in page
    assert "<script>" not in page  # CSP: scripts only from files


def test_a_queued_check_is_run_by_the_job_exactly_once(people: Any, client_as: Any) -> None:
    standard = _gazetteer(people)
    client_as(people.officer_a).post(
        f"/assets/data-standards/{standard.pk}/check/",
        {"file": _upload("UPRN,Postcode\n1,bad\n1,EH22 1AA\n")},
    )
    assert "quality-checks" in discover_jobs()
    now = timezone.now()
    assert quality_checks(now) == 1
    assert quality_checks(now) == 0
    check = models.QualityCheck.objects.get()
    assert check.state == CheckState.DONE and check.extract is None
    assert [(p.row, p.message) for p in check.problems.all()] == [
        (2, "not a UK postcode"),
        (3, "duplicate of row 2"),
    ]
    # A check claimed by one worker cannot be claimed, or finished, by another.
    models.QualityCheck.objects.filter(pk=check.pk).update(state=CheckState.QUEUED)
    first = services.claim_next_check()
    assert first is not None and services.claim_next_check() is None
    stale = models.QualityCheck.objects.get(pk=check.pk)
    stale.started_at = now - timedelta(days=1)
    services.perform_quality_check(stale)
    assert models.QualityCheck.objects.get(pk=check.pk).state == CheckState.RUNNING
    assert check.problems.count() == 2


def test_state_and_progress_show_on_the_page_and_in_the_api(
    people: Any, client_as: Any, api_as: Any
) -> None:
    standard = _gazetteer(people)
    body = "UPRN,Postcode\n" + "".join(f"{100 + i},EH22 1AA\n" for i in range(4500))
    client = client_as(people.officer_a)
    client.post(f"/assets/data-standards/{standard.pk}/check/", {"file": _upload(body)})
    check = models.QualityCheck.objects.get()
    progress_url = f"/assets/quality-checks/{check.pk}/progress/"
    seen: list[int] = []
    original = services._report_progress

    def spy(query: Any, done: int) -> None:
        original(query, done)
        seen.append(done)
        fragment = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
        assert f"{done:,} of 4,500 rows checked" in fragment and "Running" in fragment
        state = api_as(people.officer_a).get(f"/api/assets/quality-checks/{check.pk}/").json()
        assert (state["state"], state["rows_done"], state["row_count"]) == ("running", done, 4500)

    services._report_progress = spy  # type: ignore[assignment]
    try:
        services.run_queued_checks()
    finally:
        services._report_progress = original  # type: ignore[assignment]
    assert seen == [2000, 4000]
    polled = client.get(progress_url, HTTP_HX_REQUEST="true")
    assert polled.headers.get("HX-Refresh") == "true"  # finished: the page reloads itself
    page = client.get(check.get_absolute_url()).content.decode()
    assert "Done" in page and "No problems: every row met the standard." in page
    assert "Completeness (%)" in page
    assert 'hx-get="' + progress_url not in page


def test_a_check_that_cannot_run_is_marked_failed_with_the_reason(
    people: Any, client_as: Any
) -> None:
    standard = _gazetteer(people)
    client = client_as(people.officer_a)
    client.post(
        f"/assets/data-standards/{standard.pk}/check/",
        {"file": _upload("UPRN,Postcode\n1,EH22 1AA\n")},
    )
    standard.fields.filter(name="Postcode").update(name="Post code")  # changed meanwhile
    services.run_queued_checks()
    check = models.QualityCheck.objects.get()
    assert check.state == CheckState.FAILED
    assert "no column “Post code”" in check.failure
    page = client.get(check.get_absolute_url()).content.decode()
    assert "Failed" in page and "no column “Post code”" in page


def test_an_interrupted_check_goes_back_to_the_queue(people: Any) -> None:
    standard = _gazetteer(people)
    check = services.queue_quality_check(
        standard,
        acting_user=people.officer_a,
        data=b"UPRN,Postcode\n1,EH22 1AA\n",
        filename="x.csv",
    )
    models.QualityCheck.objects.filter(pk=check.pk).update(
        state=CheckState.RUNNING, started_at=timezone.now() - timedelta(hours=2)
    )
    assert services.run_queued_checks() == 1
    assert models.QualityCheck.objects.get(pk=check.pk).state == CheckState.DONE


def test_opening_the_progress_fragment_directly_shows_the_whole_check_page(
    people: Any, client_as: Any
) -> None:
    standard = _gazetteer(people)
    client = client_as(people.officer_a)
    client.post(
        f"/assets/data-standards/{standard.pk}/check/",
        {"file": _upload("UPRN,Postcode\n1,EH22 1AA\n")},
    )
    check = models.QualityCheck.objects.get()
    response = client.get(f"/assets/quality-checks/{check.pk}/progress/")
    assert response.status_code == 302
    assert response.headers["Location"] == check.get_absolute_url()
