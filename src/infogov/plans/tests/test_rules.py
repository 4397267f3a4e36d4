"""Business rules of plans and performance."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from infogov.plans import computations, models, services
from infogov.plans.choices import ComputedBy, Direction, Frequency
from infogov.plans.models import rag_for
from infogov.plans.tests.factories import KpiFactory, PlanActionFactory
from infogov.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()  # noqa: DTZ011


def test_progress_of_130_percent_is_a_field_error_and_saves_nothing(
    people: Any, api_as: Any
) -> None:
    action = PlanActionFactory(division=people.division_a)
    response = api_as(people.officer_a).post(
        "/api/plans/progress-updates/",
        {"action": action.pk, "percentage": 130, "rag": "green", "narrative": "Too much"},
        format="json",
    )
    assert response.status_code == 400
    assert "percentage" in response.json()
    assert not models.ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.percent_complete == 0


def test_progress_update_sets_the_actions_latest_state(people: Any, api_as: Any) -> None:
    action = PlanActionFactory(division=people.division_a)
    api = api_as(people.officer_a)
    api.post(
        "/api/plans/progress-updates/",
        {"action": action.pk, "percentage": 30, "rag": "amber", "narrative": "Slow"},
        format="json",
    )
    action.refresh_from_db()
    assert (action.percent_complete, action.rag, action.status) == (30, "amber", "in_progress")
    api.post(
        "/api/plans/progress-updates/",
        {"action": action.pk, "percentage": 100, "rag": "green", "narrative": "Done"},
        format="json",
    )
    action.refresh_from_db()
    assert action.status == "completed" and action.completed_on is not None


def test_officer_manages_actions_only_in_their_division(people: Any, api_as: Any) -> None:
    theirs = PlanActionFactory(division=people.division_b)
    api = api_as(people.officer_a)
    assert api.get(f"/api/plans/actions/{theirs.pk}/").status_code == 404
    response = api.post(
        "/api/plans/progress-updates/",
        {"action": theirs.pk, "percentage": 10, "rag": "green", "narrative": "x"},
        format="json",
    )
    assert response.status_code in {400, 403}
    created = api.post(
        "/api/plans/actions/",
        {
            "plan": theirs.plan_id,
            "reference": "X-1",
            "title": "t",
            "due_date": "2026-10-01",
            "division": people.division_b.pk,
        },
        format="json",
    )
    assert created.status_code == 403
    assert not models.PlanAction.objects.filter(reference="X-1").exists()


def test_overdue_and_off_track_views(people: Any, client_as: Any) -> None:
    late = PlanActionFactory(
        division=people.division_a, title="Late one", due_date=TODAY - dt.timedelta(days=3)
    )
    PlanActionFactory(
        division=people.division_a,
        title="Done one",
        status="completed",
        due_date=TODAY - dt.timedelta(days=3),
    )
    red = PlanActionFactory(
        division=people.division_a, title="Red one", due_date=TODAY + dt.timedelta(days=30)
    )
    services.add_progress(
        models.ProgressUpdate(action=red, percentage=10, rag="red", narrative="Stuck"),
        acting_user=people.ig_manager,
    )
    client = client_as(people.officer_a)
    overdue = client.get("/plans/actions/overdue/").content.decode()
    assert late.get_absolute_url() in overdue and "Done one" not in overdue
    assert red.get_absolute_url() not in overdue
    off = client.get("/plans/actions/off-track/").content.decode()
    assert red.get_absolute_url() in off and late.get_absolute_url() not in off


def test_export_has_the_documented_layout(people: Any, client_as: Any) -> None:
    action = PlanActionFactory(division=people.division_a, owner=people.iao.person)
    models.Milestone.objects.create(action=action, title="Draft", due_date=dt.date(2026, 6, 1))
    services.add_progress(
        models.ProgressUpdate(
            action=action,
            percentage=60,
            rag="green",
            narrative="Going well",
            reported_on=dt.date(2026, 5, 1),
        ),
        acting_user=people.ig_manager,
    )
    response = client_as(people.ig_manager).get(f"/plans/plans/{action.plan_id}/export/csv/")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:4] == ["Plan year", "Action code", "Action title", "Description"]
    assert "Milestones" in rows[0] and "RAG" in rows[0] and "Progress %" in rows[0]
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Progress %"] == "60" and record["RAG"] == "Green"
    assert record["Latest note"] == "Going well" and record["Note date"] == "2026-05-01"
    assert record["Milestones"] == "Draft (due 2026-06-01)"
    assert record["Division"] == "Corporate Resources"
    xlsx = client_as(people.ig_manager).get(f"/plans/plans/{action.plan_id}/export/xlsx/")
    assert xlsx.status_code == 200 and xlsx.getvalue()[:2] == b"PK"


@given(
    st.decimals(0, 200, places=1),
    st.decimals(0, 100, places=1),
    st.decimals(0, 20, places=1),
    st.sampled_from([Direction.HIGHER, Direction.LOWER]),
)
def test_rag_is_monotonic_and_green_at_target(
    value: Decimal, target: Decimal, tolerance: Decimal, direction: str
) -> None:
    order = {"red": 0, "amber": 1, "green": 2}
    step = Decimal("0.5") if direction == Direction.HIGHER else Decimal("-0.5")
    assert (
        order[rag_for(value + step, target, tolerance, direction)]
        >= order[rag_for(value, target, tolerance, direction)]
    )
    assert rag_for(target, target, tolerance, direction) == "green"


def test_rag_examples() -> None:
    assert rag_for(92, 90, 5, "higher") == "green"
    assert rag_for(86, 90, 5, "higher") == "amber"
    assert rag_for(84, 90, 5, "higher") == "red"
    assert rag_for(3, 2, 1, "lower") == "amber"
    assert rag_for(5, 2, 1, "lower") == "red"
    assert rag_for(None, 2, 1, "lower") == ""


@pytest.mark.parametrize("computed_by", [c for c in ComputedBy.values if c])
def test_computed_kpis_say_no_data_honestly_when_a_module_is_empty(computed_by: str) -> None:
    value, note = computations.compute(computed_by, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert value is None
    assert note.startswith("No data")


def test_compute_kpi_stores_no_data_and_the_page_shows_it(people: Any, client_as: Any) -> None:
    kpi = KpiFactory(computed_by=ComputedBy.SAR_ON_TIME, frequency=Frequency.QUARTERLY)
    stored = services.compute_kpi(
        kpi, dt.date(2026, 1, 1), dt.date(2026, 3, 31), acting_user=people.ig_manager
    )
    assert stored.value is None and stored.source == "computed"
    page = client_as(people.councillor).get(kpi.get_absolute_url()).content.decode()
    assert "No data" in page
    response = client_as(people.ig_manager).post(f"/plans/kpis/{kpi.pk}/compute/")
    assert response.status_code == 302
    assert client_as(people.staff).post(f"/plans/kpis/{kpi.pk}/compute/").status_code == 403


def test_api_compute_records_one_event_by_the_acting_user_and_answers_the_kpi(
    people: Any, api_as: Any
) -> None:
    from infogov.core.models import events_for

    kpi = KpiFactory(computed_by=ComputedBy.SAR_ON_TIME, frequency=Frequency.QUARTERLY)
    response = api_as(people.ig_manager).post(f"/api/plans/kpis/{kpi.pk}/compute/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == kpi.pk and "latest_rag" in body
    assert kpi.values.count() == 4
    events = list(events_for(kpi))
    assert len(events) == 1 and events[0].actor == people.ig_manager
    assert api_as(people.staff).post(f"/api/plans/kpis/{kpi.pk}/compute/").status_code == 403
    by_hand = KpiFactory(computed_by="")
    refused = api_as(people.ig_manager).post(f"/api/plans/kpis/{by_hand.pk}/compute/")
    assert refused.status_code == 400 and "computed_by" in refused.json()


def test_kpi_trend_chart_and_table(people: Any, client_as: Any) -> None:
    kpi = KpiFactory(target=90, tolerance=5)
    for month, value in ((1, 80), (4, 88), (7, 93)):
        models.KpiValue.objects.create(
            kpi=kpi,
            period_start=dt.date(2025, month, 1),
            period_end=dt.date(2025, month + 2, 28),
            value=value,
        )
    page = client_as(people.councillor).get(kpi.get_absolute_url()).content.decode()
    assert "data:image/svg+xml;base64," in page
    assert "Red (off track)" in page and "Amber (at risk)" in page and "Green (on track)" in page
    listing = client_as(people.councillor).get("/plans/kpis/").content.decode()
    assert "93%" in listing


def test_periods_are_complete_and_ordered() -> None:
    periods = services.recent_periods(Frequency.QUARTERLY, dt.date(2026, 5, 10), 3)
    assert periods == [
        (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ]
    assert services.period_for(Frequency.ANNUALLY, dt.date(2026, 2, 1)) == (
        dt.date(2025, 4, 1),
        dt.date(2026, 3, 31),
    )
    assert services.period_for(Frequency.MONTHLY, dt.date(2024, 2, 10))[1] == dt.date(2024, 2, 29)


def test_frameworks_load_from_data_files() -> None:
    loaded = {f.slug: f for f in services.sync_frameworks()}
    assert loaded["ico-accountability"].items.count() == 10
    assert loaded["keeper-model-rmp"].items.count() == 15
    services.sync_frameworks()
    assert models.FrameworkItem.objects.count() == 25


def test_assessment_compares_with_previous_and_gaps_become_actions(
    people: Any, api_as: Any, client_as: Any
) -> None:
    ico = {f.slug: f for f in services.sync_frameworks()}["ico-accountability"]
    api = api_as(people.ig_manager)
    first = api.post(
        "/api/plans/assessments/", {"framework": ico.pk, "title": "2025"}, format="json"
    ).json()
    items = models.AssessmentItem.objects.filter(assessment_id=first["id"])
    assert items.count() == 10
    bad = api.patch(
        f"/api/plans/assessment-items/{items[0].pk}/", {"status": "not_met"}, format="json"
    )
    assert bad.status_code == 400 and "gap" in bad.json()
    api.patch(
        f"/api/plans/assessment-items/{items[0].pk}/",
        {"status": "not_met", "gap": "No policy", "evidence": "https://example.org/p"},
        format="json",
    )
    assert api.post(f"/api/plans/assessments/{first['id']}/complete/").status_code == 400
    items.exclude(pk=items[0].pk).update(status="met")
    assert api.post(f"/api/plans/assessments/{first['id']}/complete/").status_code == 200
    second = api.post(
        "/api/plans/assessments/", {"framework": ico.pk, "title": "2026"}, format="json"
    ).json()
    assert second["previous"] == first["id"]
    now = models.AssessmentItem.objects.get(assessment_id=second["id"], item=items[0].item)
    now.status, now.gap = "partly_met", "Policy drafted"
    now.save()
    rows = services.compare(models.Assessment.objects.get(pk=second["id"]))
    changes = {r.item.item.code: r.change for r in rows}
    assert changes["1"] == "improved"
    plan = models.ActionPlan.objects.create(year=2026, title="Plan")
    raised = api.post(
        f"/api/plans/assessment-items/{now.pk}/raise-action/",
        {"plan": plan.pk, "due_date": "2026-12-01"},
        format="json",
    )
    assert raised.status_code == 201, raised.content
    now.refresh_from_db()
    assert now.action is not None and now.action.reference == "IA-1"
    page = client_as(people.ig_manager).get(f"/plans/assessments/{second['id']}/")
    assert "Improved" in page.content.decode()


def test_update_request_goes_to_the_owner_who_answers(people: Any, api_as: Any) -> None:
    risk = RiskFactory(division=people.division_a, owner=people.iao.person)
    created = api_as(people.officer_a).post(
        "/api/plans/update-requests/",
        {
            "risk": risk.pk,
            "question": "Progress?",
            "due_date": (TODAY + dt.timedelta(days=7)).isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["owner"] == people.iao.person.pk and body["status"] == "open"
    from infogov.core.models import Notification

    assert Notification.objects.filter(key=f"update-request:{body['id']}").exists()
    url = f"/api/plans/update-requests/{body['id']}/"
    assert api_as(people.iao).get(url).status_code == 200
    assert api_as(people.officer_b).get(url).status_code == 404
    assert api_as(people.officer_a).post(f"{url}answer/", {"response": "x"}).status_code == 403
    answered = api_as(people.iao).post(f"{url}answer/", {"response": "Controls in place"})
    assert answered.json()["status"] == "answered"
    other = RiskFactory(division=people.division_b, owner=people.officer_b.person)
    refused = api_as(people.officer_a).post(
        "/api/plans/update-requests/",
        {"risk": other.pk, "question": "?", "due_date": TODAY.isoformat()},
        format="json",
    )
    assert refused.status_code == 400


def test_answer_needs_the_owner(people: Any) -> None:
    risk = RiskFactory(division=people.division_a, owner=people.iao.person)
    request = services.request_update(
        models.UpdateRequest(risk=risk, question="?", due_date=TODAY), acting_user=people.ig_manager
    )
    with pytest.raises(PermissionDenied):
        services.answer_update_request(request, acting_user=people.staff, response="no")
    with pytest.raises(ValidationError):
        services.answer_update_request(request, acting_user=people.iao, response=" ")


def test_overdue_update_request_reminder_is_sent_once(people: Any) -> None:
    from django.utils import timezone

    from infogov.core.models import Notification
    from infogov.plans.reminders import update_request_overdue

    risk = RiskFactory(division=people.division_a, owner=people.iao.person)
    request = services.request_update(
        models.UpdateRequest(risk=risk, question="?", due_date=TODAY), acting_user=people.ig_manager
    )
    models.UpdateRequest.objects.filter(pk=request.pk).update(due_date=TODAY - dt.timedelta(days=1))
    assert update_request_overdue(timezone.now()) == 1
    assert update_request_overdue(timezone.now()) == 0
    assert Notification.objects.filter(key__startswith="update-request-overdue:").count() == 1


def test_dashboard_shows_overdue_actions(people: Any, client_as: Any) -> None:
    PlanActionFactory(division=people.division_a, due_date=TODAY - dt.timedelta(days=1))
    page = client_as(people.officer_a).get("/").content.decode()
    assert "Overdue actions" in page


def test_kpi_summary_gives_latest_rag_and_trend() -> None:
    kpi = KpiFactory(target=90, tolerance=5)
    lower = KpiFactory(direction="lower", target=2, tolerance=1)
    for month, value in ((1, 80), (4, 91)):
        models.KpiValue.objects.create(
            kpi=kpi,
            period_start=dt.date(2025, month, 1),
            period_end=dt.date(2025, month + 2, 28),
            value=value,
        )
    for month, value in ((1, 1), (4, 4)):
        models.KpiValue.objects.create(
            kpi=lower,
            period_start=dt.date(2025, month, 1),
            period_end=dt.date(2025, month + 2, 28),
            value=value,
        )
    summary = {s.kpi.pk: s for s in services.kpi_summary()}
    assert (summary[kpi.pk].rag, summary[kpi.pk].trend) == ("green", "better")
    assert (summary[lower.pk].rag, summary[lower.pk].trend) == ("red", "worse")


def test_kpi_api_shows_latest_value_and_rag(people: Any, api_as: Any) -> None:
    kpi = KpiFactory(target=90, tolerance=5)
    models.KpiValue.objects.create(
        kpi=kpi, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 3, 31), value=70
    )
    models.KpiValue.objects.create(
        kpi=kpi, period_start=dt.date(2025, 4, 1), period_end=dt.date(2025, 6, 30), value=87
    )
    body = api_as(people.councillor).get(f"/api/plans/kpis/{kpi.pk}/").json()
    assert (body["latest_value"], body["latest_rag"]) == ("87.00", "amber")
    assert body["latest_period_start"] == "2025-04-01"


def test_computed_kpis_are_computed_once_per_period_by_the_job(people: Any) -> None:
    from django.utils import timezone

    from infogov.plans.reminders import compute_due_kpis

    KpiFactory(computed_by=ComputedBy.TRAINING, frequency=Frequency.MONTHLY)
    KpiFactory(computed_by=ComputedBy.MANUAL)
    assert compute_due_kpis(timezone.now()) == 1
    assert compute_due_kpis(timezone.now()) == 0
    assert models.KpiValue.objects.get().value is None


# The Keeper's Model Records Management Plan: one tracker, shared with records.


def _keeper_assessment(people: Any) -> models.Assessment:
    keeper = {f.slug: f for f in services.sync_frameworks()}[services.KEEPER_FRAMEWORK]
    return services.start_assessment(
        models.Assessment(framework=keeper, title="PUR 2027"), acting_user=people.ig_manager
    )


def test_keeper_framework_has_the_fifteen_elements(people: Any) -> None:
    assessment = _keeper_assessment(people)
    items = assessment.items.select_related("item").order_by("item__order")
    assert [i.item.code for i in items] == [str(n) for n in range(1, 16)]
    titles = {i.item.code: i.item.title for i in items}
    assert titles["5"] == "Retention schedules"
    assert titles["12"] == "Records management training for staff"


def test_item_owner_views_and_changes_their_item_only(
    people: Any, client_as: Any, api_as: Any
) -> None:
    assessment = _keeper_assessment(people)
    mine = assessment.items.get(item__code="5")
    theirs = assessment.items.get(item__code="6")
    mine.owner = people.staff.person
    mine.save()
    client = client_as(people.staff)
    assert client.get(f"/plans/assessment-items/{mine.pk}/").status_code == 200
    assert client.get(f"/plans/assessment-items/{theirs.pk}/").status_code == 404
    assert client.get(f"/plans/assessments/{assessment.pk}/").status_code == 404
    response = client.post(
        f"/plans/assessment-items/{mine.pk}/edit/",
        {
            "status": "met",
            "evidence": "https://intranet.example/retention\n\\\\server\\records\\schedule.xlsx",
            "notes": "Schedule approved by the IMG.",
            "gap": "",
            "owner": people.staff.person.pk,
            "next_review": "2027-03-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mine.refresh_from_db()
    assert mine.status == "met" and mine.next_review == dt.date(2027, 3, 31)
    assert mine.history.count() == 3  # created, owner assigned, owner's update
    api = api_as(people.staff)
    patched = api.patch(
        f"/api/plans/assessment-items/{mine.pk}/", {"next_review": "2027-06-30"}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["owner"] == people.staff.person.pk
    assert api.patch(
        f"/api/plans/assessment-items/{theirs.pk}/", {"status": "met"}, format="json"
    ).status_code in {403, 404}
    assert client.get(f"/plans/assessment-items/{theirs.pk}/edit/").status_code == 404
    listed = client.get("/plans/assessment-items/").content.decode()
    assert f'href="{mine.get_absolute_url()}"' in listed
    assert f'href="{theirs.get_absolute_url()}"' not in listed


def test_next_review_and_owner_are_shown(people: Any, client_as: Any) -> None:
    assessment = _keeper_assessment(people)
    item = assessment.items.get(item__code="3")
    item.owner = people.officer_a.person
    item.next_review = dt.date(2027, 1, 15)
    item.save()
    client = client_as(people.ig_manager)
    detail = client.get(f"/plans/assessment-items/{item.pk}/").content.decode()
    assert "2027-01-15" in detail and "Next review" in detail
    assert str(people.officer_a.person) in detail
    overview = client.get(f"/plans/assessments/{assessment.pk}/").content.decode()
    assert "2027-01-15" in overview and str(people.officer_a.person) in overview
    history = client.get(f"/plans/assessment-items/{item.pk}/history/")
    assert history.status_code == 200


def test_assessment_evidence_must_be_links(people: Any) -> None:
    item = _keeper_assessment(people).items.get(item__code="3")
    item.evidence = "https://intranet.example/policy\n\\\\server\\share\\policy.docx"
    item.full_clean()
    item.evidence = "see the policy folder"
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "evidence" in error.value.message_dict


def test_records_management_plan_leads_to_the_latest_keeper_assessment(
    people: Any, client_as: Any
) -> None:
    from django.urls import reverse

    url = reverse("plans:records_management_plan")
    manager = client_as(people.ig_manager)
    services.sync_frameworks()
    keeper = models.Framework.objects.get(slug=services.KEEPER_FRAMEWORK)
    empty = manager.get(url)
    assert empty.status_code == 302
    assert empty["Location"] == f"{reverse('plans:assessment_list')}?framework={keeper.pk}"
    assessment = _keeper_assessment(people)
    assert manager.get(url)["Location"] == assessment.get_absolute_url()
    owner = client_as(people.staff)
    assert owner.get(url)["Location"] == (
        f"{reverse('plans:assessmentitem_list')}?framework={keeper.pk}"
        f"&owner={people.staff.person.pk}"
    )
    records = manager.get(reverse("records:retentionrule_list")).content.decode()
    assert f'href="{url}"' in records and "Records Management Plan" in records
