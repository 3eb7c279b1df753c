"""Keeps movements in step with their case's workflow (see services.on_case_transitioned)."""

from awda.cases.signals import case_transitioned


def _on_case_transitioned(sender, *, case, action, actor, **kwargs) -> None:
    from awda.travel.services import on_case_transitioned

    on_case_transitioned(case=case, action=action, actor=actor)


def connect() -> None:
    case_transitioned.connect(_on_case_transitioned, dispatch_uid="travel.movements")
