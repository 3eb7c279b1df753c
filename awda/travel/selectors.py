"""Reads of departure operations, always scoped to what the user may see.

- IOM staff read the travel data of the cases they may open (`cases.selectors`).
- A consulate reads only the LPC requests addressed to it for its own nationals, and only
  identity and travel fields.
- The border police read only the manifests of departures from their own post: names,
  documents, flight, PV numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awda.accounts.access import (
    POLICE_DAYS_AFTER_DEPARTURE,
    Section,
    can_see_section,
    has_capability,
    sees_all_cases,
)
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.accounts.roles import Role
from awda.cases.selectors import cases_visible_to
from awda.people.models import TRAVEL_DOCUMENT_KINDS, IdentityDocument, Person
from awda.travel.models import (
    LPC_OPEN_STATUSES,
    POLICE_POSTS,
    BorderPost,
    CulturalOrientation,
    Departure,
    ExaminationResult,
    FitnessOutcome,
    FitnessToTravel,
    LpcBatch,
    LpcRequest,
    MedicalExamination,
    Movement,
    MovementStatus,
    Passenger,
    PassengerStatus,
)

if TYPE_CHECKING:
    from awda.cases.models import Case

# People under this age travel with an escort when no adult of their group travels.
ADULT_AGE = 18
# Cultural orientation is for members of the group from this age (younger children are
# briefed with their parents).
ORIENTATION_MIN_AGE = 15
# Passenger statuses that hold a seat (and a ticket of a quota).
SEATED = (PassengerStatus.BOOKED, PassengerStatus.BOARDED)


def _d(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def age_on(person: Person, on: dt.date) -> int | None:
    dob = person.date_of_birth
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


# --- Who is who ------------------------------------------------------------------------


def consulate_of(user: User) -> Organisation | None:
    """The consulate a consular officer works for (None for anyone else)."""
    org = getattr(user, "organisation", None)
    if (
        user.is_authenticated
        and user.role == Role.CONSULATE_OFFICER
        and org is not None
        and org.kind == OrganisationKind.CONSULATE
        and org.country
    ):
        return org
    return None


def police_post_of(user: User) -> str | None:
    """The border post a police officer works at (None for anyone else)."""
    org = getattr(user, "organisation", None)
    if not (
        user.is_authenticated
        and user.role == Role.POLICE_OFFICER
        and org is not None
        and org.kind == OrganisationKind.POLICE
    ):
        return None
    post = POLICE_POSTS.get(org.code)
    if post is None and org.code.upper().startswith("DGSN-"):
        suffix = org.code.upper().removeprefix("DGSN-")
        post = suffix if suffix in BorderPost.values else None
    return post


def can_manage_travel(user: User) -> bool:
    return has_capability(user, "manage_travel")


def sees_travel(user: User) -> bool:
    return can_see_section(user, Section.TRAVEL)


def consulates_for(country: str) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            kind=OrganisationKind.CONSULATE, country=country, is_active=True
        ).order_by("code")
    )


# --- Travel documents ------------------------------------------------------------------


def travel_document_valid_on(person: Person, on: dt.date) -> IdentityDocument | None:
    """The passport or LPC the person can travel on at `on` (the one valid longest)."""
    documents = [
        d
        for d in person.documents.all()
        if d.kind in TRAVEL_DOCUMENT_KINDS and (d.expires_on is None or d.expires_on >= on)
    ]
    if not documents:
        return None
    return max(documents, key=lambda d: (d.expires_on is None, d.expires_on or dt.date.min))


def document_state(person: Person, on: dt.date) -> tuple[str, IdentityDocument | None]:
    """('valid' | 'expired' | 'missing', the document concerned) at `on`."""
    valid = travel_document_valid_on(person, on)
    if valid is not None:
        return "valid", valid
    documents = [d for d in person.documents.all() if d.kind in TRAVEL_DOCUMENT_KINDS]
    if documents:
        return "expired", max(documents, key=lambda d: d.expires_on or dt.date.min)
    return "missing", None


# --- LPC requests ----------------------------------------------------------------------


def lpc_requests_visible_to(user: User) -> QuerySet[LpcRequest]:
    qs = LpcRequest.objects.select_related("person", "case", "consulate", "batch")
    consulate = consulate_of(user)
    if consulate is not None:
        # Addressed to this consulate AND about one of its nationals: a request sent to the
        # wrong consulate by mistake stays invisible to it.
        return qs.filter(consulate=consulate, person__nationality=consulate.country.code)
    if sees_travel(user) or can_see_section(user, Section.DOCUMENTS):
        return qs.filter(case__in=cases_visible_to(user).values("pk"))
    return qs.none()


def lpc_request_get_for_user(user: User, pk: int | str) -> LpcRequest:
    try:
        return lpc_requests_visible_to(user).get(pk=pk)
    except (LpcRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such request")


def lpc_queue(user: User, *, status: str = "open") -> QuerySet[LpcRequest]:
    """LPC requests for a list page: 'open' (waiting on the consulate), 'all', or one status."""
    qs = lpc_requests_visible_to(user)
    if status == "open":
        qs = qs.filter(status__in=LPC_OPEN_STATUSES)
    elif status and status != "all":
        qs = qs.filter(status=status)
    return qs.order_by("interview_at", "requested_on", "id")


def lpc_queue_counts(user: User) -> dict[str, int]:
    rows = lpc_requests_visible_to(user).values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def lpc_requests_of_case(case: Case) -> list[LpcRequest]:
    return list(
        LpcRequest.objects.filter(case=case)
        .select_related("person", "consulate", "batch")
        .order_by("-requested_on", "-id")
    )


def lpc_batches_visible_to(user: User) -> QuerySet[LpcBatch]:
    consulate = consulate_of(user)
    qs = LpcBatch.objects.select_related("consulate", "office").annotate(
        n_requests=Count("requests")
    )
    if consulate is not None:
        return qs.filter(consulate=consulate)
    if not sees_travel(user):
        return qs.none()
    if sees_all_cases(user):
        return qs
    if user.organisation_id is None:
        return qs.none()
    return qs.filter(office_id=user.organisation_id)


def lpc_batch_get_for_user(user: User, pk: int | str) -> LpcBatch:
    try:
        return lpc_batches_visible_to(user).get(pk=pk)
    except (LpcBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("No such list")


def lpc_batch_requests(user: User, batch: LpcBatch) -> list[LpcRequest]:
    """The requests of a list the user may read (a consulate: only its nationals)."""
    return list(
        lpc_requests_visible_to(user)
        .filter(batch=batch)
        .prefetch_related("person__documents")
        .order_by("person__family_name", "person__given_name", "id")
    )


def lpc_requests_unbatched(user: User, consulate: Organisation) -> list[LpcRequest]:
    """Open requests to `consulate` from the user's cases that are not on a list yet."""
    return list(
        lpc_requests_visible_to(user)
        .filter(consulate=consulate, batch__isnull=True, status__in=LPC_OPEN_STATUSES)
        .order_by("requested_on", "id")
    )


