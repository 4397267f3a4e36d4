from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "infogov.risks"
    label = "risks"
    verbose_name = "Risks"
