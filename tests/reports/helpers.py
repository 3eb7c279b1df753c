"""Small builders of cases for report tests (rows directly, like tests/factories)."""

import datetime as dt
import itertools

from django.utils import timezone

from awda.cases.models import Case, CaseMember, CaseReturnReason, TimelineEvent
from awda.people.models import Person
from awda.protection.models import Vulnerability

_seq = itertools.count(1)


def add_case(
    office,
    members,
    *,
    case_type="outbound",
    status="departed",
    application_date=dt.date(2022, 2, 1),
    departure_date=None,
    arrival_date=None,
    host_country="",
    destination_country="",
    settlement_region="",
    programme=None,
    reasons=(),
    vulnerabilities=(),
):
    """members: list of (sex, date_of_birth, nationality); the first is the principal.

    vulnerabilities: list of (member index, category).
    """
    n = next(_seq)
    case = Case.objects.create(
        reference=f"T-{n:06d}",
        case_type=case_type,
        status=status,
        office=office,
        programme=programme,
        application_date=application_date,
        departure_date=departure_date,
        arrival_date=arrival_date,
        host_country=host_country,
        destination_country=destination_country,
        settlement_region=settlement_region,
    )
    people = []
    for i, (sex, dob, nationality) in enumerate(members):
        person = Person.objects.create(
            given_name=f"P{n}",
            family_name=f"F{i}",
            sex=sex,
            date_of_birth=dob,
            nationality=nationality,
        )
        CaseMember.objects.create(
            case=case, person=person, relationship="principal" if i == 0 else "child"
        )
        people.append(person)
    if case_type == "inbound" and status in ("reintegration", "monitoring"):
        # What case_transition writes when the reintegration project starts.
        TimelineEvent.objects.create(
            case=case,
            at=timezone.now(),
            kind="transition",
            action="start_reintegration",
            from_status="counselling",
            to_status="reintegration",
        )
    for reason in reasons:
        CaseReturnReason.objects.create(case=case, reason=reason)
    for index, category in vulnerabilities:
        Vulnerability.objects.create(
            case=case, person=people[index], category=category, assessed_on=application_date
        )
    return case
