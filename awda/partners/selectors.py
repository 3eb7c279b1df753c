"""Reads of referrals and of the partner directory, scoped to what the user may see.

A partner's users see the referrals their organisation sent or received, and nothing else;
IOM staff see the referrals of the cases they may open.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from awda.accounts.access import Section, can_see_section, is_admin
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.accounts.roles import Role
from awda.cases.models import Case
from awda.partners.models import PartnerProfile, Referral

# Organisations a case can be referred to.
PARTNER_KINDS = (OrganisationKind.NGO, OrganisationKind.MINISTRY, OrganisationKind.UN_AGENCY)


def is_partner_user(user: User) -> bool:
    return user.is_authenticated and user.role == Role.PARTNER_WORKER and not is_admin(user)


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    nothing = Referral.objects.none()
    if not user.is_authenticated or not user.is_active:
        return nothing
    base = Referral.objects.select_related("case", "from_organisation", "to_organisation", "person")
    if is_partner_user(user):
        if user.organisation_id is None:
            return nothing
        return base.filter(
            Q(to_organisation_id=user.organisation_id)
            | Q(from_organisation_id=user.organisation_id)
        )
    if not can_see_section(user, Section.REFERRALS):
        return nothing
    from awda.cases.selectors import cases_visible_to

    return base.filter(case__in=cases_visible_to(user).values("pk"))


def referral_get_for_user(user: User, pk: int | str) -> Referral:
    try:
        return referrals_visible_to(user).get(pk=pk)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No such referral")


def referrals_for_case(user: User, case: Case) -> list[Referral]:
    return list(
        referrals_visible_to(user)
        .filter(case=case)
        .select_related("created_by", "answered_by")
        .prefetch_related("events")
    )


def referral_queue(
    user: User, *, status: str = "", direction: str = "", service: str = ""
) -> QuerySet[Referral]:
    """The referrals list: `direction` "received" (addressed to the user's organisation) or
    "sent" (sent by it); empty for both."""
    qs = referrals_visible_to(user)
    org_id = user.organisation_id
    if direction == "received":
        qs = qs.filter(to_organisation_id=org_id)
    elif direction == "sent":
        qs = qs.filter(from_organisation_id=org_id)
    if status == "open":
        qs = qs.filter(status__in=Referral.OPEN_STATUSES)
    elif status in Referral.Status.values:
        qs = qs.filter(status=status)
    if service:
        qs = qs.filter(service=service)
    return qs.order_by("-sent_on", "-id")


def referrals_awaiting_answer(user: User) -> QuerySet[Referral]:
    """Referrals addressed to the user's organisation that nobody has answered yet."""
    if user.organisation_id is None:
        return Referral.objects.none()
    return referrals_visible_to(user).filter(
        to_organisation_id=user.organisation_id, status=Referral.Status.SENT
    )


def referrals_to_complete(user: User) -> QuerySet[Referral]:
    if user.organisation_id is None:
        return Referral.objects.none()
    return referrals_visible_to(user).filter(
        to_organisation_id=user.organisation_id, status=Referral.Status.ACCEPTED
    )


def referrals_sent_unanswered(user: User) -> QuerySet[Referral]:
    """Referrals the user's organisation sent that the partner has not answered yet."""
    if user.organisation_id is None:
        return Referral.objects.none()
    return referrals_visible_to(user).filter(
        from_organisation_id=user.organisation_id, status=Referral.Status.SENT
    )


def partners_for_referral(service: str = "") -> QuerySet[Organisation]:
    """The directory: active partners that accept referrals, those offering `service` first
    when given."""
    qs = (
        Organisation.objects.filter(kind__in=PARTNER_KINDS, is_active=True)
        .exclude(partner_profile__accepts_referrals=False)
        .select_related("partner_profile")
        .order_by("kind", "name")
    )
    if service:
        offering = [
            p.organisation_id for p in PartnerProfile.objects.all() if service in (p.services or [])
        ]
        qs = qs.filter(pk__in=offering)
    return qs


def partner_services(organisation: Organisation) -> list[str]:
    profile = getattr(organisation, "partner_profile", None)
    return list(profile.services) if profile else []
