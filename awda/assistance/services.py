"""Changes to assistance: one record, a distribution day for many cases, counselling sessions
and appointments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awda.accounts.access import has_capability
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.assistance.models import (
    CURRENCIES,
    Appointment,
    AssistanceRecord,
    AssistanceType,
    CounsellingSession,
    CounsellingTopic,
    Distribution,
)
from awda.audit.services import audit_record
from awda.cases.models import Case, CaseMember, TimelineEvent
from awda.cases.services import timeline_add
from awda.funding.models import Programme
from awda.people.models import Person

# Who may provide assistance: IOM itself, or a partner.
PROVIDER_KINDS = (
    OrganisationKind.IOM_OFFICE,
    OrganisationKind.IOM_MISSION,
    OrganisationKind.NGO,
    OrganisationKind.MINISTRY,
    OrganisationKind.UN_AGENCY,
)


def _actor(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


def _check_recorder(actor: User | None) -> None:
    if actor is not None and not has_capability(actor, "record_assistance"):
        raise PermissionDenied(_("Your role does not allow recording assistance."))


def _common_errors(
    *,
    type: str,
    quantity: int | None,
    unit_value: Decimal | None,
    currency: str,
    date: dt.date | None,
    provider: Organisation | None,
    quantity_field: str = "quantity",
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if type not in AssistanceType.values:
        errors["type"] = _("Choose the type of assistance.")
    if quantity is None or quantity < 1:
        errors[quantity_field] = _("The quantity must be at least 1.")
    if unit_value is not None and unit_value < 0:
        errors["unit_value"] = _("The value cannot be negative.")
    if currency not in dict(CURRENCIES):
        errors["currency"] = _("Choose a currency.")
    if date is None:
        errors["date"] = _("Give the date.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    if provider is None:
        errors["provider"] = _("Say who provided it.")
    elif provider.kind not in PROVIDER_KINDS:
        errors["provider"] = _("The provider must be IOM or a partner organisation.")
    return errors


def assistance_record(
    *,
    actor: User | None,
    case: Case,
    type: str,
    date: dt.date,
    provider: Organisation,
    quantity: int = 1,
    unit_value: Decimal | None = None,
    currency: str = "MAD",
    programme: Programme | None = None,
    person: Person | None = None,
    description: str = "",
    request_key: str | None = None,
) -> AssistanceRecord:
    """Record one assistance for a member of the group, or the whole group (`person` None).

    The programme defaults to the case's. The same form submitted twice (same `request_key`)
    records it once.
    """
    _check_recorder(actor)
    if request_key:
        existing = AssistanceRecord.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    errors = _common_errors(
        type=type,
        quantity=quantity,
        unit_value=unit_value,
        currency=currency,
        date=date,
        provider=provider,
    )
    if person is not None and not CaseMember.objects.filter(case=case, person=person).exists():
        errors["person"] = _("%(name)s is not in this group.") % {"name": person}
    if type == AssistanceType.OTHER and not (description or "").strip():
        errors["description"] = _("Describe the assistance.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = AssistanceRecord(
            case=case,
            person=person,
            type=type,
            quantity=quantity,
            unit_value=unit_value,
            currency=currency,
            date=date,
            provider=provider,
            programme=programme or case.programme,
            description=(description or "").strip(),
            recorded_by=_actor(actor),
            request_key=request_key or None,
        )
        record.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            # The same form, submitted in parallel: the other request recorded it.
            return AssistanceRecord.objects.get(request_key=request_key)
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="assistance_recorded",
            data={"record": record.pk, "type": type, "quantity": quantity},
        )
    return record


def assistance_delete(*, actor: User | None, record: AssistanceRecord, reason: str) -> None:
    """Remove an assistance recorded by mistake (the audit log keeps what it was)."""
    _check_recorder(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record is removed.")})
    with transaction.atomic():
        snapshot = {
            "record": record.pk,
            "type": record.type,
            "quantity": record.quantity,
            "date": record.date.isoformat(),
            "distribution": record.distribution_id,
        }
        case = record.case
        record.delete()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="assistance_removed",
            reason=reason,
            data=snapshot,
        )


def distribution_record(
    *,
    actor: User | None,
    idempotency_key: str,
    office: Organisation,
    date: dt.date,
    type: str,
    cases: Iterable[Case],
    provider: Organisation,
    quantity_per_case: int = 1,
    unit_value: Decimal | None = None,
    currency: str = "MAD",
    programme: Programme | None = None,
    location: str = "",
) -> tuple[Distribution, bool]:
    """Give the same assistance to many cases of one office on one day.

    Returns (distribution, created). The key comes from the form: the same submission twice,
    even as two parallel requests, records one distribution and one record per case — the
    unique key decides which request writes; the other finds its work done. Each record is
    for the whole group and is charged to the distribution's programme or, if none, the case's.
    """
    _check_recorder(actor)
    key = (idempotency_key or "").strip()
    if not key:
        raise ValidationError(_("The form has expired: open it again."))
    existing = Distribution.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    cases = list({c.pk: c for c in cases}.values())
    errors = _common_errors(
        type=type,
        quantity=quantity_per_case,
        unit_value=unit_value,
        currency=currency,
        date=date,
        provider=provider,
        quantity_field="quantity_per_case",
    )
    if not cases:
        errors["cases"] = _("Choose at least one case.")
    other_office = [c.reference for c in cases if c.office_id != office.pk]
    if other_office:
        errors["cases"] = _("These cases are not of this office: %(refs)s") % {
            "refs": ", ".join(other_office)
        }
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            distribution = Distribution.objects.create(
                idempotency_key=key,
                office=office,
                date=date,
                type=type,
                quantity_per_case=quantity_per_case,
                unit_value=unit_value,
                currency=currency,
                provider=provider,
                programme=programme,
                location=(location or "").strip(),
                created_by=_actor(actor),
            )
            AssistanceRecord.objects.bulk_create(
                [
                    AssistanceRecord(
                        case=c,
                        type=type,
                        quantity=quantity_per_case,
                        unit_value=unit_value,
                        currency=currency,
                        date=date,
                        provider=provider,
                        programme=programme or c.programme,
                        distribution=distribution,
                        recorded_by=_actor(actor),
                    )
                    for c in cases
                ],
                batch_size=500,
            )
            for c in cases:
                timeline_add(
                    case=c,
                    actor=actor,
                    kind=TimelineEvent.Kind.UPDATE,
                    action="distribution_received",
                    data={"distribution": distribution.pk, "type": type},
                )
            audit_record(
                actor=actor,
                verb="assistance.distribution",
                obj=distribution,
                data={
                    "type": type,
                    "date": date.isoformat(),
                    "cases": [c.pk for c in cases],
                    "quantity_per_case": quantity_per_case,
                },
            )
    except IntegrityError:
        # A parallel request with the same key won the race; its distribution is the one.
        existing = Distribution.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False
    return distribution, True


# --- Counselling ---------------------------------------------------------------------------


def counselling_session_record(
    *,
    actor: User | None,
    case: Case,
    date: dt.date,
    topics: Iterable[str],
    counsellor: User | None = None,
    interpreter_language: str = "",
    notes: str = "",
    next_appointment_at: dt.datetime | None = None,
    request_key: str | None = None,
) -> CounsellingSession:
    """Record a counselling session and, optionally, plan the next appointment with the same
    counsellor. A planned counselling appointment of that day is marked attended."""
    if actor is not None and not has_capability(actor, "advance_case"):
        raise PermissionDenied(_("Your role does not allow recording counselling."))
    if request_key:
        existing = CounsellingSession.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    counsellor = counsellor or actor
    topics = list(dict.fromkeys(topics))
    errors: dict[str, str] = {}
    if counsellor is None:
        errors["counsellor"] = _("Say who held the session.")
    if not topics:
        errors["topics"] = _("Choose at least one topic.")
    elif any(t not in CounsellingTopic.values for t in topics):
        errors["topics"] = _("Unknown topic.")
    if date is None:
        errors["date"] = _("Give the date.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    if next_appointment_at is not None and next_appointment_at <= timezone.now():
        errors["next_appointment_at"] = _("The next appointment must be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = CounsellingSession(
            case=case,
            date=date,
            counsellor=counsellor,
            topics=topics,
            interpreter_language=(interpreter_language or "").strip(),
            notes=(notes or "").strip(),
            request_key=request_key or None,
        )
        session.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                session.save()
        except IntegrityError:
            return CounsellingSession.objects.get(request_key=request_key)
        Appointment.objects.filter(
            case=case,
            kind=Appointment.Kind.COUNSELLING,
            status=Appointment.Status.PLANNED,
            at__date=date,
        ).update(status=Appointment.Status.ATTENDED)
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="counselling_session",
            data={"session": session.pk, "topics": topics},
        )
        if next_appointment_at is not None:
            appointment_plan(
                actor=actor,
                case=case,
                at=next_appointment_at,
                kind=Appointment.Kind.COUNSELLING,
                with_user=counsellor,
            )
    return session


def appointment_plan(
    *,
    actor: User | None,
    case: Case,
    at: dt.datetime,
    kind: str = Appointment.Kind.COUNSELLING,
    with_user: User | None = None,
    place: str = "",
    note: str = "",
) -> Appointment:
    if actor is not None and not has_capability(actor, "advance_case"):
        raise PermissionDenied(_("Your role does not allow planning appointments."))
    errors: dict[str, str] = {}
    if at is None:
        errors["at"] = _("Give the date and time.")
    elif at <= timezone.now():
        errors["at"] = _("An appointment is planned in the future.")
    if kind not in Appointment.Kind.values:
        errors["kind"] = _("Choose the kind of appointment.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                appointment = Appointment.objects.create(
                    case=case,
                    at=at,
                    kind=kind,
                    with_user=with_user,
                    place=(place or "").strip(),
                    note=(note or "").strip(),
                    created_by=_actor(actor),
                )
        except IntegrityError:
            # The same appointment planned twice (two clicks): keep the first.
            return Appointment.objects.get(
                case=case, at=at, kind=kind, status=Appointment.Status.PLANNED
            )
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="appointment_planned",
            data={"appointment": appointment.pk, "at": at.isoformat(), "kind": kind},
        )
    return appointment


def appointment_set_status(
    *, actor: User | None, appointment: Appointment, status: str
) -> Appointment:
    if actor is not None and not has_capability(actor, "advance_case"):
        raise PermissionDenied(_("Your role does not allow changing appointments."))
    if status not in Appointment.Status.values or status == Appointment.Status.PLANNED:
        raise ValidationError({"status": _("Choose what happened.")})
    with transaction.atomic():
        a = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if a.status == status:
            return a
        if a.status != Appointment.Status.PLANNED:
            raise ValidationError(_("This appointment is already closed."))
        if status != Appointment.Status.CANCELLED and a.at > timezone.now():
            raise ValidationError(
                {"status": _("An appointment still to come can only be cancelled.")}
            )
        a.status = status
        a.save(update_fields=["status"])
        timeline_add(
            case=a.case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action=f"appointment_{status}",
            data={"appointment": a.pk},
        )
    return a
