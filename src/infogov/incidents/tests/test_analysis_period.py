"""The analysis a board can use: a period, outcomes apart, cause and division by quarter."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from infogov.clocks import LONDON
from infogov.incidents import models
from infogov.incidents.analysis import PeriodError, Quarter, analyse, parse_period
from infogov.incidents.tests.factories import CauseFactory, IncidentFactory

pytestmark = pytest.mark.django_db
API = "/api/incidents/analysis/"


def test_financial_quarters_run_april_to_march() -> None:
    assert Quarter.of(date(2025, 4, 1)) == Quarter(2025, 1)
    assert Quarter.of(date(2025, 12, 31)) == Quarter(2025, 3)
    assert Quarter.of(date(2026, 3, 31)) == Quarter(2025, 4)
    assert Quarter(2025, 4).start == date(2026, 1, 1)
    assert Quarter(2025, 4).end == date(2026, 3, 31)
    assert Quarter(2025, 4).label == "2025-26 Q4"


def test_a_period_is_dates_a_financial_year_or_a_quarter() -> None:
    today = date(2026, 5, 10)
    year = parse_period({"year": "2025-26"}, today)
    assert (year.start, year.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert len(year.quarters) == 4
    q3 = parse_period({"year": "2025", "quarter": "3"}, today)
    assert (q3.start, q3.end) == (date(2025, 10, 1), date(2025, 12, 31))
    dates = parse_period({"from": "2025-06-15", "to": "2025-11-01"}, today)
    assert [q.label for q in dates.quarters] == ["2025-26 Q1", "2025-26 Q2", "2025-26 Q3"]
    default = parse_period({}, today)
    assert (default.start, default.end) == (date(2026, 4, 1), today)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "1 April"}, "from"),
        ({"to": "2025-13-01"}, "to"),
        ({"from": "2025-06-01", "to": "2025-05-01"}, "to"),
        ({"year": "last year"}, "year"),
        ({"year": "2025-27"}, "year"),
        ({"year": "2025", "quarter": "5"}, "quarter"),
        ({"year": "2025", "from": "2025-04-01"}, "year"),
        ({"from": "2000-01-01", "to": "2025-01-01"}, "from"),
    ],
)
def test_a_bad_period_names_its_parameter(params: dict[str, str], field: str) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(params, date(2026, 5, 10))
    assert field in raised.value.errors


def _reported(people: Any, when: datetime, **extra: Any) -> models.Incident:
    return IncidentFactory(
        reported_at=when,
        occurred_at=when - timedelta(hours=5),
        discovered_at=when - timedelta(hours=3),
        **{"division": people.division_a, **extra},
    )


@pytest.fixture
def year(people: Any) -> dict[str, Any]:
    """Financial year 2025-26: reports in Q1 and Q3, and one outside the year."""
    email = CauseFactory(
        name="Wrong e-mail address chosen",
        ico_type=models.IcoIncidentType.objects.get(code="emailed_wrong_recipient"),
    )
    post = models.Cause.objects.get(name="Data posted or faxed to incorrect recipient")
    q1 = datetime(2025, 5, 10, 10, 0, tzinfo=LONDON)
    q3 = datetime(2025, 11, 3, 10, 0, tzinfo=LONDON)
    _reported(people, q1, cause=email, is_near_miss=True)
    _reported(
        people,
        q1,
        cause=email,
        personal_data_breach=True,
        aware_at=q1,
        ico_notified_at=q1 + timedelta(hours=20),
        decision="report",
    )
    _reported(people, q3, cause=post)
    _reported(people, q3, division=people.division_b, cause=post)
    _reported(people, datetime(2025, 3, 31, 12, 0, tzinfo=LONDON), cause=post)  # 2024-25
    return {"email": email, "post": post}


def test_analysis_separates_outcomes_and_counts_cause_and_division_by_quarter(
    people: Any, year: Any
) -> None:
    result = analyse(people.ig_manager, parse_period({"year": "2025-26"}))
    assert result.total == 4
    assert (result.near_misses, result.reported_to_ico, result.not_reported) == (1, 1, 2)
    outcomes = {b.name: b.counts for b in result.by_outcome}
    assert outcomes == {
        "Near misses": [1, 0, 0, 0],
        "Incidents reported to the ICO": [1, 0, 0, 0],
        "Incidents not reported to the ICO": [0, 0, 2, 0],
    }
    causes = {b.name: (b.detail, b.counts) for b in result.by_cause}
    assert causes["Wrong e-mail address chosen"] == (
        "Data emailed to incorrect recipient",
        [2, 0, 0, 0],
    )
    assert causes["Data posted or faxed to incorrect recipient"][1] == [0, 0, 2, 0]
    divisions = {b.name: b.counts for b in result.by_division}
    assert divisions == {
        "Corporate Resources": [2, 0, 1, 0],
        "Communities & Wellbeing": [0, 0, 1, 0],
    }
    ico = {b.name: b.detail for b in result.by_ico_type}
    assert ico["Data emailed to incorrect recipient"] == "Non-cyber"


def test_analysis_page_shows_the_period_charts_and_tables(
    people: Any, client_as: Any, year: Any
) -> None:
    page = (
        client_as(people.ig_manager)
        .get(reverse("incidents:analysis"), {"year": "2025-26"})
        .content.decode()
    )
    assert "Financial year 2025-26" in page
    assert page.count("data:image/svg+xml;base64,") == 4  # outcome, cause, ICO type, division
    for heading in (
        "Near misses and incidents by quarter",
        "Reports by cause by quarter",
        "Reports by division by quarter",
        "2025-26 Q3",
        "Incidents reported to the ICO",
        "Wrong e-mail address chosen",
    ):
        assert heading in page


def test_a_bad_period_on_the_page_is_a_400_with_the_message(people: Any, client_as: Any) -> None:
    response = client_as(people.ig_manager).get(
        reverse("incidents:analysis"), {"from": "2025-06-01", "to": "2025-05-01"}
    )
    assert response.status_code == 400
    assert "The end of the period must be on or after its start." in response.content.decode()


def test_analysis_downloads_use_the_period(people: Any, client_as: Any, year: Any) -> None:
    client = client_as(people.ig_manager)
    xlsx = client.get(reverse("incidents:analysis"), {"year": "2025-26", "export": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    assert "Cause by quarter" in book.sheetnames and "Division by quarter" in book.sheetnames
    rows = list(book["Division by quarter"].iter_rows(values_only=True))
    assert rows[0] == ("Division", "2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4", "Total")
    assert ("Corporate Resources", 2, 0, 1, 0, 3) in rows
    response = client.get(reverse("incidents:analysis"), {"year": "2025", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:4] == ["Table", "Row", "Detail", "Quarter"]
    assert ["Division", "Communities & Wellbeing", "", "2025-26 Q3"] in [r[:4] for r in lines]


def test_api_analysis_gives_the_same_figures_and_checks_permission(
    people: Any, api_as: Any, year: Any
) -> None:
    body = api_as(people.ig_manager).get(API, {"from": "2025-04-01", "to": "2026-03-31"}).json()
    assert body["totals"] == {
        "reports": 4,
        "near_misses": 1,
        "reported_to_ico": 1,
        "not_reported": 2,
    }
    division = {row["division"]: row for row in body["by_division"]}
    assert division["Corporate Resources"]["by_quarter"]["2025-26 Q1"] == 2
    # An officer sees their own division only.
    officer = api_as(people.officer_b).get(API, {"year": "2025-26"}).json()
    assert officer["totals"]["reports"] == 1
    assert [row["division"] for row in officer["by_division"]] == ["Communities & Wellbeing"]
    # Staff may not; nobody signed in may not; a bad period is a 400 naming it.
    assert api_as(people.staff).get(API).status_code == 403
    assert api_as(None).get(API).status_code in {401, 403}
    bad = api_as(people.ig_manager).get(API, {"quarter": "7"})
    assert bad.status_code == 400 and "quarter" in bad.json()


def test_page_refused_to_staff_and_scoped_for_another_division(
    people: Any, client_as: Any, year: Any
) -> None:
    assert client_as(people.staff).get(reverse("incidents:analysis")).status_code == 403
    page = (
        client_as(people.officer_b)
        .get(reverse("incidents:analysis"), {"year": "2025-26"})
        .content.decode()
    )
    assert "Communities &amp; Wellbeing" in page
    assert "Wrong e-mail address chosen" not in page


def test_incident_list_export_carries_the_board_columns(
    people: Any, client_as: Any, year: Any
) -> None:
    url = reverse("incidents:incident_list")
    response = client_as(people.ig_manager).get(url, {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    for heading in (
        "Type",
        "Cause",
        "ICO incident type",
        "Cyber or non-cyber",
        "Division",
        "Personal data breach",
        "Reported to the ICO",
        "Happened",
        "Discovered",
        "Reported",
        "Council became aware",
        "ICO notified",
    ):
        assert heading in rows[0], heading
    notified = next(r for r in rows if r["ICO notified"])
    assert notified["Reported to the ICO"] == "Yes"
    assert notified["ICO incident type"] == "Data emailed to incorrect recipient"
    xlsx = client_as(people.ig_manager).get(url, {"export": "xlsx"})
    assert b"".join(xlsx.streaming_content).startswith(b"PK")


def test_reporter_export_of_their_reports_hides_the_assessment(
    people: Any, client_as: Any, year: Any
) -> None:
    models.Incident.objects.update(reported_by=people.staff.person)
    response = client_as(people.staff).get(reverse("incidents:my_reports"), {"export": "csv"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert rows and all(not r["Cause"] and not r["ICO incident type"] for r in rows)
    assert all(r["Reported to the ICO"] in {"", "•••"} for r in rows)
