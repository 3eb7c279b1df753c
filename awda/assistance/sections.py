"""Case-file sections of this app (see awda.web.registry)."""


def counselling(request, case, members) -> dict:
    return {}


def assistance(request, case, members) -> dict:
    return {}