def consulates_with_unbatched_requests(user: User) -> list[tuple[Organisation, int]]:
    rows = (
        lpc_requests_visible_to(user)
        .filter(batch__isnull=True, status__in=LPC_OPEN_STATUSES)
        .values("consulate")
        .annotate(n=Count("id"))
    )
    counts = {r["consulate"]: r["n"] for r in rows}
    orgs = Organisation.objects.filter(pk__in=counts).order_by("name")
    return [(o, counts[o.pk]) for o in orgs]


# --- Movements and departures ---------------------------------------------------------


def current_movement(case: Case) -> Movement | None:
    """The case's booked movement (at most one), or None."""
    return (
        Movement.objects.filter(case=case, status=MovementStatus.BOOKED)
        .select_related("departure", "escort", "programme")
        .first()
    )


def movements_of_case(case: Case) -> list[Movement]:
    passengers = Passenger.objects.select_related(
        "person", "quota", "travel_document", "exit_authorisation"
    ).order_by("id")
    return list(
        Movement.objects.filter(case=case)
        .select_related("departure", "escort", "programme")
        .prefetch_related("legs", Prefetch("passengers", queryset=passengers))
        .order_by("-created_at", "-id")
    )


def departures_visible_to(user: User) -> QuerySet[Departure]:
    """Departures the user may open: the police their post's; IOM staff those carrying at
    least one of their cases."""
    post = police_post_of(user)
    if post is not None:
        since = timezone.localdate() - dt.timedelta(days=POLICE_DAYS_AFTER_DEPARTURE)
        return Departure.objects.filter(post=post, date__gte=since)
    if not sees_travel(user):
        return Departure.objects.none()
    if sees_all_cases(user):
        return Departure.objects.all()
    visible = Movement.objects.filter(case__in=cases_visible_to(user).values("pk"))
    return Departure.objects.filter(pk__in=visible.values("departure_id"))


