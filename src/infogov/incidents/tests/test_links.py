"""Incidents linked to risks in the register and to information assets (issue 4 item 5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from infogov.assets.tests.factories import AssetFactory
from infogov.incidents import models
from infogov.incidents.tests.factories import IncidentFactory
from infogov.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
URL = "/api/incidents/incidents/"


@pytest.fixture
def incident(people: Any) -> models.Incident:
    return IncidentFactory(division=people.division_a, reported_by=people.staff.person)


def _links(people: Any) -> tuple[Any, Any]:
    risk = RiskFactory(division=people.division_a, title="Misdirected post")
    asset = AssetFactory(division=people.division_a, name="Council tax accounts")
    return risk, asset


def test_assessors_set_and_read_risk_and_asset_links(
    people: Any, api_as: Any, incident: models.Incident
) -> None:
    risk, asset = _links(people)
    api = api_as(people.ig_manager)
    response = api.patch(
        f"{URL}{incident.pk}/",
        {"related_risks": [risk.pk], "related_assets": [asset.pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = api.get(f"{URL}{incident.pk}/").json()
    assert body["related_risks"] == [risk.pk]
    assert body["related_assets"] == [asset.pk]
    incident.refresh_from_db()
    assert list(incident.related_assets.all()) == [asset]
    cleared = api.patch(f"{URL}{incident.pk}/", {"related_assets": []}, format="json")
    assert cleared.status_code == 200
    assert cleared.json()["related_assets"] == []
    assert cleared.json()["related_risks"] == [risk.pk]


@pytest.mark.parametrize("who", ["staff", "officer_a", "auditor"])
def test_others_may_not_set_links(
    people: Any, api_as: Any, incident: models.Incident, who: str
) -> None:
    risk, asset = _links(people)
    api = api_as(getattr(people, who))
    for data in ({"related_risks": [risk.pk]}, {"related_assets": [asset.pk]}):
        assert api.patch(f"{URL}{incident.pk}/", data, format="json").status_code == 403
    report = {
        "title": "Letter to wrong address",
        "division": people.division_a.pk,
        "description": "A letter went to the wrong address.",
        "occurred_at": "2026-03-27T08:00:00Z",
        "discovered_at": "2026-03-27T09:30:00Z",
        "related_assets": [asset.pk],
    }
    if who == "staff":
        assert api.post(URL, report, format="json").status_code == 403
    assert not incident.related_risks.exists()
    assert not incident.related_assets.exists()


def test_caseworker_cannot_link_another_divisions_asset_it_cannot_see(
    people: Any, api_as: Any, incident: models.Incident
) -> None:
    elsewhere = AssetFactory(division=people.division_b)
    response = api_as(people.caseworker).patch(
        f"{URL}{incident.pk}/", {"related_assets": [elsewhere.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "related_assets" in response.json()
    # The IG manager sees every asset, so may link it.
    response = api_as(people.ig_manager).patch(
        f"{URL}{incident.pk}/", {"related_assets": [elsewhere.pk]}, format="json"
    )
    assert response.status_code == 200


def test_caseworker_cannot_link_the_divisions_records_it_cannot_see(
    people: Any, api_as: Any, client_as: Any, incident: models.Incident
) -> None:
    # The caseworker assesses incidents but sees neither the risk nor the asset register.
    risk, asset = _links(people)
    response = api_as(people.caseworker).patch(
        f"{URL}{incident.pk}/",
        {"related_risks": [risk.pk], "related_assets": [asset.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "related_risks": [f'Invalid pk "{risk.pk}" - object does not exist.'],
        "related_assets": [f'Invalid pk "{asset.pk}" - object does not exist.'],
    }
    page = client_as(people.caseworker).get(reverse("incidents:assess", args=[incident.pk]))
    assert asset.name not in page.content.decode()
    assert risk.title not in page.content.decode()
    assert not incident.related_assets.exists()


def test_detail_page_links_only_what_the_viewer_may_see(
    people: Any, client_as: Any, incident: models.Incident
) -> None:
    risk, asset = _links(people)
    hidden = AssetFactory(division=people.division_b, name="Adult social care records")
    incident.related_risks.set([risk])
    incident.related_assets.set([asset, hidden])
    page = client_as(people.ig_manager).get(incident.get_absolute_url()).content.decode()
    assert f'href="{risk.get_absolute_url()}"' in page
    assert f'href="{asset.get_absolute_url()}"' in page
    assert f'href="{hidden.get_absolute_url()}"' in page
    # The caseworker sees the case but neither register.
    page = client_as(people.caseworker).get(incident.get_absolute_url()).content.decode()
    assert "Information assets involved" in page
    assert asset.get_absolute_url() not in page
    assert risk.get_absolute_url() not in page
    assert "2 linked that you may not see" in page
    # The division's information officer sees its own division's asset and risk only.
    page = client_as(people.officer_a).get(incident.get_absolute_url()).content.decode()
    assert f'href="{asset.get_absolute_url()}"' in page
    assert f'href="{risk.get_absolute_url()}"' in page
    assert hidden.get_absolute_url() not in page
    assert "And 1 more that you may not see" in page


def test_assessment_form_offers_the_divisions_risks_and_assets(
    people: Any, client_as: Any, incident: models.Incident
) -> None:
    risk, asset = _links(people)
    other = AssetFactory(division=people.division_b, name="Elsewhere asset")
    client = client_as(people.ig_manager)
    url = reverse("incidents:assess", args=[incident.pk])
    page = client.get(url).content.decode()
    assert asset.name in page
    assert other.name not in page
    assert 'name="related_assets"' in page
    assert 'for="id_related_assets"' in page
    response = client.post(
        url,
        {"related_risks": [risk.pk], "related_assets": [asset.pk], "incident_type": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(incident.related_risks.all()) == [risk]
    assert list(incident.related_assets.all()) == [asset]


def test_list_query_count_is_constant_with_links(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)

    def make() -> None:
        risk, asset = (
            RiskFactory(division=people.division_a),
            AssetFactory(division=people.division_a),
        )
        made = IncidentFactory(division=people.division_a)
        made.related_risks.set([risk])
        made.related_assets.set([asset])

    make()
    api.get(URL)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(URL).status_code == 200
        return len(queries)

    before = count()
    for _ in range(4):
        make()
    assert count() == before
    assert all(row["related_assets"] for row in api.get(URL).json()["results"])
