"""Import jobs: a register import run in the background by the `imports` job.

An import has two passes, each claimed by one worker with a conditional UPDATE:

1. **Check** (`confirmed` false): read the file and plan every row, reporting progress as
   it goes. Reading never takes the write lock. The result is kept on the job as the
   preview (how many rows are added, changed and left alone, and the first rows of each),
   or as every problem (`row N, column "Heading": message`), in which case nothing changes.
2. **Import** (after the person confirms): the file is checked again (records may have
   changed since the preview) and the plan is written in ONE transaction, in bulk batches
   of 500, so the import is all or nothing. The job marks itself done inside that
   transaction, so a pass that lost its claim (it was re-queued as stale while still
   running) rolls its writes back and the import is written exactly once.

A pass left running longer than `INFOGOV_IMPORT_STALE_MINUTES` (a worker that stopped) goes
back to the queue. Files up to `INFOGOV_IMPORT_INLINE_KB` are run at once, in the request
that uploaded or confirmed them, so a small import needs no wait for the job runner.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from infogov.core.importing import (
    ImportFailed,
    Plan,
    Problem,
    apply_in_one_transaction,
    discover_importers,
    importer_for,
    may_import,
    read_sheet,
)
from infogov.core.models import ImportJob, record_event
from infogov.core.reminders import scheduled_job

PREVIEW_ROWS = 200  # rows to add and to change kept for the preview, each
State = ImportJob.State


class _ClaimLost(Exception):
    """The job was re-queued and claimed by another worker while this one ran."""


def kinds_for(user: Any) -> list[str]:
    """The kinds `user` may import: each kind's importer decides (`may_import`)."""
    return sorted(k for k, cls in discover_importers().items() if cls.may_import(user))


def jobs_visible_to(user: Any) -> QuerySet[ImportJob]:
    """Import jobs of the kinds `user` may import; nobody else sees a job at all. Someone
    who may import only within their scope (not a whole-register importer: an information
    officer's completions) sees only their own jobs, whose previews name their people."""
    jobs = ImportJob.objects.filter(kind__in=kinds_for(user)).select_related("requested_by")
    if not may_import(user):
        jobs = jobs.filter(requested_by=user)
    return jobs


def stale_after() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "INFOGOV_IMPORT_STALE_MINUTES", 60)))


def _small(job: ImportJob) -> bool:
    limit = int(getattr(settings, "INFOGOV_IMPORT_INLINE_KB", 256)) * 1024
    return len(bytes(job.data or b"")) <= limit


def start_import(
    *,
    acting_user: Any,
    kind: str,
    data: bytes,
    filename: str,
    confirmed: bool = False,
    from_command: bool = False,
    run_small_now: bool = True,
) -> ImportJob:
    """Queue an import of `data` as `kind` (checked first; written only once confirmed,
    or at once when `confirmed`). A small file is run now; a large one by the job.
    `from_command`: the server's operator (`infogov import`), acting as the system user."""
    known = sorted(discover_importers())
    if kind not in known:
        raise ValidationError({"kind": f"Unknown kind “{kind}”: use one of {', '.join(known)}."})
    if not from_command and kind not in kinds_for(acting_user):
        raise PermissionDenied("You may not import this register.")
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            filename=filename[:200],
            data=data,
            requested_by=acting_user,
            confirmed=confirmed,
        )
        record_event(acting_user, job, "import queued", f"{job.filename} uploaded ({kind})")
    if run_small_now and _small(job):
        run_job_now(job)
    return job


def confirm_import(job: ImportJob, *, acting_user: Any) -> ImportJob:
    """Queue a checked import to be written (the person has seen the preview)."""
    if job.kind not in kinds_for(acting_user):
        raise PermissionDenied("You may not import this register.")
    with transaction.atomic():
        moved = ImportJob.objects.filter(
            pk=job.pk, state=State.CHECKED, confirmed=False, data__isnull=False
        ).update(state=State.QUEUED, confirmed=True, rows_done=0, started_at=None)
        if not moved:
            raise ValidationError(
                "Only a checked file without problems can be imported: upload it again."
            )
        record_event(acting_user, job, "import confirmed", job.filename)
    job.refresh_from_db()
    if _small(job):
        run_job_now(job)
    return job


