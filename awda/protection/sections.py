"""Case-file sections of this app (see awda.web.registry)."""


def vulnerabilities(request, case, members) -> dict:
    return {}


def sharing(request, case, members) -> dict:
    return {}
