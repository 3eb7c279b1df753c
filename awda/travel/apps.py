from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    name = "awda.travel"
    label = "travel"
    verbose_name = _("Departure operations")

    def ready(self) -> None:
        from awda.travel import receivers

        receivers.connect()
