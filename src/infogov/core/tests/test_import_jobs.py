"""Import jobs (`core/imports.py`): checked, then written in one transaction by one worker;
the page, the API and the command run the same job; only importers of the kind see it."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from infogov.core.imports import (
    claim_next_import,
    confirm_import,
    perform_import,
    requeue_stale_imports,
    run_queued_imports,
    start_import,
)
from infogov.core.models import AuditEvent, ImportJob
from infogov.core.reminders import discover_jobs
from infogov.records.models import RetentionRule
from infogov.records.tests.factories import RetentionRuleFactory

pytestmark = pytest.mark.django_db
State = ImportJob.State

HEAD = "Code,Function,Activity,Record series,Trigger,Retention years,Retention months,Authority\n"
ROW = "15.003.009,Personnel,Staff records,Personnel files,End of employment,6,0,Limitation Act\n"
GOOD = HEAD + ROW + "15.003.010,Personnel,Pay,Payroll,End of year,7,0,Finance Act\n"
BAD = HEAD + ROW + "15.003.010,Personnel,Pay,Payroll,End of year,7,13,Finance Act\n"

# Every file goes to the background job, as a large one would.
background = override_settings(INFOGOV_IMPORT_INLINE_KB=0)


def _start(people: Any, text: str = GOOD, **kwargs: Any) -> ImportJob:
    return start_import(
        acting_user=people.ig_manager,
        kind="retention",
        data=text.encode(),
        filename="schedule.csv",
        **kwargs,
    )


@background
def test_the_imports_job_is_registered_and_checks_then_writes_only_when_confirmed(
    people: Any,
) -> None:
    assert "imports" in discover_jobs()
    job = _start(people)
    assert job.state == State.QUEUED
    assert discover_jobs()["imports"].run(timezone.now()) == 1
    job.refresh_from_db()
    assert (job.state, job.added, job.row_count, job.rows_done) == (State.CHECKED, 2, 2, 2)
    assert job.preview["added"] == [[2, "15.003.009 Personnel files"], [3, "15.003.010 Payroll"]]
    assert not RetentionRule.objects.exists()
    confirm_import(job, acting_user=people.ig_manager)
    assert run_queued_imports() == 1
    job.refresh_from_db()
    assert job.state == State.DONE and job.data is None
    assert set(RetentionRule.objects.values_list("code", flat=True)) == {
        "15.003.009",
        "15.003.010",
    }
    assert AuditEvent.objects.filter(verb="imported", object_id=job.pk).count() == 1


@background
def test_a_job_is_claimed_once(people: Any) -> None:
    job = _start(people, confirmed=True)
    first = claim_next_import()
    assert first is not None and first.pk == job.pk
    assert claim_next_import() is None  # a second worker finds nothing to claim


@background
def test_a_stale_job_is_queued_again_and_written_exactly_once(people: Any) -> None:
    job = _start(people, confirmed=True)
    stale = claim_next_import(timezone.now() - timedelta(hours=2))
    assert stale is not None
    assert requeue_stale_imports(timezone.now()) == 1
    fresh = claim_next_import()
    assert fresh is not None and fresh.started_at != stale.started_at
    perform_import(fresh)
    # The stopped worker wakes up and finishes: it lost its claim, so it writes nothing.
    perform_import(stale)
    job.refresh_from_db()
    assert job.state == State.DONE
    assert RetentionRule.objects.count() == 2
    assert RetentionRule.history.count() == 2


@background
def test_a_running_job_is_not_requeued_before_it_is_stale(people: Any) -> None:
    _start(people, confirmed=True)
    assert claim_next_import() is not None
    assert requeue_stale_imports(timezone.now()) == 0


@background
def test_errors_are_kept_with_row_and_column_and_nothing_is_written(people: Any) -> None:
    RetentionRuleFactory(code="15.003.009", record_series="Old", period_years=1)
    job = _start(people, BAD, confirmed=True)
    run_queued_imports()
    job.refresh_from_db()
    assert job.state == State.FAILED and job.data is None
    assert job.problems == [
        [3, "Retention months", "Enter a whole number from 0 to 11."],
    ]
    assert RetentionRule.objects.get().record_series == "Old"
    assert not RetentionRule.objects.filter(code="15.003.010").exists()


@background
def test_a_file_that_changed_state_between_check_and_confirm_is_checked_again(
    people: Any,
) -> None:
    job = _start(people)
    run_queued_imports()
    RetentionRuleFactory(code="15.003.009", record_series="Personnel files", period_years=6)
    confirm_import(job, acting_user=people.ig_manager)
    run_queued_imports()
    job.refresh_from_db()
    assert (job.state, job.added, job.changed + job.unchanged) == (State.DONE, 1, 1)


def test_a_failed_job_cannot_be_confirmed(people: Any) -> None:
    from django.core.exceptions import ValidationError

    job = _start(people, BAD)  # small: checked at once
    assert job.state == State.FAILED
    with pytest.raises(ValidationError):
        confirm_import(job, acting_user=people.ig_manager)


@background
def test_the_page_answers_at_once_shows_progress_then_the_preview_and_imports(
    people: Any, client_as: Any
) -> None:
    client = client_as(people.ig_manager)
    upload = SimpleUploadedFile("schedule.csv", GOOD.encode(), content_type="text/csv")
    response = client.post("/imports/", {"kind": "retention", "file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/imports/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in page and f"/imports/{job.pk}/progress/" in page
    progress = client.get(f"/imports/{job.pk}/progress/", headers={"HX-Request": "true"})
    assert progress.status_code == 200 and "Waiting to start" in progress.content.decode()
    run_queued_imports()
    finished = client.get(f"/imports/{job.pk}/progress/", headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert (
        "2 to add, 0 to change, 0 left alone" in page
        and "Row 2: 15.003.009 Personnel files" in page
    )
    assert client.post(f"/imports/{job.pk}/").status_code == 302
    run_queued_imports()
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "2 added, 0 changed, 0 unchanged" in page
    assert RetentionRule.objects.count() == 2


def test_a_small_file_is_checked_and_imported_in_the_request(people: Any, client_as: Any) -> None:
    client = client_as(people.ig_manager)
    upload = SimpleUploadedFile("schedule.csv", BAD.encode(), content_type="text/csv")
    response = client.post("/imports/", {"kind": "retention", "file": upload})
    page = client.get(response["Location"]).content.decode()
    assert "row 3, column &quot;Retention months&quot;: Enter a whole number" in page
    assert client.post(response["Location"]).status_code == 400
    assert not RetentionRule.objects.exists()


def test_only_those_who_may_import_the_kind_see_the_job(
    people: Any, client_as: Any, api_as: Any
) -> None:
    job = _start(people)
    for user in (people.officer_a, people.iao, people.staff, people.auditor):
        page = client_as(user).get("/imports/")
        if user == people.officer_a:  # an officer imports training completions only
            assert page.status_code == 200
            assert 'value="training"' in page.content.decode()
            assert 'value="retention"' not in page.content.decode()
        else:
            assert page.status_code == 403
        assert client_as(user).get(f"/imports/{job.pk}/").status_code == 404
        assert client_as(user).post(f"/imports/{job.pk}/").status_code == 404
        api = api_as(user)
        assert api.get(f"/api/imports/{job.pk}/").status_code == 404
        assert api.get("/api/imports/").json()["count"] == 0
        assert api.post(f"/api/imports/{job.pk}/confirm/").status_code == 404
        upload = SimpleUploadedFile("schedule.csv", GOOD.encode(), content_type="text/csv")
        refused = api.post(
            "/api/imports/", {"kind": "retention", "file": upload}, format="multipart"
        )
        assert refused.status_code == 403
    assert ImportJob.objects.count() == 1
    assert not RetentionRule.objects.exists()


@background
def test_the_api_uploads_follows_and_confirms_an_import(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    upload = SimpleUploadedFile("schedule.csv", GOOD.encode(), content_type="text/csv")
    created = api.post("/api/imports/", {"kind": "retention", "file": upload}, format="multipart")
    assert created.status_code == 202 and created.json()["state"] == "queued"
    pk = created.json()["id"]
    run_queued_imports()
    assert api.get(f"/api/imports/{pk}/").json()["state"] == "checked"
    assert api.post(f"/api/imports/{pk}/confirm/").status_code == 202
    run_queued_imports()
    body = api.get(f"/api/imports/{pk}/").json()
    assert (body["state"], body["added"]) == ("done", 2)
    assert api.post(f"/api/imports/{pk}/confirm/").status_code == 400


def test_the_api_reports_every_problem_with_row_and_column(people: Any, api_as: Any) -> None:
    api = api_as(people.ig_manager)
    upload = SimpleUploadedFile("schedule.csv", BAD.encode(), content_type="text/csv")
    body = api.post(
        "/api/imports/", {"kind": "retention", "file": upload, "confirm": True}, format="multipart"
    ).json()
    assert body["state"] == "failed"
    assert body["problems"] == [
        'row 3, column "Retention months": Enter a whole number from 0 to 11.'
    ]


def test_the_command_runs_the_same_job(people: Any, tmp_path: Path) -> None:
    path = tmp_path / "schedule.csv"
    path.write_text(BAD, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "retention", str(path), stdout=io.StringIO(), stderr=err)
    assert 'row 3, column "Retention months"' in err.getvalue()
    assert ImportJob.objects.get().state == State.FAILED
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import", "retention", str(path), "--queue", stdout=out)
    assert "Queued import" in out.getvalue() and not RetentionRule.objects.exists()
    assert run_queued_imports() == 1
    assert RetentionRule.objects.count() == 2
