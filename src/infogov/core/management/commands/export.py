"""`infogov export KIND FILE`: export a register to .xlsx or .csv (the import's headings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from infogov.core.importing import ImportFailed, discover_importers, file_format, run_export


class Command(BaseCommand):
    help = "Export a register (assets, retention, …) to an .xlsx or .csv file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", help="What to export: " + ", ".join(sorted(discover_importers()))
        )
        parser.add_argument("file", help="The .xlsx or .csv file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            fmt = file_format(path.name)
            count = run_export(options["kind"], path, fmt)
        except ImportFailed as exc:
            for problem in exc.problems:
                self.stderr.write(problem.message)
            raise CommandError("Nothing was exported.", returncode=1) from None
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}") from None
        self.stdout.write(f"Exported {count} {options['kind']} row(s) to {path}.")
