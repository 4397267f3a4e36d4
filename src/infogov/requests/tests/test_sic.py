"""The Commissioner's quarterly return: April-based quarters, every measure in the right
place, FOISA and EIR apart, exemptions per subsection, bad input, access and the reminder."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from infogov.core.models import Notification
from infogov.requests import models, reminders, services
from infogov.requests.sic import SicQuarter, build_return, quarter_of
from infogov.requests.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

API = "/api/requests/statistics/sic/"


def answer(case: Any, user: Any, on: date, outcome: str) -> Any:
    return services.respond(case, acting_user=user, on=on, method="email", outcome=outcome)


def exempt(case: Any, user: Any, *codes: str) -> None:
    document = services.add_document(
        models.Document(
            case=case, title="Records", file=SimpleUploadedFile("records.txt", b"records")
        ),
        acting_user=user,
    )
    for code in codes:
        services.apply_exemption(document, acting_user=user, exemption=code)


def figures(year: int = 2026, quarter: int = 1) -> dict[str, Any]:
    return build_return(models.Case.objects.all(), SicQuarter(year, quarter))


def test_quarters_start_in_april_and_the_fourth_ends_in_march_of_the_next_year() -> None:
    q1, q4 = SicQuarter(2026, 1), SicQuarter(2026, 4)
    assert (q1.start, q1.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert (q4.start, q4.end) == (date(2027, 1, 1), date(2027, 3, 31))
    assert quarter_of(date(2027, 1, 1)) == q4
    assert quarter_of(date(2026, 3, 31)) == SicQuarter(2025, 4)
    assert q1.return_due == date(2026, 8, 11)  # six weeks after 30 June


@pytest.fixture
def quarter_cases(people: Any, api_as: Any) -> dict[str, Any]:
    ig = people.ig_manager
    cases: dict[str, Any] = {}
    cases["in_full"] = answer(
        CaseFactory(kind="foi", received_on=date(2026, 4, 1)), ig, date(2026, 4, 20),
        "disclosed_in_full",
    )  # fmt: skip
    # Received in the previous quarter (2025-26 Q4), answered in this one.
    withheld = CaseFactory(kind="foi", received_on=date(2026, 3, 31))
    exempt(withheld, ig, "foisa_s38_1_b", "foisa_s30_b_i")
    exempt(withheld, ig, "foisa_s38_1_b")  # a second document: still one request
    cases["withheld"] = answer(withheld, ig, date(2026, 4, 15), "withheld")
    cases["late_cost"] = answer(
        CaseFactory(kind="foi", received_on=date(2026, 5, 1)), ig, date(2026, 6, 30),
        "excessive_cost",
    )  # fmt: skip
    withdrawn = CaseFactory(kind="foi", received_on=date(2026, 5, 5))
    response = api_as(ig).post(
        f"/api/requests/cases/{withdrawn.pk}/events/",
        {"type": "withdrawn", "on": "2026-05-10"},
        format="json",
    )
    assert response.status_code == 201, response.content
    fee = CaseFactory(kind="foi", received_on=date(2026, 4, 6))
    services.add_event(fee, acting_user=ig, type="fee_requested", on=date(2026, 4, 8))
    services.add_event(fee, acting_user=ig, type="fee_received", on=date(2026, 4, 10))
    answer(fee, ig, date(2026, 5, 5), "disclosed_in_part")
    CaseFactory(kind="foi", received_on=date(2026, 4, 1))  # never answered
    for outcome in ("vexatious", "repeated", "neither_confirm_nor_deny", "not_held"):
        answer(CaseFactory(kind="foi", received_on=date(2026, 4, 2)), ig, date(2026, 4, 9), outcome)
    clarification = CaseFactory(kind="foi", received_on=date(2026, 4, 2))
    services.add_event(
        clarification, acting_user=ig, type="clarification_requested", on=date(2026, 4, 7)
    )
    services.close(
        clarification, acting_user=ig, on=date(2026, 6, 1), outcome="clarification_not_received"
    )
    extended = CaseFactory(kind="eir", received_on=date(2026, 4, 1))
    services.add_event(extended, acting_user=ig, type="extended", on=date(2026, 4, 20))
    answer(extended, ig, date(2026, 5, 20), "excessive_cost")
    answer(CaseFactory(kind="eir", received_on=date(2026, 4, 1)), ig, date(2026, 4, 9), "vexatious")
    eir_withheld = CaseFactory(kind="eir", received_on=date(2026, 4, 1))
    exempt(eir_withheld, ig, "eir_10_5_e", "eir_11_2")
    answer(eir_withheld, ig, date(2026, 4, 28), "withheld")
    for outcome, on in (
        ("review_upheld", date(2026, 4, 20)),
        ("review_modified", date(2026, 4, 20)),
        ("review_overturned", date(2026, 6, 15)),  # late
        ("review_first_decision", date(2026, 4, 20)),
    ):
        answer(CaseFactory(kind="foi_review", received_on=date(2026, 4, 1)), ig, on, outcome)
    for outcome in ("review_upheld", "review_overturned"):
        answer(
            CaseFactory(kind="eir_review", received_on=date(2026, 4, 1)), ig, date(2026, 4, 20),
            outcome,
        )  # fmt: skip
    CaseFactory(kind="foi_review", received_on=date(2026, 5, 4))  # never answered: due in Q1
    CaseFactory(kind="sar", received_on=date(2026, 4, 14))
    CaseFactory(kind="foi", received_on=date(2026, 1, 15))  # 2025-26 Q4, not 2026 Q1
    return cases


def test_request_measures_land_in_the_april_quarter_apart_for_foisa_and_eir(
    quarter_cases: Any,
) -> None:
    r = figures()["requests"]
    assert r["requests_received"] == {"foisa": 10, "eir": 3}
    assert r["sars_received"] == {"foisa": 1, "eir": None}
    assert r["closed_clarification_not_received"]["foisa"] == 1
    assert r["withdrawn"] == {"foisa": 1, "eir": 0}
    assert r["fees_notices_issued"]["foisa"] == 1 and r["fees_paid"]["foisa"] == 1
    assert r["responded_within_timescale"] == {"foisa": 7, "eir": 3}
    assert r["responded_late"] == {"foisa": 1, "eir": 0}
    assert r["not_responded"] == {"foisa": 1, "eir": 0}
    assert r["extensions_reg7"] == {"foisa": None, "eir": 1}
    assert r["refused_excessive_cost"] == {"foisa": 1, "eir": None}
    assert r["manifestly_unreasonable_cost"] == {"foisa": None, "eir": 1}
    assert r["manifestly_unreasonable_other"] == {"foisa": None, "eir": 1}
    assert r["vexatious"]["foisa"] == 1 and r["repeated"]["foisa"] == 1
    assert r["provided_in_full"]["foisa"] == 1
    assert r["refused_in_full"] == {"foisa": 1, "eir": 1}
    assert r["partially_provided"]["foisa"] == 1
    assert r["not_held"]["foisa"] == 1
    assert r["neither_confirm_nor_deny"]["foisa"] == 1


def test_each_review_result_is_counted(quarter_cases: Any) -> None:
    v = figures()["reviews"]
    assert v["reviews_received"] == {"foisa": 5, "eir": 2}
    assert v["reviews_within_timescale"] == {"foisa": 3, "eir": 2}
    assert v["reviews_late"] == {"foisa": 1, "eir": 0}
    assert v["reviews_not_responded"] == {"foisa": 1, "eir": 0}
    assert v["reviews_upheld_without_modification"] == {"foisa": 1, "eir": 1}
    assert v["reviews_upheld_with_modification"] == {"foisa": 1, "eir": 0}
    assert v["reviews_overturned"] == {"foisa": 1, "eir": 1}
    assert v["reviews_first_decision"] == {"foisa": 1, "eir": 0}
    assert v["reviews_reg16_complied"] == {"foisa": None, "eir": 1}
    assert v["reviews_reg16_not_complied"] == {"foisa": None, "eir": 1}


def test_exemptions_are_counted_per_subsection_once_per_request(quarter_cases: Any) -> None:
    ex = figures()["exemptions"]
    assert ex["foisa"]["s.38(1)(b)"] == 1
    assert ex["foisa"]["s.30(b)(i)"] == 1
    assert ex["foisa"]["s.30(b)(ii)"] == 0
    assert ex["eir"]["reg. 10(5)(e)"] == 1 and ex["eir"]["reg. 11(2)"] == 1
    assert {"reg. 10(4)(a)", "reg. 10(8)", "reg. 11(1)", "reg. 11(6)"} <= set(ex["eir"])


def test_january_to_march_is_the_fourth_quarter_of_the_previous_year(quarter_cases: Any) -> None:
    q4 = figures(2025, 4)["requests"]
    assert q4["requests_received"]["foisa"] == 2  # 15 January and 31 March 2026


def test_an_event_withdrawn_in_error_no_longer_counts(people: Any) -> None:
    case = CaseFactory(kind="foi", received_on=date(2026, 4, 6))
    event = services.add_event(
        case, acting_user=people.ig_manager, type="fee_requested", on=date(2026, 4, 8)
    )
    assert figures()["requests"]["fees_notices_issued"]["foisa"] == 1
    services.withdraw_event(event, acting_user=people.ig_manager, reason="Wrong case")
    assert figures()["requests"]["fees_notices_issued"]["foisa"] == 0


def test_api_answers_json_with_the_measures_as_keys(quarter_cases: Any, people: Any, api_as: Any):  # type: ignore[no-untyped-def]
    response = api_as(people.siro).get(API, {"year": "2026", "quarter": "1"})
    assert response.status_code == 200
    body = response.json()
    assert body["period_start"] == "2026-04-01" and body["period_end"] == "2026-06-30"
    assert body["requests"]["requests_received"] == {"foisa": 10, "eir": 3}
    assert body["reviews"]["reviews_overturned"] == {"foisa": 1, "eir": 1}


@pytest.mark.parametrize(
    ("query", "field"),
    [({"year": "2026", "quarter": "5"}, "quarter"), ({"year": "20x6", "quarter": "1"}, "year")],
)
def test_bad_year_or_quarter_is_a_400_naming_the_parameter(
    people: Any, api_as: Any, client_as: Any, query: dict[str, str], field: str
) -> None:
    response = api_as(people.ig_manager).get(API, query)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    page = client_as(people.ig_manager).get(reverse("requests:sic_return"), query)
    assert page.status_code == 400
    assert f'id="id_{field}-error"' in page.content.decode()


def test_only_council_wide_readers_see_the_return(people: Any, api_as: Any) -> None:
    assert api_as(people.auditor).get(API).status_code == 200
    assert api_as(people.caseworker).get(API).status_code == 403
    assert api_as(people.staff).get(API).status_code == 404
    assert api_as(people.officer_a).get(API).status_code == 404


def test_workbook_has_the_template_sheets(quarter_cases: Any, people: Any, client_as: Any) -> None:
    response = client_as(people.ig_manager).get(
        reverse("requests:sic_return"), {"year": "2026", "quarter": "1", "format": "xlsx"}
    )
    content = b"".join(response.streaming_content)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Requests", "Reviews", "ExemptionsExceptions"]
    requests_sheet = {row[0]: row[2:] for row in book["Requests"].iter_rows(values_only=True)}
    assert requests_sheet["Requests received"] == (10, 3)
    assert requests_sheet["Deadline extended to 40 working days"] == (None, 1)
    exemptions = {
        row[1]: row[3] for row in book["ExemptionsExceptions"].iter_rows(values_only=True)
    }
    assert exemptions["s.38(1)(b)"] == 1


def test_page_shows_the_quarter_and_its_due_date(people: Any, client_as: Any) -> None:
    page = client_as(people.ig_manager).get(
        reverse("requests:sic_return"), {"year": "2026", "quarter": "4"}
    )
    text = page.content.decode()
    assert "1 January 2027 to 31 March 2027" in text
    assert "12 May 2027" in text


def test_ig_manager_is_reminded_once_before_the_return_is_due(people: Any) -> None:
    people.ig_manager.person.email = "ig@example.org"
    people.ig_manager.person.save()

    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)

    assert reminders.sic_return_due(at(date(2026, 7, 20))) == 0  # too early
    assert reminders.sic_return_due(at(date(2026, 7, 30))) == 1
    assert reminders.sic_return_due(at(date(2026, 8, 5))) == 0  # once per quarter
    assert reminders.sic_return_due(at(date(2026, 8, 12))) == 0  # after the due date
    message = Notification.objects.get()
    assert "11 August 2026" in message.subject and "year=2026&quarter=1" in message.body
