from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "infogov.incidents"
    label = "incidents"
    verbose_name = "Incidents"
