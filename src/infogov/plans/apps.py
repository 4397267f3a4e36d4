from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "infogov.plans"
    label = "plans"
    verbose_name = "Plans"
