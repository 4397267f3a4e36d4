"""The pages: report, confirmation, my reports, the case, assessment steps, packs, analysis."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from infogov.clocks import LONDON
from infogov.incidents import models, services
from infogov.incidents.models import countdown_text
from infogov.incidents.tests.factories import CauseFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def report_form(people: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Bag of files left on train",
        "division": people.division_a.pk,
        "description": "Files were left on the train.",
        "occurred_at": "2026-03-27T08:00",
        "discovered_at": "2026-03-27T09:30",
        **extra,
    }


@pytest.fixture
def incident(people: Any) -> models.Incident:
    return IncidentFactory(
        division=people.division_a,
        reported_by=people.staff.person,
        containment="Recovered the files.",
    )


def test_report_form_is_one_page_with_datetime_local_inputs(people: Any, client_as: Any) -> None:
    page = client_as(people.staff).get(reverse("incidents:report")).content.decode()
    assert "Report an incident or near miss" in page
    assert page.count('type="datetime-local"') == 2
    assert f'<option value="{people.division_a.pk}" selected>' in page


def test_staff_reports_and_sees_confirmation_and_my_reports(people: Any, client_as: Any) -> None:
    client = client_as(people.staff)
    response = client.post(reverse("incidents:report"), report_form(people))
    assert response.status_code == 302
    incident = models.Incident.objects.get()
    assert response["Location"] == reverse("incidents:reported", args=[incident.pk])
    assert incident.reported_by == people.staff.person
    assert incident.occurred_at == datetime(2026, 3, 27, 8, 0, tzinfo=LONDON)
    page = client.get(response["Location"]).content.decode()
    assert incident.reference in page and "What happens next" in page
    mine = client.get(reverse("incidents:my_reports")).content.decode()
    assert incident.reference in mine
    assert client_as(people.officer_b).get(response["Location"]).status_code == 404


def test_report_with_discovery_before_occurrence_is_refused(people: Any, client_as: Any) -> None:
    response = client_as(people.staff).post(
        reverse("incidents:report"), report_form(people, discovered_at="2026-03-27T07:00")
    )
    assert response.status_code == 400
    assert "after the time it happened" in response.content.decode()
    assert not models.Incident.objects.exists()


def test_my_reports_shows_only_mine(people: Any, client_as: Any, incident: Any) -> None:
    other = IncidentFactory(division=people.division_a)
    page = client_as(people.staff).get(reverse("incidents:my_reports")).content.decode()
    assert incident.reference in page and other.reference not in page
    page = client_as(people.ig_manager).get(reverse("incidents:my_reports")).content.decode()
    assert incident.reference not in page


@pytest.mark.parametrize(
    "who", ["staff", "officer_a", "ig_manager", "caseworker", "siro", "auditor"]
)
def test_case_page_renders_for_everyone_who_may_see_it(
    people: Any, client_as: Any, incident: Any, who: str
) -> None:
    incident.aware_at = timezone.now() - timedelta(hours=40, minutes=30)
    incident.personal_data_breach = True
    incident.save()
    client = client_as(getattr(people, who))
    page = client.get(incident.get_absolute_url()).content.decode()
    assert incident.reference in page
    if who == "staff":
        assert "Assessment" not in page and "left" not in page
    else:
        assert "31 h 29 min left" in page or "31 h 30 min left" in page
    assert client.get(reverse("incidents:incident_history", args=[incident.pk])).status_code == 200


def test_ig_list_shows_the_countdown(people: Any, client_as: Any, incident: Any) -> None:
    incident.aware_at = timezone.now() - timedelta(hours=74)
    incident.save()
    page = client_as(people.ig_manager).get(reverse("incidents:incident_list")).content.decode()
    assert "overdue by 2 h" in page


def test_countdown_text() -> None:
    now = datetime(2026, 3, 27, 12, 0, tzinfo=LONDON)
    assert countdown_text(now + timedelta(hours=31, minutes=20), now) == "31 h 20 min left"
    assert countdown_text(now - timedelta(hours=2), now) == "overdue by 2 h"
    assert countdown_text(now + timedelta(minutes=45, seconds=30), now) == "45 min left"
    assert countdown_text(now, now) == "0 min left"


def test_assessment_form_by_caseworker(people: Any, client_as: Any, incident: Any) -> None:
    cause = CauseFactory(name="Sent to wrong recipient")
    url = reverse("incidents:assess", args=[incident.pk])
    client = client_as(people.caseworker)
    page = client.get(url).content.decode()
    assert 'type="datetime-local"' in page
    response = client.post(
        url,
        {
            "incident_type": "confidentiality",
            "cause": cause.pk,
            "personal_data_breach": "true",
            "aware_at": "2026-06-01T12:00",
            "likelihood": "4",
            "severity": "4",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    incident.refresh_from_db()
    assert incident.status == "assessed"
    assert incident.individuals_to_be_told and incident.ico_reportable


def test_assessment_pages_refused_to_others(people: Any, client_as: Any, incident: Any) -> None:
    for name in ("assess", "notify_ico", "not_report", "individuals", "close"):
        url = reverse(f"incidents:{name}", args=[incident.pk])
        assert client_as(people.staff).get(url).status_code == 403
        assert client_as(people.officer_a).post(url, {}).status_code == 403
        assert client_as(people.officer_b).get(url).status_code == 404


def test_late_ico_notification_needs_reasons(people: Any, client_as: Any, incident: Any) -> None:
    services.assess(
        incident,
        acting_user=people.ig_manager,
        **{
            "personal_data_breach": True,
            "aware_at": datetime(2026, 6, 1, 12, tzinfo=LONDON),
            "likelihood": 3,
            "severity": 3,
            "incident_type": "confidentiality",
        },
    )
    url = reverse("incidents:notify_ico", args=[incident.pk])
    client = client_as(people.ig_manager)
    response = client.post(url, {"ico_notified_at": "2026-06-05T09:00", "ico_reference": "IC-1"})
    assert response.status_code == 400
    assert "reasons for the delay" in response.content.decode()
    incident.refresh_from_db()
    assert incident.ico_notified_at is None
    response = client.post(
        url,
        {
            "ico_notified_at": "2026-06-05T09:00",
            "ico_reference": "IC-1",
            "late_reasons": "Waiting for the IT investigation.",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.notified_late and incident.decision == "report"


def test_decision_not_to_report_and_closure(people: Any, client_as: Any, incident: Any) -> None:
    client = client_as(people.ig_manager)
    close = reverse("incidents:close", args=[incident.pk])
    response = client.post(close, {"lessons_learned": "Check addresses."})
    assert response.status_code == 400
    assert "Complete the assessment" in response.content.decode()
    services.assess(
        incident,
        acting_user=people.ig_manager,
        **{
            "personal_data_breach": True,
            "aware_at": datetime(2026, 6, 1, 12, tzinfo=LONDON),
            "likelihood": 2,
            "severity": 2,
            "incident_type": "confidentiality",
        },
    )
    response = client.post(close, {})
    assert "decision to report" in response.content.decode()
    url = reverse("incidents:not_report", args=[incident.pk])
    assert client.post(url, {"decision_reasons": ""}).status_code == 400
    assert client.post(url, {"decision_reasons": "Low risk: encrypted."}).status_code == 302
    assert client.post(close, {"lessons_learned": "Check addresses."}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.lessons_learned == "Check addresses."


def test_closure_requires_containment(people: Any, incident: Any) -> None:
    incident.containment = ""
    incident.save()
    services.assess(
        incident,
        acting_user=people.ig_manager,
        **{
            "personal_data_breach": False,
            "likelihood": 1,
            "severity": 1,
            "incident_type": "availability",
        },
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.close_incident(incident, acting_user=people.ig_manager)
    assert "containment" in error.value.message_dict


def test_individuals_notification(people: Any, client_as: Any, incident: Any) -> None:
    url = reverse("incidents:individuals", args=[incident.pk])
    response = client_as(people.caseworker).post(
        url,
        {
            "individuals_notified_on": "2026-06-03",
            "individuals_method": "letter",
            "individuals_count": "3",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.individuals_count == 3 and incident.individuals_method == "letter"


def test_officer_comments_through_the_page(people: Any, client_as: Any, incident: Any) -> None:
    url = reverse("incidents:comment", args=[incident.pk])
    assert client_as(people.officer_a).post(url, {"body": "Discussed at DIMG."}).status_code == 302
    assert models.Comment.objects.get().author == people.officer_a.person
    assert client_as(people.staff).post(url, {"body": "Me too"}).status_code == 403
    assert client_as(people.officer_b).post(url, {"body": "Me too"}).status_code == 404
    page = client_as(people.officer_a).get(incident.get_absolute_url()).content.decode()
    assert "Discussed at DIMG." in page


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK")])
def test_ico_report_pack(
    people: Any, client_as: Any, incident: Any, fmt: str, magic: bytes
) -> None:
    url = reverse("incidents:ico_pack", args=[incident.pk, fmt])
    response = client_as(people.ig_manager).get(url)
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert incident.reference in response["Content-Disposition"]
    assert client_as(people.staff).get(url).status_code == 403
    assert client_as(people.officer_b).get(url).status_code == 404


def test_ico_pack_sections_answer_the_ico_questions(people: Any, incident: Any) -> None:
    from infogov.incidents.pack import sections

    labels = [label for _title, rows in sections(incident) for label, _value in rows]
    for question in (
        "What has happened",
        "When did you discover the breach",
        "Categories of personal data",
        "Approximate number of people affected",
        "Containment and recovery",
        "Reasons for any delay in reporting",
    ):
        assert question in labels


def test_analysis_page_and_export(people: Any, client_as: Any) -> None:
    cause = CauseFactory(name="Verbal disclosure")
    now = timezone.now()
    for near in (True, False, False):
        IncidentFactory(
            division=people.division_a,
            is_near_miss=near,
            cause=cause,
            reported_at=now,
            occurred_at=now - timedelta(hours=5),
            discovered_at=now - timedelta(hours=3),
        )
    page = client_as(people.ig_manager).get(reverse("incidents:analysis")).content.decode()
    assert "data:image/svg+xml;base64," in page
    assert "1 near misses to 2 incidents" in page
    assert "Verbal disclosure" in page
    assert "3.0 hours" in page
    response = client_as(people.ig_manager).get(reverse("incidents:analysis") + "?export=xlsx")
    assert response.getvalue().startswith(b"PK")
    assert client_as(people.staff).get(reverse("incidents:analysis")).status_code == 403
    officer_page = client_as(people.officer_b).get(reverse("incidents:analysis"))
    assert officer_page.status_code == 200
    assert "Verbal disclosure" not in officer_page.content.decode()


def test_home_page_offers_the_report_form_to_everyone(people: Any, client_as: Any) -> None:
    for who in ("staff", "councillor", "ig_manager"):
        page = client_as(getattr(people, who)).get(reverse("home")).content.decode()
        assert reverse("incidents:report") in page


def test_dashboard_lists_open_breaches_with_countdown(
    people: Any, client_as: Any, incident: Any
) -> None:
    incident.aware_at = timezone.now() - timedelta(hours=10)
    incident.personal_data_breach = True
    incident.save()
    page = client_as(people.caseworker).get(reverse("home")).content.decode()
    assert "Open breaches" in page and incident.reference in page and "min left" in page
    staff_page = client_as(people.staff).get(reverse("home")).content.decode()
    assert "Open breaches" not in staff_page


def test_thresholds_pages(people: Any, client_as: Any) -> None:
    client = client_as(people.ig_manager)
    response = client.get(reverse("incidents:thresholds"))
    assert response.status_code == 302
    thresholds = models.ReportabilityThresholds.current()
    edit = reverse("incidents:reportabilitythresholds_edit", args=[thresholds.pk])
    assert (
        client.post(
            edit,
            {
                "ico_likelihood": 2,
                "ico_severity": 2,
                "individuals_likelihood": 4,
                "individuals_severity": 4,
            },
        ).status_code
        == 302
    )
    assert models.ReportabilityThresholds.current().ico_likelihood == 2
    assert client_as(people.caseworker).get(edit).status_code == 403
    assert client_as(people.staff).get(reverse("incidents:thresholds")).status_code == 403


def test_every_incident_page_renders_for_every_role(
    people: Any, client_as: Any, incident: Any
) -> None:
    urls = [
        reverse(f"incidents:{name}")
        for name in (
            "incident_list",
            "my_reports",
            "report",
            "action_list",
            "othernotification_list",
            "cause_list",
            "datacategory_list",
            "subjectcategory_list",
        )
    ]
    for user in people.all().values():
        client = client_as(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)


def test_report_corrected_by_caseworker_not_by_reporter(
    people: Any, client_as: Any, incident: Any
) -> None:
    url = reverse("incidents:incident_edit", args=[incident.pk])
    data = report_form(people, title="Corrected title")
    assert client_as(people.staff).get(url).status_code == 403
    assert client_as(people.staff).post(url, data).status_code == 403
    assert client_as(people.officer_a).post(url, data).status_code == 403
    assert client_as(people.officer_b).post(url, data).status_code == 404
    assert client_as(people.caseworker).post(url, data).status_code == 302
    incident.refresh_from_db()
    assert incident.title == "Corrected title"
    assert incident.history.count() == 2


def test_confirmation_promises_no_e_mail_that_is_not_queued(people: Any, client_as: Any) -> None:
    from django.core import mail

    from infogov.core.models import Notification

    client = client_as(people.staff)
    # The test's transaction never commits, so the report's e-mails are never queued: the
    # page must not claim them (test_report_emails covers the committed case).
    response = client.post(reverse("incidents:report"), report_form(people))
    page = client.get(response["Location"]).content.decode()
    assert not mail.outbox and not Notification.objects.exists()
    assert "has been queued" not in page and "has been told" not in page
