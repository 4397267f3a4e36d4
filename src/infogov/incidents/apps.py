from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class IncidentsConfig(AppConfig):
    name = "infogov.incidents"
    label = "incidents"
    verbose_name = "Incidents"
    nav = (("Incidents", "incidents:incident_list", "incidents.Incident"),)
    sections = (
        ("Report an incident", "incidents:report", None),
        ("My reports", "incidents:my_reports", None),
        ("All incidents", "incidents:incident_list", "incidents.Incident"),
        ("Actions", "incidents:action_list", "incidents.Comment"),
        ("Other bodies notified", "incidents:othernotification_list", "incidents.Comment"),
        ("Analysis", "incidents:analysis", "incidents.Comment"),
        ("Causes", "incidents:cause_list", "incidents.ReportabilityThresholds"),
        (
            "ICO incident types",
            "incidents:icoincidenttype_list",
            "incidents.ReportabilityThresholds",
        ),
        ("Categories of data", "incidents:datacategory_list", "incidents.ReportabilityThresholds"),
        (
            "Categories of people",
            "incidents:subjectcategory_list",
            "incidents.ReportabilityThresholds",
        ),
        ("Thresholds", "incidents:thresholds", "incidents.ReportabilityThresholds"),
    )

    def dashboard_panels(self, request: HttpRequest) -> list[dict[str, Any]]:
        from infogov.incidents.dashboard import panels

        return panels(request)
