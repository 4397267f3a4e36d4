"""`infogov load_frameworks`: (re)load the self-assessment frameworks from data files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from infogov.plans.services import sync_frameworks


class Command(BaseCommand):
    help = "Load the self-assessment frameworks in plans/frameworks/ (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for framework in sync_frameworks():
            self.stdout.write(f"{framework.name}: {framework.items.count()} items")
