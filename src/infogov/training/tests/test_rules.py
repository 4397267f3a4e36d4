"""Training business rules: audiences, due dates, expiry, the compliance API, the import,
chasing once, surveys and the KPI."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from infogov.core.importing import run_import
from infogov.core.models import Notification
from infogov.core.roles import Role
from infogov.core.services import system_user
from infogov.core.spreadsheets import write_sheet
from infogov.organisation.tests.factories import PersonFactory, RoleAssignmentFactory
from infogov.training import models, services
from infogov.training.choices import Status
from infogov.training.importers import HEADINGS, CompletionImporter
from infogov.training.tests.factories import (
    CompletionFactory,
    ModuleFactory,
    QuestionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield


def _csv(rows: list[list[Any]], headings: list[str] | None = None) -> bytes:
    buffer = io.BytesIO()
    write_sheet(buffer, "csv", headings or list(HEADINGS), rows)
    return buffer.getvalue()


def test_audiences_are_worked_out_from_people_and_roles(people: Any) -> None:
    boss = PersonFactory(division=people.division_a)
    PersonFactory(division=people.division_a, line_manager=boss)
    owner = PersonFactory(division=people.division_b)
    RoleAssignmentFactory(person=owner, role=Role.IAO, division=people.division_b)
    left = PersonFactory(division=people.division_a, is_active=False)
    managers = ModuleFactory(audience="managers")
    iaos = ModuleFactory(audience="role", role=Role.IAO)
    members = ModuleFactory(audience="elected_members")
    everyone = ModuleFactory()
    assert set(managers.people()) >= {boss, owner}
    assert left not in set(everyone.people())
    assert owner in set(iaos.people()) and boss not in set(iaos.people())
    assert {p.user for p in members.people()} == {people.councillor}


def test_new_starter_is_due_a_month_after_starting_and_overdue_after() -> None:
    module = ModuleFactory(required_from=dt.date(2024, 1, 1))
    expires, due, status = models.standing(module, dt.date(2026, 6, 1), None, TODAY)
    assert (due, status) == (dt.date(2026, 7, 1), Status.DUE_SOON)
    _expires, due, status = models.standing(module, dt.date(2026, 5, 1), None, TODAY)
    assert (due, status) == (dt.date(2026, 6, 1), Status.OVERDUE)
    assert expires is None


def test_a_completion_lapses_after_its_refresher_period() -> None:
    module = ModuleFactory(refresher_months=12)
    assert models.standing(module, None, dt.date(2025, 6, 14), TODAY)[2] == Status.EXPIRED
    assert models.standing(module, None, dt.date(2025, 6, 15), TODAY)[2] == Status.DUE_SOON
    assert models.standing(module, None, dt.date(2025, 9, 1), TODAY)[2] == Status.IN_DATE
    never = ModuleFactory(refresher_months=None)
    assert models.standing(never, None, dt.date(2010, 1, 1), TODAY)[2] == Status.IN_DATE


def _division_setup(people: Any) -> tuple[models.Module, list[Any]]:
    module = ModuleFactory(refresher_months=12, required_from=dt.date(2024, 1, 1))
    staff = [
        PersonFactory(division=people.division_a, started_on=dt.date(2020, 1, 1)) for _ in range(4)
    ]
    CompletionFactory(person=staff[0], module=module, completed_on=dt.date(2026, 1, 5))
    CompletionFactory(person=staff[1], module=module, completed_on=dt.date(2024, 3, 1))
    CompletionFactory(person=staff[1], module=module, completed_on=dt.date(2025, 2, 1))
    return module, staff


def test_compliance_api_answers_exactly_the_four_figures(people: Any, api_as: Any) -> None:
    module, _staff = _division_setup(people)
    response = api_as(people.ig_manager).get(
        "/api/training/compliance/",
        {"division": people.division_a.pk, "module": module.pk},
    )
    assert response.status_code == 200
    required = models.Person.objects.filter(
        division=people.division_a, kind="staff", is_active=True
    ).count()
    # One in date; one expired (its latest, 1 Feb 2025, lapsed on 1 Feb 2026).
    assert response.json() == {
        "required": required,
        "completed": 2,
        "in_date": 1,
        "percent": round(100 / required, 1),
    }


def test_compliance_api_scope_and_bad_ids(people: Any, api_as: Any) -> None:
    module, _staff = _division_setup(people)
    officer = api_as(people.officer_a)
    url = "/api/training/compliance/"
    assert officer.get(url, {"division": people.division_a.pk}).status_code == 200
    assert officer.get(url, {"division": people.division_b.pk}).status_code == 404
    assert officer.get(url, {"division": 987654321}).status_code == 404
    assert officer.get(url, {"module": 987654321}).status_code == 404
    bad = officer.get(url, {"division": "abc"})
    assert bad.status_code == 400 and "division" in bad.json()
    assert officer.get(url, {"module": "x"}).status_code == 400
    assert api_as(people.staff).get(url, {"division": people.division_a.pk}).status_code == 404
    own = api_as(people.staff).get(url, {"module": module.pk}).json()
    assert own["required"] == 1  # a member of staff sees their own training only
    assert api_as(None).get(url).status_code in {401, 403}


def test_officer_sees_only_their_divisions_figures(people: Any, api_as: Any) -> None:
    module, _staff = _division_setup(people)
    PersonFactory(division=people.division_b)
    mine = api_as(people.officer_a).get("/api/training/compliance/", {"module": module.pk})
    a_staff = models.Person.objects.filter(division=people.division_a, kind="staff").count()
    assert mine.json()["required"] == a_staff


def test_import_adds_completions_and_a_reimport_changes_nothing(people: Any) -> None:
    module = ModuleFactory(title="Data protection essentials")
    person = PersonFactory(division=people.division_a, email="Ann.Smith@council.example")
    data = _csv([["ann.smith@council.example", "data protection ESSENTIALS", "2026-05-01", "88"]])
    actor = people.ig_manager
    plan = run_import("training", data, "c.csv", acting_user=actor)
    assert plan.ok and len(plan.added) == 1
    completion = models.Completion.objects.get(person=person, module=module)
    assert (completion.completed_on, completion.score, completion.source) == (
        dt.date(2026, 5, 1),
        88,
        "imported",
    )
    history = completion.history.count()
    again = run_import("training", data, "c.csv", acting_user=actor)
    assert (len(again.added), len(again.changed), len(again.unchanged)) == (0, 0, 1)
    assert completion.history.count() == history
    assert models.Completion.objects.count() == 1


def test_a_bad_import_names_row_and_column_and_saves_nothing(people: Any) -> None:
    ModuleFactory(title="Cyber security awareness")
    PersonFactory(email="ok@council.example", division=people.division_a)
    data = _csv(
        [
            ["ok@council.example", "Cyber security awareness", "2026-05-01", ""],
            ["nobody@council.example", "Cyber security awareness", "2026-05-01", ""],
            ["ok@council.example", "Basket weaving", "2026-05-01", ""],
            ["ok@council.example", "Cyber security awareness", "2027-01-01", ""],
            ["ok@council.example", "Cyber security awareness", "2026-05-01", ""],
        ]
    )
    plan = run_import("training", data, "c.csv", acting_user=people.ig_manager)
    text = [str(p) for p in plan.problems]
    assert text[0].startswith('row 3, column "Email": Unknown person')
    assert text[1].startswith('row 4, column "Module": Unknown module')
    assert text[2].startswith('row 5, column "Completed on": 01 January 2027 is in the future')
    assert text[3].startswith('row 6, column "Completed on": Duplicate')
    assert not models.Completion.objects.exists()


def test_who_may_import_and_export_completions(people: Any) -> None:
    assert CompletionImporter.may_import(people.ig_manager)
    assert CompletionImporter.may_import(people.officer_a)
    assert not CompletionImporter.may_import(people.staff)
    assert CompletionImporter.may_export(people.ig_manager)
    assert not CompletionImporter.may_export(people.officer_a)  # Download on the list instead
    assert CompletionImporter.for_user(people.officer_a).user == people.officer_a
    assert CompletionImporter.for_user(system_user()).user is None


def test_an_officer_imports_only_their_divisions_people(people: Any) -> None:
    ModuleFactory(title="Cyber security awareness")
    PersonFactory(email="b@council.example", division=people.division_b)
    data = _csv([["b@council.example", "Cyber security awareness", "2026-05-01", ""]])
    plan = run_import("training", data, "c.csv", acting_user=people.officer_a)
    assert 'row 2, column "Email": Unknown person' in str(plan.problems[0])
    assert "no one whose training you manage" in str(plan.problems[0])
    everyone = run_import("training", data, "c.csv", acting_user=system_user())
    assert everyone.ok and len(everyone.added) == 1


def test_import_command_and_the_imports_page(people: Any, client_as: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    module = ModuleFactory(title="Records management for staff")
    PersonFactory(email="c@council.example", division=people.division_a)
    PersonFactory(email="d@council.example", division=people.division_a)
    PersonFactory(email="b@council.example", division=people.division_b)
    headings = ["Email", "Module", "Completed on"]
    path = tmp_path / "c.csv"
    path.write_bytes(_csv([["c@council.example", module.title, "2026-04-01"]], headings))
    call_command("import", "training", str(path))
    assert models.Completion.objects.count() == 1

    client = client_as(people.officer_a)
    page = client.get(reverse("training:import"))
    assert page.status_code == 302 and page["Location"] == "/imports/?kind=training"
    own = _csv(
        [
            ["c@council.example", module.title, "2026-04-01"],
            ["d@council.example", module.title, "2026-04-02"],
        ],
        headings,
    )
    upload = client.post(
        "/imports/", {"kind": "training", "file": SimpleUploadedFile("own.csv", own)}
    )
    assert upload.status_code == 302
    preview = client.get(upload["Location"])
    assert preview.status_code == 200
    assert models.Completion.objects.count() == 1  # nothing written before the confirmation
    assert client.post(upload["Location"]).status_code == 302
    assert models.Completion.objects.count() == 2
    assert models.Completion.objects.filter(person__email="d@council.example").exists()

    other = _csv([["b@council.example", module.title, "2026-04-01"]], headings)
    refused = client.post(
        "/imports/", {"kind": "training", "file": SimpleUploadedFile("other.csv", other)}
    )
    job = client.get(refused["Location"]).content.decode()
    assert 'row 2, column "Email": Unknown person' in job.replace("&quot;", '"')
    assert client.post(refused["Location"]).status_code == 400
    assert client_as(people.officer_b).get(refused["Location"]).status_code == 404  # not theirs
    assert not models.Completion.objects.filter(person__email="b@council.example").exists()

    assert client_as(people.staff).get("/imports/").status_code == 403
    staff_upload = client_as(people.staff).post(
        "/imports/", {"kind": "training", "file": SimpleUploadedFile("own.csv", own)}
    )
    assert staff_upload.status_code == 403
    assert client_as(people.staff).get(reverse("training:import")).status_code == 302


def test_chasing_sends_once_per_person_per_due_date(people: Any, client_as: Any) -> None:
    _module, staff = _division_setup(people)
    rows = services.chase_list(people.division_a)
    chased = {r.person_id for r in rows}
    assert staff[1].pk in chased and staff[0].pk not in chased
    first = services.chase_division(people.division_a, acting_user=people.officer_a)
    assert first == Notification.objects.count() > 0
    assert services.chase_division(people.division_a, acting_user=people.officer_a) == 0
    assert Notification.objects.count() == first
    with pytest.raises(PermissionDenied):
        services.chase_division(people.division_b, acting_user=people.officer_a)
    page = client_as(people.officer_a).get(reverse("training:chase"))
    assert page.status_code == 200 and staff[1].last_name in page.content.decode()
    export = client_as(people.officer_a).get(reverse("training:chase") + "?export=csv")
    assert staff[1].email in b"".join(export.streaming_content).decode()
    other = reverse("training:chase") + f"?division={people.division_b.pk}"
    assert client_as(people.officer_a).get(other).status_code == 404
    assert client_as(people.staff).get(reverse("training:chase")).status_code == 403
    send = reverse("training:division_chase", args=[people.division_a.pk])
    assert client_as(people.auditor).post(send).status_code == 403


def test_answering_a_survey_once_and_results_by_division(people: Any, client_as: Any) -> None:
    survey = SurveyFactory(opens_on=dt.date(2026, 6, 1), closes_on=dt.date(2026, 6, 30))
    q1, q2 = QuestionFactory(survey=survey), QuestionFactory(survey=survey)
    client = client_as(people.staff)
    url = reverse("training:survey_respond", args=[survey.pk])
    assert client.post(url, {f"q{q1.pk}": 4}).status_code == 400
    assert client.post(url, {f"q{q1.pk}": 4, f"q{q2.pk}": 2}).status_code == 302
    response = models.SurveyResponse.objects.get(survey=survey)
    assert response.division == people.division_a
    again = client.post(url, {f"q{q1.pk}": 5, f"q{q2.pk}": 5})
    assert again.status_code == 400
    assert models.Answer.objects.count() == 2
    results = client_as(people.ig_manager).get(reverse("training:survey_results", args=[survey.pk]))
    assert "Corporate Resources" in results.content.decode()
    assert "4.0" in results.content.decode()


def test_the_training_kpi_counts_what_the_compliance_api_counts(people: Any) -> None:
    from infogov.plans.computations import training_compliance

    _division_setup(people)
    total = models.summarise(models.compliance_rows(today=TODAY))
    value, note = training_compliance(dt.date(2026, 4, 1), TODAY)
    assert value == total.percent
    assert f"{total.in_date} of {total.required}" in note


def test_compliance_as_of_a_past_date_ignores_later_completions(people: Any) -> None:
    _module, _staff = _division_setup(people)
    before = models.summarise(models.compliance_rows(today=dt.date(2025, 12, 31)))
    now = models.summarise(models.compliance_rows(today=TODAY))
    assert before.completed == now.completed - 1  # staff[0] completed on 5 Jan 2026


def test_compliance_page_groups_and_exports(people: Any, client_as: Any) -> None:
    _division_setup(people)
    client = client_as(people.officer_a)
    for by in ("division", "audience", "manager", "person", "module"):
        assert client.get(reverse("training:compliance"), {"by": by}).status_code == 200
    export = client.get(reverse("training:compliance"), {"by": "person", "export": "csv"})
    assert b"Per cent in date" in b"".join(export.streaming_content)
    mine = client_as(people.staff).get(reverse("training:mine"))
    assert mine.status_code == 200
