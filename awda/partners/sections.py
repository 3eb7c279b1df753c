"""Case-file sections of this app (see awda.web.registry)."""


def referrals(request, case, members) -> dict:
    return {}
