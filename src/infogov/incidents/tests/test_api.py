"""Business rules through the API: who sees what, who may assess, the ICO clock, thresholds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from infogov.clocks import LONDON
from infogov.core.models import events_for
from infogov.incidents import models
from infogov.incidents.tests.factories import IncidentFactory
from infogov.organisation.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = "/api/incidents/incidents/"


def report(people: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Letter to wrong address",
        "division": people.division_a.pk,
        "description": "A letter went to the wrong address.",
        "occurred_at": "2026-03-27T08:00:00Z",
        "discovered_at": "2026-03-27T09:30:00Z",
        "is_near_miss": False,
        **extra,
    }


@pytest.fixture
def incident(people: Any) -> models.Incident:
    return IncidentFactory(division=people.division_a, reported_by=people.staff.person)


def test_staff_report_with_the_six_fields_gets_a_reference(people: Any, api_as: Any) -> None:
    response = api_as(people.staff).post(URL, report(people), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == "INC-2026-0001" or body["reference"].startswith("INC-")
    assert body["reported_by"] == people.staff.person.pk
    assert body["status"] == "reported"
    # The assessment is the IG team's: not in the reporter's answer.
    assert not {"personal_data_breach", "ico_deadline", "ico_reportable"} & set(body)
    assessed = api_as(people.caseworker).get(f"{URL}{body['id']}/").json()
    assert assessed["personal_data_breach"] is None
    assert assessed["ico_deadline"] is None
    assert assessed["ico_reportable"] is False
    assert assessed["individuals_to_be_told"] is False
    second = api_as(people.councillor).post(URL, report(people), format="json").json()
    first_number = int(body["reference"].rsplit("-", 1)[1])
    assert second["reference"].endswith(f"-{first_number + 1:04d}")


def test_reference_numbers_restart_each_year(people: Any) -> None:
    a = IncidentFactory(reported_at=datetime(2025, 12, 31, 23, 30, tzinfo=LONDON))
    b = IncidentFactory(reported_at=datetime(2026, 1, 1, 0, 30, tzinfo=LONDON))
    c = IncidentFactory(reported_at=datetime(2026, 1, 2, 9, 0, tzinfo=LONDON))
    assert (a.reference, b.reference, c.reference) == (
        "INC-2025-0001",
        "INC-2026-0001",
        "INC-2026-0002",
    )


def test_reported_by_is_the_signed_in_person_and_cannot_be_set(people: Any, api_as: Any) -> None:
    from infogov.incidents.models import Incident

    data = report(people, reported_by=people.ig_manager.person.pk)
    refused = api_as(people.staff).post(URL, data, format="json")
    assert refused.status_code == 403
    assert not Incident.objects.exists()
    body = api_as(people.staff).post(URL, report(people), format="json").json()
    assert body["reported_by"] == people.staff.person.pk


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("staff", True),
        ("officer_a", True),
        ("ig_manager", True),
        ("caseworker", True),
        ("siro", True),
        ("auditor", True),
        ("officer_b", False),
        ("iao", False),
        ("councillor", False),
    ],
)
def test_who_sees_an_incident(
    people: Any, api_as: Any, incident: models.Incident, who: str, sees: bool
) -> None:
    api = api_as(getattr(people, who))
    detail = api.get(f"{URL}{incident.pk}/")
    assert detail.status_code == (200 if sees else 404)
    ids = [row["id"] for row in api.get(URL).json()["results"]]
    assert (incident.pk in ids) is sees


def test_reporter_sees_only_their_own_reports(people: Any, api_as: Any) -> None:
    own = IncidentFactory(division=people.division_a, reported_by=people.staff.person)
    other = IncidentFactory(division=people.division_a, reported_by=PersonFactory())
    ids = [row["id"] for row in api_as(people.staff).get(URL).json()["results"]]
    assert own.pk in ids and other.pk not in ids
    assert api_as(people.staff).get(f"{URL}{other.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["staff", "officer_a", "siro", "auditor", "iao"])
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("personal_data_breach", True),
        ("aware_at", "2026-03-27T10:00:00Z"),
        ("likelihood", 3),
        ("severity", 2),
    ],
)
def test_only_assessors_may_set_assessment_fields(
    people: Any, api_as: Any, who: str, field: str, value: Any
) -> None:
    before = models.Incident.objects.count()
    response = api_as(getattr(people, who)).post(
        URL, report(people, **{field: value}), format="json"
    )
    assert response.status_code == 403
    assert models.Incident.objects.count() == before


@pytest.mark.parametrize("who", ["staff", "officer_a", "siro", "auditor"])
def test_others_may_not_change_an_incident(
    people: Any, api_as: Any, incident: models.Incident, who: str
) -> None:
    response = api_as(getattr(people, who)).patch(
        f"{URL}{incident.pk}/", {"likelihood": 4}, format="json"
    )
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.likelihood is None


def test_officer_of_another_division_gets_404_on_change(
    people: Any, api_as: Any, incident: models.Incident
) -> None:
    response = api_as(people.officer_b).patch(
        f"{URL}{incident.pk}/", {"likelihood": 4}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["ig_manager", "caseworker"])
def test_assessors_assess_and_get_the_deadline(
    people: Any, api_as: Any, incident: models.Incident, who: str
) -> None:
    response = api_as(getattr(people, who)).patch(
        f"{URL}{incident.pk}/",
        {
            "personal_data_breach": True,
            "aware_at": "2026-06-01T12:00:00+01:00",
            "likelihood": 3,
            "severity": 2,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ico_deadline"] == "2026-06-04T12:00:00+01:00"
    assert body["ico_reportable"] is True
    assert body["individuals_to_be_told"] is False
    assert body["status"] == "triaged"  # no type yet: triaged, not fully assessed


def test_assessor_may_create_with_assessment(people: Any, api_as: Any) -> None:
    data = report(
        people,
        personal_data_breach=True,
        aware_at="2026-03-27T10:00:00Z",
        likelihood=4,
        severity=4,
        incident_type="confidentiality",
    )
    response = api_as(people.ig_manager).post(URL, data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ico_reportable"] is True
    assert body["individuals_to_be_told"] is True


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"discovered_at": "2026-03-27T07:00:00Z"}, "discovered_at"),
        ({"aware_at": "2026-03-27T09:00:00Z"}, "aware_at"),
        ({"likelihood": 6}, "likelihood"),
        ({"severity": 0}, "severity"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(
    people: Any, api_as: Any, changes: dict[str, Any], field: str
) -> None:
    api = api_as(people.ig_manager)
    before = models.Incident.objects.count()
    response = api.post(URL, report(people, **changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert models.Incident.objects.count() == before
    created = api.post(URL, report(people), format="json").json()
    response = api.patch(f"{URL}{created['id']}/", changes, format="json")
    assert response.status_code == 400
    assert field in response.json()
    obj = models.Incident.objects.get(pk=created["id"])
    assert obj.likelihood is None and obj.aware_at is None
    assert obj.discovered_at == datetime(2026, 3, 27, 9, 30, tzinfo=LONDON)


def test_plain_words_for_bad_input(people: Any, api_as: Any) -> None:
    body = (
        api_as(people.ig_manager)
        .post(
            URL, report(people, likelihood=6, discovered_at="2026-03-27T07:00:00Z"), format="json"
        )
        .json()
    )
    assert body["likelihood"] == ["Likelihood of harm must be a whole number from 1 to 5."]
    staff = (
        api_as(people.staff)
        .post(URL, report(people, discovered_at="2026-03-27T07:00:00Z"), format="json")
        .json()
    )
    assert "after the time it happened" in staff["discovered_at"][0]


@pytest.mark.parametrize(
    ("aware_at", "deadline"),
    [
        # Clocks go forward at 01:00 GMT on Sunday 29 March 2026: one hour later on the clock.
        ("2026-03-27T10:00:00+00:00", "2026-03-30T11:00:00+01:00"),
        ("2026-03-28T23:30:00+00:00", "2026-04-01T00:30:00+01:00"),
        ("2026-03-29T00:59:00+00:00", "2026-04-01T01:59:00+01:00"),
        ("2026-03-29T02:00:00+01:00", "2026-04-01T02:00:00+01:00"),
        # Clocks go back at 02:00 BST on Sunday 25 October 2026: one hour earlier.
        ("2026-10-23T10:00:00+01:00", "2026-10-26T09:00:00+00:00"),
        ("2026-10-25T01:30:00+01:00", "2026-10-28T00:30:00+00:00"),
        ("2026-10-25T01:30:00+00:00", "2026-10-28T01:30:00+00:00"),
        ("2026-10-26T09:00:00+00:00", "2026-10-29T09:00:00+00:00"),
        # Naive input is Europe/London time.
        ("2026-03-27T16:00:00", "2026-03-30T17:00:00+01:00"),
    ],
)
def test_ico_deadline_across_clock_changes(
    people: Any, api_as: Any, aware_at: str, deadline: str
) -> None:
    created = (
        api_as(people.staff)
        .post(
            URL,
            report(
                people, occurred_at="2026-03-01T09:00:00Z", discovered_at="2026-03-01T09:00:00Z"
            ),
            format="json",
        )
        .json()
    )
    response = api_as(people.caseworker).patch(
        f"{URL}{created['id']}/", {"aware_at": aware_at}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["ico_deadline"] == deadline
    got = datetime.fromisoformat(response.json()["ico_deadline"])
    parsed_aware = datetime.fromisoformat(response.json()["aware_at"].replace("Z", "+00:00"))
    assert got.astimezone(UTC) - parsed_aware.astimezone(UTC) == timedelta(hours=72)
    # The division's information officer sees the same deadline; the reporter does not
    # see the assessment (the ICO clock with it), as on the page.
    incident_url = f"{URL}{created['id']}/"
    assert api_as(people.officer_a).get(incident_url).json()["ico_deadline"] == deadline
    assert "ico_deadline" not in api_as(people.staff).get(incident_url).json()


@pytest.mark.parametrize(
    ("breach", "likelihood", "severity", "ico", "individuals"),
    [
        (True, 3, 2, True, False),
        (True, 2, 5, False, False),
        (True, 3, 1, False, False),
        (True, 5, 5, True, True),
        (True, 4, 4, True, True),
        (True, 4, 3, True, False),
        (True, 3, 4, True, False),
        (False, 5, 5, False, False),
        (None, 5, 5, False, False),
        (True, None, None, False, False),
        (True, 1, 1, False, False),
    ],
)
def test_default_reportability_thresholds(
    people: Any,
    api_as: Any,
    breach: Any,
    likelihood: Any,
    severity: Any,
    ico: bool,
    individuals: bool,
) -> None:
    data = report(people, personal_data_breach=breach, likelihood=likelihood, severity=severity)
    body = api_as(people.ig_manager).post(URL, data, format="json").json()
    assert body["ico_reportable"] is ico
    assert body["individuals_to_be_told"] is individuals


def test_ig_manager_configures_the_thresholds(
    people: Any, api_as: Any, incident: models.Incident
) -> None:
    api = api_as(people.ig_manager)
    api.patch(
        f"{URL}{incident.pk}/",
        {"personal_data_breach": True, "likelihood": 3, "severity": 2},
        format="json",
    )
    assert api.get(f"{URL}{incident.pk}/").json()["ico_reportable"] is True
    thresholds = api.get("/api/incidents/thresholds/").json()["results"][0]
    assert (thresholds["ico_likelihood"], thresholds["ico_severity"]) == (3, 2)
    assert (
        api_as(people.caseworker)
        .patch(
            f"/api/incidents/thresholds/{thresholds['id']}/", {"ico_likelihood": 4}, format="json"
        )
        .status_code
        == 403
    )
    response = api.patch(
        f"/api/incidents/thresholds/{thresholds['id']}/",
        {"ico_likelihood": 4, "individuals_likelihood": 3, "individuals_severity": 2},
        format="json",
    )
    assert response.status_code == 200
    body = api.get(f"{URL}{incident.pk}/").json()
    assert body["ico_reportable"] is False
    assert body["individuals_to_be_told"] is True
    assert (
        api.patch(
            f"/api/incidents/thresholds/{thresholds['id']}/", {"ico_severity": 6}, format="json"
        ).status_code
        == 400
    )


def test_staff_cannot_see_thresholds_or_delete(
    people: Any, api_as: Any, incident: models.Incident
) -> None:
    assert api_as(people.staff).get("/api/incidents/thresholds/").json()["count"] == 0
    assert api_as(people.caseworker).delete(f"{URL}{incident.pk}/").status_code == 403
    assert api_as(people.ig_manager).delete(f"{URL}{incident.pk}/").status_code == 204


def test_officer_comments_on_their_divisions_incident(
    people: Any, api_as: Any, incident: models.Incident
) -> None:
    url = "/api/incidents/comments/"
    response = api_as(people.officer_a).post(
        url, {"incident": incident.pk, "body": "Noted."}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["author"] == people.officer_a.person.pk
    assert (
        api_as(people.staff)
        .post(url, {"incident": incident.pk, "body": "Hi"}, format="json")
        .status_code
        == 403
    )
    assert (
        api_as(people.officer_b)
        .post(url, {"incident": incident.pk, "body": "Hi"}, format="json")
        .status_code
        == 400
    )
    assert api_as(people.officer_b).get(url).json()["count"] == 0


def test_api_list_query_count_is_constant(people: Any, api_as: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_as(people.ig_manager)
    IncidentFactory(division=people.division_a)
    api.get(URL)
    with CaptureQueriesContext(connection) as before:
        api.get(URL)
    for _ in range(10):
        IncidentFactory(
            division=people.division_a,
            personal_data_breach=True,
            likelihood=4,
            severity=4,
            aware_at=datetime(2026, 6, 1, 12, tzinfo=LONDON),
        )
    with CaptureQueriesContext(connection) as after:
        api.get(URL)
    assert len(after) == len(before)


@given(
    breach=st.sampled_from([True, False, None]),
    likelihood=st.integers(1, 5),
    severity=st.integers(1, 5),
    t_l=st.integers(1, 5),
    t_s=st.integers(1, 5),
)
def test_reportability_is_breach_and_both_thresholds(
    breach: Any, likelihood: int, severity: int, t_l: int, t_s: int
) -> None:
    thresholds = models.ReportabilityThresholds(
        ico_likelihood=t_l, ico_severity=t_s, individuals_likelihood=t_l, individuals_severity=t_s
    )
    incident = models.Incident(
        personal_data_breach=breach, likelihood=likelihood, severity=severity
    )
    expected = bool(breach) and likelihood >= t_l and severity >= t_s
    assert thresholds.ico_reportable(incident) is expected
    assert thresholds.individuals_to_be_told(incident) is expected
    # Monotonic: a higher score is never less reportable.
    if expected and likelihood < 5:
        incident.likelihood = likelihood + 1
        assert thresholds.ico_reportable(incident)


@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=datetime(2035, 12, 31),  # noqa: DTZ001
        timezones=st.just(LONDON),
    )
)
def test_deadline_is_always_72_elapsed_hours(aware: datetime) -> None:
    incident = models.Incident(aware_at=aware)
    deadline = incident.ico_deadline
    assert deadline is not None
    assert deadline.astimezone(UTC) - aware.astimezone(UTC) == timedelta(hours=72)
    assert deadline.tzinfo is not None and deadline.utcoffset() in (
        timedelta(0),
        timedelta(hours=1),
    )


def test_late_ico_notification_needs_reasons_through_the_api(
    people: Any, api_as: Any, incident: models.Incident
) -> None:
    api = api_as(people.ig_manager)
    url = f"{URL}{incident.pk}/"
    api.patch(
        url,
        {
            "personal_data_breach": True,
            "aware_at": "2026-06-01T12:00:00+01:00",
            "likelihood": 3,
            "severity": 3,
        },
        format="json",
    )
    notify = f"{url}notify-ico/"
    late = {"ico_notified_at": "2026-06-04T12:01:00+01:00", "ico_reference": "IC-1"}
    response = api.post(notify, late, format="json")
    assert response.status_code == 400
    assert "late_reasons" in response.json()
    on_time = {"ico_notified_at": "2026-06-04T12:00:00+01:00", "ico_reference": "IC-1"}
    assert api.post(notify, on_time, format="json").status_code == 200
    response = api.post(notify, {**late, "late_reasons": "Weekend."}, format="json")
    assert response.status_code == 200
    assert response.json()["late_reasons"] == "Weekend."
    refused = api_as(people.staff).post(notify, {"ico_reference": "X"}, format="json")
    assert refused.status_code == 403
    assert api_as(people.officer_b).post(notify, on_time, format="json").status_code == 404


def test_patch_may_not_record_the_ico_notification_or_decision(
    people: Any, api_as: Any, incident: models.Incident
) -> None:
    url = f"{URL}{incident.pk}/"
    for change in (
        {"ico_notified_at": "2026-06-04T12:00:00+01:00", "ico_reference": "IC-1"},
        {"decision": "not_report", "decision_reasons": "Low risk."},
    ):
        response = api_as(people.ig_manager).patch(url, change, format="json")
        assert response.status_code == 403, change
    incident.refresh_from_db()
    assert incident.ico_notified_at is None and incident.decision == ""
    assert not events_for(incident).exists()


def test_api_and_form_record_the_ico_notification_alike(
    people: Any, api_as: Any, client_as: Any
) -> None:
    results = []
    for via in ("form", "api"):
        incident = IncidentFactory(division=people.division_a)
        if via == "form":
            response = client_as(people.ig_manager).post(
                reverse("incidents:notify_ico", args=[incident.pk]),
                {"ico_notified_at": "2026-06-02T09:00", "ico_reference": "IC-7"},
            )
            assert response.status_code == 302
        else:
            response = api_as(people.ig_manager).post(
                f"{URL}{incident.pk}/notify-ico/",
                {"ico_notified_at": "2026-06-02T09:00:00+01:00", "ico_reference": "IC-7"},
                format="json",
            )
            assert response.status_code == 200, response.content
            assert response.json()["decision"] == "report"
        incident.refresh_from_db()
        events = list(events_for(incident).values_list("verb", "summary"))
        results.append(
            (incident.decision, incident.ico_notified_at, incident.ico_reference, events)
        )
    assert results[0] == results[1]
    assert results[0][0] == "report"
    assert results[0][3] == [("ico_notified", "ICO notified, reference IC-7")]
