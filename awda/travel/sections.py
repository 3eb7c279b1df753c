"""Case-file sections of this app (see awda.web.registry)."""


def travel(request, case, members) -> dict:
    return {}
