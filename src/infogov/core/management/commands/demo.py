"""`infogov demo`: load the demo organisation into a migrated database, once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from infogov.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo organisation (PRODUCT §3). Needs INFOGOV_DEMO=1; never migrates."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "The demo organisation is only loaded when INFOGOV_DEMO=1 is set.", returncode=2
            )
        loaded = load_demo()
        if loaded:
            self.stdout.write(f"Loaded demo data: {', '.join(loaded)}.")
        else:
            self.stdout.write("The demo organisation is already loaded; nothing to do.")
        self.stdout.write(
            "Demo sign-ins (password demo-password): ig.manager, siro, cr.officer, ecs.officer, "
            "cw.officer, cr.iao, caseworker, staff.member, councillor, auditor"
        )
