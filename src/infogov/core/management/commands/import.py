"""`infogov import KIND FILE [--dry-run] [--queue]`: import a register from .xlsx or .csv.

Kinds come from every app's `importers.IMPORTERS` (assets, retention, …). The file becomes
an import job (`core/imports.py`), run here at once: checked outside any transaction, then
written in one transaction. With `--queue` it is left for the `imports` job instead and the
command prints the job's page. Any problem → exit status 1, each problem printed as
`row N, column "Heading": message`, nothing changed. Changes are recorded against the
system actor. Never prompts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from infogov.core.importing import Problem, discover_importers
from infogov.core.imports import run_job_now, start_import
from infogov.core.models import ImportJob
from infogov.core.services import system_user


class Command(BaseCommand):
    help = "Import a register (assets, retention, …) from an .xlsx or .csv file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", help="What the file holds: " + ", ".join(sorted(discover_importers()))
        )
        parser.add_argument("file", help="An .xlsx workbook or a UTF-8 .csv file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change; change nothing.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Leave the import to the `imports` job (send_reminders) and print its page.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        try:
            job = start_import(
                acting_user=system_user(),
                kind=options["kind"],
                data=data,
                filename=path.name,
                confirmed=not options["dry_run"],
                from_command=True,
                run_small_now=False,
            )
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(str(Problem(1, None, message)))
            raise CommandError("Nothing was imported.", returncode=1) from None
        if options["queue"]:
            self.stdout.write(
                f"Queued import {job.pk} of {path.name}: {settings.SITE_URL}"
                f"{job.get_absolute_url()}"
            )
            return
        if job.state == ImportJob.State.QUEUED:
            job = run_job_now(job)
        if job.state == ImportJob.State.FAILED:
            for row, column, message in job.problems:
                self.stderr.write(str(Problem(row, column, message)))
            raise CommandError(
                f"{len(job.problems)} problem(s): nothing was imported.", returncode=1
            )
        prefix = "Dry run: would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{prefix} {options['kind']} from {path.name}: "
            f"{job.added} added, {job.changed} changed, {job.unchanged} unchanged."
        )
