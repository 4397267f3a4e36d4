"""`infogov import KIND FILE [--dry-run]`: import a register from .xlsx or .csv.

Kinds come from every app's `importers.IMPORTERS` (assets, retention, …). Any problem →
exit status 1, each problem printed as `row N, column "Heading": message`, nothing changed.
Changes are recorded against the system actor. Never prompts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from infogov.core.importing import ImportFailed, discover_importers, run_import
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

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        try:
            plan = run_import(
                options["kind"], data, path.name, system_user(), dry_run=options["dry_run"]
            )
        except ImportFailed as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError("Nothing was imported.", returncode=1) from None
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(plan.problems)} problem(s): nothing was imported.", returncode=1
            )
        prefix = "Dry run: would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{prefix} {options['kind']} from {path.name}: "
            f"{len(plan.added)} added, {len(plan.changed)} changed, "
            f"{len(plan.unchanged)} unchanged."
        )
