"""Reads of people and their documents, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from awda.accounts.access import Section, can_see_section
from awda.accounts.models import User
from awda.people.models import TRAVEL_DOCUMENT_KINDS, IdentityDocument, Person
from awda.people.names import document_key, normalise, search_keys


def travel_documents_of(person: Person) -> list[IdentityDocument]:
    """Passports and laissez-passer a person can cross a border with."""
    return list(person.documents.filter(kind__in=TRAVEL_DOCUMENT_KINDS).order_by("-expires_on"))


def _visible_persons(user: User) -> QuerySet[Person]:
    from awda.cases.selectors import persons_visible_to

    if not can_see_section(user, Section.PEOPLE):
        return Person.objects.none()
    return persons_visible_to(user)


def _prefix(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, written so that an index serves it.

    PostgreSQL has a varchar_pattern_ops index for LIKE 'x%' on every indexed CharField
    (Django creates it); SQLite uses an index for LIKE only with case-sensitive LIKE, so
    there the prefix becomes a range (keys are lower-case ASCII, SQLite compares bytes).
    """
    if connection.vendor != "sqlite":
        return Q(**{f"{field}__startswith": prefix})
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


def _looks_like_number(q: str) -> bool:
    return any(ch.isdigit() for ch in q)


def person_search(user: User, q: str) -> QuerySet[Person]:
    """People the user may see whose name, document number or phone matches `q`.

    Names match across spellings and scripts the way duplicate detection matches them
    ("Mamadou Dialo" finds "Mamadou Diallo", "محمد" finds "Mohamed"), and by prefix of
    the name as written ("Mama" while typing). A query with digits is a document number
    (prefix, without spaces or dashes) or a phone number, each searched only for users
    who may see documents or contact details respectively.
    """
    return (
        _visible_persons(user)
        .filter(person_match_q(user, q))
        .order_by("family_name", "given_name", "pk")
    )


def person_match_q(user: User, q: str) -> Q:
    """The condition of `person_search` on people, without the user's case scope: for a
    caller that narrows to visible cases itself (the case list), which lets the database
    find the few matching people by their keys first. The fields searched still depend on
    the user (document numbers, phone)."""
    from awda.people.services import normalise_phone

    q = " ".join((q or "").split())
    if not q:
        return Q(pk__in=[])
    if _looks_like_number(q):
        ids: set[int] = set()
        key = document_key(q)
        if can_see_section(user, Section.DOCUMENTS) and len(key) >= 3:
            # The number as typed, or its beginning once long enough to be selective.
            match = _prefix("number_key", key) if len(key) >= 5 else Q(number_key=key)
            ids.update(
                IdentityDocument.objects.filter(match)
                .values_list("person_id", flat=True)
                .distinct()[:500]
            )
        phone = ""
        if can_see_section(user, Section.CONTACT):
            try:
                phone = normalise_phone(q)
            except ValidationError:
                phone = ""
        condition = Q(pk__in=sorted(ids))
        if phone:
            condition |= Q(phone=phone)
        return condition

    condition = Q(pk__in=[])
    text = normalise(q)
    if text:
        condition |= _prefix("name_key", text)
    first, last, pair = search_keys(q)
    if pair:
        condition |= Q(pair_key=pair) | Q(other_pair_key=pair)
    elif first:
        condition |= Q(first_key=first) | Q(last_key=first)
        if len(text) >= 3:
            # A word still being typed ("Cama"): names whose skeleton starts the same way.
            condition |= _prefix("first_key", first) | _prefix("last_key", first)
    return condition


def _statuses_before_departure() -> dict[str, list[str]]:
    """Statuses, per case type, in which the people of a case still have to travel."""
    from awda.cases.models import CaseType
    from awda.cases.workflows import ASSISTANCE, PRE_DEPARTURE, workflow_for

    return {
        case_type: [
            s.code
            for s in workflow_for(case_type).states
            if s.active and s.phase in (ASSISTANCE, PRE_DEPARTURE) and s.code != "departed"
        ]
        for case_type in (CaseType.OUTBOUND, CaseType.RESETTLEMENT)
    }


def documents_expiring(
    user: User, within_days: int = 30, *, today: dt.date | None = None
) -> QuerySet[IdentityDocument]:
    """Travel documents that expire within `within_days` (or already have) of people who
    still have to travel, in cases the user may see; soonest first.

    A document is left out once its holder has another travel document valid beyond
    that horizon (a new passport or a laissez-passer has been recorded).
    """
    from awda.cases.models import CaseMember
    from awda.cases.selectors import cases_visible_to

    if not can_see_section(user, Section.DOCUMENTS):
        return IdentityDocument.objects.none()
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within_days)
    waiting = Q(pk__in=[])
    for case_type, statuses in _statuses_before_departure().items():
        waiting |= Q(case_type=case_type, status__in=statuses)
    cases = cases_visible_to(user).filter(waiting).values("pk")
    travellers = CaseMember.objects.filter(case__in=cases).values("person_id")
    replacement = IdentityDocument.objects.filter(
        person_id=OuterRef("person_id"), kind__in=TRAVEL_DOCUMENT_KINDS
    ).filter(Q(expires_on__gt=horizon) | Q(expires_on__isnull=True))
    return (
        IdentityDocument.objects.filter(
            kind__in=TRAVEL_DOCUMENT_KINDS,
            expires_on__lte=horizon,
            person_id__in=travellers,
        )
        .exclude(Exists(replacement))
        .select_related("person")
        .order_by("expires_on", "pk")
    )
