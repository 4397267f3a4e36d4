"""`infogov send_reminders [--loop]`: queue what is due, then send it, once."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from infogov.core.reminders import run_jobs, send_pending


class Command(BaseCommand):
    help = "Queue the reminders that are due and send each one once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, once every --interval seconds."
        )
        parser.add_argument("--interval", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            queued = run_jobs()
            sent = send_pending()
            total = sum(queued.values())
            self.stdout.write(f"queued {total}, sent {sent}")
            if not options["loop"]:
                return
            time.sleep(max(options["interval"], 10))
