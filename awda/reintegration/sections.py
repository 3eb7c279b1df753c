"""Case-file sections of this app (see awda.web.registry)."""


def reintegration(request, case, members) -> dict:
    return {}
