"""Organisation business rules: roles, scope, the roles page, field permissions."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from django.core import mail

from infogov.core.models import AuditEvent
from infogov.core.permissions import get_roles
from infogov.core.roles import Role
from infogov.organisation import models, services
from infogov.organisation.tests.factories import (
    GroupFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_division_roles_need_a_division_and_council_roles_refuse_one(
    people: Any, api_as: Any
) -> None:
    api = api_as(people.ig_manager)
    person = PersonFactory(division=people.division_a)
    no_division = api.post(
        "/api/organisation/role-assignments/",
        {"person": person.pk, "role": "information_officer"},
        format="json",
    )
    assert no_division.status_code == 400
    assert "division" in no_division.json()
    with_division = api.post(
        "/api/organisation/role-assignments/",
        {"person": person.pk, "role": "siro", "division": people.division_a.pk},
        format="json",
    )
    assert with_division.status_code == 400
    assert "council-wide" in with_division.json()["division"][0]
    assert not models.RoleAssignment.objects.filter(person=person).exists()


def test_granting_a_role_is_recorded_as_an_event_and_takes_effect(
    people: Any, client_as: Any
) -> None:
    person = people.staff.person
    response = client_as(people.ig_manager).post(
        "/organisation/role-assignments/add/",
        {"person": person.pk, "role": "caseworker"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="role_granted", object_id=person.pk)
    assert "Caseworker" in event.summary
    assert event.actor == people.ig_manager
    people.staff.refresh_from_db()
    assert Role.CASEWORKER in get_roles(people.staff).all_roles
    history = client_as(people.ig_manager).get(f"/organisation/people/{person.pk}/history/")
    assert b"Granted Caseworker" in history.content


def test_history_tab_shows_before_and_after(people: Any, client_as: Any) -> None:
    client = client_as(people.ig_manager)
    division = people.division_b
    client.post(
        f"/organisation/divisions/{division.pk}/edit/",
        {"name": "Communities and Wellbeing", "code": "cw", "is_active": "on"},
    )
    page = client.get(f"/organisation/divisions/{division.pk}/history/").content.decode()
    assert "Communities &amp; Wellbeing" in page
    assert "Communities and Wellbeing" in page
    assert "ig.manager" in page or "Changed" in page


def test_only_the_ig_manager_may_link_a_person_to_an_account(people: Any, api_as: Any) -> None:
    person = PersonFactory(division=people.division_a)
    officer = api_as(people.officer_a)
    refused = officer.patch(
        f"/api/organisation/people/{person.pk}/", {"user": people.staff.pk}, format="json"
    )
    assert refused.status_code == 403
    allowed = officer.patch(
        f"/api/organisation/people/{person.pk}/", {"job_title": "Records Officer"}, format="json"
    )
    assert allowed.status_code == 200
    assert allowed.json()["job_title"] == "Records Officer"


def test_an_officer_cannot_move_a_person_out_of_their_division(people: Any, api_as: Any) -> None:
    person = PersonFactory(division=people.division_a)
    response = api_as(people.officer_a).patch(
        f"/api/organisation/people/{person.pk}/",
        {"division": people.division_b.pk},
        format="json",
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.division == people.division_a


def test_an_officer_manages_their_own_divisions_group_only(
    people: Any, client_as: Any, api_as: Any
) -> None:
    own = MembershipFactory(group=GroupFactory(kind="dimg", division=people.division_a))
    other = MembershipFactory(group=GroupFactory(kind="dimg", division=people.division_b))
    client = client_as(people.officer_a)
    assert client.get(f"/organisation/memberships/{own.pk}/edit/").status_code == 200
    assert client.get(f"/organisation/memberships/{other.pk}/edit/").status_code == 403
    api = api_as(people.officer_a)
    assert api.delete(f"/api/organisation/memberships/{other.pk}/").status_code == 403
    assert api.delete(f"/api/organisation/memberships/{own.pk}/").status_code == 204


def test_role_holders_acknowledge_the_roles_page(people: Any, client_as: Any) -> None:
    services.publish_roles_page(
        acting_user=people.ig_manager, introduction="Everyone's responsibilities"
    )
    client = client_as(people.officer_a)
    page = client.get("/organisation/roles/")
    assert b"I have read and understand" in page.content
    client.post("/organisation/roles/acknowledge/")
    ack = models.Acknowledgement.objects.get(person=people.officer_a.person)
    assert ack.version.version == 1
    assert b"You acknowledged this version" in client.get("/organisation/roles/").content
    # Acknowledging twice records nothing new.
    client.post("/organisation/roles/acknowledge/")
    assert models.Acknowledgement.objects.count() == 1
    outstanding = services.outstanding_acknowledgements()
    assert people.officer_a.person not in outstanding
    assert people.siro.person in outstanding


def test_acknowledgements_are_seen_by_owner_division_officer_and_ig_team(
    people: Any, api_as: Any
) -> None:
    services.publish_roles_page(acting_user=people.ig_manager, introduction="Read me")
    ack_response = api_as(people.iao).post("/api/organisation/acknowledgements/", {}, format="json")
    assert ack_response.status_code == 201
    ack_id = ack_response.json()["id"]
    url = f"/api/organisation/acknowledgements/{ack_id}/"
    assert api_as(people.iao).get(url).status_code == 200
    assert api_as(people.officer_a).get(url).status_code == 200
    assert api_as(people.auditor).get(url).status_code == 200
    assert api_as(people.officer_b).get(url).status_code == 404
    assert api_as(people.staff).get(url).status_code == 404


def test_only_the_ig_manager_publishes_the_roles_page(
    people: Any, api_as: Any, client_as: Any
) -> None:
    url = "/api/organisation/roles-page-versions/"
    assert api_as(people.siro).post(url, {"introduction": "x"}, format="json").status_code == 403
    assert client_as(people.siro).get("/organisation/roles/publish/").status_code == 403
    created = api_as(people.ig_manager).post(
        url, {"introduction": "New", "change_note": "v2"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["version"] == 1


def test_password_reset_sends_a_single_use_link(people: Any, client: Any) -> None:
    person = people.staff.person
    people.staff.email = person.email
    people.staff.save()
    response = client.post("/accounts/password/reset/", {"email": person.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_deadline_command_needs_no_configuration() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "infogov", "deadline", "sar", "2026-01-30", "2026-03-06"],
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["2026-03-02", "2026-04-06"]
    bad = subprocess.run(
        [sys.executable, "-m", "infogov", "deadline", "foi", "2026-01-30", "--extended"],
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode != 0
    assert len(bad.stderr.strip().splitlines()) == 1
    assert bad.stdout == ""


def test_only_the_ig_manager_edits_the_councils_controller_details(
    people: Any, api_as: Any, client_as: Any
) -> None:
    council = models.Council.objects.create(name="Eskvale Council")
    url = f"/api/organisation/council/{council.pk}/"
    assert api_as(people.siro).patch(url, {"dpo_contact": "x"}, format="json").status_code == 403
    assert api_as(people.staff).get(url).status_code == 200
    changed = api_as(people.ig_manager).patch(
        url, {"dpo_contact": "dpo@eskvale.example"}, format="json"
    )
    assert changed.status_code == 200
    assert council.history.count() == 2
    assert (
        client_as(people.officer_a).get(f"/organisation/council/{council.pk}/edit/").status_code
        == 403
    )
