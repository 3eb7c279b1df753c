"""Building blocks for protection, assistance and partner tests: office staff of every
role, partners, and cases in the states the tests need (built through the services)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from awda.cases.models import Case
from awda.cases.services import case_add_member
from awda.protection.services import declaration_sign
from tests import factories as f


def staff(office, username: str, role: str):
    return f.UserFactory(username=username, organisation=office, role=role)


def case_with_child_alone(office, *, status: str = "ready") -> tuple[Case, object]:
    """A 15-year-old alone, bookable except for the best-interests procedure: declaration
    signed, a valid passport, a planned departure date."""
    today = timezone.localdate()
    child = f.PersonFactory(
        given_name="Fatoumata",
        family_name="Camara",
        sex="F",
        date_of_birth=today.replace(year=today.year - 15) - dt.timedelta(days=30),
    )
    f.DocumentFactory(person=child, expires_on=today + dt.timedelta(days=900))
    case = f.CaseFactory(
        office=office,
        status=status,
        planned_departure_date=today + dt.timedelta(days=20),
        application_date=today - dt.timedelta(days=40),
    )
    f.MemberFactory(case=case, person=child, relationship="principal")
    declaration_sign(
        actor=None,
        case=case,
        signed_on=today - dt.timedelta(days=10),
        language="Français",
        information_version="2024-1",
        signed_by_guardian=True,
        guardian_name="Entraide Nationale",
    )
    return case, child


def family_case(office, *, reference: str | None = None, status: str = "counselling") -> Case:
    """An adult couple with a child, of the given office."""
    today = timezone.localdate()
    kwargs = {"reference": reference} if reference else {}
    case = f.CaseFactory(
        office=office, status=status, application_date=today - dt.timedelta(days=30), **kwargs
    )
    mother = f.PersonFactory(given_name="Awa", family_name="Koné", sex="F", nationality="CI")
    f.MemberFactory(case=case, person=mother, relationship="principal")
    father = f.PersonFactory(given_name="Yao", family_name="Koné", sex="M", nationality="CI")
    case_add_member(actor=None, case=case, person=father, relationship="spouse")
    child = f.PersonFactory(
        given_name="Ama",
        family_name="Koné",
        sex="F",
        nationality="CI",
        date_of_birth=today.replace(year=today.year - 6),
    )
    case_add_member(actor=None, case=case, person=child, relationship="child")
    return case


def principal(case: Case):
    return case.members.get(relationship="principal").person