def departure_get_for_user(user: User, pk: int | str) -> Departure:
    try:
        return departures_visible_to(user).get(pk=pk)
    except (Departure.DoesNotExist, ValueError, TypeError):
        raise Http404("No such departure")


def departures_list(
    user: User,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    post: str = "",
) -> QuerySet[Departure]:
    """Departures between two dates with their passenger counts (seated, boarded, PV)."""
    qs = departures_visible_to(user)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    if post:
        qs = qs.filter(post=post)
    # Counted per departure with subqueries: only the departures of the period are counted,
    # however long the history is.
    seated = Passenger.objects.filter(
        movement__departure=OuterRef("pk"), status__in=SEATED
    ).exclude(movement__status=MovementStatus.CANCELLED)
    if police_post_of(user) is None and not sees_all_cases(user):
        seated = seated.filter(movement__case__in=cases_visible_to(user).values("pk"))

    def count(q):
        return Coalesce(
            Subquery(
                q.order_by().values("movement__departure").annotate(n=Count("id")).values("n")
            ),
            0,
        )

    return qs.annotate(
        n_passengers=count(seated),
        n_boarded=count(seated.filter(status=PassengerStatus.BOARDED)),
        n_pv=count(seated.filter(exit_authorisation__isnull=False)),
    ).order_by("date", "departs_at", "post", "flight_number")


def manifest_passengers(user: User, departure: Departure) -> list[Passenger]:
    """Who travels on a departure, as the user may see them.

    The police see every person booked from their post; IOM staff see the persons of the
    cases they may open. Cancelled tickets and no-shows are left out.
    """
    qs = (
        Passenger.objects.filter(movement__departure=departure, status__in=SEATED)
        .exclude(movement__status__in=[MovementStatus.CANCELLED, MovementStatus.NO_SHOW])
        .select_related(
            "person",
            "travel_document",
            "exit_authorisation",
            "movement__case",
            "movement__escort",
            "per_diem_paid_by",
        )
        .order_by("person__family_name", "person__given_name", "id")
    )
    if police_post_of(user) is not None:
        if not departures_visible_to(user).filter(pk=departure.pk).exists():
            return []
        return list(qs)
    if not sees_travel(user):
        return []
    if not sees_all_cases(user):
        qs = qs.filter(movement__case__in=cases_visible_to(user).values("pk"))
    return list(qs)


def passenger_get_for_user(user: User, pk: int | str) -> Passenger:
    """A passenger of a departure the user may see (police: of their post)."""
    qs = Passenger.objects.select_related(
        "movement__departure", "movement__case", "person", "travel_document"
    )
    post = police_post_of(user)
    if post is not None:
        qs = qs.filter(
            movement__departure__in=departures_visible_to(user),
            movement__status__in=[MovementStatus.BOOKED, MovementStatus.DEPARTED],
            status__in=SEATED,
        )
    elif sees_travel(user):
        qs = qs.filter(movement__case__in=cases_visible_to(user).values("pk"))
    else:
        raise Http404("No such passenger")
    try:
        return qs.get(pk=pk)
    except (Passenger.DoesNotExist, ValueError, TypeError):
        raise Http404("No such passenger")


def cases_ready_for_booking(user: User) -> QuerySet:
    return cases_visible_to(user).filter(status="ready", case_type__in=["outbound", "resettlement"])


def cases_booked_without_tickets(user: User) -> QuerySet:
    """Cases moved to 'booked' by the workflow button without their tickets recorded."""
    booked = Movement.objects.filter(status=MovementStatus.BOOKED)
    return (
        cases_visible_to(user)
        .filter(status="booked", case_type__in=["outbound", "resettlement"])
        .exclude(pk__in=booked.values("case_id"))
    )


# --- Booking conditions (read by the workflow guards in cases.guards) -----------------


