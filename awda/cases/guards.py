"""Guards: the conditions a transition needs, each saying in plain words what is missing.

A guard takes the case and the transition context and returns None when satisfied, or the
sentence shown to the case worker. Guards only read; they never change anything.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from awda.cases.models import Case


def _d(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _members(case: Case):
    # Guards run on one case at a time; fetch the group once per guard call.
    return list(case.members.select_related("person").order_by("id"))


def has_members(case: Case, ctx: dict[str, Any]) -> str | None:
    if not case.members.exists():
        return _("The case has nobody in its group yet: register the principal applicant.")
    return None


def members_identified(case: Case, ctx: dict[str, Any]) -> str | None:
    for m in _members(case):
        p = m.person
        if not p.nationality:
            return _("%(name)s has no nationality recorded.") % {"name": p.full_name}
        if not p.date_of_birth:
            return _("%(name)s has no date of birth or estimated age recorded.") % {
                "name": p.full_name
            }
    return None


def declaration_signed(case: Case, ctx: dict[str, Any]) -> str | None:
    from awda.protection.selectors import declaration_for_case

    declaration = declaration_for_case(case)
    if declaration is None:
        return _("The voluntary-return declaration has not been signed.")
    if declaration.withdrawn_on:
        return _("The voluntary-return declaration was withdrawn on %(date)s.") % {
            "date": _d(declaration.withdrawn_on)
        }
    return None


def planned_departure_set(case: Case, ctx: dict[str, Any]) -> str | None:
    if not (ctx.get("planned_departure_date") or case.planned_departure_date):
        return _("No planned departure date has been set.")
    return None


def travel_documents_valid(case: Case, ctx: dict[str, Any]) -> str | None:
    """Every member holds a passport or LPC valid on the planned departure date."""
    from awda.people.selectors import travel_documents_of

    on = ctx.get("planned_departure_date") or case.planned_departure_date or timezone.localdate()
    for m in _members(case):
        documents = travel_documents_of(m.person)
        if not documents:
            return _("%(name)s has no passport or laissez-passer consulaire.") % {
                "name": m.person.full_name
            }
        if not any(d.expires_on is None or d.expires_on >= on for d in documents):
            latest = max(documents, key=lambda d: d.expires_on)
            return _(
                "The %(document)s of %(name)s expires on %(expiry)s, before the planned "
                "departure (%(departure)s)."
            ) % {
                "document": latest.get_kind_display().lower(),
                "name": m.person.full_name,
                "expiry": _d(latest.expires_on),
                "departure": _d(on),
            }
    return None


def best_interests_determined(case: Case, ctx: dict[str, Any]) -> str | None:
    """A child alone travels only after the best-interests procedure found return is right."""
    from awda.protection.selectors import best_interests_missing_step

    return best_interests_missing_step(case)


def departure_not_in_future(case: Case, ctx: dict[str, Any]) -> str | None:
    when = ctx.get("date") or timezone.localdate()
    if when > timezone.localdate():
        return _("A departure cannot be recorded for a future date (%(date)s).") % {
            "date": _d(when)
        }
    return None


def arrival_after_departure(case: Case, ctx: dict[str, Any]) -> str | None:
    when = ctx.get("date") or timezone.localdate()
    if case.departure_date and when < case.departure_date:
        return _("The arrival date (%(arrival)s) is before the departure (%(departure)s).") % {
            "arrival": _d(when),
            "departure": _d(case.departure_date),
        }
    return None


def closure_reason_given(case: Case, ctx: dict[str, Any]) -> str | None:
    from awda.cases.models import ClosureReason

    if ctx.get("closure_reason") not in ClosureReason.values:
        return _("Choose why the case is closed.")
    return None


def host_country_recorded(case: Case, ctx: dict[str, Any]) -> str | None:
    if not case.host_country:
        return _("The host country the person returns from is not recorded.")
    return None


def settlement_region_recorded(case: Case, ctx: dict[str, Any]) -> str | None:
    if not (ctx.get("settlement_region") or case.settlement_region):
        return _("The region of settlement in Morocco is not recorded.")
    return None


def destination_recorded(case: Case, ctx: dict[str, Any]) -> str | None:
    if not case.destination_country:
        return _("The destination country is not recorded.")
    return None


def escort_assigned(case: Case, ctx: dict[str, Any]) -> str | None:
    """A child alone (or a group without an adult) travels with an escort named on the booking."""
    from awda.travel.selectors import escort_missing

    return escort_missing(case, ctx.get("movement"))


def fit_to_travel(case: Case, ctx: dict[str, Any]) -> str | None:
    """A person with current medical needs travels only with a fitness-to-travel decision."""
    from awda.travel.selectors import fitness_missing

    on = ctx.get("planned_departure_date") or case.planned_departure_date or timezone.localdate()
    return fitness_missing(case, on)


def medical_examinations_done(case: Case, ctx: dict[str, Any]) -> str | None:
    """Resettlement: every member has had the medical examination before travel."""
    from awda.travel.selectors import medical_examination_missing

    return medical_examination_missing(case)


def cultural_orientation_attended(case: Case, ctx: dict[str, Any]) -> str | None:
    """Resettlement: every adult of the group attended a cultural orientation session."""
    from awda.travel.selectors import cultural_orientation_missing

    return cultural_orientation_missing(case)
