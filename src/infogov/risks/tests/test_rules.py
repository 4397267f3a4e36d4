"""Business rules of the risk register."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from infogov.risks import models, services
from infogov.risks.choices import POSSIBLE_SCORES
from infogov.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db

URL = "/api/risks/risks/"


def payload(people: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Lost laptop",
        "heading": "security",
        "division": people.division_a.pk,
        "inherent_likelihood": 4,
        "inherent_impact": 5,
        "residual_likelihood": 2,
        "residual_impact": 5,
        **extra,
    }


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "band"),
    [
        (1, 1, 1, "Low"),
        (2, 2, 4, "Low"),
        (1, 5, 5, "Medium"),
        (2, 5, 10, "Medium"),
        (3, 4, 12, "High"),
        (4, 4, 16, "High"),
        (4, 5, 20, "Very high"),
        (5, 5, 25, "Very high"),
        (3, 3, 9, "Medium"),
        (2, 3, 6, "Medium"),
        (5, 3, 15, "High"),
    ],
)
def test_api_computes_scores_and_default_bands(
    people: Any, api_as: Any, likelihood: int, impact: int, score: int, band: str
) -> None:
    response = api_as(people.ig_manager).post(
        URL,
        payload(people, residual_likelihood=likelihood, residual_impact=impact),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["residual_score"] == score
    assert body["residual_band"] == band
    assert body["inherent_score"] == 20
    listed = api_as(people.ig_manager).get(f"{URL}{body['id']}/").json()
    assert listed["residual_band"] == band


def test_patching_scores_updates_score_and_band(people: Any, api_as: Any) -> None:
    risk = RiskFactory(division=people.division_a, residual_likelihood=1, residual_impact=1)
    response = api_as(people.officer_a).patch(
        f"{URL}{risk.pk}/", {"residual_likelihood": 5, "residual_impact": 4}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["residual_score"] == 20
    assert response.json()["residual_band"] == "Very high"
    assert risk.reviews.count() == 1  # the change of score is recorded as a review
    bad = api_as(people.officer_a).patch(f"{URL}{risk.pk}/", {"inherent_impact": 6}, format="json")
    assert bad.status_code == 400 and "inherent_impact" in bad.json()
    risk.refresh_from_db()
    assert risk.inherent_impact == 4


def test_owner_defaults_to_the_creators_person(people: Any, api_as: Any) -> None:
    body = api_as(people.officer_a).post(URL, payload(people), format="json").json()
    assert body["owner"] == people.officer_a.person.pk


def test_residual_defaults_to_inherent(people: Any, api_as: Any) -> None:
    data = payload(people)
    del data["residual_likelihood"], data["residual_impact"]
    body = api_as(people.ig_manager).post(URL, data, format="json").json()
    assert body["residual_score"] == 20
    assert body["residual_band"] == "Very high"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("heading", "weather"),
        ("inherent_likelihood", 6),
        ("residual_impact", 0),
        ("residual_likelihood", 6),
        ("inherent_impact", "high"),
    ],
)
def test_bad_scores_and_headings_are_field_errors(
    people: Any, api_as: Any, field: str, value: Any
) -> None:
    response = api_as(people.ig_manager).post(URL, payload(people, **{field: value}), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not models.Risk.objects.exists()


def test_officer_cannot_add_a_risk_to_another_division(people: Any, api_as: Any) -> None:
    response = api_as(people.officer_a).post(
        URL, payload(people, division=people.division_b.pk), format="json"
    )
    assert response.status_code in {400, 403}
    assert not models.Risk.objects.exists()


def test_officer_sees_only_their_divisions_risks(people: Any, api_as: Any) -> None:
    mine = RiskFactory(division=people.division_a)
    theirs = RiskFactory(division=people.division_b)
    ids = [r["id"] for r in api_as(people.officer_a).get(URL).json()["results"]]
    assert mine.pk in ids and theirs.pk not in ids
    assert api_as(people.officer_a).get(f"{URL}{theirs.pk}/").status_code == 404
    assert (
        api_as(people.officer_a)
        .patch(f"{URL}{theirs.pk}/", {"title": "x"}, format="json")
        .status_code
        == 404
    )
    response = api_as(people.officer_a).patch(
        f"{URL}{mine.pk}/", {"division": people.division_b.pk}, format="json"
    )
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.division == people.division_a
    for reader in (people.siro, people.auditor, people.ig_manager):
        assert len(api_as(reader).get(URL).json()["results"]) == 2


def test_staff_and_councillor_cannot_see_the_register(people: Any, api_as: Any) -> None:
    RiskFactory(division=people.division_a)
    for user in (people.staff, people.councillor):
        assert api_as(user).get(URL).json()["results"] == []


def test_configured_bands_change_the_band(people: Any, api_as: Any) -> None:
    models.RiskBand.objects.create(name="Acceptable", min_score=1, colour="green")
    models.RiskBand.objects.create(name="Unacceptable", min_score=9, colour="red")
    risk = RiskFactory(division=people.division_a, residual_likelihood=3, residual_impact=3)
    body = api_as(people.ig_manager).get(f"{URL}{risk.pk}/").json()
    assert body["residual_band"] == "Unacceptable"
    risk.residual_impact = 2
    risk.save()
    assert models.Risk.objects.get(pk=risk.pk).residual_band == "Acceptable"


def test_bands_must_start_at_one(people: Any, api_as: Any) -> None:
    response = api_as(people.ig_manager).post(
        "/api/risks/bands/", {"name": "High", "min_score": 12, "colour": "red"}, format="json"
    )
    assert response.status_code == 400
    assert "min_score" in response.json()
    low = models.RiskBand.objects.create(name="Low", min_score=1, colour="green")
    models.RiskBand.objects.create(name="High", min_score=12, colour="red")
    response = api_as(people.ig_manager).delete(f"/api/risks/bands/{low.pk}/")
    assert response.status_code == 400
    assert models.RiskBand.objects.filter(pk=low.pk).exists()


def test_band_thresholds_cover_every_score_without_gaps() -> None:
    bands = list(models.DEFAULT_BANDS)
    for score in range(1, 26):
        matching = [b for b in bands if b.min_score <= score <= b.max_score]
        assert len(matching) == 1
    assert [b.range_label for b in bands] == ["1\u20134", "5\u201310", "12\u201316", "20\u201325"]


@given(st.integers(1, 5), st.integers(1, 5))
def test_score_is_likelihood_times_impact_and_possible(likelihood: int, impact: int) -> None:
    risk = models.Risk(inherent_likelihood=likelihood, inherent_impact=impact)
    risk.compute_scores()
    assert risk.inherent_score == likelihood * impact == risk.residual_score
    assert risk.residual_score in POSSIBLE_SCORES
    assert {1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25} == POSSIBLE_SCORES


@given(st.sampled_from(sorted(POSSIBLE_SCORES)), st.sampled_from(sorted(POSSIBLE_SCORES)))
def test_band_is_monotonic_in_score(a: int, b: int) -> None:
    bands = list(models.DEFAULT_BANDS)
    order = [band.name for band in bands]
    low, high = sorted((a, b))
    band_low, band_high = models.band_for(low, bands), models.band_for(high, bands)
    assert band_low is not None and band_high is not None
    assert order.index(band_low.name) <= order.index(band_high.name)


def test_review_records_scores_so_movement_shows(people: Any, api_as: Any) -> None:
    risk = services.create_risk(
        models.Risk(
            title="Late SARs",
            heading="requests",
            division=people.division_a,
            inherent_likelihood=5,
            inherent_impact=4,
            residual_likelihood=4,
            residual_impact=4,
        ),
        acting_user=people.ig_manager,
    )
    response = api_as(people.officer_a).post(
        f"{URL}{risk.pk}/review/",
        {"residual_likelihood": 2, "residual_impact": 4, "note": "New triage"},
        format="json",
    )
    assert response.status_code == 201, response.content
    scores = list(risk.reviews.order_by("id").values_list("residual_score", flat=True))
    assert scores == [16, 8]
    risk.refresh_from_db()
    assert risk.residual_score == 8
    assert risk.last_reviewed_on is not None
    bad = api_as(people.officer_a).post(
        f"{URL}{risk.pk}/review/",
        {"residual_likelihood": 6, "residual_impact": 1},
        format="json",
    )
    assert bad.status_code == 400 and "residual_likelihood" in bad.json()


def test_escalation_flow_through_the_siro_to_cmt(people: Any, api_as: Any) -> None:
    risk = RiskFactory(division=people.division_a)
    created = api_as(people.officer_a).post(
        "/api/risks/escalations/",
        {"risk": risk.pk, "summary": "Not improving", "requested_decision": "Fund a post"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "raised"
    assert created.json()["division"] == people.division_a.pk
    url = f"/api/risks/escalations/{pk}/"
    assert api_as(people.ig_manager).post(f"{url}accept/", {}).status_code == 403
    accepted = api_as(people.siro).post(f"{url}accept/", {"note": "For CMT"}, format="json")
    assert accepted.json()["status"] == "accepted_for_cmt"
    assert api_as(people.siro).post(f"{url}return/", {"note": "x"}).status_code == 400
    decided = api_as(people.ig_manager).post(
        f"{url}decide/", {"decision": "Approved"}, format="json"
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "decided"
    assert list(services.escalations_for_cmt()) == [models.Escalation.objects.get(pk=pk)]


def test_siro_returns_with_a_note(people: Any) -> None:
    escalation = services.escalate(
        subject="Incident 7",
        summary="s",
        requested_decision="d",
        division=people.division_a,
        acting_user=people.ig_manager,
    )
    with pytest.raises(ValidationError):
        services.return_escalation(escalation, acting_user=people.siro, note="")
    with pytest.raises(PermissionDenied):
        services.return_escalation(escalation, acting_user=people.officer_a, note="no")
    returned = services.return_escalation(
        escalation, acting_user=people.siro, note="More evidence please"
    )
    assert returned.status == "returned"
    with pytest.raises(ValidationError):
        services.record_decision(returned, acting_user=people.siro, decision="Approved")


def test_heat_map_page_has_chart_and_table(people: Any, client_as: Any) -> None:
    RiskFactory(division=people.division_a, residual_likelihood=5, residual_impact=5)
    RiskFactory(division=people.division_b, heading="records")
    client = client_as(people.ig_manager)
    page = client.get("/risks/heat-map/").content.decode()
    assert "data:image/svg+xml;base64," in page
    assert "<table" in page and "Very high" in page
    filtered = client.get("/risks/heat-map/", {"heading": "records", "basis": "inherent"})
    assert filtered.status_code == 200
    assert "Records management" in filtered.content.decode()
    assert client_as(people.officer_a).get("/risks/heat-map/").status_code == 200


def test_review_page_records_a_review(people: Any, client_as: Any) -> None:
    risk = RiskFactory(division=people.division_a)
    client = client_as(people.officer_a)
    assert client.get(f"/risks/risks/{risk.pk}/review/").status_code == 200
    response = client.post(
        f"/risks/risks/{risk.pk}/review/",
        {"residual_likelihood": 1, "residual_impact": 2, "note": "ok"},
    )
    assert response.status_code == 302
    assert risk.reviews.get().residual_score == 2
    detail = client.get(risk.get_absolute_url()).content.decode()
    assert "data:image/svg+xml;base64," in detail
    assert client_as(people.officer_b).get(f"/risks/risks/{risk.pk}/review/").status_code == 404


def test_escalation_pages_for_the_siro(people: Any, client_as: Any) -> None:
    escalation = services.escalate(
        subject="Issue",
        summary="s",
        requested_decision="d",
        division=people.division_a,
        acting_user=people.ig_manager,
    )
    siro = client_as(people.siro)
    assert "Accept for CMT" in siro.get(escalation.get_absolute_url()).content.decode()
    siro.post(f"/risks/escalations/{escalation.pk}/accept/", {"note": ""})
    escalation.refresh_from_db()
    assert escalation.status == "accepted_for_cmt"
    siro.post(f"/risks/escalations/{escalation.pk}/decide/", {"decision": "Agreed"})
    escalation.refresh_from_db()
    assert escalation.status == "decided"


def test_dashboard_shows_top_residual_risks(people: Any, client_as: Any) -> None:
    RiskFactory(
        division=people.division_a, title="Very bad thing", residual_likelihood=5, residual_impact=5
    )
    page = client_as(people.ig_manager).get("/").content.decode()
    assert "Top residual risks" in page and "Very bad thing" in page
    assert "Top residual risks" not in client_as(people.staff).get("/").content.decode()
