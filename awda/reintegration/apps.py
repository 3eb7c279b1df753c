from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReintegrationConfig(AppConfig):
    name = "awda.reintegration"
    label = "reintegration"
    verbose_name = _("Reintegration")

    def ready(self) -> None:
        from awda.cases.signals import case_transitioned
        from awda.reintegration.services import on_case_transitioned

        # A departed case is handed to the mission of its country in the same transaction.
        case_transitioned.connect(on_case_transitioned, dispatch_uid="reintegration_handover")
