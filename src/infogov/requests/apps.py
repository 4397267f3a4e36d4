from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "infogov.requests"
    label = "requests"
    verbose_name = "Requests"
