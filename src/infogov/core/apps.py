from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class CoreConfig(AppConfig):
    name = "infogov.core"
    label = "core"
    verbose_name = "InfoGov core"
    nav: tuple[tuple[str, str, str | None], ...] = ()

    def dashboard_panels(self, request: HttpRequest) -> list[dict[str, Any]]:
        from infogov.core.outbox import panels

        return panels(request)

    def ready(self) -> None:
        from importlib import import_module

        from infogov.core import tokens

        tokens.connect_signals()
        import_module("infogov.core.digest")  # registers the weekly digest job
