"""Reads of assistance, distributions, counselling and appointments, scoped through the
case selectors; and the assistance figures of the annual report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.http import Http404
from django.utils import timezone

from awda.accounts.access import Section, can_see_section, sees_all_cases
from awda.accounts.models import Organisation, User
from awda.assistance.models import (
    Appointment,
    AssistanceRecord,
    AssistanceType,
    CounsellingSession,
    Distribution,
)
from awda.cases.models import Case, CaseMember
from awda.cases.selectors import cases_visible_to
from awda.funding.models import Programme
from awda.people.models import Person


def assistance_for_case(user: User, case: Case) -> list[AssistanceRecord]:
    if not can_see_section(user, Section.ASSISTANCE):
        return []
    return list(
        AssistanceRecord.objects.filter(case=case).select_related(
            "person", "provider", "programme", "distribution", "recorded_by"
        )
    )


def assistance_record_get_for_user(user: User, pk: int | str) -> AssistanceRecord:
    if not can_see_section(user, Section.ASSISTANCE):
        raise Http404
    try:
        return AssistanceRecord.objects.select_related("case").get(
            pk=pk, case__in=cases_visible_to(user).values("pk")
        )
    except (AssistanceRecord.DoesNotExist, ValueError, TypeError):
        raise Http404


def assistance_records_visible_to(user: User) -> QuerySet[AssistanceRecord]:
    if not can_see_section(user, Section.ASSISTANCE):
        return AssistanceRecord.objects.none()
    return AssistanceRecord.objects.filter(case__in=cases_visible_to(user).values("pk"))


def _records(
    *, start: dt.date, end: dt.date, office: Organisation | None, programme: Programme | None
) -> QuerySet[AssistanceRecord]:
    qs = AssistanceRecord.objects.filter(date__gte=start, date__lte=end)
    if office is not None:
        qs = qs.filter(case__office=office)
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs


def assistance_counts_by_type(
    *,
    start: dt.date,
    end: dt.date,
    office: Organisation | None = None,
    programme: Programme | None = None,
) -> list[dict]:
    """Direct assistance by type, for the annual report ("Répartition des assistances
    directes par type").

    Counting rule: one assistance = one AssistanceRecord (a kit given to a group at a
    distribution is one assistance; 3 shelter nights in one record are one assistance with
    quantity 3), by the date it was given, `start` and `end` included; `office` is the case's
    office, `programme` the programme the record is charged to.

    One SQL aggregation (GROUP BY type, currency). Each row: type, label, count, quantity,
    value (dict currency -> Decimal; records without a unit value add nothing), in the order
    of AssistanceType; types with no record are left out. Aggregate only: no case data.
    """
    total_value = ExpressionWrapper(
        F("quantity") * F("unit_value"), output_field=DecimalField(max_digits=18, decimal_places=2)
    )
    rows = (
        _records(start=start, end=end, office=office, programme=programme)
        .values("type", "currency")
        .annotate(n=Count("*"), total_quantity=Sum("quantity"), total_value=Sum(total_value))
        .order_by()
    )
    by_type: dict[str, dict] = {}
    for r in rows:
        entry = by_type.setdefault(r["type"], {"count": 0, "quantity": 0, "value": {}})
        entry["count"] += r["n"]
        entry["quantity"] += r["total_quantity"] or 0
        if r["total_value"] is not None:
            currency = r["currency"]
            entry["value"][currency] = entry["value"].get(currency, Decimal(0)) + Decimal(
                r["total_value"]
            ).quantize(Decimal("0.01"))
    labels = dict(AssistanceType.choices)
    return [
        {"type": t, "label": str(labels[t]), **by_type[t]}
        for t in AssistanceType.values
        if t in by_type
    ]


def persons_assisted(
    *,
    start: dt.date,
    end: dt.date,
    office: Organisation | None = None,
    programme: Programme | None = None,
) -> dict:
    """How many distinct persons received at least one assistance in the period.

    A record for one person counts that person; a record for the whole group counts every
    member of the group. Returns {"total", "women_and_girls", "men_and_boys"} (by recorded
    sex). One SQL query.
    """
    records = _records(start=start, end=end, office=office, programme=programme)
    personal = records.filter(person_id=OuterRef("pk"))
    group = records.filter(
        person__isnull=True,
        case_id__in=CaseMember.objects.filter(person_id=OuterRef(OuterRef("pk"))).values("case_id"),
    )
    figures = Person.objects.filter(Q(Exists(personal)) | Q(Exists(group))).aggregate(
        total=Count("id"),
        women_and_girls=Count("id", filter=Q(sex="F")),
        men_and_boys=Count("id", filter=Q(sex="M")),
    )
    return figures


# --- Distributions -------------------------------------------------------------------------


def offices_for_distribution(user: User) -> QuerySet[Organisation]:
    from awda.accounts.models import OrganisationKind

    qs = Organisation.objects.filter(kind=OrganisationKind.IOM_OFFICE, is_active=True)
    if sees_all_cases(user):
        return qs
    return qs.filter(pk=user.organisation_id)


# Cases whose group is in Morocco waiting to leave: the ones distribution days serve.
WAITING_CASE_TYPES = ("outbound", "resettlement")
WAITING_STATUSES = (
    "registered",
    "counselling",
    "screening",
    "medical_examination",
    "cultural_orientation",
    "travel_documents",
    "ready",
    "booked",
    "no_show",
)


def open_cases_for_distribution(
    user: User,
    office: Organisation,
    *,
    q: str = "",
    status: str = "",
    nationality: str = "",
) -> QuerySet[Case]:
    """The office's cases still waiting in Morocco (outbound or resettlement, from
    registration to booking), that the user may see: the recipients a distribution day can
    have. Suspended, withdrawn and closed cases are left out."""
    qs = cases_visible_to(user).filter(
        office=office, case_type__in=WAITING_CASE_TYPES, status__in=WAITING_STATUSES
    )
    if status:
        qs = qs.filter(status=status)
    if nationality:
        qs = qs.filter(country_of_origin=nationality)
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(reference__icontains=q) | Q(members__person__name_key__icontains=_name_key(q))
        ).distinct()
    return qs.order_by("-application_date", "-id")


def _name_key(text: str) -> str:
    from awda.people.names import normalise

    return normalise(text)


def cases_by_reference(
    user: User, office: Organisation, references: list[str]
) -> tuple[list[Case], list[str]]:
    """(the office's open cases with these references, the references not found among them).

    References are stored upper-case (RBA-2022-00123); typed ones are upper-cased.
    """
    wanted = list(dict.fromkeys(r.strip().upper() for r in references if r.strip()))
    found = {
        c.reference: c
        for c in open_cases_for_distribution(user, office).filter(reference__in=wanted)
    }
    return [found[r] for r in wanted if r in found], [r for r in wanted if r not in found]


def distributions_visible_to(user: User) -> QuerySet[Distribution]:
    if not can_see_section(user, Section.ASSISTANCE):
        return Distribution.objects.none()
    qs = Distribution.objects.select_related("office", "provider", "programme", "created_by")
    if sees_all_cases(user):
        return qs
    return qs.filter(office_id=user.organisation_id)


def distribution_get_for_user(user: User, pk: int | str) -> Distribution:
    try:
        return distributions_visible_to(user).annotate(cases_count=Count("records")).get(pk=pk)
    except (Distribution.DoesNotExist, ValueError, TypeError):
        raise Http404


def distribution_cases(user: User, distribution: Distribution) -> QuerySet[Case]:
    return (
        cases_visible_to(user)
        .filter(assistance_records__distribution=distribution)
        .order_by("reference")
    )


# --- Counselling and appointments ----------------------------------------------------------


def sessions_for_case(user: User, case: Case) -> list[CounsellingSession]:
    if not can_see_section(user, Section.COUNSELLING):
        return []
    return list(CounsellingSession.objects.filter(case=case).select_related("counsellor"))


def appointments_for_case(user: User, case: Case) -> list[Appointment]:
    if not can_see_section(user, Section.COUNSELLING):
        return []
    return list(
        Appointment.objects.filter(case=case).select_related("with_user").order_by("-at", "-id")
    )


def appointment_get_for_user(user: User, pk: int | str) -> Appointment:
    if not can_see_section(user, Section.COUNSELLING):
        raise Http404
    try:
        return Appointment.objects.select_related("case").get(
            pk=pk, case__in=cases_visible_to(user).values("pk")
        )
    except (Appointment.DoesNotExist, ValueError, TypeError):
        raise Http404


def next_appointment(case: Case) -> Appointment | None:
    return (
        Appointment.objects.filter(
            case=case, status=Appointment.Status.PLANNED, at__gte=timezone.now()
        )
        .select_related("with_user")
        .order_by("at")
        .first()
    )


def upcoming_appointments(
    user: User, *, days: int | None = None, mine: bool = True
) -> QuerySet[Appointment]:
    """Planned appointments from now on: the user's own, or all of the cases they see."""
    if not can_see_section(user, Section.COUNSELLING):
        return Appointment.objects.none()
    qs = Appointment.objects.filter(
        status=Appointment.Status.PLANNED,
        at__gte=timezone.now(),
        case__in=cases_visible_to(user).values("pk"),
    ).select_related("case", "with_user")
    if mine:
        qs = qs.filter(with_user=user)
    if days is not None:
        qs = qs.filter(at__lt=timezone.now() + dt.timedelta(days=days))
    return qs.order_by("at")


def overdue_appointments(user: User) -> QuerySet[Appointment]:
    """The user's appointments that have passed and still say "planned"."""
    if not can_see_section(user, Section.COUNSELLING):
        return Appointment.objects.none()
    return Appointment.objects.filter(
        status=Appointment.Status.PLANNED,
        at__lt=timezone.now(),
        with_user=user,
        case__in=cases_visible_to(user).values("pk"),
    ).select_related("case")
