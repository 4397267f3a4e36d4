from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "infogov.registrations"
    label = "registrations"
    verbose_name = "Registrations"
