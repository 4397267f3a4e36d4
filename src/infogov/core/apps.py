from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "infogov.core"
    label = "core"
    verbose_name = "InfoGov core"
    nav: tuple[tuple[str, str, str | None], ...] = ()

    def ready(self) -> None:
        from infogov.core import tokens

        tokens.connect_signals()
