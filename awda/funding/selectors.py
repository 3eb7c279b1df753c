"""Reads of programmes, budgets and ticket quotas.

Programme figures are aggregates (no person data); donors and ministry focal points see
the programmes they fund, IOM staff see all of them.
"""

from __future__ import annotations

from django.db.models import Count, F, QuerySet, Sum
from django.http import Http404

from awda.accounts.access import has_capability, is_admin
from awda.accounts.models import User
from awda.accounts.roles import Role
from awda.funding.models import Programme, QuotaAgreement

# Roles that read only the programmes their own organisation funds.
_FUNDER_ROLES = frozenset({Role.DONOR_VIEWER, Role.MINISTRY_VIEWER})


def can_view_programmes(user: User) -> bool:
    return any(
        has_capability(user, c) for c in ("view_reports", "manage_programmes", "manage_travel")
    )


def can_manage_programmes(user: User) -> bool:
    return has_capability(user, "manage_programmes")


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    if not user.is_authenticated or not can_view_programmes(user):
        return Programme.objects.none()
    qs = Programme.objects.select_related("donor")
    if not is_admin(user) and user.role in _FUNDER_ROLES:
        if user.organisation_id is None:
            return Programme.objects.none()
        qs = qs.filter(donor_id=user.organisation_id)
    return qs


def programme_get_for_user(user: User, code: str) -> Programme:
    try:
        return programmes_visible_to(user).get(code=code)
    except Programme.DoesNotExist:
        raise Http404("No such programme")


def programmes_with_quota_totals(user: User) -> QuerySet[Programme]:
    """Programmes with their quota totals (granted, used, remaining) and number of agreements."""
    return programmes_visible_to(user).annotate(
        quota_agreements_count=Count("quota_agreements", distinct=True),
        quota_tickets=Sum("quota_agreements__tickets"),
        quota_used=Sum(
            F("quota_agreements__tickets_used_before") + F("quota_agreements__tickets_charged")
        ),
    )


def quota_consumption(*, programme: Programme | None = None) -> list[dict]:
    """Ticket consumption per quota agreement, in one query (reused by reports).

    Each row: programme code and name, agreement id, title, reference, signed_on,
    valid_until, tickets (granted), used_before, charged (booked in Awda), used, remaining.
    """
    qs = QuotaAgreement.objects.all()
    if programme is not None:
        qs = qs.filter(programme=programme)
    rows = qs.order_by("programme__code", "signed_on", "id").values(
        "id",
        "title",
        "reference",
        "signed_on",
        "valid_until",
        "tickets",
        "tickets_used_before",
        "tickets_charged",
        programme_code=F("programme__code"),
        programme_name=F("programme__name"),
    )
    result = []
    for r in rows:
        used = r["tickets_used_before"] + r["tickets_charged"]
        result.append(
            {
                "id": r["id"],
                "programme_code": r["programme_code"],
                "programme_name": r["programme_name"],
                "title": r["title"],
                "reference": r["reference"],
                "signed_on": r["signed_on"],
                "valid_until": r["valid_until"],
                "tickets": r["tickets"],
                "used_before": r["tickets_used_before"],
                "charged": r["tickets_charged"],
                "used": used,
                "remaining": r["tickets"] - used,
            }
        )
    return result


def quota_remaining(programme: Programme) -> int | None:
    """Tickets left under the programme's agreements, or None when it has no quota."""
    agg = QuotaAgreement.objects.filter(programme=programme).aggregate(
        n=Count("id"),
        tickets=Sum("tickets"),
        used=Sum(F("tickets_used_before") + F("tickets_charged")),
    )
    if not agg["n"]:
        return None
    return (agg["tickets"] or 0) - (agg["used"] or 0)


def programmes_for_booking() -> QuerySet[Programme]:
    """Programmes a ticket can be charged to; quotas are checked when booking."""
    return Programme.objects.order_by("name")
