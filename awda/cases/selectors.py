"""Reads of cases, always scoped to what the user may see (see accounts.access)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from awda.accounts.access import case_scope
from awda.accounts.models import User
from awda.cases.models import Case, CaseMember
from awda.people.models import Person


def cases_visible_to(user: User) -> QuerySet[Case]:
    return Case.objects.filter(case_scope(user))


def case_get_for_user(user: User, pk: int | str) -> Case:
    """The case if `user` may open it; Http404 otherwise (never 403: no hint it exists)."""
    try:
        return cases_visible_to(user).select_related("office", "programme").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case")


def case_get_by_reference_for_user(user: User, reference: str) -> Case:
    try:
        return cases_visible_to(user).select_related("office", "programme").get(reference=reference)
    except Case.DoesNotExist:
        raise Http404("No such case")


def persons_visible_to(user: User) -> QuerySet[Person]:
    """People who belong to at least one case the user may see."""
    case_ids = cases_visible_to(user).values("pk")
    person_ids = CaseMember.objects.filter(case__in=case_ids).values("person_id")
    return Person.objects.filter(pk__in=person_ids)


def person_get_for_user(user: User, pk: int | str) -> Person:
    try:
        return persons_visible_to(user).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("No such person")


def case_members(case: Case) -> list[CaseMember]:
    return list(case.members.select_related("person").order_by("id"))
