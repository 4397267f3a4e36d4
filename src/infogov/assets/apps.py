from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "infogov.assets"
    label = "assets"
    verbose_name = "Assets"
