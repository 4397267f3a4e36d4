"""Bringing the existing case load in: all or nothing, row errors, clocks replayed."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from infogov.core.importing import ImportFailed, run_import
from infogov.requests import models

pytestmark = pytest.mark.django_db

HEADINGS = (
    "Reference,Kind,Received,Requester name,Requester e-mail,Division,Caseworker,Status,"
    "Clarification requested,Clarification received,Fees notice,Fee received,Extended,"
    "Responded,Withdrawn,Closed,Outcome,Exemptions"
)


def csv(*rows: str) -> bytes:
    return ("\n".join([HEADINGS, *rows]) + "\n").encode()


def good_file(people: Any) -> bytes:
    caseworker = people.caseworker.person
    caseworker.email = "case.worker@example.org"
    caseworker.save()
    return csv(
        # Open FOI: 20 working days from 2 March 2026.
        "FOI-2026-0101,FOI,2026-03-02,Ann Other,ann@example.org,Corporate Resources,"
        "case.worker@example.org,Open,,,,,,,,,,",
        # EIR refused in part with a clarification, an extension and two exceptions.
        "EIR-2026-0102,EIR,02/03/2026,Bob Roe,,cw,,Responded,2026-03-04,2026-03-09,,,"
        "2026-03-20,2026-04-20,,,Information disclosed in part,EIR reg. 10(4)(e); eir_10_5_e",
        # SAR closed.
        "SAR-2026-0103,SAR,2026-01-05,Cat Poe,cat@example.org,,,Closed,,,,,,2026-02-02,,"
        "2026-02-03,disclosed_in_full,",
    )


@time_machine.travel("2026-05-01", tick=False)
def test_the_case_load_is_imported_with_every_clock_replayed(people: Any) -> None:
    plan = run_import("requests", good_file(people), "cases.csv", acting_user=people.ig_manager)
    assert plan.ok and len(plan.added) == 3
    foi = models.Case.objects.get(reference="FOI-2026-0101")
    assert foi.kind == "foi" and foi.status == "open" and foi.due_on == date(2026, 3, 30)
    assert foi.caseworker == people.caseworker.person
    assert foi.division == people.division_a
    eir = models.Case.objects.get(reference="EIR-2026-0102")
    # Clarification received 9 March restarts the clock; extended to 40 working days.
    assert eir.due_on == date(2026, 5, 6)
    assert eir.status == "responded" and eir.responded_on == date(2026, 4, 20)
    assert eir.on_time is True and eir.outcome == "disclosed_in_part"
    assert sorted(
        models.AppliedExemption.objects.filter(document__case=eir).values_list(
            "exemption", flat=True
        )
    ) == ["eir_10_4_e", "eir_10_5_e"]
    assert list(eir.events.values_list("type", flat=True)) == [
        "received",
        "clarification_requested",
        "clarification_received",
        "extended",
        "responded",
    ]
    sar = models.Case.objects.get(reference="SAR-2026-0103")
    assert sar.status == "closed" and sar.closed_on == date(2026, 2, 3)
    assert sar.due_on == date(2026, 2, 5)
    assert sar.history.count() >= 1  # in history, against the importer


@time_machine.travel("2026-05-01", tick=False)
def test_reimporting_the_same_file_changes_nothing(people: Any) -> None:
    data = good_file(people)
    run_import("requests", data, "cases.csv", acting_user=people.ig_manager)
    counts = (
        models.Case.history.count(),
        models.CaseEvent.objects.count(),
        models.AppliedExemption.objects.count(),
    )
    plan = run_import("requests", data, "cases.csv", acting_user=people.ig_manager)
    assert plan.ok and not plan.added and not plan.changed and len(plan.unchanged) == 3
    assert counts == (
        models.Case.history.count(),
        models.CaseEvent.objects.count(),
        models.AppliedExemption.objects.count(),
    )


@time_machine.travel("2026-05-01", tick=False)
def test_a_later_file_adds_events_and_replays_the_clock(people: Any) -> None:
    run_import("requests", good_file(people), "cases.csv", acting_user=people.ig_manager)
    later = csv(
        "FOI-2026-0101,FOI,2026-03-02,Ann Other,ann@example.org,Corporate Resources,"
        "case.worker@example.org,Responded,,,,,,2026-03-27,,,Information not held,"
    )
    plan = run_import("requests", later, "later.csv", acting_user=people.ig_manager)
    assert [r.row for r in plan.changed] == [2]
    foi = models.Case.objects.get(reference="FOI-2026-0101")
    assert foi.status == "responded" and foi.responded_on == date(2026, 3, 27)
    assert foi.outcome == "not_held"


@time_machine.travel("2026-05-01", tick=False)
def test_bad_rows_are_all_reported_and_nothing_is_imported(people: Any) -> None:
    bad = csv(
        "FOI-2026-0201,FOI,2026-03-02,Ann,,,nobody@example.org,,,,,,,,,,,",
        "FOI-2026-0202,Gossip,2026-03-02,Ann,,,,,,,,,,,,,,",
        "FOI-2026-0203,FOI,2026-13-02,Ann,,,,,,,,,,,,,,",
        "FOI-2026-0204,FOI,2026-06-01,Ann,,,,,,,,,,,,,,",
        "FOI-2026-0205,FOI,2026-03-02,Ann,,,,,,,,,2026-03-05,,,,,",
        "FOI-2026-0206,FOI,2026-03-02,Ann,,,,Closed,,,,,,2026-03-20,,,,",
        "FOI-2026-0206,FOI,2026-03-02,Ann,,,,,,,,,,,,,,",
        "FOI-2026-0207,FOI,2026-03-02,Ann,,,,,,,,,,2026-03-01,,,,",
        "FOI-2026-0208,FOI,2026-03-02,Ann,,,,,,,,,,,,,,FOISA s.99",
    )
    with pytest.raises(ImportFailed) as failed:
        plan = run_import("requests", bad, "bad.csv", acting_user=people.ig_manager)
        raise ImportFailed(plan.problems)
    messages = [str(p) for p in failed.value.problems]
    expected = [
        'row 2, column "Caseworker": Unknown caseworker “nobody@example.org”',
        'row 3, column "Kind": Unknown kind of request “Gossip”',
        'row 4, column "Received": “2026-13-02” is not a date',
        'row 5, column "Received": 1 June 2026 cannot be after today.',
        'row 6, column "Extended": Only data-protection rights requests',
        'row 7, column "Status": “Closed” does not match the case\'s dates',
        'row 8, column "Reference": Duplicate: the same case (same reference) is already in row 7.',
        'row 9, column "Responded": 1 March 2026 is before the request was received.',
        'row 10, column "Exemptions": Unknown exemption or exception “FOISA s.99”',
    ]
    for start in expected:
        assert any(m.startswith(start) for m in messages), (start, messages)
    assert not models.Case.objects.exists()


@time_machine.travel("2026-05-01", tick=False)
def test_the_command_imports_the_file(people: Any, tmp_path: Any) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(good_file(people))
    out = io.StringIO()
    call_command("import", "requests", str(path), stdout=out)
    assert models.Case.objects.count() == 3


@time_machine.travel("2026-05-01", tick=False)
def test_the_upload_page_takes_the_case_load_for_the_ig_manager_only(
    people: Any, client_as: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client_as(people.ig_manager).get(reverse("requests:import"))
    assert page.status_code == 302 and page["Location"] == "/imports/?kind=requests"
    client = client_as(people.ig_manager)
    upload = client.post(
        "/imports/",
        {"kind": "requests", "file": SimpleUploadedFile("cases.csv", good_file(people))},
    )
    assert upload.status_code == 302
    preview = client.get(upload["Location"])
    assert preview.status_code == 200 and "3 to add" in preview.content.decode()
    done = client.post(upload["Location"])
    assert done.status_code == 302
    assert models.Case.objects.count() == 3
    assert client_as(people.caseworker).get("/imports/").status_code == 403
    export = client_as(people.auditor).get(reverse("assets:export", args=["requests"]))
    assert export.status_code == 403


@time_machine.travel("2026-05-01", tick=False)
def test_an_export_of_the_case_load_reimports_unchanged(people: Any) -> None:
    from infogov.core.importing import discover_importers

    run_import("requests", good_file(people), "cases.csv", acting_user=people.ig_manager)
    importer = discover_importers()["requests"]()
    buffer = io.BytesIO()
    importer.export(buffer, "csv")
    plan = run_import("requests", buffer.getvalue(), "export.csv", acting_user=people.ig_manager)
    assert plan.ok and len(plan.unchanged) == 3, plan.problems
