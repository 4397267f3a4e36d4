"""`infogov load_ico_incident_types`: load (or refresh) the ICO's 23 incident types."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from infogov.incidents.ico_types import load_ico_types, shipped


class Command(BaseCommand):
    help = (
        "Load the ICO's data security incident types from incidents/data/"
        "ico_incident_types.json, add each to the cause list and map unmapped causes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        types, causes = load_ico_types()
        self.stdout.write(
            f"{len(shipped())} ICO incident types ({types} new); {causes} causes added."
        )
