"""Causes match the ICO's 23 data security incident types; the council adds its own."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from infogov.incidents import ico_types, models
from infogov.incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_the_data_file_ships_23_types_grouped_cyber_and_non_cyber() -> None:
    shipped = ico_types.shipped()
    assert len(shipped) == 23
    assert len({t.code for t in shipped}) == len({t.name for t in shipped}) == 23
    groups = {t.category for t in shipped}
    assert groups == {"cyber", "non_cyber", "either"}
    names = {t.name for t in shipped}
    assert {"Data emailed to incorrect recipient", "Failure to use bcc", "Phishing"} <= names
    assert "ico.org.uk" in ico_types.source()


def test_the_migration_loaded_every_type_and_each_as_a_cause() -> None:
    assert models.IcoIncidentType.objects.count() == 23
    for ico in models.IcoIncidentType.objects.all():
        assert models.Cause.objects.filter(name=ico.name, ico_type=ico).exists()


def test_the_command_reloads_without_duplicates_and_maps_unmapped_causes() -> None:
    out = io.StringIO()
    call_command("load_ico_incident_types", stdout=out)
    assert "23 ICO incident types (0 new); 0 causes added." in out.getvalue()
    assert models.IcoIncidentType.objects.count() == 23


@pytest.mark.parametrize(
    ("old_name", "code"),
    [
        ("Sent to wrong recipient (e-mail)", "emailed_wrong_recipient"),
        ("Sent to wrong recipient (post)", "posted_faxed_wrong_recipient"),
        ("Lost or stolen device", "loss_theft_device"),
        ("Cyber attack", "other_cyber"),
        ("Phishing e-mail clicked", "phishing"),
        ("Something else entirely", "other_non_cyber"),
    ],
)
def test_existing_causes_are_mapped_sensibly(old_name: str, code: str) -> None:
    assert ico_types.guess_code(old_name) == code


def test_ig_manager_adds_a_council_cause_mapped_to_an_ico_type(
    people: Any, client_as: Any, api_as: Any
) -> None:
    client = client_as(people.ig_manager)
    add = reverse("incidents:cause_add")
    page = client.get(add).content.decode()
    assert "Choose the ICO incident type" in page
    missing = client.post(add, {"name": "Tailgating into the office", "is_active": "on"})
    assert missing.status_code == 400
    assert "This field is required" in missing.content.decode()
    assert not models.Cause.objects.filter(name="Tailgating into the office").exists()
    ico = models.IcoIncidentType.objects.get(code="unauthorised_access")
    saved = client.post(
        add, {"name": "Tailgating into the office", "ico_type": ico.pk, "is_active": "on"}
    )
    assert saved.status_code == 302
    assert models.Cause.objects.get(name="Tailgating into the office").ico_type == ico
    # The API requires it too.
    refused = api_as(people.ig_manager).post(
        "/api/incidents/causes/", {"name": "Shoulder surfing"}, format="json"
    )
    assert refused.status_code == 400 and "ico_type" in refused.json()
    # Staff cannot add causes (UI and API).
    assert client_as(people.staff).post(add, {"name": "X", "ico_type": ico.pk}).status_code == 403
    assert (
        api_as(people.staff)
        .post("/api/incidents/causes/", {"name": "X", "ico_type": ico.pk}, format="json")
        .status_code
        == 403
    )


def test_ico_types_are_read_only_for_everyone(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    listing = api.get("/api/incidents/ico-incident-types/").json()
    assert listing["count"] == 23
    first = listing["results"][0]["id"]
    assert api.patch(
        f"/api/incidents/ico-incident-types/{first}/", {"name": "Renamed"}, format="json"
    ).status_code in {403, 405}
    assert api.post("/api/incidents/ico-incident-types/", {}, format="json").status_code in {
        403,
        405,
    }


def test_assessment_form_groups_causes_by_cyber_and_non_cyber(people: Any, client_as: Any) -> None:
    incident = IncidentFactory(division=people.division_a)
    page = (
        client_as(people.caseworker)
        .get(reverse("incidents:assess", args=[incident.pk]))
        .content.decode()
    )
    assert '<optgroup label="Non-cyber">' in page and '<optgroup label="Cyber">' in page
    assert "Data emailed to incorrect recipient" in page