def escort_required(case: Case, on: dt.date) -> list[Person]:
    """Members who may not travel without an escort: children alone, or a group of minors."""
    from awda.protection.selectors import children_alone

    alone = children_alone(case)
    members = [m.person for m in case.members.select_related("person").order_by("id")]
    ages = [age_on(p, on) for p in members]
    if members and all(a is not None and a < ADULT_AGE for a in ages):
        by_pk = {p.pk: p for p in alone}
        by_pk.update({p.pk: p for p in members})
        return list(by_pk.values())
    return alone


def escort_missing(case: Case, movement: Movement | None = None) -> str | None:
    """Why the booking needs an escort it does not have, or None.

    Without a movement there is nothing to check yet: the escort is named when the tickets
    are booked, and the booking service checks it then.
    """
    movement = movement or current_movement(case)
    if movement is None:
        return None
    people = escort_required(case, movement.departure.date)
    if people and not movement.has_escort:
        return _("An escort must be assigned: %(names)s cannot travel alone.") % {
            "names": ", ".join(p.full_name for p in people)
        }
    return None


def _current_medical_needs(case: Case) -> list[Person]:
    from awda.protection.models import Vulnerability, VulnerabilityCategory

    rows = (
        Vulnerability.objects.filter(
            case=case,
            category__in=[VulnerabilityCategory.MEDICAL, VulnerabilityCategory.MENTAL_HEALTH],
            resolved_on__isnull=True,
            person__memberships__case=case,
        )
        .select_related("person")
        .order_by("person_id")
    )
    seen: dict[int, Person] = {}
    for v in rows:
        seen.setdefault(v.person_id, v.person)
    return list(seen.values())


def fitness_required(case: Case) -> list[Person]:
    """Members who need a fitness-to-travel decision (current medical needs recorded)."""
    return _current_medical_needs(case)


def fitness_missing(case: Case, on: dt.date) -> str | None:
    """Why a member with medical needs may not travel on `on` yet, or None.

    The sentence never says what the need is: movement staff read it too.
    """
    people = fitness_required(case)
    if not people:
        return None
    latest: dict[int, FitnessToTravel] = {}
    for f in FitnessToTravel.objects.filter(case=case, person__in=people).order_by(
        "assessed_on", "id"
    ):
        latest[f.person_id] = f
    for person in people:
        decision = latest.get(person.pk)
        if decision is None:
            return _("%(name)s needs a fitness-to-travel decision before booking.") % {
                "name": person.full_name
            }
        if decision.outcome == FitnessOutcome.UNFIT:
            return _("%(name)s was found not fit to travel on %(date)s.") % {
                "name": person.full_name,
                "date": _d(decision.assessed_on),
            }
        if decision.valid_until and decision.valid_until < on:
            return _(
                "The fitness-to-travel decision for %(name)s is valid until %(valid)s, before "
                "the departure (%(departure)s)."
            ) % {
                "name": person.full_name,
                "valid": _d(decision.valid_until),
                "departure": _d(on),
            }
    return None


def fitness_of_case(case: Case) -> list[FitnessToTravel]:
    return list(
        FitnessToTravel.objects.filter(case=case)
        .select_related("person", "assessed_by")
        .order_by("-assessed_on", "-id")
    )


def medical_examination_missing(case: Case) -> str | None:
    """Resettlement: which member still lacks a medical examination that clears travel."""
    members = [m.person for m in case.members.select_related("person").order_by("id")]
    latest: dict[int, MedicalExamination] = {}
    for e in MedicalExamination.objects.filter(case=case).order_by("examined_on", "id"):
        latest[e.person_id] = e
    cleared = (ExaminationResult.CLEARED, ExaminationResult.CLEARED_WITH_CONDITIONS)
    for person in members:
        exam = latest.get(person.pk)
        if exam is None:
            return _("%(name)s has not had the medical examination before travel.") % {
                "name": person.full_name
            }
        if exam.result not in cleared:
            return _("The medical examination of %(name)s did not clear travel (%(result)s).") % {
                "name": person.full_name,
                "result": exam.get_result_display().lower(),
            }
    return None


