from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "awda.reports"
    label = "reports"

    def ready(self) -> None:
        from awda.reports import signals

        signals.connect()
