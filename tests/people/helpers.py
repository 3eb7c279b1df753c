"""Test helpers of the people tests."""

import datetime as dt


def ask_consulate(case, person, consulate):
    """Put a case in a consulate's scope: a laissez-passer was asked of it for `person`.

    Written as a row (not through travel's services) so that these tests do not depend on
    the travel workflow; the scope rule itself lives in accounts.access.
    """
    from awda.travel.models import LpcRequest

    situation = LpcRequest._meta.get_field("document_situation").choices[0][0]
    return LpcRequest.objects.create(
        case=case,
        person=person,
        consulate=consulate,
        document_situation=situation,
        requested_on=dt.date(2026, 1, 15),
    )
