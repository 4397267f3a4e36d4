"""`infogov bench [NAME...]`: run the speed benchmarks and print their measurements."""

from __future__ import annotations

import json
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def discover() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("infogov.") and find_spec(f"{config.name}.bench"):
            module = import_module(f"{config.name}.bench")
            for name, func in getattr(module, "BENCHMARKS", {}).items():
                found[name if config.label == "core" else f"{config.label}.{name}"] = func
    return found


class Command(BaseCommand):
    help = "Run the speed benchmarks (all, or those named) and print JSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*")

    def handle(self, *args: Any, **options: Any) -> None:
        benchmarks = discover()
        names = options["names"] or list(benchmarks)
        unknown = [n for n in names if n not in benchmarks]
        if unknown:
            raise CommandError(
                f"Unknown benchmark {unknown[0]!r}: choose from {sorted(benchmarks)}"
            )
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        for name in names:
            result = benchmarks[name]()
            self.stdout.write(json.dumps({"benchmark": name, "result": result}))