def _claim(queryset: QuerySet[ImportJob], now: datetime) -> ImportJob | None:
    while True:
        candidate = queryset.filter(state=State.QUEUED).order_by("id").values_list("id", flat=True)
        pk = candidate.first()
        if pk is None:
            return None
        if ImportJob.objects.filter(pk=pk, state=State.QUEUED).update(
            state=State.RUNNING, started_at=now, rows_done=0
        ):
            return ImportJob.objects.select_related("requested_by").get(pk=pk)


def claim_next_import(now: datetime | None = None) -> ImportJob | None:
    """Claim the oldest queued import (two workers never claim the same one)."""
    return _claim(ImportJob.objects.all(), now or timezone.now())


def requeue_stale_imports(now: datetime) -> int:
    """Imports left running by a stopped worker go back to the queue."""
    return ImportJob.objects.filter(state=State.RUNNING, started_at__lt=now - stale_after()).update(
        state=State.QUEUED, started_at=None, rows_done=0
    )


def run_job_now(job: ImportJob) -> ImportJob:
    """Claim this queued job and run it in this process (small files, the command)."""
    claimed = _claim(ImportJob.objects.filter(pk=job.pk), timezone.now())
    if claimed is not None:
        perform_import(claimed)
    job.refresh_from_db()
    return job


def _problem_rows(problems: list[Problem]) -> list[list[Any]]:
    return [[p.row, p.column, p.message] for p in problems]


def perform_import(job: ImportJob) -> ImportJob:
    """Run a claimed (running) job's pass. Only the worker holding the claim (its
    `started_at`) may finish it."""
    mine = ImportJob.objects.filter(pk=job.pk, state=State.RUNNING, started_at=job.started_at)
    actor = job.requested_by
    plan: Plan | None = None
    try:
        importer = importer_for(job.kind, user=actor)
        sheet = read_sheet(bytes(job.data or b""), job.filename)
        mine.update(row_count=len(sheet.rows))
        plan = importer.plan(sheet, progress=lambda done: mine.update(rows_done=done))
        if not plan.ok:
            raise ImportFailed(plan.problems)
        counts = {
            "added": len(plan.added),
            "changed": len(plan.changed),
            "unchanged": len(plan.unchanged),
            "rows_done": len(sheet.rows),
        }
        if not job.confirmed:
            mine.update(
                state=State.CHECKED,
                finished_at=timezone.now(),
                preview={
                    "added": [[r.row, r.label] for r in plan.added[:PREVIEW_ROWS]],
                    "changed": [[r.row, r.label, r.changed] for r in plan.changed[:PREVIEW_ROWS]],
                },
                **counts,
            )
        else:

            def finish() -> None:
                # Inside the import's transaction: lose the claim → roll the writes back.
                if not mine.update(
                    state=State.DONE, finished_at=timezone.now(), data=None, **counts
                ):
                    raise _ClaimLost
                record_event(
                    actor,
                    job,
                    "imported",
                    f"{job.filename}: {counts['added']} added, {counts['changed']} changed, "
                    f"{counts['unchanged']} unchanged",
                )

            apply_in_one_transaction(importer, plan, acting_user=actor, also=finish)
    except _ClaimLost:
        pass
    except ImportFailed as exc:
        _fail(mine, job, actor, exc.problems)
    except Exception as exc:  # a file the reader could not handle: say so, change nothing
        _fail(mine, job, actor, [Problem(1, None, f"The import stopped: {exc}")])
    job.refresh_from_db()
    return job


def _fail(mine: QuerySet[ImportJob], job: ImportJob, actor: Any, problems: list[Problem]) -> None:
    with transaction.atomic():
        if mine.update(
            state=State.FAILED,
            finished_at=timezone.now(),
            problems=_problem_rows(problems),
            data=None,
        ):
            record_event(actor, job, "import failed", f"{job.filename}: {len(problems)} problem(s)")


def run_queued_imports(now: datetime | None = None) -> int:
    """Run every queued import pass, each once; the number run."""
    requeue_stale_imports(now or timezone.now())
    count = 0
    while (job := claim_next_import()) is not None:
        perform_import(job)
        count += 1
    return count


@scheduled_job("imports", counts="import passes run")
def imports(now: datetime) -> int:
    """Check and write the queued spreadsheet imports."""
    return run_queued_imports(now)
