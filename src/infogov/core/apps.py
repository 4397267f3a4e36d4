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

        from django.contrib.auth import get_user_model

        from infogov.core import tokens
        from infogov.core.words import person_name

        tokens.connect_signals()
        # Every place that renders a user (pages, exports, history, e-mails) shows the
        # person's name, not the username.
        get_user_model().__str__ = person_name  # type: ignore[assignment,method-assign]
        import_module("infogov.core.digest")  # registers the weekly digest job
