"""Changes to departure operations. Every write goes through one of these functions.

Booking is one transaction (`movement_book`): the case row and the programme's quota rows
are locked, the tickets are charged, the movement is created and the case moves to
"booked" through the workflow, whose guards (declaration, travel documents valid through the
departure, best-interests determination, fitness to travel, escort) may still refuse — and
then nothing is left behind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awda.accounts.access import has_capability
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.audit.services import audit_record
from awda.cases.models import Case, CaseMember, TimelineEvent
from awda.cases.services import TransitionRefused, case_transition, timeline_add
from awda.cases.workflow import check_guards
from awda.funding.models import Programme
from awda.funding.services import QuotaRefused, quota_charge, quota_release
from awda.people.models import DocumentKind, Person
from awda.people.services import document_add
from awda.travel import selectors as s
from awda.travel.models import (
    LPC_OPEN_STATUSES,
    BorderPost,
    CulturalOrientation,
    Departure,
    DocumentSituation,
    ExaminationResult,
    ExitAuthorisation,
    FitnessOutcome,
    FitnessToTravel,
    LpcBatch,
    LpcRequest,
    LpcStatus,
    MedicalExamination,
    Movement,
    MovementLeg,
    MovementMode,
    MovementStatus,
    Passenger,
    PassengerStatus,
)

# Per diem handed to each person at departure (seed 001: "Une perdiem de 100 $").
PER_DIEM_AMOUNT = Decimal("100")
PER_DIEM_CURRENCY = "USD"

# Case statuses after which travel documents are no longer requested.
_TRAVELLED = frozenset({"departed", "arrived", "reintegration", "monitoring"})


def _d(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _actor(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


def _require(actor: User | None, capability: str) -> None:
    if actor is not None and not has_capability(actor, capability):
        raise PermissionDenied(_("Your role does not allow this action."))


def _lock_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _members(case: Case) -> list[CaseMember]:
    return list(case.members.select_related("person").order_by("id"))


# --- LPC requests ----------------------------------------------------------------------


def lpc_request_create(
    *,
    actor: User | None,
    case: Case,
    person: Person,
    document_situation: str,
    place_of_birth: str = "",
    previous_document_number: str = "",
    consulate: Organisation | None = None,
    requested_on: dt.date | None = None,
) -> LpcRequest:
    """Ask the consulate of the person's nationality to identify them and issue an LPC.

    Refused when the group has not consented to share its data with the consulate, when
    no consulate of that nationality is known, or when a request is already open.
    """
    from awda.protection.models import ConsentPurpose
    from awda.protection.selectors import consent_refusal

    _require(actor, "manage_travel")
    errors: dict[str, str] = {}
    if case.case_type != "outbound":
        raise ValidationError(
            _("Laissez-passer are requested for returns to the country of nationality only.")
        )
    state = case.workflow.state(case.status)
    if not state.active or case.status in _TRAVELLED:
        raise ValidationError(
            _("No travel document can be requested while the case is “%(status)s”.")
            % {"status": state.label}
        )
    if not case.members.filter(person=person).exists():
        raise ValidationError({"person": _("This person is not in the case's group.")})
    if document_situation not in DocumentSituation.values:
        errors["document_situation"] = _("Say why a laissez-passer is needed.")
    nationality = str(person.nationality or "")
    if not nationality:
        errors["person"] = _("%(name)s has no nationality recorded.") % {"name": person.full_name}
    elif consulate is None:
        candidates = s.consulates_for(nationality)
        if not candidates:
            errors["consulate"] = _("No consulate of %(country)s is registered in Awda.") % {
                "country": person.nationality.name
            }
        elif len(candidates) > 1:
            errors["consulate"] = _("Choose the consulate the request goes to.")
        else:
            consulate = candidates[0]
    if (
        consulate is not None
        and not errors.get("person")
        and (consulate.kind != OrganisationKind.CONSULATE or consulate.country.code != nationality)
    ):
        errors["consulate"] = _("This consulate does not represent %(country)s.") % {
            "country": person.nationality.name
        }
    if errors:
        raise ValidationError(errors)
    refusal = consent_refusal(case, ConsentPurpose.CONSULATE)
    if refusal:
        raise ValidationError(
            _("The request cannot be sent to the consulate: %(reason)s") % {"reason": refusal}
        )
    with transaction.atomic():
        request = LpcRequest(
            case=case,
            person=person,
            consulate=consulate,
            document_situation=document_situation,
            place_of_birth=(place_of_birth or "").strip(),
            previous_document_number=(previous_document_number or "").strip(),
            requested_on=requested_on or timezone.localdate(),
            requested_by=_actor(actor),
        )
        request.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:
            raise ValidationError(
                _("A laissez-passer request for %(name)s is already open.")
                % {"name": person.full_name}
            )
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="lpc_requested",
            data={"person": person.pk, "consulate": consulate.code, "request": request.pk},
        )
    return request


def lpc_batch_create(
    *,
    actor: User | None,
    consulate: Organisation,
    requests: list[LpcRequest],
    sent_on: dt.date | None = None,
) -> LpcBatch:
    """Put open requests to one consulate on one nominal list (sent, or handed over, together)."""
    _require(actor, "manage_travel")
    if not requests:
        raise ValidationError({"requests": _("Choose at least one request.")})
    office = getattr(actor, "organisation", None) if actor is not None else None
    if office is None or office.kind != OrganisationKind.IOM_OFFICE:
        office = requests[0].case.office
    with transaction.atomic():
        locked = list(
            LpcRequest.objects.select_for_update(of=("self",))
            .filter(pk__in=[r.pk for r in requests])
            .select_related("person", "batch")
            .order_by("id")
        )
        for r in locked:
            if r.consulate_id != consulate.pk:
                raise ValidationError(
                    _("The request for %(name)s is addressed to another consulate.")
                    % {"name": r.person.full_name}
                )
            if r.batch_id:
                raise ValidationError(
                    _("%(name)s is already on the list %(list)s.")
                    % {"name": r.person.full_name, "list": r.batch.reference}
                )
            if r.status not in LPC_OPEN_STATUSES:
                raise ValidationError(
                    _("The request for %(name)s is no longer open.") % {"name": r.person.full_name}
                )
        batch = LpcBatch.objects.create(
            reference=f"tmp-{timezone.now().timestamp()}-{consulate.pk}",
            consulate=consulate,
            office=office,
            sent_on=sent_on or timezone.localdate(),
            created_by=_actor(actor),
        )
        batch.reference = f"LPC-{office.code}-{batch.sent_on.year}-{batch.pk:05d}"
        batch.save(update_fields=["reference"])
        LpcRequest.objects.filter(pk__in=[r.pk for r in locked]).update(batch=batch)
        audit_record(
            actor=actor,
            verb="lpc.batch_create",
            obj=batch,
            data={"consulate": consulate.code, "requests": [r.pk for r in locked]},
        )
    return batch


def _lock_request_for_consulate(actor: User | None, request: LpcRequest) -> LpcRequest:
    """The request, locked, if `actor` is an officer of the consulate it is addressed to."""
    _require(actor, "consular_decision")
    locked = (
        LpcRequest.objects.select_for_update()
        .select_related("person", "consulate")
        .get(pk=request.pk)
    )
    if actor is not None and not actor.is_superuser:
        consulate = s.consulate_of(actor)
        if (
            consulate is None
            or consulate.pk != locked.consulate_id
            or str(locked.person.nationality) != consulate.country.code
        ):
            raise PermissionDenied(_("This request is not addressed to your consulate."))
    if locked.status not in LPC_OPEN_STATUSES:
        raise ValidationError(
            _("This request is already closed (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _lpc_timeline(actor, request: LpcRequest, action: str, reason: str = "", **data) -> None:
    timeline_add(
        case=request.case,
        actor=actor,
        kind=TimelineEvent.Kind.UPDATE,
        action=action,
        reason=reason,
        data={"person": request.person_id, "request": request.pk, **data},
    )


def lpc_interview_schedule(
    *, actor: User | None, request: LpcRequest, interview_at: dt.datetime, place: str = ""
) -> LpcRequest:
    """The consulate sets the date of the identification interview."""
    if interview_at is None:
        raise ValidationError({"interview_at": _("Give the date and time of the interview.")})
    with transaction.atomic():
        locked = _lock_request_for_consulate(actor, request)
        locked.interview_at = interview_at
        locked.interview_place = (place or "").strip()
        if locked.status == LpcStatus.REQUESTED:
            locked.status = LpcStatus.INTERVIEW_SCHEDULED
        locked.save()
        _lpc_timeline(actor, locked, "lpc_interview_scheduled", at=interview_at.isoformat())
    return locked


def lpc_identity_record(
    *,
    actor: User | None,
    request: LpcRequest,
    confirmed: bool,
    on: dt.date | None = None,
    reason: str = "",
) -> LpcRequest:
    """The consulate says whether the person is its national. Not confirmed closes the request."""
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    if on > timezone.localdate():
        raise ValidationError({"on": _("This date cannot be in the future.")})
    if not confirmed and not reason:
        raise ValidationError({"reason": _("Say why the identity could not be confirmed.")})
    with transaction.atomic():
        locked = _lock_request_for_consulate(actor, request)
        locked.decided_by = _actor(actor)
        locked.decided_at = timezone.now()
        if confirmed:
            locked.status = LpcStatus.IDENTITY_CONFIRMED
            locked.identity_confirmed_on = on
            locked.save()
            _lpc_timeline(actor, locked, "lpc_identity_confirmed", on=on.isoformat())
        else:
            locked.status = LpcStatus.REFUSED
            locked.refusal_reason = _("Identity not confirmed: %(reason)s") % {"reason": reason}
            locked.save()
            _lpc_timeline(actor, locked, "lpc_identity_not_confirmed", reason=reason)
    return locked


def lpc_issue(
    *,
    actor: User | None,
    request: LpcRequest,
    number: str,
    issued_on: dt.date,
    expires_on: dt.date,
) -> LpcRequest:
    """The consulate issues the laissez-passer: it becomes the person's travel document."""
    number = (number or "").strip()
    errors: dict[str, str] = {}
    if not number:
        errors["number"] = _("Give the LPC number.")
    if issued_on is None:
        errors["issued_on"] = _("Give the date of issue.")
    elif issued_on > timezone.localdate():
        errors["issued_on"] = _("The date of issue cannot be in the future.")
    if expires_on is None:
        errors["expires_on"] = _("Give the date until which the LPC is valid.")
    elif issued_on and expires_on <= issued_on:
        errors["expires_on"] = _("The LPC must be valid after its date of issue.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_request_for_consulate(actor, request)
        document = document_add(
            actor=actor,
            person=locked.person,
            kind=DocumentKind.LPC,
            number=number,
            issuing_country=locked.consulate.country.code,
            issued_on=issued_on,
            expires_on=expires_on,
        )
        locked.status = LpcStatus.ISSUED
        locked.lpc_number = number
        locked.issued_on = issued_on
        locked.expires_on = expires_on
        locked.identity_confirmed_on = locked.identity_confirmed_on or issued_on
        locked.document = document
        locked.decided_by = _actor(actor)
        locked.decided_at = timezone.now()
        locked.save()
        _lpc_timeline(
            actor,
            locked,
            "lpc_issued",
            number=number,
            expires_on=expires_on.isoformat(),
        )
    return locked


def lpc_refuse(*, actor: User | None, request: LpcRequest, reason: str) -> LpcRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    with transaction.atomic():
        locked = _lock_request_for_consulate(actor, request)
        locked.status = LpcStatus.REFUSED
        locked.refusal_reason = reason
        locked.decided_by = _actor(actor)
        locked.decided_at = timezone.now()
        locked.save()
        _lpc_timeline(actor, locked, "lpc_refused", reason=reason)
    return locked


def lpc_request_cancel(*, actor: User | None, request: LpcRequest, reason: str) -> LpcRequest:
    """IOM withdraws a request (the passport was found, the person withdrew, …)."""
    _require(actor, "manage_travel")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the request.")})
    with transaction.atomic():
        locked = LpcRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status not in LPC_OPEN_STATUSES:
            raise ValidationError(
                _("This request is already closed (%(status)s).")
                % {"status": locked.get_status_display()}
            )
        locked.status = LpcStatus.CANCELLED
        locked.refusal_reason = reason
        locked.save()
        _lpc_timeline(actor, locked, "lpc_cancelled", reason=reason)
    return locked


# --- Departures and bookings -----------------------------------------------------------


@dataclass(frozen=True)
class LegInput:
    carrier: str
    from_place: str
    to_place: str
    departs_on: dt.date | None
    flight_number: str = ""
    departs_at: dt.time | None = None
    arrives_on: dt.date | None = None
    arrives_at: dt.time | None = None


def normalise_flight_number(value: str) -> str:
    """'at 571' -> 'AT571'."""
    return re.sub(r"[^A-Za-z0-9]", "", value or "").upper()[:16]


def _clean_carrier(value: str) -> str:
    return re.sub(r"\s+", " ", (value or "").strip())[:100]


def _leg_errors(mode: str, legs: list[LegInput]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not legs:
        errors["legs"] = _("Give at least the first leg of the journey.")
        return errors
    previous_day = None
    for i, leg in enumerate(legs):
        prefix = f"leg{i}_"
        if not _clean_carrier(leg.carrier):
            errors[prefix + "carrier"] = _("Give the carrier.")
        if not (leg.from_place or "").strip():
            errors[prefix + "from_place"] = _("Where does this leg start?")
        if not (leg.to_place or "").strip():
            errors[prefix + "to_place"] = _("Where does this leg go?")
        if leg.departs_on is None:
            errors[prefix + "departs_on"] = _("Give the departure date.")
        elif previous_day and leg.departs_on < previous_day:
            errors[prefix + "departs_on"] = _("This leg leaves before the previous one.")
        if leg.arrives_on and leg.departs_on and leg.arrives_on < leg.departs_on:
            errors[prefix + "arrives_on"] = _("The arrival is before the departure.")
        if mode == MovementMode.AIR and not normalise_flight_number(leg.flight_number):
            errors[prefix + "flight_number"] = _("Give the flight number.")
        previous_day = leg.departs_on or previous_day
    if legs[0].departs_on and legs[0].departs_on < timezone.localdate():
        errors["leg0_departs_on"] = _("The departure date is in the past.")
    return errors


def _check_escort(escort: User | None) -> str | None:
    if escort is None:
        return None
    org = escort.organisation
    if not escort.is_active or org is None or org.kind != OrganisationKind.IOM_OFFICE:
        return _("The escort must be an active member of IOM staff in Morocco.")
    return None


def departure_create(
    *,
    actor: User | None,
    date: dt.date,
    post: str,
    mode: str,
    carrier: str,
    flight_number: str = "",
    departs_at: dt.time | None = None,
    destination: str = "",
    is_charter: bool = False,
    capacity: int | None = None,
) -> Departure:
    """Schedule a departure (e.g. a charter flight with its reserved seats) cases can join."""
    _require(actor, "manage_travel")
    carrier = _clean_carrier(carrier)
    flight_number = normalise_flight_number(flight_number)
    errors: dict[str, str] = {}
    if date is None:
        errors["date"] = _("Give the date.")
    elif date < timezone.localdate():
        errors["date"] = _("The departure date is in the past.")
    if post not in BorderPost.values:
        errors["post"] = _("Choose the border post.")
    if mode not in MovementMode.values:
        errors["mode"] = _("Choose air or land.")
    if not carrier:
        errors["carrier"] = _("Give the carrier.")
    if mode == MovementMode.AIR and not flight_number:
        errors["flight_number"] = _("Give the flight number.")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("At least one seat.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        departure = Departure(
            date=date,
            post=post,
            mode=mode,
            carrier=carrier,
            flight_number=flight_number,
            departs_at=departs_at,
            destination=(destination or "").strip(),
            is_charter=is_charter,
            capacity=capacity,
            created_by=_actor(actor),
        )
        try:
            with transaction.atomic():
                departure.save()
        except IntegrityError:
            raise ValidationError(
                {"flight_number": _("This departure is already scheduled on that date.")}
            )
        audit_record(actor=actor, verb="departure.create", obj=departure, data={"post": post})
    return departure


def _departure_for(
    *, actor: User | None, mode: str, post: str, leg: LegInput, departure: Departure | None
) -> Departure:
    """The departure (manifest) the first leg belongs to, created when it is the first booking."""
    if departure is not None:
        return departure
    carrier = _clean_carrier(leg.carrier)
    flight_number = normalise_flight_number(leg.flight_number)
    departure, _created = Departure.objects.get_or_create(
        date=leg.departs_on,
        post=post,
        carrier=carrier,
        flight_number=flight_number,
        defaults={
            "mode": mode,
            "departs_at": leg.departs_at,
            "destination": (leg.to_place or "").strip()[:100],
            "created_by": _actor(actor),
        },
    )
    return departure


def movement_book(
    *,
    actor: User | None,
    case: Case,
    mode: str,
    post: str,
    legs: list[LegInput],
    programme: Programme | None = None,
    booking_reference: str = "",
    tickets: dict[int, str] | None = None,
    escort: User | None = None,
    escort_name: str = "",
    final_destination: str = "",
    departure: Departure | None = None,
) -> Movement:
    """Book the journey of the whole group: one ticket per person, charged to a programme.

    One transaction: lock the case, charge the programme's quota (QuotaRefused names the
    agreement and its figures), create the departure (manifest) if this flight has none yet,
    the movement, its legs and the passengers, then move the case to "booked" through the
    workflow so every booking guard runs. Raises ValidationError for bad input and
    TransitionRefused with the reasons when the booking is refused; nothing is kept then.
    A case already moved to "booked" by the workflow button gets its tickets here without a
    second transition (the same guards are checked).
    """
    _require(actor, "manage_travel")
    tickets = tickets or {}
    programme = programme or case.programme
    if departure is not None and legs:
        first = legs[0]
        legs = [
            LegInput(
                carrier=departure.carrier,
                flight_number=departure.flight_number,
                from_place=first.from_place,
                to_place=first.to_place,
                departs_on=departure.date,
                departs_at=departure.departs_at,
                arrives_on=first.arrives_on,
                arrives_at=first.arrives_at,
            ),
            *legs[1:],
        ]
        mode, post = departure.mode, departure.post
    errors = {}
    if mode not in MovementMode.values:
        errors["mode"] = _("Choose air or land.")
    if post not in BorderPost.values:
        errors["post"] = _("Choose the border post the group leaves from.")
    if programme is None:
        errors["programme"] = _("Choose the programme the tickets are charged to.")
    escort_error = _check_escort(escort)
    if escort_error:
        errors["escort"] = escort_error
    errors.update(_leg_errors(mode, legs))
    ticket_numbers = {pk: (n or "").strip() for pk, n in tickets.items()}
    if any(len(n) > 32 for n in ticket_numbers.values()):
        errors["tickets"] = _("A ticket number has at most 32 characters.")
    if errors:
        raise ValidationError(errors)
    on = legs[0].departs_on

    with transaction.atomic():
        locked = _lock_case(case)
        if locked.case_type not in ("outbound", "resettlement"):
            raise TransitionRefused([_("Only returns and resettlements are booked here.")])
        attach_only = False
        if locked.status == "booked":
            if Movement.objects.filter(case=locked, status=MovementStatus.BOOKED).exists():
                raise TransitionRefused([_("This case is already booked.")])
            attach_only = True
        elif locked.status != "ready":
            raise TransitionRefused(
                [
                    _("Tickets can be booked when the case is ready for booking (now: %(status)s).")
                    % {"status": locked.workflow.state(locked.status).label}
                ]
            )
        members = _members(locked)
        if not members:
            raise TransitionRefused([_("The case has nobody in its group yet.")])
        try:
            charges = quota_charge(programme=programme, tickets=len(members), on=on, actor=actor)
        except QuotaRefused as refused:
            raise TransitionRefused([refused.message])

        departure = _departure_for(
            actor=actor, mode=mode, post=post, leg=legs[0], departure=departure
        )
        departure = Departure.objects.select_for_update().get(pk=departure.pk)
        if departure.mode != mode:
            raise ValidationError({"mode": _("This departure is a journey by another mode.")})
        if departure.capacity is not None:
            seated = Passenger.objects.filter(
                movement__departure=departure,
                movement__status=MovementStatus.BOOKED,
                status__in=s.SEATED,
            ).count()
            free = departure.capacity - seated
            if free < len(members):
                raise TransitionRefused(
                    [
                        _("The departure has %(free)s seats left for a group of %(size)s.")
                        % {"free": max(free, 0), "size": len(members)}
                    ]
                )

        movement = Movement.objects.create(
            case=locked,
            departure=departure,
            mode=mode,
            programme=programme,
            booking_reference=(booking_reference or "").strip().upper()[:32],
            destination_country=locked.destination_country or locked.country_of_origin or "",
            final_destination=(final_destination or legs[-1].to_place or "").strip()[:100],
            escort=escort,
            escort_name=(escort_name or "").strip()[:200],
            booked_on=timezone.localdate(),
            booked_by=_actor(actor),
        )
        MovementLeg.objects.bulk_create(
            [
                MovementLeg(
                    movement=movement,
                    sequence=i + 1,
                    carrier=_clean_carrier(leg.carrier),
                    flight_number=normalise_flight_number(leg.flight_number),
                    from_place=leg.from_place.strip()[:100],
                    to_place=leg.to_place.strip()[:100],
                    departs_on=leg.departs_on,
                    departs_at=leg.departs_at,
                    arrives_on=leg.arrives_on,
                    arrives_at=leg.arrives_at,
                )
                for i, leg in enumerate(legs)
            ]
        )
        passengers = []
        for member, charge in zip(members, charges, strict=True):
            person = member.person
            passengers.append(
                Passenger(
                    movement=movement,
                    person=person,
                    ticket_number=ticket_numbers.get(person.pk, ""),
                    quota=charge,
                    travel_document=s.travel_document_valid_on(person, on),
                )
            )
        Passenger.objects.bulk_create(passengers)

        if attach_only:
            book = locked.workflow.transition("book")
            refusals = check_guards(
                book.guards if book else (),
                locked,
                {"planned_departure_date": on, "movement": movement, "actor": actor},
            )
            if refusals:
                raise TransitionRefused(refusals)
        else:
            case_transition(
                case=locked,
                action="book",
                actor=actor,
                planned_departure_date=on,
                movement=movement,
            )
        timeline_add(
            case=locked,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="movement_booked",
            data={
                "movement": movement.pk,
                "departure": departure.pk,
                "date": on.isoformat(),
                "post": post,
                "mode": mode,
                "programme": programme.code,
                "tickets": len(passengers),
                "quota": [c.pk if c else None for c in charges],
            },
        )
    for f in ("status", "planned_departure_date", "updated_at"):
        setattr(case, f, getattr(locked, f))
    return movement


def _lock_movement(movement: Movement) -> Movement:
    return (
        Movement.objects.select_for_update().select_related("departure", "case").get(pk=movement.pk)
    )


def movement_update(
    *,
    actor: User | None,
    movement: Movement,
    booking_reference: str,
    tickets: dict[int, str],
    escort: User | None,
    escort_name: str = "",
) -> Movement:
    """Record what arrives after booking: the booking reference, ticket numbers, the escort."""
    _require(actor, "manage_travel")
    escort_error = _check_escort(escort)
    if escort_error:
        raise ValidationError({"escort": escort_error})
    if any(len((n or "").strip()) > 32 for n in tickets.values()):
        raise ValidationError({"tickets": _("A ticket number has at most 32 characters.")})
    with transaction.atomic():
        locked = _lock_movement(movement)
        if locked.status != MovementStatus.BOOKED:
            raise ValidationError(_("Only a booked journey can be changed."))
        locked.booking_reference = (booking_reference or "").strip().upper()[:32]
        locked.escort = escort
        locked.escort_name = (escort_name or "").strip()[:200]
        refusal = s.escort_missing(locked.case, locked)
        if refusal:
            raise ValidationError({"escort": refusal})
        locked.save()
        for p in Passenger.objects.filter(movement=locked):
            number = (tickets.get(p.person_id) or "").strip()
            if number != p.ticket_number:
                p.ticket_number = number
                p.save(update_fields=["ticket_number"])
        timeline_add(
            case=locked.case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="movement_updated",
            data={"movement": locked.pk, "escort": locked.escort_label},
        )
    return locked


def movement_no_show(*, actor: User | None, movement: Movement, reason: str) -> Movement:
    """The group did not travel: the case goes to "no-show"; the tickets stay charged until
    a new booking is prepared (`movement_rebook`)."""
    case_transition(case=movement.case, action="mark_no_show", actor=actor, reason=reason)
    movement.refresh_from_db()
    return movement


def movement_rebook(*, actor: User | None, case: Case, reason: str = "") -> Case:
    """After a no-show: cancel the unused tickets (their quota comes back) and make the case
    ready for a new booking."""
    return case_transition(case=case, action="rebook", actor=actor, reason=reason)


def _cancel_movements(
    *, case: Case, actor: User | None, statuses: tuple[str, ...], reason: str
) -> list[Movement]:
    """Cancel the case's movements in `statuses` and give their tickets back to the quota."""
    cancelled = []
    for movement in Movement.objects.select_for_update().filter(case=case, status__in=statuses):
        passengers = list(
            Passenger.objects.select_for_update()
            .filter(movement=movement)
            .exclude(status=PassengerStatus.CANCELLED)
        )
        quota_release(
            agreement_ids=[p.quota_id for p in passengers if p.quota_id],
            actor=actor,
            reason=reason,
        )
        Passenger.objects.filter(pk__in=[p.pk for p in passengers]).update(
            status=PassengerStatus.CANCELLED
        )
        movement.status = MovementStatus.CANCELLED
        movement.status_reason = reason
        movement.status_changed_on = timezone.localdate()
        movement.save(update_fields=["status", "status_reason", "status_changed_on"])
        audit_record(
            actor=actor,
            verb="movement.cancel",
            obj=movement,
            data={"reason": reason, "tickets": len(passengers)},
        )
        cancelled.append(movement)
    return cancelled


def on_case_transitioned(*, case: Case, action: str, actor: User | None) -> None:
    """Keep movements in step with the case, whichever door the transition came through
    (the workflow buttons, the API, `movement_no_show`…). Runs in the transition's transaction.
    """
    if action not in ("mark_no_show", "rebook", "withdraw", "depart"):
        return
    last = case.timeline.filter(action=action).order_by("-at", "-id").first()
    reason = last.reason if last else ""
    today = timezone.localdate()
    if action == "mark_no_show":
        for movement in Movement.objects.select_for_update().filter(
            case=case, status=MovementStatus.BOOKED
        ):
            Passenger.objects.filter(movement=movement, status=PassengerStatus.BOOKED).update(
                status=PassengerStatus.NO_SHOW
            )
            movement.status = MovementStatus.NO_SHOW
            movement.status_reason = reason
            movement.status_changed_on = today
            movement.save(update_fields=["status", "status_reason", "status_changed_on"])
    elif action == "rebook":
        _cancel_movements(
            case=case,
            actor=actor,
            statuses=(MovementStatus.NO_SHOW,),
            reason=reason or _("New booking after a no-show"),
        )
    elif action == "withdraw":
        _cancel_movements(
            case=case,
            actor=actor,
            statuses=(MovementStatus.BOOKED, MovementStatus.NO_SHOW),
            reason=reason or _("Case withdrawn"),
        )
    elif action == "depart":
        for movement in Movement.objects.select_for_update().filter(
            case=case, status=MovementStatus.BOOKED
        ):
            Passenger.objects.filter(movement=movement, status=PassengerStatus.BOOKED).update(
                status=PassengerStatus.BOARDED
            )
            movement.status = MovementStatus.DEPARTED
            movement.status_changed_on = case.departure_date or today
            movement.save(update_fields=["status", "status_changed_on"])


# --- Exit authorisation (police) -------------------------------------------------------


def exit_authorisation_record(
    *,
    actor: User | None,
    passenger: Passenger,
    pv_number: str,
    issued_on: dt.date | None = None,
) -> ExitAuthorisation:
    """The border police record the PV number that authorises the person to leave."""
    _require(actor, "record_exit")
    pv_number = re.sub(r"\s+", " ", (pv_number or "").strip())
    issued_on = issued_on or timezone.localdate()
    errors: dict[str, str] = {}
    if not pv_number:
        errors["pv_number"] = _("Give the PV number.")
    elif len(pv_number) > 64:
        errors["pv_number"] = _("A PV number has at most 64 characters.")
    if issued_on > timezone.localdate():
        errors["issued_on"] = _("This date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    police_unit = getattr(actor, "organisation", None) if actor is not None else None
    with transaction.atomic():
        locked = (
            Passenger.objects.select_for_update()
            .select_related("movement__departure", "movement__case")
            .get(pk=passenger.pk)
        )
        post = s.police_post_of(actor) if actor is not None else None
        if actor is not None and not actor.is_superuser and post != locked.movement.departure.post:
            raise PermissionDenied(_("This person does not leave from your border post."))
        if (
            locked.status != PassengerStatus.BOOKED
            or locked.movement.status != MovementStatus.BOOKED
        ):
            raise ValidationError(_("The PV can be recorded only before the person boards."))
        if police_unit is None:
            raise ValidationError(_("Only a police unit can record a PV."))
        existing = ExitAuthorisation.objects.filter(passenger=locked).first()
        before = existing.pv_number if existing else ""
        exit_auth, _created = ExitAuthorisation.objects.update_or_create(
            passenger=locked,
            defaults={
                "pv_number": pv_number,
                "issued_on": issued_on,
                "police_unit": police_unit,
                "recorded_by": _actor(actor),
            },
        )
        timeline_add(
            case=locked.movement.case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="exit_authorised",
            data={"person": locked.person_id, "pv": pv_number, "before": before},
        )
    return exit_auth


# --- Departure-day checklist -----------------------------------------------------------


class Step:
    ESCORTED = "escorted"
    CHECKED_IN = "checked_in"
    CURRENCY_EXCHANGED = "currency_exchanged"
    PER_DIEM = "per_diem"
    BOARDED = "boarded"
    ALL = ("escorted", "checked_in", "currency_exchanged", "per_diem", "boarded")


_STEP_FIELD = {
    Step.ESCORTED: "escorted_at",
    Step.CHECKED_IN: "checked_in_at",
    Step.CURRENCY_EXCHANGED: "currency_exchanged_at",
    Step.PER_DIEM: "per_diem_paid_at",
    Step.BOARDED: "boarded_at",
}


def passenger_check(
    *,
    actor: User | None,
    passenger: Passenger,
    step: str,
    done: bool = True,
    amount: Decimal | None = None,
    currency: str = PER_DIEM_CURRENCY,
    receipt_signed: bool = False,
) -> Passenger:
    """Tick (or untick) one step of a person's departure-day checklist.

    Boarding needs the check-in and the police PV; the per diem is paid against a signed
    receipt. When every person of the group has boarded, the case is recorded as departed
    on the departure's date.
    """
    _require(actor, "manage_travel")
    if step not in Step.ALL:
        raise ValidationError({"step": _("Unknown step.")})
    with transaction.atomic():
        locked = (
            Passenger.objects.select_for_update()
            .select_related("movement__departure", "movement__case")
            .get(pk=passenger.pk)
        )
        movement = locked.movement
        departure = movement.departure
        if movement.status != MovementStatus.BOOKED or locked.status not in s.SEATED:
            raise ValidationError(_("This journey is no longer open: nothing can be ticked."))
        if departure.date > timezone.localdate():
            raise ValidationError(
                _("The departure-day checklist opens on the day of departure (%(date)s).")
                % {"date": _d(departure.date)}
            )
        now = timezone.now()
        field = _STEP_FIELD[step]
        if not done:
            if locked.status == PassengerStatus.BOARDED and step != Step.BOARDED:
                raise ValidationError(_("Untick “boarded” first."))
            setattr(locked, field, None)
            if step == Step.PER_DIEM:
                locked.per_diem_amount = None
                locked.per_diem_currency = ""
                locked.per_diem_receipt_signed = False
                locked.per_diem_paid_by = None
            if step == Step.BOARDED:
                locked.status = PassengerStatus.BOOKED
        elif step == Step.PER_DIEM:
            currency = (currency or "").strip().upper()
            errors = {}
            if amount is None or amount <= 0:
                errors["amount"] = _("Give the amount handed over.")
            if not re.fullmatch(r"[A-Z]{3}", currency):
                errors["currency"] = _("Use a three-letter currency code (USD, EUR, MAD).")
            if not receipt_signed:
                errors["receipt_signed"] = _(
                    "The per diem is handed over against a signed receipt."
                )
            if errors:
                raise ValidationError(errors)
            locked.per_diem_amount = amount
            locked.per_diem_currency = currency
            locked.per_diem_receipt_signed = True
            locked.per_diem_paid_at = now
            locked.per_diem_paid_by = _actor(actor)
        elif step == Step.BOARDED:
            missing = []
            if not locked.checked_in_at:
                missing.append(_("check-in"))
            if not ExitAuthorisation.objects.filter(passenger=locked).exists():
                missing.append(_("the police exit authorisation (PV)"))
            if missing:
                raise ValidationError(
                    _("%(name)s cannot board before: %(missing)s.")
                    % {"name": locked.person.full_name, "missing": ", ".join(missing)}
                )
            locked.boarded_at = now
            locked.status = PassengerStatus.BOARDED
        else:
            setattr(locked, field, now)
        locked.save()
        audit_record(
            actor=actor,
            verb=f"passenger.{step}" if done else f"passenger.{step}.undo",
            obj=locked,
            data={"movement": movement.pk, "person": locked.person_id},
        )
        if step == Step.BOARDED and done:
            still_to_board = (
                Passenger.objects.filter(movement=movement, status=PassengerStatus.BOOKED)
                .exclude(pk=locked.pk)
                .exists()
            )
            if not still_to_board:
                case_transition(
                    case=movement.case, action="depart", actor=actor, date=departure.date
                )
    locked.refresh_from_db()
    return locked


# --- Medical fitness, resettlement steps ----------------------------------------------


def _member_or_error(case: Case, person: Person) -> None:
    if not case.members.filter(person=person).exists():
        raise ValidationError({"person": _("This person is not in the case's group.")})


def fitness_record(
    *,
    actor: User | None,
    case: Case,
    person: Person,
    assessed_on: dt.date,
    outcome: str,
    conditions: str = "",
    valid_until: dt.date | None = None,
) -> FitnessToTravel:
    """Record the medical decision on fitness to travel (a medical or protection officer's)."""
    _require(actor, "screen_protection")
    _member_or_error(case, person)
    errors: dict[str, str] = {}
    if assessed_on is None:
        errors["assessed_on"] = _("Give the date of the assessment.")
    elif assessed_on > timezone.localdate():
        errors["assessed_on"] = _("This date cannot be in the future.")
    if outcome not in FitnessOutcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if outcome == FitnessOutcome.FIT_WITH_CONDITIONS and not (conditions or "").strip():
        errors["conditions"] = _("Say on what conditions the person may travel.")
    if valid_until and assessed_on and valid_until < assessed_on:
        errors["valid_until"] = _("The end of validity is before the assessment.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        fitness = FitnessToTravel(
            case=case,
            person=person,
            assessed_on=assessed_on,
            outcome=outcome,
            conditions=(conditions or "").strip(),
            valid_until=valid_until,
            assessed_by=_actor(actor),
        )
        fitness.full_clean()
        fitness.save()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="fitness_to_travel",
            data={"person": person.pk, "outcome": outcome},
        )
    return fitness


def medical_examination_record(
    *,
    actor: User | None,
    case: Case,
    person: Person,
    examined_on: dt.date,
    result: str,
    clinic: str = "",
) -> MedicalExamination:
    """Resettlement: the result of the medical examination before travel."""
    if actor is not None and not (
        has_capability(actor, "manage_travel") or has_capability(actor, "screen_protection")
    ):
        raise PermissionDenied(_("Your role does not allow this action."))
    if case.case_type != "resettlement":
        raise ValidationError(_("Medical examinations before travel are for resettlement cases."))
    _member_or_error(case, person)
    errors: dict[str, str] = {}
    if examined_on is None:
        errors["examined_on"] = _("Give the date of the examination.")
    elif examined_on > timezone.localdate():
        errors["examined_on"] = _("This date cannot be in the future.")
    if result not in ExaminationResult.values:
        errors["result"] = _("Choose the result.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        exam = MedicalExamination(
            case=case,
            person=person,
            examined_on=examined_on,
            result=result,
            clinic=(clinic or "").strip(),
            recorded_by=_actor(actor),
        )
        exam.full_clean()
        exam.save()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="medical_examination",
            data={"person": person.pk, "result": result},
        )
    return exam


def cultural_orientation_record(
    *,
    actor: User | None,
    case: Case,
    person: Person,
    session_on: dt.date,
    attended: bool = True,
    facilitator: str = "",
) -> CulturalOrientation:
    """Resettlement: attendance of a cultural orientation session."""
    _require(actor, "advance_case")
    if case.case_type != "resettlement":
        raise ValidationError(_("Cultural orientation is for resettlement cases."))
    _member_or_error(case, person)
    if session_on is None:
        raise ValidationError({"session_on": _("Give the date of the session.")})
    if session_on > timezone.localdate():
        raise ValidationError({"session_on": _("This date cannot be in the future.")})
    with transaction.atomic():
        try:
            with transaction.atomic():
                session = CulturalOrientation.objects.create(
                    case=case,
                    person=person,
                    session_on=session_on,
                    attended=attended,
                    facilitator=(facilitator or "").strip()[:200],
                    recorded_by=_actor(actor),
                )
        except IntegrityError:
            raise ValidationError(
                {"session_on": _("This session is already recorded for this person.")}
            )
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="cultural_orientation",
            data={"person": person.pk, "attended": attended, "on": session_on.isoformat()},
        )
    return session
