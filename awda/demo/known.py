"""A handful of people the demo always contains, for duplicate-detection tests and demos.

Each is registered through the ordinary services with an open case, so they look exactly
like people a case worker registered. The random part of the demo never draws one of
their names or its usual spelling variants, so that a search for "Mamadou Dialo" or
"Mohamed Osman" has one obvious candidate.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from awda.accounts.models import Organisation, User
from awda.cases.models import Case
from awda.cases.services import case_create
from awda.people.models import Person
from awda.people.names import name_key, normalise
from awda.people.services import document_add, person_create

KNOWN_PEOPLE: list[dict] = [
    {
        "given_name": "Mamadou",
        "family_name": "Diallo",
        "sex": "M",
        "date_of_birth": dt.date(1994, 5, 12),
        "nationality": "GN",
        "languages": "français, pular",
        "phone": "+212661234567",
        "residence_city": "Rabat",
        "residence_region": "04",
        "documents": [
            {
                "kind": "passport",
                "number": "GN1234567",
                "issuing_country": "GN",
                "issued_on": dt.date(2022, 3, 1),
                "expires_on": dt.date(2032, 2, 29),
            }
        ],
        "variants": {
            "given": ["Mamadou", "Mamadu", "Mamoudou", "Mamady", "Mamadi"],
            "family": ["Diallo", "Dialo", "Djallo", "Djalo", "Jallow", "Jalloh"],
        },
    },
    {
        "given_name": "Mohammed",
        "family_name": "Osman",
        "name_other_script": "محمد عثمان",
        "sex": "M",
        "date_of_birth": dt.date(1991, 11, 3),
        "nationality": "SD",
        "languages": "arabe",
        "phone": "+212672345678",
        "residence_city": "Rabat",
        "residence_region": "04",
        "documents": [
            {
                "kind": "passport",
                "number": "P04512873",
                "issuing_country": "SD",
                "issued_on": dt.date(2019, 8, 14),
                "expires_on": dt.date(2029, 8, 13),
            }
        ],
        "variants": {
            "given": ["Mohammed", "Mohamed", "Muhammad", "Mohammad", "Mohamad", "Mahamat"],
            "family": ["Osman", "Othman", "Osmane", "Uthman", "Usman", "Ousmane"],
        },
    },
    {
        "given_name": "Aïssatou",
        "family_name": "Barry",
        "sex": "F",
        "date_of_birth": dt.date(1998, 2, 20),
        "nationality": "GN",
        "languages": "français, pular",
        "phone": "+212614567890",
        "residence_city": "Salé",
        "residence_region": "04",
        "documents": [],
        "variants": {
            "given": ["Aïssatou", "Aissata", "Aisatou", "Aishatu", "Aïssata"],
            "family": ["Barry", "Bari", "Barri"],
        },
    },
    {
        "given_name": "Jean-Baptiste",
        "family_name": "Kouassi",
        "sex": "M",
        "date_of_birth": dt.date(1989, 8, 15),
        "nationality": "CI",
        "languages": "français, baoulé",
        "phone": "+212655512340",
        "residence_city": "Rabat",
        "residence_region": "04",
        "documents": [
            {
                "kind": "passport",
                "number": "18AC24680",
                "issuing_country": "CI",
                "issued_on": dt.date(2018, 6, 4),
                "expires_on": dt.date(2028, 6, 3),
            }
        ],
        "variants": {
            "given": ["Jean-Baptiste", "Jean Baptiste", "Jean-Batiste"],
            "family": ["Kouassi", "Kouasi", "Kwasi"],
        },
    },
    {
        "given_name": "Fatou",
        "family_name": "Ndiaye",
        "sex": "F",
        "date_of_birth": dt.date(1996, 12, 1),
        "nationality": "SN",
        "languages": "français, wolof",
        "phone": "+212708123456",
        "residence_city": "Témara",
        "residence_region": "04",
        "documents": [
            {
                "kind": "passport",
                "number": "A01357924",
                "issuing_country": "SN",
                "issued_on": dt.date(2021, 1, 11),
                "expires_on": dt.date(2031, 1, 10),
            }
        ],
        "variants": {
            "given": ["Fatou", "Fatu", "Fatoo"],
            "family": ["Ndiaye", "N'Diaye", "Ndiay", "Njie"],
        },
    },
    {
        "given_name": "Chinedu",
        "family_name": "Okafor",
        "sex": "M",
        "date_of_birth": dt.date(1992, 4, 7),
        "nationality": "NG",
        "languages": "anglais, igbo",
        "phone": "+212699876543",
        "residence_city": "Rabat",
        "residence_region": "04",
        "documents": [
            {
                "kind": "passport",
                "number": "A11223344",
                "issuing_country": "NG",
                "issued_on": dt.date(2020, 9, 30),
                "expires_on": dt.date(2030, 9, 29),
            }
        ],
        "variants": {"given": ["Chinedu", "Chinedou"], "family": ["Okafor", "Okaffor", "Okafo"]},
    },
]


def reserved_name_pairs() -> frozenset[tuple[str, str]]:
    """(given, family) pairs, normalised, that the random demo people must not carry."""
    pairs = set()
    for person in KNOWN_PEOPLE:
        for given in person["variants"]["given"]:
            for family in person["variants"]["family"]:
                pairs.add((normalise(given), normalise(family)))
    return frozenset(pairs)


def create_known_people(office: Organisation, actor: User | None = None) -> list[Case]:
    """Register each known person with an open outbound case in `office`.

    Idempotent: a known person already present (same name and date of birth) is skipped.
    """
    cases = []
    with transaction.atomic():
        for spec in KNOWN_PEOPLE:
            key = name_key(
                spec["given_name"], spec["family_name"], spec.get("name_other_script", "")
            )
            if Person.objects.filter(name_key=key, date_of_birth=spec["date_of_birth"]).exists():
                continue
            person = person_create(
                actor=actor,
                given_name=spec["given_name"],
                family_name=spec["family_name"],
                name_other_script=spec.get("name_other_script", ""),
                sex=spec["sex"],
                date_of_birth=spec["date_of_birth"],
                nationality=spec["nationality"],
                languages=spec["languages"],
                phone=spec["phone"],
                residence_city=spec["residence_city"],
                residence_region=spec["residence_region"],
            )
            for document in spec["documents"]:
                document_add(actor=actor, person=person, **document)
            cases.append(
                case_create(
                    actor=actor,
                    case_type="outbound",
                    office=office,
                    principal=person,
                    reasons=["lack_of_resources"],
                )
            )
    return cases
