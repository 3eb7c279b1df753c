"""Changes to FORAS orientation and trainings: sessions, enrolment, attendance, completion."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awda.accounts.access import has_capability
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.accounts.roles import Capability
from awda.audit.services import audit_record
from awda.cases.models import Case, CaseMember, CaseType
from awda.funding.models import Programme
from awda.people.models import Person
from awda.trainings.models import (
    Attendance,
    AwarenessParticipant,
    AwarenessSession,
    Enrolment,
    Module,
    TrainingCycle,
    TrainingSession,
)

# A migrant is trained before leaving: once the case has departed or ended, no enrolment.
ENROLLABLE_STATUSES_EXCLUDED = ("departed", "arrived", "closed", "withdrawn", "not_eligible")


def _require(actor: User | None) -> None:
    if actor is not None and not has_capability(actor, Capability.RECORD_ASSISTANCE):
        raise PermissionDenied(_("Your role does not allow you to manage trainings."))


def _who(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


def _check_office(office: Organisation | None, errors: dict) -> None:
    if office is None or office.kind != OrganisationKind.IOM_OFFICE:
        errors["office"] = _("Choose the IOM office that organises it.")


def _check_participant(person: Person, case: Case) -> str | None:
    if case.case_type != CaseType.OUTBOUND:
        return _("Only migrants registered for a return from Morocco take part.")
    if case.status in ENROLLABLE_STATUSES_EXCLUDED:
        return _("%(name)s: the case %(case)s is no longer before departure.") % {
            "name": person.full_name,
            "case": case.reference,
        }
    if not CaseMember.objects.filter(case=case, person=person).exists():
        return _("%(name)s is not in case %(case)s.") % {
            "name": person.full_name,
            "case": case.reference,
        }
    return None


def awareness_session_create(
    *,
    actor: User | None,
    office: Organisation,
    country: str,
    held_on: dt.date,
    facilitator: str = "",
    programme: Programme | None = None,
    notes: str = "",
    request_key: uuid.UUID | None = None,
) -> AwarenessSession:
    _require(actor)
    if request_key and (
        existing := AwarenessSession.objects.filter(request_key=request_key).first()
    ):
        return existing
    errors: dict[str, str] = {}
    _check_office(office, errors)
    if not country:
        errors["country"] = _("Choose the country of origin presented.")
    if held_on is None:
        errors["held_on"] = _("Give the date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = AwarenessSession(
            office=office,
            country=country,
            held_on=held_on,
            facilitator=(facilitator or "").strip(),
            programme=programme,
            notes=(notes or "").strip(),
            created_by=_who(actor),
            request_key=request_key,
        )
        session.full_clean()
        session.save()
        audit_record(actor=actor, verb="awareness_session.create", obj=session)
    return session


def awareness_participants_add(
    *,
    actor: User | None,
    session: AwarenessSession,
    participants: Sequence[tuple[Person, Case]],
) -> int:
    """Record who attended; someone already recorded is not counted twice. Returns the
    number added."""
    _require(actor)
    if not participants:
        raise ValidationError({"participants": _("Choose who attended.")})
    for person, case in participants:
        problem = _check_participant(person, case)
        if problem:
            raise ValidationError({"participants": problem})
    with transaction.atomic():
        created = AwarenessParticipant.objects.bulk_create(
            [AwarenessParticipant(session=session, person=p, case=c) for p, c in participants],
            ignore_conflicts=True,
        )
        audit_record(
            actor=actor,
            verb="awareness_session.participants",
            obj=session,
            data={"persons": [p.pk for p, _c in participants]},
        )
    return len(created)


def awareness_participant_remove(
    *, actor: User | None, session: AwarenessSession, person: Person
) -> None:
    _require(actor)
    with transaction.atomic():
        AwarenessParticipant.objects.filter(session=session, person=person).delete()
        audit_record(
            actor=actor,
            verb="awareness_session.participant_removed",
            obj=session,
            data={"person": person.pk},
        )


def cycle_create(
    *,
    actor: User | None,
    office: Organisation,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    programme: Programme | None = None,
    request_key: uuid.UUID | None = None,
) -> TrainingCycle:
    _require(actor)
    if request_key and (existing := TrainingCycle.objects.filter(request_key=request_key).first()):
        return existing
    errors: dict[str, str] = {}
    _check_office(office, errors)
    if not (title or "").strip():
        errors["title"] = _("Give the cycle a title.")
    if starts_on is None:
        errors["starts_on"] = _("Give the first day.")
    if ends_on is None:
        errors["ends_on"] = _("Give the last day.")
    elif starts_on and ends_on < starts_on:
        errors["ends_on"] = _("The cycle ends before it starts.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cycle = TrainingCycle(
            office=office,
            title=title.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            programme=programme,
            created_by=_who(actor),
            request_key=request_key,
        )
        cycle.full_clean()
        cycle.save()
        audit_record(actor=actor, verb="training_cycle.create", obj=cycle)
    return cycle


def session_add(
    *,
    actor: User | None,
    cycle: TrainingCycle,
    module: str,
    held_on: dt.date,
    facilitator: str = "",
    request_key: uuid.UUID | None = None,
) -> TrainingSession:
    _require(actor)
    if request_key and (
        existing := TrainingSession.objects.filter(request_key=request_key).first()
    ):
        return existing
    errors: dict[str, str] = {}
    if module not in Module.values:
        errors["module"] = _("Choose a module.")
    if held_on is None:
        errors["held_on"] = _("Give the date.")
    elif not (cycle.starts_on <= held_on <= cycle.ends_on):
        errors["held_on"] = _("The session must fall within the cycle (%(start)s – %(end)s).") % {
            "start": cycle.starts_on.strftime("%d/%m/%Y"),
            "end": cycle.ends_on.strftime("%d/%m/%Y"),
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = TrainingSession(
            cycle=cycle,
            module=module,
            held_on=held_on,
            facilitator=(facilitator or "").strip(),
            request_key=request_key,
        )
        session.full_clean()
        session.save()
        audit_record(actor=actor, verb="training_session.create", obj=session)
    return session


def enrolment_add(
    *,
    actor: User | None,
    cycle: TrainingCycle,
    person: Person,
    case: Case,
    enrolled_on: dt.date | None = None,
) -> Enrolment:
    _require(actor)
    problem = _check_participant(person, case)
    if problem:
        raise ValidationError({"person": problem})
    with transaction.atomic():
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    cycle=cycle,
                    person=person,
                    case=case,
                    enrolled_on=enrolled_on or timezone.localdate(),
                    enrolled_by=_who(actor),
                )
        except IntegrityError:
            raise ValidationError(
                {"person": _("%(name)s is already enrolled in this cycle.") % {"name": person}}
            )
        audit_record(actor=actor, verb="training.enrol", obj=enrolment, data={"person": person.pk})
    return enrolment


def attendance_record(
    *, actor: User | None, session: TrainingSession, present: Iterable[int]
) -> int:
    """Set the attendance sheet of a session: the enrolments in `present` attended, the other
    enrolments of the cycle did not. Returns how many attended."""
    _require(actor)
    present_ids = {int(i) for i in present}
    with transaction.atomic():
        # One sheet at a time per session: lock the session row.
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        enrolments = list(session.cycle.enrolments.values_list("pk", flat=True))
        unknown = present_ids - set(enrolments)
        if unknown:
            raise ValidationError(_("Someone ticked is not enrolled in this cycle."))
        existing = {a.enrolment_id: a for a in session.attendance.all()}
        to_create, to_update = [], []
        for enrolment_id in enrolments:
            is_present = enrolment_id in present_ids
            row = existing.get(enrolment_id)
            if row is None:
                to_create.append(
                    Attendance(session=session, enrolment_id=enrolment_id, present=is_present)
                )
            elif row.present != is_present:
                row.present = is_present
                to_update.append(row)
        Attendance.objects.bulk_create(to_create)
        Attendance.objects.bulk_update(to_update, ["present"])
        audit_record(
            actor=actor,
            verb="training.attendance",
            obj=session,
            data={"present": sorted(present_ids)},
        )
    return len(present_ids)


def enrolment_complete(
    *,
    actor: User | None,
    enrolment: Enrolment,
    completed: bool,
    completed_on: dt.date | None = None,
    satisfied: bool | None = None,
) -> Enrolment:
    """Mark whether the person completed the cycle, and whether they were satisfied."""
    _require(actor)
    errors: dict[str, str] = {}
    completed_on = completed_on or (timezone.localdate() if completed else None)
    if completed and not enrolment.attendance.filter(present=True).exists():
        errors["completed"] = _("%(name)s attended no session of this cycle.") % {
            "name": enrolment.person.full_name
        }
    if completed_on and completed_on > timezone.localdate():
        errors["completed_on"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(
            completed_on=completed_on if completed else None, satisfied=satisfied
        )
        enrolment.completed_on = completed_on if completed else None
        enrolment.satisfied = satisfied
        audit_record(
            actor=actor,
            verb="training.completion",
            obj=enrolment,
            data={"completed": completed, "satisfied": satisfied},
        )
    return enrolment
