"""`infogov send_reminders [--loop]`: run every scheduled job, then send what is due, once.

Each job runs in its own try and prints one line; the summary tells sent, will retry and
failed (given up) apart. A single run exits 0 when every job ran, whatever happened to the
e-mail (failures are retried, and those given up are shown to the IG manager); it exits 1
after running everything else when a job raised. With `--loop`, SIGTERM or SIGINT lets the
current job (or message) finish, then the command stops cleanly with status 0.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from infogov.core.reminders import (
    failed_notifications,
    run_jobs,
    send_pending,
    waiting_to_retry,
)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs (reminders, anonymising closed case files), then send the "
        "messages that are due, each once."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stop_signal: str = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Keep running, once every --interval seconds, until SIGTERM or SIGINT "
            "(the current job finishes first).",
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=None,
            help="Seconds between runs with --loop (default INFOGOV_JOBS_INTERVAL_SECONDS; "
            "at least 10).",
        )

    def request_stop(self, signum: int, frame: FrameType | None = None) -> None:
        """Signal handler: finish the current job, then stop. A second signal stops now.

        It only sets a flag (no output, no locks), so it is safe whatever it interrupts.
        """
        if self.stop_signal:
            raise SystemExit(1)
        self.stop_signal = signal.Signals(signum).name

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`, a second at a time; True as soon as a stop is requested."""
        deadline = time.monotonic() + seconds
        while not self.is_stopping():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(1.0, left))
        return True

    def is_stopping(self) -> bool:
        return bool(self.stop_signal)

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options["interval"] or settings.INFOGOV_JOBS_INTERVAL_SECONDS
        if interval < 10:
            raise CommandError("--interval must be at least 10 seconds.")
        previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            previous = {sig: signal.signal(sig, self.request_stop) for sig in STOP_SIGNALS}
        try:
            while True:
                failed_jobs = self.run_once()
                if not options["loop"]:
                    if failed_jobs:
                        raise CommandError(
                            f"{len(failed_jobs)} job(s) failed: {', '.join(failed_jobs)}. "
                            "The other jobs ran and the messages due were sent."
                        )
                    return
                if self.wait(interval):
                    self.stdout.write(f"{self.stop_signal} received: stopped cleanly.")
                    return
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def run_once(self) -> list[str]:
        """One pass: every job, then sending. Returns the names of the jobs that failed."""
        results = run_jobs(should_stop=self.is_stopping)
        for result in results.values():
            (self.stderr if result.error else self.stdout).write(result.line())
        queued = sum(r.count for r in results.values() if r.reminder and not r.error)
        if self.is_stopping():
            self.stdout.write(
                f"queued {queued}; {self.stop_signal} received after the current job: "
                "the other jobs and sending wait for the next run"
            )
        else:
            outcome = send_pending(should_stop=self.is_stopping)
            self.stdout.write(f"queued {queued}, {outcome.line()}")
            if outcome.released:
                self.stdout.write(
                    f"{outcome.released} message(s) left claimed by a sender that stopped "
                    "were released and sent again or rescheduled."
                )
        waiting = waiting_to_retry().count()
        given_up = failed_notifications().count()
        if waiting:
            self.stdout.write(f"{waiting} message(s) wait to be tried again.")
        if given_up:
            self.stdout.write(
                f"{given_up} message(s) have failed for good: the IG manager sees them on the "
                "home page and can send them again."
            )
        return [r.name for r in results.values() if r.error]
