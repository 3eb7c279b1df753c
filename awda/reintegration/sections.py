"""Case-file sections of this app (see awda.web.registry)."""


def reintegration(request, case, members) -> dict:
    from awda.reintegration.views import case_context

    return case_context(request, case, members)
