"""Who may see what: the one place where access to case data is decided.

Every selector that reads cases or persons filters with `case_scope(user)`; every page
section and export column is shown only if `can_see_section(user, section)`. Restricted
details (trafficking, medical, psychosocial) also need `clearance(user)` at or above
their sensitivity.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from awda.accounts.models import OrganisationKind, User
from awda.accounts.roles import CAPABILITIES, OFFICE_ROLES, Role


class Section:
    """Parts of a case file, as access is granted to them."""

    SUMMARY = "summary"  # reference, type, status, office, dates
    PEOPLE = "people"  # names, sex, age, nationality
    CONTACT = "contact"  # phone, residence
    DOCUMENTS = "documents"  # identity and travel documents
    VULNERABILITIES = "vulnerabilities"
    CONSENT = "consent"  # declaration and consents
    COUNSELLING = "counselling"
    ASSISTANCE = "assistance"
    REFERRALS = "referrals"
    TRAVEL = "travel"
    EXIT = "exit"  # departure manifest and exit authorisation (police)
    REINTEGRATION = "reintegration"
    TIMELINE = "timeline"
    ALL = frozenset(
        {
            "summary",
            "people",
            "contact",
            "documents",
            "vulnerabilities",
            "consent",
            "counselling",
            "assistance",
            "referrals",
            "travel",
            "exit",
            "reintegration",
            "timeline",
        }
    )


_SECTIONS: dict[str, frozenset[str]] = {
    **dict.fromkeys(OFFICE_ROLES, Section.ALL),
    Role.ME_OFFICER: Section.ALL - {Section.CONTACT, Section.COUNSELLING},
    Role.MISSION_OFFICER: Section.ALL - {Section.EXIT},
    # A consulate sees identity and travel-document parts only.
    Role.CONSULATE_OFFICER: frozenset({Section.SUMMARY, Section.PEOPLE, Section.DOCUMENTS}),
    # Police see the departure manifest: who travels, on what document.
    Role.POLICE_OFFICER: frozenset({Section.SUMMARY, Section.PEOPLE, Section.EXIT}),
    Role.PARTNER_WORKER: frozenset(
        {Section.SUMMARY, Section.PEOPLE, Section.CONTACT, Section.REFERRALS}
    ),
    Role.DONOR_VIEWER: frozenset(),
    Role.MINISTRY_VIEWER: frozenset(),
}

# Highest sensitivity level (protection.models.Sensitivity) each role may read.
_CLEARANCE: dict[str, int] = {
    Role.PROTECTION_OFFICER: 2,
    Role.MEDICAL_OFFICER: 2,
    Role.OFFICE_MANAGER: 2,
    Role.CASE_WORKER: 1,
    Role.COUNSELLOR: 1,
    Role.MOVEMENT_OFFICER: 0,
    Role.MISSION_OFFICER: 1,
    Role.ME_OFFICER: 0,
}


def is_admin(user: User) -> bool:
    return bool(user.is_active and user.is_superuser)


def has_capability(user: User, capability: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if is_admin(user):
        return True
    return capability in CAPABILITIES.get(user.role, frozenset())


def can_see_section(user: User, section: str) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    return section in _SECTIONS.get(user.role, frozenset())


def visible_sections(user: User) -> frozenset[str]:
    if is_admin(user):
        return Section.ALL
    return _SECTIONS.get(user.role, frozenset())


def clearance(user: User) -> int:
    if is_admin(user):
        return 2
    return _CLEARANCE.get(user.role, -1)


def sees_all_cases(user: User) -> bool:
    """National roles that read every case (admin, M&E)."""
    return is_admin(user) or user.role == Role.ME_OFFICER


# How long after a departure the border police still see its cases (to finish the day's
# manifest after midnight).
POLICE_DAYS_AFTER_DEPARTURE = 1


def case_scope(user: User) -> Q:
    """A filter on Case selecting exactly what `user` may open. Nothing by default."""
    nothing = Q(pk__in=[])
    if not user.is_authenticated or not user.is_active:
        return nothing
    if sees_all_cases(user):
        return Q()
    org = user.organisation
    if org is None:
        return nothing
    role = user.role
    if role in OFFICE_ROLES and org.kind == OrganisationKind.IOM_OFFICE:
        return Q(office=org)
    if role == Role.MISSION_OFFICER and org.kind == OrganisationKind.IOM_MISSION:
        return Q(receiving_mission=org)
    if role == Role.CONSULATE_OFFICER and org.kind == OrganisationKind.CONSULATE and org.country:
        # Its nationals only: every person of the group holds the consulate's nationality.
        from awda.cases.models import CaseMember

        foreign_member = CaseMember.objects.filter(case=OuterRef("pk")).exclude(
            person__nationality=org.country.code
        )
        national_member = CaseMember.objects.filter(
            case=OuterRef("pk"), person__nationality=org.country.code
        )
        # And only the cases for which a laissez-passer was asked of this consulate (the
        # request was checked against the group's consent to share with it).
        from awda.travel.models import LpcRequest

        asked = LpcRequest.objects.filter(case=OuterRef("pk"), consulate=org).exclude(
            status="cancelled"
        )
        return (
            Q(case_type="outbound")
            & Q(Exists(national_member))
            & ~Q(Exists(foreign_member))
            & Q(Exists(asked))
        )
    if role == Role.POLICE_OFFICER and org.kind == OrganisationKind.POLICE:
        # The cases on the manifests of their own border post: booked to leave from it, or
        # left from it since yesterday.
        from awda.travel.models import Movement
        from awda.travel.selectors import police_post_of

        post = police_post_of(user)
        if post is None:
            return nothing
        since = timezone.localdate() - dt.timedelta(days=POLICE_DAYS_AFTER_DEPARTURE)
        on_manifest = Movement.objects.filter(case=OuterRef("pk"), departure__post=post).filter(
            Q(status="booked") | Q(status="departed", departure__date__gte=since)
        )
        return Q(case_type__in=["outbound", "resettlement"]) & Q(Exists(on_manifest))
    if role == Role.PARTNER_WORKER:
        from awda.partners.models import Referral

        # A cancelled or declined referral gives no access (e.g. consent was withdrawn).
        referral = (
            Referral.objects.filter(case=OuterRef("pk"))
            .filter(Q(to_organisation=org) | Q(from_organisation=org))
            .exclude(status__in=["cancelled", "declined"])
        )
        return Q(referred_by=org) | Q(Exists(referral))
    return nothing
