"""The reporter of an incident sees their report, never the IG team's assessment or
comments: one field rule for the page, the API, list exports and the History tab."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from infogov.assets.tests.factories import AssetFactory
from infogov.core.models import AuditEvent
from infogov.incidents import services
from infogov.incidents.choices import Decision
from infogov.incidents.tests.factories import CauseFactory, DataCategoryFactory, IncidentFactory

pytestmark = pytest.mark.django_db
URL = "/api/incidents/incidents/"
ASSESSMENT = {
    "likelihood",
    "severity",
    "decision",
    "decision_reasons",
    "cause",
    "related_assets",
    "related_risks",
    "personal_data_breach",
    "aware_at",
    "ico_deadline",
    "ico_reportable",
    "data_categories",
}
COMMENT = "The officer left the file on the 44 bus; HR are involved"


def _assessed(people: Any) -> Any:
    incident = IncidentFactory(division=people.division_a, reported_by=people.staff.person)
    asset = AssetFactory(division=people.division_a)
    services.assess(
        incident,
        acting_user=people.caseworker,
        **{
            "incident_type": "confidentiality",
            "cause": CauseFactory(name="Lost paperwork"),
            "personal_data_breach": True,
            "likelihood": 2,
            "severity": 2,
            "related_assets": [asset],
            "data_categories": [DataCategoryFactory(name="Health")],
        },
    )
    services.decide_not_to_report(
        incident, acting_user=people.caseworker, decision_reasons="Recovered within the hour"
    )
    return incident


def test_reporter_api_get_lacks_the_assessment(people: Any, api_as: Any) -> None:
    incident = _assessed(people)
    assert incident.decision == Decision.NOT_REPORT
    mine = api_as(people.staff).get(f"{URL}{incident.pk}/")
    assert mine.status_code == 200
    body = mine.json()
    assert body["reference"] == incident.reference and body["title"] == incident.title
    assert not ASSESSMENT & set(body), sorted(ASSESSMENT & set(body))
    listed = api_as(people.staff).get(URL).json()["results"]
    assert [row["id"] for row in listed] == [incident.pk]
    assert not ASSESSMENT & set(listed[0])
    # The IG team and the division's information officer get it all.
    for reader in (people.caseworker, people.officer_a, people.auditor):
        full = api_as(reader).get(f"{URL}{incident.pk}/").json()
        assert set(full) >= ASSESSMENT
        assert full["likelihood"] == 2 and full["decision"] == Decision.NOT_REPORT


def test_reporter_history_tab_has_no_comment_or_assessment(people: Any, client_as: Any) -> None:
    incident = _assessed(people)
    services.add_comment(incident, acting_user=people.officer_a, body=COMMENT)
    url = reverse("incidents:incident_history", args=[incident.pk])
    page = client_as(people.staff).get(url).content.decode()
    assert "44 bus" not in page
    for hidden in ("Recovered within the hour", "Likelihood of harm", "Lost paperwork", "Health"):
        assert hidden not in page, hidden
    assert incident.reference in page
    team = client_as(people.caseworker).get(url).content.decode()
    assert "Comment added" in team and "Likelihood of harm" in team
    assert "Recovered within the hour" in team


def test_comment_audit_event_does_not_copy_the_comment(people: Any) -> None:
    incident = IncidentFactory(division=people.division_a, reported_by=people.staff.person)
    services.add_comment(incident, acting_user=people.officer_a, body=COMMENT)
    event = AuditEvent.objects.get(verb="commented", object_id=incident.pk)
    assert "44 bus" not in f"{event.summary} {event.data}"


def test_reporter_list_export_has_no_ico_clock(people: Any, client_as: Any) -> None:
    incident = _assessed(people)
    incident.aware_at = incident.discovered_at
    incident.save()
    export = client_as(people.staff).get(reverse("incidents:incident_list") + "?export=csv")
    assert export.status_code == 200
    lines = export.getvalue().decode().splitlines()
    assert len(lines) == 2 and incident.reference in lines[1]
    team = client_as(people.caseworker).get(reverse("incidents:incident_list") + "?export=csv")
    deadline_column = lines[0].split(",").index("ICO deadline")
    team_row = [row for row in team.getvalue().decode().splitlines() if incident.reference in row]
    assert team_row[0].split(",")[deadline_column]
    assert lines[1].split(",")[deadline_column] == ""


def test_reporter_cannot_filter_on_the_hidden_decision(
    people: Any, api_as: Any, client_as: Any
) -> None:
    incident = _assessed(people)
    query = "?decision=not_report"
    assert api_as(people.staff).get(URL + query).json()["count"] == 0
    assert api_as(people.staff).get(URL + "?decision=report").json()["count"] == 0
    assert api_as(people.caseworker).get(URL + query).json()["count"] == 1
    page = client_as(people.staff).get(reverse("incidents:incident_list") + query)
    assert incident.reference not in page.content.decode()
    # An unfiltered list still shows the reporter their own incident.
    assert api_as(people.staff).get(URL).json()["count"] == 1
