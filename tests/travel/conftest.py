"""Fixtures for departure operations: a case ready for booking, a programme with a quota."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from awda.cases.services import case_add_member, case_create, case_transition
from awda.funding.models import Programme
from awda.funding.services import quota_agreement_create
from awda.people.services import document_add, person_create
from awda.protection.models import Consent
from awda.protection.services import declaration_sign
from awda.travel.services import LegInput
from tests import factories as f


@pytest.fixture
def english():
    """Service messages in English, so that assertions read as the code is written."""
    with translation.override("en"):
        yield


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def manager_rabat(office_rabat):
    return f.UserFactory(username="manager_rabat", organisation=office_rabat, role="office_manager")


@pytest.fixture
def movement_officer(office_rabat):
    return f.UserFactory(
        username="movement_rabat", organisation=office_rabat, role="movement_officer"
    )


@pytest.fixture
def medical_officer(office_rabat):
    return f.UserFactory(
        username="medical_rabat", organisation=office_rabat, role="medical_officer"
    )


@pytest.fixture
def consulate_org(consulate_guinea):
    return consulate_guinea.organisation


@pytest.fixture
def programme(db):
    return Programme.objects.create(
        code="MI-FUNDING", name="Financement du Ministère de l'Intérieur"
    )


@pytest.fixture
def quota(programme, manager_rabat):
    return quota_agreement_create(
        actor=manager_rabat,
        programme=programme,
        title="3ème Avenant",
        signed_on=dt.date(2016, 5, 4),
        tickets=3000,
        tickets_used_before=2990,
    )


def make_case(
    actor,
    office,
    *,
    given_name: str = "Mamadou",
    family_name: str = "Diallo",
    nationality: str = "GN",
    birth_year: int = 1994,
    passport_expires: dt.date | None = dt.date(2035, 1, 1),
    programme=None,
    extra_members: list[dict] = (),
    status: str = "ready",
    declaration: bool = True,
    consent: bool = True,
):
    """A case through the services, up to `status` (registered … ready)."""
    principal = person_create(
        actor=actor,
        given_name=given_name,
        family_name=family_name,
        sex="M",
        birth_year=birth_year,
        nationality=nationality,
    )
    if passport_expires:
        document_add(
            actor=actor,
            person=principal,
            kind="passport",
            number=f"{nationality}{principal.pk:07d}",
            issuing_country=nationality,
            issued_on=dt.date(2020, 1, 1),
            expires_on=passport_expires,
        )
    case = case_create(
        actor=actor,
        case_type="outbound",
        office=office,
        principal=principal,
        programme=programme,
        application_date=today() - dt.timedelta(days=30),
    )
    for m in extra_members:
        p = person_create(
            actor=actor,
            given_name=m["given_name"],
            family_name=m.get("family_name", family_name),
            sex=m.get("sex", "F"),
            date_of_birth=m.get("date_of_birth"),
            birth_year=m.get("birth_year"),
            nationality=m.get("nationality", nationality),
        )
        if m.get("passport", True):
            document_add(
                actor=actor,
                person=p,
                kind="passport",
                number=f"{nationality}{p.pk:07d}",
                issuing_country=nationality,
                expires_on=dt.date(2035, 1, 1),
            )
        case_add_member(
            actor=actor, case=case, person=p, relationship=m.get("relationship", "child")
        )
    if consent:
        Consent.objects.create(case=case, purpose="consulate", given_on=today())
    if declaration:
        declaration_sign(
            actor=actor,
            case=case,
            signed_on=today(),
            language="fr",
            information_version="2024-1",
        )
    path = ["start_counselling", "start_screening", "confirm_eligibility", "mark_ready"]
    targets = ["counselling", "screening", "travel_documents", "ready"]
    if status != "registered":
        for action, target in zip(path, targets, strict=True):
            case_transition(case=case, action=action, actor=actor)
            if target == status:
                break
    return case


def flight(day: dt.date | None = None, number: str = "AT 571") -> list[LegInput]:
    day = day or today()
    return [
        LegInput(
            carrier="Royal Air Maroc",
            flight_number=number,
            from_place="CMN Casablanca",
            to_place="CKY Conakry",
            departs_on=day,
            departs_at=dt.time(23, 55),
            arrives_on=day + dt.timedelta(days=1),
            arrives_at=dt.time(3, 40),
        )
    ]


@pytest.fixture
def ready_case(case_worker, office_rabat, programme):
    return make_case(case_worker, office_rabat, programme=programme)
