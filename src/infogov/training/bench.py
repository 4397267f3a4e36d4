"""Completions import speed (PRODUCT §6, issue target: 100,000 rows in under 60 s).

`infogov bench training.import_completions` builds 5,000 people and four modules, writes
100,000 completion rows (five dates each) as CSV, imports it as `infogov import training`
does (read, check every row, write with history in one transaction), imports it again
(which must change nothing), and rolls everything back.
"""

from __future__ import annotations

import io
import time
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from infogov.core.services import system_user
from infogov.core.spreadsheets import write_sheet
from infogov.organisation.models import Division, Person
from infogov.training.choices import Provider
from infogov.training.importers import HEADINGS
from infogov.training.models import Completion, Module

PEOPLE, MODULES, DATES = 5_000, 4, 5
FORMATS = ("csv", "xlsx")


class _RolledBack(Exception):
    pass


def _workbook(people: list[Person], modules: list[Module], today: date, fmt: str) -> bytes:
    rows = (
        [p.email, m.title, today - timedelta(days=30 + 200 * k), 80 + (p.pk + k) % 21]
        for p in people
        for m in modules
        for k in range(DATES)
    )
    buffer = io.BytesIO()
    write_sheet(buffer, fmt, list(HEADINGS), rows, title="completions")
    return buffer.getvalue()


def import_completions() -> list[dict[str, Any]]:
    from infogov.core.importing import run_import

    results: list[dict[str, Any]] = []
    actor = system_user()
    today = timezone.localdate()
    for fmt in FORMATS:
        try:
            with transaction.atomic():
                division = Division.objects.order_by("pk").first() or Division.objects.create(
                    name="Benchmark division", code="bench"
                )
                people = Person.objects.bulk_create(
                    [
                        Person(
                            first_name="Bench",
                            last_name=f"Person {i}",
                            email=f"bench.person{i}@bench.example",
                            division=division,
                        )
                        for i in range(PEOPLE)
                    ],
                    batch_size=1000,
                )
                modules = [
                    Module.objects.create(title=f"Benchmark module {i}", provider=Provider.BRIEFING)
                    for i in range(MODULES)
                ]
                data = _workbook(people, modules, today, fmt)
                before = Completion.objects.count()
                started, cpu = time.perf_counter(), time.process_time()
                plan = run_import("training", data, f"completions.{fmt}", acting_user=actor)
                first = time.perf_counter() - started
                first_cpu = time.process_time() - cpu
                added = Completion.objects.count() - before
                started = time.perf_counter()
                again = run_import("training", data, f"completions.{fmt}", acting_user=actor)
                second = time.perf_counter() - started
                results.append(
                    {
                        "format": fmt,
                        "rows": PEOPLE * MODULES * DATES,
                        "file_mb": round(len(data) / 1_000_000, 1),
                        "import_seconds": round(first, 1),
                        "import_cpu_seconds": round(first_cpu, 1),
                        "added": added,
                        "planned_added": len(plan.added),
                        "reimport_seconds": round(second, 1),
                        "reimport_added": len(again.added),
                        "reimport_changed": len(again.changed),
                    }
                )
                raise _RolledBack
        except _RolledBack:
            pass
    return results


BENCHMARKS = {"import_completions": import_completions}
