from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "infogov.core"
    label = "core"
    verbose_name = "InfoGov core"
    nav: tuple[tuple[str, str, str | None], ...] = ()
