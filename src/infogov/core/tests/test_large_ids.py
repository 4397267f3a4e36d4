"""An id too large for the database is no record: never a server error."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

HUGE = "-12304117906529153494289069075595264"


def test_a_filter_with_an_id_too_large_for_the_database_matches_nothing(
    people: Any, api_as: Any, client_as: Any
) -> None:
    api = api_as(people.ig_manager)
    response = api.get(f"/api/assets/sharing-agreements/?assets={HUGE}")
    assert response.status_code == 400
    assert "assets" in response.json()
    page = client_as(people.ig_manager).get(f"/assets/sharing-agreements/?assets={HUGE}")
    assert page.status_code == 200


def test_a_record_id_too_large_for_the_database_answers_404(
    people: Any, api_as: Any, client_as: Any
) -> None:
    big = "9" * 30
    assert api_as(people.ig_manager).get(f"/api/incidents/incidents/{big}/").status_code == 404
    assert client_as(people.ig_manager).get(f"/incidents/incidents/{big}/").status_code == 404


def test_a_link_to_an_id_too_large_for_the_database_is_refused_like_a_missing_one(
    people: Any, api_as: Any
) -> None:
    api = api_as(people.ig_manager)
    too_large = api.post("/api/plans/actions/", {"title": "Review", "risk": 10**30}, format="json")
    missing = api.post("/api/plans/actions/", {"title": "Review", "risk": 999999}, format="json")
    assert too_large.status_code == missing.status_code == 400
    assert "risk" in too_large.json()
    assert too_large.json()["risk"][0].replace(str(10**30), "N") == missing.json()["risk"][
        0
    ].replace("999999", "N")
