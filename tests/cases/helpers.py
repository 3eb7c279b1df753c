"""Building cases in a given state for workflow tests, through the services."""

import datetime as dt

from awda.cases.services import case_create
from awda.people.services import document_add, person_create
from awda.protection.services import declaration_sign


def registered_case(
    actor,
    office,
    *,
    case_type="outbound",
    nationality="GN",
    passport=True,
    birth_year=1994,
    given_name="Awa",
    family_name="Camara",
    sex="F",
    host_country="",
    destination_country="",
):
    person = person_create(
        actor=actor,
        given_name=given_name,
        family_name=family_name,
        sex=sex,
        birth_year=birth_year,
        nationality=nationality,
    )
    if passport:
        document_add(
            actor=actor,
            person=person,
            kind="passport",
            number="P1234567",
            issuing_country=nationality,
            expires_on=dt.date(2035, 1, 1),
        )
    return case_create(
        actor=actor,
        case_type=case_type,
        office=office,
        principal=person,
        application_date=dt.date(2026, 1, 5),
        host_country=host_country,
        destination_country=destination_country,
    )


def sign_declaration(actor, case):
    return declaration_sign(
        actor=actor,
        case=case,
        signed_on=dt.date(2026, 1, 6),
        language="fr",
        information_version="2024-1",
    )
