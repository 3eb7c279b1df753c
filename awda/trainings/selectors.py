"""Reads of FORAS orientation and trainings, and the yearly figures the report reuses."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from awda.accounts.access import sees_all_cases
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.accounts.roles import OFFICE_ROLES
from awda.trainings.models import (
    Attendance,
    AwarenessParticipant,
    AwarenessSession,
    Enrolment,
    TrainingCycle,
    TrainingSession,
)


def _office_of(user: User) -> Organisation | None | bool:
    """True: every office; an Organisation: that office only; None: nothing."""
    if not user.is_authenticated or not user.is_active:
        return None
    if sees_all_cases(user):
        return True
    org = user.organisation
    if org is not None and org.kind == OrganisationKind.IOM_OFFICE and user.role in OFFICE_ROLES:
        return org
    return None


def cycles_visible_to(user: User) -> QuerySet[TrainingCycle]:
    office = _office_of(user)
    if office is None:
        return TrainingCycle.objects.none()
    qs = TrainingCycle.objects.select_related("office", "programme")
    return qs if office is True else qs.filter(office=office)


def awareness_visible_to(user: User) -> QuerySet[AwarenessSession]:
    office = _office_of(user)
    if office is None:
        return AwarenessSession.objects.none()
    qs = AwarenessSession.objects.select_related("office", "programme")
    return qs if office is True else qs.filter(office=office)


def cycle_get_for_user(user: User, pk) -> TrainingCycle:
    from django.http import Http404

    try:
        return cycles_visible_to(user).get(pk=pk)
    except (TrainingCycle.DoesNotExist, ValueError, TypeError):
        raise Http404("No such cycle")


def session_get_for_user(user: User, pk) -> TrainingSession:
    from django.http import Http404

    try:
        return TrainingSession.objects.select_related("cycle__office").get(
            pk=pk, cycle__in=cycles_visible_to(user)
        )
    except (TrainingSession.DoesNotExist, ValueError, TypeError):
        raise Http404("No such session")


def awareness_get_for_user(user: User, pk) -> AwarenessSession:
    from django.http import Http404

    try:
        return awareness_visible_to(user).get(pk=pk)
    except (AwarenessSession.DoesNotExist, ValueError, TypeError):
        raise Http404("No such session")


def enrolment_get_for_user(user: User, pk) -> Enrolment:
    from django.http import Http404

    try:
        return Enrolment.objects.select_related("person", "cycle").get(
            pk=pk, cycle__in=cycles_visible_to(user)
        )
    except (Enrolment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such enrolment")


def cycle_enrolments(cycle: TrainingCycle) -> QuerySet[Enrolment]:
    return (
        cycle.enrolments.select_related("person", "case")
        .annotate(attended=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("person__family_name", "person__given_name")
    )


def _by_sex(rows) -> dict[str, int]:
    out = {"men": 0, "women": 0}
    for sex, n in rows:
        out["men" if sex == "M" else "women"] += n
    out["total"] = out["men"] + out["women"]
    return out


def training_figures(*, start: dt.date, end: dt.date, office: Organisation | None = None) -> dict:
    """FORAS figures for [start, end], the one place the report takes them from.

    - orientation: distinct people who attended an awareness session in the period, by sex;
    - trained: distinct people present at one training session at least, by sex ("ont
      bénéficié d'au moins une formation");
    - sessions: awareness sessions and training sessions held, and cycles started;
    - completed: enrolments completed in the period;
    - satisfaction: among the enrolments of cycles ending in the period that answered, how
      many said they were satisfied, and the percentage.
    """
    awareness = AwarenessSession.objects.filter(held_on__gte=start, held_on__lte=end)
    sessions = TrainingSession.objects.filter(held_on__gte=start, held_on__lte=end)
    cycles = TrainingCycle.objects.filter(starts_on__gte=start, starts_on__lte=end)
    enrolments = Enrolment.objects.filter(cycle__ends_on__gte=start, cycle__ends_on__lte=end)
    completed = Enrolment.objects.filter(completed_on__gte=start, completed_on__lte=end)
    if office is not None:
        awareness = awareness.filter(office=office)
        sessions = sessions.filter(cycle__office=office)
        cycles = cycles.filter(office=office)
        enrolments = enrolments.filter(cycle__office=office)
        completed = completed.filter(cycle__office=office)
    orientation = (
        AwarenessParticipant.objects.filter(session__in=awareness)
        .values_list("person__sex")
        .annotate(n=Count("person", distinct=True))
    )
    trained = (
        Attendance.objects.filter(session__in=sessions, present=True)
        .values_list("enrolment__person__sex")
        .annotate(n=Count("enrolment__person", distinct=True))
    )
    satisfaction = enrolments.aggregate(
        answered=Count("pk", filter=Q(satisfied__isnull=False)),
        satisfied=Count("pk", filter=Q(satisfied=True)),
    )
    answered = satisfaction["answered"]
    return {
        "orientation": _by_sex(orientation),
        "trained": _by_sex(trained),
        "sessions": {
            "awareness": awareness.count(),
            "training": sessions.count(),
            "cycles": cycles.count(),
        },
        "completed": completed.count(),
        "satisfaction": {
            "answered": answered,
            "satisfied": satisfaction["satisfied"],
            "pct": round(100 * satisfaction["satisfied"] / answered, 1) if answered else None,
        },
    }
