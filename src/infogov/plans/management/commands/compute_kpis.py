"""`infogov compute_kpis`: compute the computed KPIs for their last complete periods."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from infogov.core.services import acting_as, system_user
from infogov.plans.services import compute_kpis


class Command(BaseCommand):
    help = "Compute every computed KPI for its last complete period(s) from live data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--periods", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_user()
        with acting_as(actor):
            done = compute_kpis(acting_user=actor, count=options["periods"])
        self.stdout.write(f"{done} KPI values computed.")
