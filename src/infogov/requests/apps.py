from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class RequestsConfig(AppConfig):
    name = "infogov.requests"
    label = "requests"
    verbose_name = "Requests"
    nav = (("Requests", "requests:case_list", "requests.Case"),)
    sections = (
        ("Cases", "requests:case_list", "requests.Case"),
        ("Due soon", "requests:case_due_soon", "requests.Case"),
        ("Overdue", "requests:case_overdue", "requests.Case"),
        ("Search tasks", "requests:searchtask_list", "requests.SearchTask"),
        ("Documents", "requests:document_list", "requests.Document"),
        ("Statistics", "requests:statistics", "requests.Case"),
        ("Disclosure log", "requests:disclosureentry_list", "requests.DisclosureEntry"),
        ("Guide to Information", "requests:guideitem_list", "requests.GuideItem"),
        ("Letter templates", "requests:lettertemplate_list", "requests.LetterTemplate"),
    )

    def dashboard_panels(self, request: HttpRequest) -> list[dict[str, Any]]:
        from infogov.requests.dashboard import panels

        return panels(request)
