"""Dates and text people enter are bounded, with a field error, in the form and the API alike."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from infogov.core.validators import TEXT_MAX_LENGTH, DateBounds, happened, planned
from infogov.incidents.models import Incident
from infogov.incidents.tests.factories import IncidentFactory
from infogov.requests.models import Case
from infogov.risks.models import Risk
from infogov.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db

INCIDENTS = "/api/incidents/incidents/"
CASES = "/api/requests/cases/"


def report_api(people: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Letter to wrong address",
        "division": people.division_a.pk,
        "description": "A letter went to the wrong address.",
        "occurred_at": "2026-03-27T08:00:00Z",
        "discovered_at": "2026-03-27T09:30:00Z",
        "is_near_miss": False,
        **extra,
    }


def report_form(people: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Bag of files left on train",
        "division": people.division_a.pk,
        "description": "Files were left on the train.",
        "occurred_at": "2026-03-27T08:00",
        "discovered_at": "2026-03-27T09:30",
        **extra,
    }


def case_api(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "sar",
        "received_on": "2026-01-30",
        "requester_name": "Jo Bloggs",
        "description": "My file",
        **extra,
    }


def form_errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code in (200, 400), response.status_code
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


# --- dates ---------------------------------------------------------------------------


def test_incident_occurred_in_year_one_is_refused_by_the_api(people: Any, api_as: Any) -> None:
    api = api_as(people.staff)
    response = api.post(
        INCIDENTS, report_api(people, occurred_at="0001-01-01T00:00:00"), format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["occurred_at"] == ["Enter a date on or after 1 January 1990."]
    with_offset = api.post(
        INCIDENTS, report_api(people, occurred_at="0001-01-01T00:00:00+01:00"), format="json"
    )
    assert with_offset.status_code == 400
    assert "occurred_at" in with_offset.json()
    assert not Incident.objects.exists()


def test_incident_occurred_in_year_one_is_refused_by_the_form(people: Any, client_as: Any) -> None:
    response = client_as(people.staff).post(
        reverse("incidents:report"), report_form(people, occurred_at="0001-01-01T00:00")
    )
    assert form_errors(response)["occurred_at"] == ["Enter a date on or after 1 January 1990."]
    assert not Incident.objects.exists()


def test_incident_reported_as_happening_next_year_is_refused(
    people: Any, api_as: Any, client_as: Any
) -> None:
    next_year = timezone.localdate() + timedelta(days=365)
    response = api_as(people.staff).post(
        INCIDENTS,
        report_api(
            people,
            occurred_at=f"{next_year}T08:00:00Z",
            discovered_at=f"{next_year}T09:00:00Z",
        ),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["occurred_at"] == ["Enter a date that is not in the future."]
    page = client_as(people.staff).post(
        reverse("incidents:report"),
        report_form(people, discovered_at=f"{next_year}T09:00"),
    )
    assert form_errors(page)["discovered_at"] == ["Enter a date that is not in the future."]


def test_aware_at_on_the_last_day_of_the_calendar_is_a_field_error_in_the_api(
    people: Any, api_as: Any
) -> None:
    incident = IncidentFactory(division=people.division_a, reported_by=people.staff.person)
    response = api_as(people.ig_manager).patch(
        f"{INCIDENTS}{incident.pk}/", {"aware_at": "9999-12-31T23:59:00Z"}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["aware_at"] == ["Enter a date that is not in the future."]
    incident.refresh_from_db()
    assert incident.aware_at is None


def test_aware_at_on_the_last_day_of_the_calendar_is_a_field_error_in_the_form(
    people: Any, client_as: Any
) -> None:
    incident = IncidentFactory(division=people.division_a, reported_by=people.staff.person)
    response = client_as(people.caseworker).post(
        reverse("incidents:assess", args=[incident.pk]),
        {"incident_type": "confidentiality", "aware_at": "9999-12-31T23:59"},
    )
    assert form_errors(response)["aware_at"] == ["Enter a date that is not in the future."]


def test_case_received_on_the_last_day_of_the_calendar_is_a_field_error_in_the_api(
    people: Any, api_as: Any
) -> None:
    response = api_as(people.ig_manager).post(
        CASES, case_api(received_on="9999-12-31"), format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["received_on"] == ["Enter a date that is not in the future."]
    assert not Case.objects.exists()


def test_case_received_on_the_last_day_of_the_calendar_is_a_field_error_in_the_form(
    people: Any, client_as: Any
) -> None:
    response = client_as(people.ig_manager).post(
        reverse("requests:case_add"),
        {**case_api(received_on="9999-12-31"), "channel": "email"},
    )
    assert form_errors(response)["received_on"] == ["Enter a date that is not in the future."]
    assert not Case.objects.exists()


def test_case_event_dated_in_the_future_is_refused_in_the_api_and_the_form(
    people: Any, api_as: Any, client_as: Any
) -> None:
    api = api_as(people.ig_manager)
    case = api.post(CASES, case_api(), format="json").json()
    response = api.post(
        f"{CASES}{case['id']}/events/", {"type": "extended", "on": "9999-12-31"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["on"] == ["The date of the event cannot be after today."]
    page = client_as(people.ig_manager).post(
        reverse("requests:case_event_add", args=[case["id"]]),
        {"type": "extended", "on": "9999-12-31"},
    )
    assert form_errors(page)["on"] == ["The date of the event cannot be after today."]


def test_review_dates_may_plan_ahead_within_the_configured_margin(people: Any, api_as: Any) -> None:
    risk = RiskFactory(division=people.division_a)
    api = api_as(people.ig_manager)
    in_five_years = timezone.localdate() + timedelta(days=5 * 365)
    ok = api.patch(f"/api/risks/risks/{risk.pk}/", {"review_date": f"{in_five_years}"})
    assert ok.status_code == 200, ok.content
    too_far = api.patch(f"/api/risks/risks/{risk.pk}/", {"review_date": "9999-12-31"})
    assert too_far.status_code == 400
    assert too_far.json()["review_date"][0].startswith("Enter a date no later than ")
    with override_settings(INFOGOV_DATE_FUTURE_MARGIN_DAYS=365):
        shorter = api.patch(f"/api/risks/risks/{risk.pk}/", {"review_date": f"{in_five_years}"})
    assert shorter.status_code == 400
    risk.refresh_from_db()
    assert risk.review_date == in_five_years


def test_review_date_beyond_the_margin_is_refused_by_the_form(people: Any, client_as: Any) -> None:
    risk = RiskFactory(division=people.division_a)
    url = reverse("risks:risk_edit", args=[risk.pk])
    client = client_as(people.ig_manager)
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in ((n, form[n].value()) for n in form.fields)
        if value is not None
    }
    data["review_date"] = "9999-12-31"
    errors = form_errors(client.post(url, data))
    assert errors["review_date"][0].startswith("Enter a date no later than ")
    assert Risk.objects.get(pk=risk.pk).review_date != date(9999, 12, 31)


@override_settings(INFOGOV_EARLIEST_DATE=date(1950, 1, 1))
def test_the_earliest_date_is_configurable() -> None:
    happened(date(1960, 5, 1))
    with pytest.raises(Exception, match="1 January 1950"):
        happened(date(1949, 12, 31))


def test_date_bounds_survive_migrations_as_the_same_validator() -> None:
    path, args, kwargs = planned.deconstruct()
    assert path == "infogov.core.validators.DateBounds"
    assert DateBounds(*args, **kwargs) == planned
    assert DateBounds(*args, **kwargs) != happened


# --- text ----------------------------------------------------------------------------


def test_overlong_incident_description_is_refused_by_the_api(people: Any, api_as: Any) -> None:
    response = api_as(people.staff).post(
        INCIDENTS,
        report_api(people, description="x" * (TEXT_MAX_LENGTH + 1)),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["description"] == [
        "Ensure this field has no more than 10000 characters."
    ]
    assert not Incident.objects.exists()


def test_overlong_incident_description_is_refused_by_the_form(people: Any, client_as: Any) -> None:
    response = client_as(people.staff).post(
        reverse("incidents:report"), report_form(people, description="x" * 9_000_000)
    )
    errors = form_errors(response)["description"]
    assert "at most 10,000 characters" in errors[0].replace("10000", "10,000")
    assert not Incident.objects.exists()


def test_description_at_the_limit_is_accepted(people: Any, api_as: Any) -> None:
    response = api_as(people.staff).post(
        INCIDENTS, report_api(people, description="x" * TEXT_MAX_LENGTH), format="json"
    )
    assert response.status_code == 201, response.content
