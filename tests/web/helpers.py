"""Shared builders for the web tests: cases registered through the services."""

from __future__ import annotations

import datetime as dt

from awda.cases.services import case_add_member, case_create
from awda.people.services import document_add, person_create


def register_case(
    actor,
    office,
    *,
    given_name="Awa",
    family_name="Camara",
    sex="F",
    date_of_birth=dt.date(1990, 4, 2),
    nationality="GN",
    phone="",
    passport="",
    passport_expires=dt.date(2035, 1, 1),
    members=(),
    application_date=None,
    reasons=("lack_of_resources",),
    **case_kwargs,
):
    """A case opened the way intake opens it. `members` are (relationship, person kwargs)."""
    principal = person_create(
        actor=actor,
        given_name=given_name,
        family_name=family_name,
        sex=sex,
        date_of_birth=date_of_birth,
        nationality=nationality,
        phone=phone,
    )
    if passport:
        document_add(
            actor=actor,
            person=principal,
            kind="passport",
            number=passport,
            issuing_country=nationality,
            expires_on=passport_expires,
        )
    case = case_create(
        actor=actor,
        case_type=case_kwargs.pop("case_type", "outbound"),
        office=office,
        principal=principal,
        application_date=application_date or dt.date(2026, 1, 15),
        reasons=reasons,
        **case_kwargs,
    )
    for relationship, person_kwargs in members:
        person = person_create(actor=actor, **{"nationality": nationality, **person_kwargs})
        case_add_member(actor=actor, case=case, person=person, relationship=relationship)
    return case


def intake_post(token: str, *, people: list[dict], case: dict | None = None, action="check"):
    """POST data of the intake form: `people[0]` is the principal applicant; a person's
    "documents" is a list of document dicts."""
    data = {
        "token": token,
        "action": action,
        "member_count": str(len(people)),
        "case_type": "outbound",
        "application_date": "2026-02-01",
        "referral_source": "self",
        "reasons": ["lack_of_resources"],
    }
    data.update(case or {})
    for i, person in enumerate(people):
        person = dict(person)
        documents = person.pop("documents", [])
        data[f"p{i}-present"] = "1"
        data[f"p{i}-doc_count"] = str(max(1, len(documents)))
        for key, value in person.items():
            data[f"p{i}-{key}"] = value
        for j, document in enumerate(documents):
            data[f"p{i}-d{j}-present"] = "1"
            for key, value in document.items():
                data[f"p{i}-d{j}-{key}"] = value
        if not documents:
            data[f"p{i}-d0-present"] = "1"
    return data
