from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "infogov.records"
    label = "records"
    verbose_name = "Records"
