from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class TrainingConfig(AppConfig):
    name = "infogov.training"
    label = "training"
    verbose_name = "Training and awareness"
    nav = (("Training", "training:module_list", "training.Module"),)
    sections = (
        ("Modules", "training:module_list", "training.Module"),
        ("Completions", "training:completion_list", "training.Completion"),
        ("My training", "training:mine", "training.Module"),
        ("Compliance", "training:compliance", "training.Completion"),
        ("Campaigns", "training:campaign_list", "training.Campaign"),
        ("Surveys", "training:survey_list", "training.Survey"),
    )

    def dashboard_panels(self, request: HttpRequest) -> list[dict[str, Any]]:
        from infogov.training.dashboard import panels

        return panels(request)
