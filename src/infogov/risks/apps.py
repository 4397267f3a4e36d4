from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class RisksConfig(AppConfig):
    name = "infogov.risks"
    label = "risks"
    verbose_name = "Risks"
    nav = (("Risks", "risks:risk_list", "risks.Risk"),)
    sections = (
        ("Risk register", "risks:risk_list", "risks.Risk"),
        ("Heat map", "risks:heat_map", "risks.Risk"),
        ("Controls", "risks:control_list", "risks.Control"),
        ("Reviews", "risks:riskreview_list", "risks.RiskReview"),
        ("Escalations", "risks:escalation_list", "risks.Escalation"),
        ("Bands", "risks:riskband_list", "risks.RiskBand"),
    )

    def dashboard_panels(self, request: HttpRequest) -> list[dict[str, Any]]:
        from infogov.risks.dashboard import panels

        return panels(request)
