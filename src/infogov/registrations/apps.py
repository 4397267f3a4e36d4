from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class RegistrationsConfig(AppConfig):
    name = "infogov.registrations"
    label = "registrations"
    verbose_name = "ICO registrations"
    nav = (("ICO registrations", "registrations:registration_list", "registrations.Registration"),)
    sections = (
        ("Registrations", "registrations:registration_list", "registrations.Registration"),
        ("Elected members", "registrations:memberexemption_list", "registrations.MemberExemption"),
    )

    def dashboard_panels(self, request: HttpRequest) -> list[dict[str, Any]]:
        from infogov.registrations.dashboard import panels

        return panels(request)
