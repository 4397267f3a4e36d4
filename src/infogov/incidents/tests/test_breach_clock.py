"""No personal data breach without an ICO clock: marking one starts it (form and API)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from infogov.clocks import LONDON
from infogov.core.models import Notification
from infogov.incidents import dashboard, models, reminders
from infogov.incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db
# The factory's incident happened 1 June 2026 09:00 and was discovered at 11:00 (UK time).
MARKED = datetime(2026, 6, 2, 10, 0, tzinfo=LONDON)


@pytest.fixture
def incident(people: Any) -> models.Incident:
    return IncidentFactory(
        division=people.division_a,
        reported_by=people.staff.person,
        containment="Asked the recipient to delete it.",
    )


def assessment(**extra: Any) -> dict[str, Any]:
    return {
        "incident_type": "confidentiality",
        "personal_data_breach": "true",
        "aware_at": "",
        "likelihood": "3",
        "severity": "3",
        **extra,
    }


def test_marking_a_breach_in_the_form_without_awareness_starts_the_clock_then(
    people: Any, client_as: Any, incident: models.Incident
) -> None:
    people.ig_manager.person.email = "ig@example.org"
    people.ig_manager.person.save()
    client = client_as(people.caseworker)
    url = reverse("incidents:assess", args=[incident.pk])
    with time_machine.travel(MARKED, tick=False):
        page = client.get(url).content.decode()
        assert "leave this blank to use that moment" in page
        response = client.post(url, assessment())
        assert response.status_code == 302, response.content.decode()[:3000]
        incident.refresh_from_db()
        assert incident.aware_at == MARKED
        assert incident.breach_marked_at == MARKED
        assert incident.ico_deadline == MARKED + timedelta(hours=72)
        assert incident.ico_reportable
        detail = client.get(incident.get_absolute_url()).content.decode()
        assert "set when the council became aware" not in detail
        assert "Friday 5 June 2026 at 10:00" in detail
        # The home panel and the list count it; the list shows its deadline.
        assert incident in dashboard.open_breaches(people.ig_manager)
        listing = client.get(reverse("incidents:incident_list")).content.decode()
        assert "Friday 5 June 2026 at 10:00" in listing
        # The form now shows the time it was marked, still editable.
        assert 'value="2026-06-02T10:00"' in client.get(url).content.decode()
    # The 48-hour reminder fires for it.
    warning = MARKED + timedelta(hours=24, minutes=1)
    with time_machine.travel(warning, tick=False):
        assert reminders.ico_deadline_warning(warning) >= 1
    alerted = Notification.objects.filter(key__startswith=f"incident-ico-48h:{incident.pk}:")
    assert "ig@example.org" in set(alerted.values_list("recipient_email", flat=True))


def test_an_earlier_awareness_may_be_entered_when_marking(
    people: Any, client_as: Any, incident: models.Incident
) -> None:
    url = reverse("incidents:assess", args=[incident.pk])
    with time_machine.travel(MARKED, tick=False):
        response = client_as(people.caseworker).post(url, assessment(aware_at="2026-06-01T12:30"))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.aware_at == datetime(2026, 6, 1, 12, 30, tzinfo=LONDON)
    assert incident.breach_marked_at == MARKED


def test_awareness_later_than_the_marking_is_refused_on_its_field(
    people: Any, client_as: Any, incident: models.Incident
) -> None:
    url = reverse("incidents:assess", args=[incident.pk])
    with time_machine.travel(MARKED, tick=False):
        assert client_as(people.caseworker).post(url, assessment()).status_code == 302
    with time_machine.travel(MARKED + timedelta(days=1), tick=False):
        response = client_as(people.caseworker).post(url, assessment(aware_at="2026-06-02T15:00"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "at the latest when it was marked a personal data breach" in page
    assert 'id="aware_at-error"' in page or "govuk-error-message" in page
    incident.refresh_from_db()
    assert incident.aware_at == MARKED


def test_clearing_awareness_on_a_breach_puts_back_the_marking(
    people: Any, client_as: Any, incident: models.Incident
) -> None:
    url = reverse("incidents:assess", args=[incident.pk])
    with time_machine.travel(MARKED, tick=False):
        client_as(people.caseworker).post(url, assessment(aware_at="2026-06-01T12:30"))
    with time_machine.travel(MARKED + timedelta(hours=3), tick=False):
        response = client_as(people.caseworker).post(url, assessment(aware_at=""))
    assert response.status_code == 302
    assert "login" not in response["Location"]
    incident.refresh_from_db()
    assert incident.aware_at == MARKED  # still the moment it was marked, not now


def test_marking_a_breach_through_the_api_patch_starts_the_clock(
    people: Any, api_as: Any, incident: models.Incident
) -> None:
    url = f"/api/incidents/incidents/{incident.pk}/"
    with time_machine.travel(MARKED, tick=False):
        response = api_as(people.ig_manager).patch(
            url,
            {"personal_data_breach": True, "likelihood": 3, "severity": 3},
            format="json",
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["aware_at"] is not None and body["ico_deadline"] is not None
    assert datetime.fromisoformat(body["ico_deadline"]) == MARKED + timedelta(hours=72)


def test_marking_through_the_assess_action_refuses_a_later_awareness(
    people: Any, api_as: Any, incident: models.Incident
) -> None:
    url = f"/api/incidents/incidents/{incident.pk}/assess/"
    api = api_as(people.caseworker)
    with time_machine.travel(MARKED, tick=False):
        assert api.post(url, {"personal_data_breach": True}, format="json").status_code == 200
    with time_machine.travel(MARKED + timedelta(days=1), tick=False):
        refused = api.post(
            url,
            {"personal_data_breach": True, "aware_at": "2026-06-02T16:00:00+01:00"},
            format="json",
        )
    assert refused.status_code == 400
    assert "aware_at" in refused.json()
    incident.refresh_from_db()
    assert incident.aware_at == MARKED


@pytest.mark.parametrize(
    ("who", "status"), [("staff", 403), ("officer_a", 403), ("officer_b", 404)]
)
def test_others_cannot_mark_a_breach(
    people: Any, client_as: Any, api_as: Any, incident: models.Incident, who: str, status: int
) -> None:
    user = getattr(people, who)
    url = reverse("incidents:assess", args=[incident.pk])
    assert client_as(user).post(url, assessment()).status_code == status
    api = api_as(user).post(
        f"/api/incidents/incidents/{incident.pk}/assess/",
        {"personal_data_breach": True},
        format="json",
    )
    assert api.status_code == status
    incident.refresh_from_db()
    assert incident.aware_at is None and incident.personal_data_breach is None


def test_the_migration_gives_existing_breaches_a_clock_from_their_history(people: Any) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "infogov.incidents.migrations.0006_load_ico_types_and_start_breach_clocks"
    )
    with time_machine.travel(MARKED, tick=False):
        legacy = IncidentFactory(division=people.division_a)
    with time_machine.travel(MARKED + timedelta(hours=5), tick=False):
        legacy.personal_data_breach = True
        legacy.likelihood = legacy.severity = 3
        legacy.save()
    with time_machine.travel(MARKED + timedelta(days=2), tick=False):
        legacy.title = "Later correction"
        legacy.save()
        migration.forwards(apps, None)
    legacy.refresh_from_db()
    assert legacy.aware_at == MARKED + timedelta(hours=5)  # when history shows it marked
    assert legacy.breach_marked_at == legacy.aware_at
    latest = legacy.history.order_by("-history_date", "-history_id").first()
    assert latest is not None and "ICO clock started" in (latest.history_change_reason or "")