def cultural_orientation_missing(case: Case) -> str | None:
    """Resettlement: which member aged 15 or more has not attended cultural orientation."""
    today = timezone.localdate()
    attended = set(
        CulturalOrientation.objects.filter(case=case, attended=True).values_list(
            "person_id", flat=True
        )
    )
    for m in case.members.select_related("person").order_by("id"):
        age = age_on(m.person, today)
        if age is not None and age < ORIENTATION_MIN_AGE:
            continue
        if m.person_id not in attended:
            return _("%(name)s has not attended a cultural orientation session.") % {
                "name": m.person.full_name
            }
    return None


def resettlement_steps_of_case(case: Case) -> tuple[list, list]:
    exams = list(
        MedicalExamination.objects.filter(case=case)
        .select_related("person")
        .order_by("-examined_on", "-id")
    )
    sessions = list(
        CulturalOrientation.objects.filter(case=case)
        .select_related("person")
        .order_by("-session_on", "-id")
    )
    return exams, sessions


# --- Figures the reports reuse --------------------------------------------------------


# --- Counting rules (one place: the live counts below and the report's travel fact) ------


def returned_q() -> Q:
    """A passenger who left: seated (booked or boarded) on a movement that departed."""
    return Q(movement__status=MovementStatus.DEPARTED, status__in=SEATED)


def ticket_q() -> Q:
    """A ticket that counts: any passenger not cancelled (a no-show used a ticket)."""
    return ~Q(status=PassengerStatus.CANCELLED)


def travel_fact_source(case_ids: list[int] | None = None) -> QuerySet:
    """Passengers as the report's travel fact stores them (`reports.TravelFact`), one row
    each with the columns named as the fact's; `case_ids` narrows to some cases."""
    qs = Passenger.objects.all()
    if case_ids is not None:
        qs = qs.filter(movement__case_id__in=case_ids)
    flag = BooleanField()
    return qs.order_by().values(
        passenger_id=F("id"),
        case_id=F("movement__case_id"),
        case_type=F("movement__case__case_type"),
        office_id=F("movement__case__office_id"),
        programme_id=F("movement__programme_id"),
        departure_date=F("movement__departure__date"),
        mode=F("movement__mode"),
        returned=ExpressionWrapper(returned_q(), output_field=flag),
        ticket=ExpressionWrapper(ticket_q(), output_field=flag),
        on_quota=ExpressionWrapper(ticket_q() & Q(quota__isnull=False), output_field=flag),
    )


def return_mode_counts(
    *,
    start: dt.date,
    end: dt.date,
    case_type: str = "outbound",
    office: Organisation | None = None,
) -> dict[str, int]:
    """Persons who left by air and by land between two dates (departure date, inclusive).

    Counts passengers of departed movements who were not no-shows or cancelled, in one
    aggregation: {"air": n, "land": n, "total": n}.
    """
    qs = Passenger.objects.filter(
        returned_q(),
        movement__case__case_type=case_type,
        movement__departure__date__gte=start,
        movement__departure__date__lte=end,
    )
    if office is not None:
        qs = qs.filter(movement__case__office=office)
    counts = Counter(
        {r["movement__mode"]: r["n"] for r in qs.values("movement__mode").annotate(n=Count("id"))}
    )
    return {"air": counts["air"], "land": counts["land"], "total": counts["air"] + counts["land"]}


def tickets_by_programme(*, start: dt.date, end: dt.date) -> list[dict]:
    """Tickets (persons) per programme charged, for movements departing between two dates.

    Each row: programme_code, programme_name, tickets (not cancelled), departed (persons who
    left), quota_tickets (charged to a quota agreement). One aggregation.
    """
    live = ticket_q()
    rows = (
        Passenger.objects.filter(
            movement__departure__date__gte=start, movement__departure__date__lte=end
        )
        .values(
            programme_code=F("movement__programme__code"),
            programme_name=F("movement__programme__name"),
        )
        .annotate(
            tickets=Count("id", filter=live),
            departed=Count("id", filter=returned_q()),
            quota_tickets=Count("id", filter=live & Q(quota__isnull=False)),
        )
        .order_by("programme_code")
    )
    return list(rows)


# --- "My work" ------------------------------------------------------------------------


def departures_on(user: User, day: dt.date) -> QuerySet[Departure]:
    return departures_list(user, start=day, end=day).filter(n_passengers__gt=0)
