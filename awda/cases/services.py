"""Changes to cases. Every status change goes through `case_transition`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from awda.accounts.access import has_capability
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.audit.services import audit_record
from awda.cases.models import (
    Case,
    CaseMember,
    CaseReturnReason,
    CaseType,
    ReferenceCounter,
    Relationship,
    TimelineEvent,
)
from awda.cases.workflow import PREVIOUS, Transition, check_guards
from awda.cases.workflows import workflow_for
from awda.people.models import Person


class TransitionRefused(Exception):
    """A transition was refused; `reasons` are sentences for the case worker."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


@dataclass(frozen=True)
class ActionState:
    transition: Transition
    refusals: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.refusals


def timeline_add(
    *,
    case: Case,
    actor: User | None,
    kind: str,
    action: str = "",
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    data: dict | None = None,
) -> TimelineEvent:
    """Write one timeline event (and its audit record) in the caller's transaction."""
    event = TimelineEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        kind=kind,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=data or {},
    )
    audit_record(
        actor=actor,
        verb=f"case.{action or kind}",
        obj=case,
        data={"from": from_status, "to": to_status, **(data or {})},
    )
    return event


def _next_reference(office: Organisation, year: int) -> str:
    # The counter row is locked for the rest of the transaction, so two registrations in
    # the same office never get the same number.
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        office_code=office.code, year=year
    )
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_value=F("last_value") + 1)
    counter.refresh_from_db(fields=["last_value"])
    return f"{office.code}-{year}-{counter.last_value:05d}"


def case_create(
    *,
    actor: User | None,
    case_type: str,
    office: Organisation,
    principal: Person,
    application_date: dt.date | None = None,
    country_of_origin: str = "",
    destination_country: str = "",
    host_country: str = "",
    programme=None,
    referral_source: str = "self",
    referred_by: Organisation | None = None,
    arrival_in_morocco_date: dt.date | None = None,
    reasons: Iterable[str] = (),
) -> Case:
    """Open a case for a principal applicant. Other members join with `case_add_member`."""
    if actor is not None and not has_capability(actor, "register"):
        raise PermissionDenied(_("You may not register cases."))
    if case_type not in CaseType.values:
        raise ValidationError({"case_type": _("Unknown case type.")})
    if office.kind != OrganisationKind.IOM_OFFICE:
        raise ValidationError({"office": _("Cases are opened by an IOM office.")})
    application_date = application_date or timezone.localdate()
    if case_type == CaseType.OUTBOUND:
        country_of_origin = country_of_origin or str(principal.nationality or "")
        destination_country = destination_country or country_of_origin
    elif case_type == CaseType.INBOUND:
        country_of_origin = country_of_origin or "MA"
        destination_country = "MA"
    workflow = workflow_for(case_type)
    with transaction.atomic():
        case = Case(
            reference=_next_reference(office, application_date.year),
            case_type=case_type,
            status=workflow.initial,
            office=office,
            programme=programme,
            country_of_origin=country_of_origin,
            destination_country=destination_country,
            host_country=host_country,
            referral_source=referral_source,
            referred_by=referred_by,
            arrival_in_morocco_date=arrival_in_morocco_date,
            application_date=application_date,
            created_by=actor if actor is not None and actor.pk else None,
        )
        case.full_clean()
        case.save()
        CaseMember.objects.create(case=case, person=principal, relationship=Relationship.PRINCIPAL)
        CaseReturnReason.objects.bulk_create(
            [CaseReturnReason(case=case, reason=r) for r in dict.fromkeys(reasons)]
        )
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.CREATED,
            action="create",
            to_status=case.status,
            data={"principal": principal.pk},
        )
    return case


def case_add_member(
    *, actor: User | None, case: Case, person: Person, relationship: str
) -> CaseMember:
    if relationship == Relationship.PRINCIPAL:
        raise ValidationError({"relationship": _("The case already has a principal applicant.")})
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": _("Unknown relationship.")})
    with transaction.atomic():
        try:
            with transaction.atomic():
                member = CaseMember.objects.create(
                    case=case, person=person, relationship=relationship
                )
        except IntegrityError:
            raise ValidationError(_("%(name)s is already in this group.") % {"name": person})
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.MEMBER,
            action="add_member",
            data={"person": person.pk, "relationship": relationship},
        )
    return member


def available_actions(case: Case, user: User | None, **context: Any) -> list[ActionState]:
    """Every transition out of the current status, with why it is refused, if it is."""
    workflow = workflow_for(case.case_type)
    result = []
    for t in workflow.transitions_from(case.status):
        refusals = []
        if user is not None and not has_capability(user, t.capability):
            refusals.append(_("Your role does not allow this action."))
        else:
            refusals.extend(check_guards(t.guards, case, {**context, "actor": user}))
        result.append(ActionState(t, tuple(refusals)))
    return result


def case_transition(
    *,
    case: Case,
    action: str,
    actor: User | None,
    reason: str = "",
    date: dt.date | None = None,
    **context: Any,
) -> Case:
    """Move a case along its workflow, or raise TransitionRefused and change nothing.

    The case row is locked for the transaction, so two clicks on the same button give one
    transition: the second finds the case already moved and is refused.
    """
    workflow = workflow_for(case.case_type)
    transition = workflow.transition(action)
    if transition is None:
        raise TransitionRefused([_("This action does not exist for this kind of case.")])
    if actor is not None and not has_capability(actor, transition.capability):
        raise TransitionRefused([_("Your role does not allow this action.")])
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status not in transition.sources:
            raise TransitionRefused(
                [
                    _("“%(action)s” is not possible while the case is “%(status)s”.")
                    % {"action": transition.label, "status": workflow.state(locked.status).label}
                ]
            )
        reason = (reason or "").strip()
        if transition.requires_reason and not reason:
            raise TransitionRefused([_("Give a reason for this action.")])
        ctx = {**context, "actor": actor, "date": date, "reason": reason}
        refusals = check_guards(transition.guards, locked, ctx)
        if refusals:
            raise TransitionRefused(refusals)

        from_status = locked.status
        if transition.target == PREVIOUS:
            to_status = locked.previous_status or workflow.initial
            locked.previous_status = ""
        else:
            to_status = transition.target
        if to_status == "suspended":
            locked.previous_status = from_status
        locked.status = to_status
        when = date or timezone.localdate()
        if transition.stamps:
            setattr(locked, transition.stamps, when)
        if context.get("planned_departure_date"):
            locked.planned_departure_date = context["planned_departure_date"]
        if context.get("closure_reason"):
            locked.closure_reason = context["closure_reason"]
        if context.get("settlement_region"):
            locked.settlement_region = context["settlement_region"]
        if action == "reopen":
            locked.closed_on = None
            locked.closure_reason = ""
        locked.save()
        timeline_add(
            case=locked,
            actor=actor,
            kind=TimelineEvent.Kind.TRANSITION,
            action=action,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            data={"date": when.isoformat()} if transition.stamps else {},
        )
        from awda.cases.signals import case_transitioned

        case_transitioned.send(sender=Case, case=locked, action=action, actor=actor)
    # Keep the caller's instance current.
    for f in (
        "status",
        "previous_status",
        "departure_date",
        "arrival_date",
        "closed_on",
        "closure_reason",
        "planned_departure_date",
        "settlement_region",
        "updated_at",
    ):
        setattr(case, f, getattr(locked, f))
    return case
