"""Calendar feeds (`/calendar/<key>.ics`) and the weekly digest built from the providers."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from icalendar import Calendar

from infogov.core.calendar import discover_providers, person_events
from infogov.core.digest import digest_key, weekly_digest
from infogov.core.feeds import issue_feed, revoke_feed, set_weekly_digest
from infogov.core.models import AuditEvent, CalendarFeed, DigestPreference, Notification
from infogov.core.tokens import digest
from infogov.incidents.tests.factories import IncidentFactory
from infogov.plans.tests.factories import PlanActionFactory
from infogov.requests.models import Case
from infogov.requests.tests.factories import CaseFactory, SearchTaskFactory

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)  # a Monday
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _key_from(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def _feed(client: Any, key: str) -> Calendar:
    response = client.get(reverse("calendar_feed", args=[key]))
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(cal: Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_every_domain_app_registers_a_provider() -> None:
    people, groups = discover_providers()
    assert {"assets", "incidents", "plans", "records", "registrations", "requests", "risks"} <= set(
        people
    )
    assert {"incidents", "plans", "registrations", "risks"} <= set(groups)


def test_feed_parses_with_london_timezone_and_case_due_dates(client: Any, people: Any) -> None:
    worker = people.caseworker.person
    cases = [CaseFactory(caseworker=worker, kind=kind) for kind in ("sar", "foi", "eir")]
    key = issue_feed(acting_user=people.caseworker)

    cal = _feed(client, key)

    assert cal["VERSION"] == "2.0"
    zones = list(cal.walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    events = _events(cal)
    for case in cases:
        case.refresh_from_db()
        event = events[f"requests-case-{case.pk}-due@127.0.0.1"]
        assert event.decoded("DTSTART") == case.due_on
        assert case.reference in str(event["SUMMARY"])


def test_titles_never_name_the_requester(client: Any, people: Any) -> None:
    case = CaseFactory(caseworker=people.caseworker.person, requester_name="Morag Fictional")
    SearchTaskFactory(case=case, division=people.division_a, assignee=people.caseworker.person)
    body = client.get(reverse("calendar_feed", args=[issue_feed(acting_user=people.caseworker)]))
    assert b"Morag" not in body.content
    assert b"requester" not in body.content.lower()
    titles = [str(e["SUMMARY"]) for e in Calendar.from_ical(body.content).walk("VEVENT")]
    assert titles and all(case.reference in t for t in titles)


def test_uids_are_stable_when_a_date_moves(client: Any, people: Any) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    key = issue_feed(acting_user=people.caseworker)
    first = _events(_feed(client, key))
    Case.objects.filter(pk=case.pk).update(due_on=date(2026, 3, 20))
    second = _events(_feed(client, key))
    assert set(first) == set(second)
    uid = f"requests-case-{case.pk}-due@127.0.0.1"
    assert second[uid].decoded("DTSTART") == date(2026, 3, 20)


def test_ico_deadline_is_a_timed_event_seventy_two_hours_after_awareness(
    client: Any, people: Any
) -> None:
    aware = NOW - timedelta(hours=10)
    incident = IncidentFactory(division=people.division_a, aware_at=aware)
    events = _events(_feed(client, issue_feed(acting_user=people.caseworker)))
    event = events[f"incidents-incident-{incident.pk}-ico@127.0.0.1"]
    assert event.decoded("DTSTART").astimezone(UTC) == aware + timedelta(hours=72)
    assert str(event["DTSTART"].params["TZID"]) == "Europe/London"
    assert incident.title not in str(event["SUMMARY"])
    # Staff do not handle breaches: nothing for them.
    assert not [e for e in person_events(people.staff, NOW.date()) if "ico" in e.uid]


def test_another_persons_items_are_never_in_my_feed(client: Any, people: Any) -> None:
    mine = CaseFactory(caseworker=people.caseworker.person)
    theirs = CaseFactory(caseworker=people.ig_manager.person)
    PlanActionFactory(owner=people.officer_b.person)
    uids = set(_events(_feed(client, issue_feed(acting_user=people.caseworker))))
    assert f"requests-case-{mine.pk}-due@127.0.0.1" in uids
    assert f"requests-case-{theirs.pk}-due@127.0.0.1" not in uids
    assert not [u for u in uids if u.startswith("plans-")]


def test_a_case_reassigned_away_leaves_the_feed(client: Any, people: Any) -> None:
    case = CaseFactory(caseworker=people.caseworker.person)
    key = issue_feed(acting_user=people.caseworker)
    uid = f"requests-case-{case.pk}-due@127.0.0.1"
    assert uid in _events(_feed(client, key))
    Case.objects.filter(pk=case.pk).update(caseworker=people.ig_manager.person)
    assert uid not in _events(_feed(client, key))


@pytest.mark.parametrize("how", ["revoked", "regenerated", "unknown", "inactive"])
def test_dead_keys_answer_the_same_404(client: Any, people: Any, how: str) -> None:
    key = issue_feed(acting_user=people.caseworker)
    if how == "revoked":
        revoke_feed(acting_user=people.caseworker)
    elif how == "regenerated":
        issue_feed(acting_user=people.caseworker)
    elif how == "unknown":
        key = "x" * 43
    else:
        people.caseworker.is_active = False
        people.caseworker.save()
    response = client.get(reverse("calendar_feed", args=[key]))
    never = client.get(reverse("calendar_feed", args=["never-issued"]))
    assert response.status_code == never.status_code == 404
    assert response.content == never.content == b"Not found.\n"


def test_key_is_stored_hashed_and_changes_are_audited(people: Any) -> None:
    key = issue_feed(acting_user=people.staff)
    feed = CalendarFeed.objects.get(user=people.staff)
    assert feed.digest == digest(key) and key not in feed.digest
    issue_feed(acting_user=people.staff)
    revoke_feed(acting_user=people.staff)
    assert list(
        AuditEvent.objects.filter(actor=people.staff).order_by("id").values_list("verb", flat=True)
    ) == ["calendar_feed_issued", "calendar_feed_regenerated", "calendar_feed_revoked"]


def test_account_page_issues_shows_once_and_revokes(client: Any, people: Any) -> None:
    client.force_login(people.staff)
    page = reverse("account_calendar")
    response = client.post(page, {"action": "issue"})
    assert response.status_code == 200
    url = response.context["new_url"]
    assert "/calendar/" in url and url.endswith(".ics")
    assert client.get(page).context["new_url"] == ""
    assert client.get(reverse("calendar_feed", args=[_key_from(url)])).status_code == 200
    client.post(page, {"action": "revoke"})
    assert client.get(reverse("calendar_feed", args=[_key_from(url)])).status_code == 404


def test_only_the_ig_manager_manages_the_img_feed(client: Any, people: Any, api_as: Any) -> None:
    client.force_login(people.officer_a)
    page = reverse("account_calendar")
    assert client.post(page, {"action": "issue", "group": "img"}).status_code == 403
    assert api_as(people.officer_a).post(reverse("api-calendar-img")).status_code == 403
    assert not CalendarFeed.objects.filter(group="img").exists()

    PlanActionFactory(owner=people.officer_b.person)
    response = api_as(people.ig_manager).post(reverse("api-calendar-img"))
    assert response.status_code == 200
    events = _events(_feed(client, _key_from(response.json()["url"])))
    assert [u for u in events if u.startswith("plans-action-")]


def test_api_issues_describes_and_revokes_my_feed(client: Any, people: Any, api_as: Any) -> None:
    api = api_as(people.staff)
    assert api.get(reverse("api-calendar")).json()["active"] is False
    url = api.post(reverse("api-calendar")).json()["url"]
    state = api.get(reverse("api-calendar")).json()
    assert state["active"] is True and _key_from(url).startswith(state["prefix"])
    assert api.delete(reverse("api-calendar")).status_code == 204
    assert api.delete(reverse("api-calendar")).status_code == 404
    assert client.get(reverse("calendar_feed", args=[_key_from(url)])).status_code == 404
    assert api_as(None).get(reverse("api-calendar")).status_code in (401, 403)


def _give_caseworker_a_case(people: Any) -> Any:
    people.caseworker.person.email = "caseworker@example.org"
    people.caseworker.person.save()
    case = CaseFactory(caseworker=people.caseworker.person)
    Case.objects.filter(pk=case.pk).update(due_on=date(2026, 2, 5))
    return case


def test_digest_is_queued_once_per_person_per_week(people: Any) -> None:
    case = _give_caseworker_a_case(people)
    assert weekly_digest(NOW) >= 1
    assert weekly_digest(NOW + timedelta(hours=5)) == 0
    mine = Notification.objects.filter(key=digest_key(people.caseworker.pk, NOW.date()))
    assert mine.count() == 1
    assert case.reference in mine.get().body
    assert "Requester" not in mine.get().body
    # The next ISO week brings the next digest.
    assert weekly_digest(NOW + timedelta(days=7)) >= 1
    assert (
        Notification.objects.filter(
            key__startswith=f"weekly-digest:{people.caseworker.pk}:"
        ).count()
        == 2
    )


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_queue_one_digest(people: Any) -> None:
    _give_caseworker_a_case(people)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            weekly_digest(NOW)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    key = digest_key(people.caseworker.pk, NOW.date())
    assert Notification.objects.filter(key=key).count() == 1


def test_digest_opt_out_is_honoured(client: Any, people: Any) -> None:
    _give_caseworker_a_case(people)
    client.force_login(people.caseworker)
    client.post(reverse("account_calendar"), {"action": "digest"})  # box unticked
    assert DigestPreference.objects.get(user=people.caseworker).weekly_digest is False
    weekly_digest(NOW)
    assert not Notification.objects.filter(key__startswith=f"weekly-digest:{people.caseworker.pk}:")
    set_weekly_digest(acting_user=people.caseworker, weekly_digest=True)
    assert weekly_digest(NOW) >= 1


def test_no_digest_for_a_week_with_nothing_due(people: Any) -> None:
    people.staff.person.email = "staff@example.org"
    people.staff.person.save()
    weekly_digest(NOW)
    assert not Notification.objects.filter(key__startswith=f"weekly-digest:{people.staff.pk}:")


def test_api_sets_the_digest_choice(people: Any, api_as: Any) -> None:
    api = api_as(people.staff)
    assert api.get(reverse("api-digest")).json() == {"weekly_digest": True}
    response = api.put(reverse("api-digest"), {"weekly_digest": False}, format="json")
    assert response.json() == {"weekly_digest": False}
    bad = api.put(reverse("api-digest"), {"weekly_digest": "maybe"}, format="json")
    assert bad.status_code == 400 and "weekly_digest" in bad.json()


def _owned_items(people: Any) -> list[tuple[Any, str, date]]:
    """(owner, uid, date) for one item of each kind a person owns, across the apps."""
    from infogov.assets.tests.factories import AssetFactory
    from infogov.incidents.tests.factories import ActionFactory
    from infogov.records.tests.factories import LegalHoldFactory, RecordHoldingFactory
    from infogov.registrations.models import Registration
    from infogov.risks.tests.factories import RiskFactory

    iao, ig = people.iao, people.ig_manager
    review = date(2026, 3, 1)
    asset = AssetFactory(division=people.division_a, owner=iao.person, next_review=review)
    risk = RiskFactory(division=people.division_a, owner=iao.person, review_date=review)
    action = PlanActionFactory(owner=iao.person, division=people.division_a)
    hold = LegalHoldFactory(
        holding=RecordHoldingFactory(division=people.division_a),
        placed_by=ig.person,
        review_on=review,
    )
    incident_action = ActionFactory(
        incident=IncidentFactory(division=people.division_a), owner=iao.person, due_on=review
    )
    registration = Registration.objects.create(
        controller_name="The Council",
        registration_number="Z1234567",
        tier=3,
        starts_on=date(2025, 4, 1),
        contact=ig.person,
    )
    return [
        (iao, f"assets-asset-{asset.pk}-review", review),
        (iao, f"risks-risk-{risk.pk}-review", review),
        (iao, f"plans-action-{action.pk}-due", action.due_date),
        (ig, f"records-legalhold-{hold.pk}-review", review),
        (iao, f"incidents-action-{incident_action.pk}-due", review),
        (ig, f"registrations-registration-{registration.pk}-renewal", date(2026, 3, 31)),
    ]


def test_review_and_due_dates_of_what_i_own_and_only_mine(people: Any) -> None:
    items = _owned_items(people)
    today = NOW.date()
    by_owner = {
        user.pk: {e.uid: e.day for e in person_events(user, today)}
        for user in (people.iao, people.ig_manager, people.officer_b, people.staff)
    }
    for owner, uid, day in items:
        assert by_owner[owner.pk].get(uid) == day, uid
        assert uid not in by_owner[people.officer_b.pk]
        assert uid not in by_owner[people.staff.pk]


def test_a_role_that_ends_takes_its_items_out_of_the_feed(client: Any, people: Any) -> None:
    from infogov.organisation.models import RoleAssignment

    case = CaseFactory(caseworker=people.caseworker.person)
    key = issue_feed(acting_user=people.caseworker)
    uid = f"requests-case-{case.pk}-due@127.0.0.1"
    assert uid in _events(_feed(client, key))
    RoleAssignment.objects.filter(person=people.caseworker.person).delete()
    assert uid not in _events(_feed(client, key))
