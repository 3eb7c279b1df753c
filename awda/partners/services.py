"""Changes to referrals: sending one (after the consent check), the partner's answer,
cancellation, and referrals received from partners."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awda.accounts.access import has_capability, is_admin
from awda.accounts.models import Organisation, User
from awda.audit.services import audit_record
from awda.cases.models import Case, CaseMember, TimelineEvent
from awda.cases.services import timeline_add
from awda.partners.models import Referral, ReferralEvent, Service
from awda.partners.selectors import PARTNER_KINDS
from awda.people.models import Person

Status = Referral.Status


def _actor(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


def _event(referral: Referral, *, status: str, on: dt.date, actor: User | None, note: str = ""):
    ReferralEvent.objects.create(
        referral=referral,
        status=status,
        on=on,
        actor=_actor(actor),
        organisation=actor.organisation if _actor(actor) else None,
        note=note,
    )


def _check_date(value: dt.date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def referral_send(
    *,
    actor: User | None,
    case: Case,
    to_organisation: Organisation,
    service: str,
    reason: str,
    person: Person | None = None,
    sent_on: dt.date | None = None,
    request_key: str | None = None,
) -> Referral:
    """Refer the group (or one member) to a partner.

    Refused with the reason when the group has not consented to its data going to that kind
    of recipient. The same form submitted twice (same `request_key`) gives one referral, and
    a case has at most one open referral per partner and service.
    """
    from awda.protection.selectors import consent_purpose_for, consent_refusal

    if actor is not None and not has_capability(actor, "advance_case"):
        raise PermissionDenied(_("Your role does not allow referring cases."))
    if request_key:
        existing = Referral.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say what the partner is asked to do.")
    if service not in Service.values:
        errors["service"] = _("Choose the service requested.")
    if to_organisation.kind not in PARTNER_KINDS or not to_organisation.is_active:
        errors["to_organisation"] = _("Choose a partner organisation.")
    sent_on = sent_on or timezone.localdate()
    _check_date(sent_on, "sent_on")
    if person is not None and not CaseMember.objects.filter(case=case, person=person).exists():
        errors["person"] = _("%(name)s is not in this group.") % {"name": person}
    if errors:
        raise ValidationError(errors)
    purpose = consent_purpose_for(to_organisation)
    if purpose is not None:
        refusal = consent_refusal(case, purpose)
        if refusal:
            raise ValidationError(
                {
                    "to_organisation": _("%(partner)s cannot receive this referral. %(why)s")
                    % {"partner": to_organisation, "why": refusal}
                }
            )
    from_org = actor.organisation if _actor(actor) and actor.organisation else case.office
    with transaction.atomic():
        referral = Referral(
            case=case,
            person=person,
            from_organisation=from_org,
            to_organisation=to_organisation,
            service=service,
            reason=reason,
            sent_on=sent_on,
            consent_purpose=purpose or "",
            created_by=_actor(actor),
            request_key=request_key or None,
        )
        referral.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                referral.save()
        except IntegrityError:
            if request_key:
                existing = Referral.objects.filter(request_key=request_key).first()
                if existing is not None:
                    return existing
            raise ValidationError(
                {
                    "to_organisation": _(
                        "This group already has an open referral to %(partner)s for this service."
                    )
                    % {"partner": to_organisation}
                }
            )
        _event(referral, status=Status.SENT, on=sent_on, actor=actor)
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="referral_sent",
            data={
                "referral": referral.pk,
                "to": to_organisation.code,
                "service": service,
                "purpose": purpose or "",
            },
        )
    return referral


def referral_receive(
    *,
    actor: User | None,
    case: Case,
    from_organisation: Organisation,
    service: str,
    reason: str,
    sent_on: dt.date,
    person: Person | None = None,
) -> Referral:
    """Record a referral a partner made to the IOM office (to be accepted like any other)."""
    if actor is not None and not has_capability(actor, "advance_case"):
        raise PermissionDenied(_("Your role does not allow recording referrals."))
    errors: dict[str, str] = {}
    if from_organisation.kind not in PARTNER_KINDS:
        errors["from_organisation"] = _("Choose a partner organisation.")
    if not (reason or "").strip():
        errors["reason"] = _("Say what the partner asks for.")
    if service not in Service.values:
        errors["service"] = _("Choose the service requested.")
    _check_date(sent_on, "sent_on")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = Referral(
            case=case,
            person=person,
            from_organisation=from_organisation,
            to_organisation=case.office,
            service=service,
            reason=reason.strip(),
            sent_on=sent_on,
            created_by=_actor(actor),
        )
        referral.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                referral.save()
        except IntegrityError:
            raise ValidationError(
                {
                    "service": _("This referral from %(partner)s is already recorded.")
                    % {"partner": from_organisation}
                }
            )
        _event(referral, status=Status.SENT, on=sent_on, actor=actor)
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="referral_received",
            data={"referral": referral.pk, "from": from_organisation.code, "service": service},
        )
    return referral


# The answers a recipient may give, from each status.
ANSWERS = {
    Status.SENT: (Status.ACCEPTED, Status.DECLINED, Status.COMPLETED),
    Status.ACCEPTED: (Status.COMPLETED, Status.DECLINED),
}


def may_answer(user: User, referral: Referral) -> bool:
    """Users of the organisation a referral is addressed to answer it."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if user.organisation_id != referral.to_organisation_id:
        return False
    return has_capability(user, "answer_referral") or has_capability(user, "advance_case")


def referral_answer(
    *,
    actor: User,
    referral: Referral,
    status: str,
    note: str = "",
    on: dt.date | None = None,
) -> Referral:
    """The recipient accepts, declines or completes a referral, with a note.

    Declining needs a reason. Answering twice with the same status (two clicks) changes
    nothing the second time.
    """
    if not may_answer(actor, referral):
        raise PermissionDenied(_("Only the organisation the referral is addressed to answers it."))
    note = (note or "").strip()
    on = on or timezone.localdate()
    _check_date(on, "on")
    if status == Status.DECLINED and not note:
        raise ValidationError({"note": _("Say why the referral is declined.")})
    if on < referral.sent_on:
        raise ValidationError({"on": _("This is before the referral was sent.")})
    with transaction.atomic():
        r = Referral.objects.select_for_update().get(pk=referral.pk)
        if r.status == status:
            return r
        if status not in ANSWERS.get(r.status, ()):
            raise ValidationError(
                {
                    "status": _("The referral is “%(current)s”: it cannot become “%(new)s”.")
                    % {"current": r.get_status_display(), "new": Status(status).label}
                    if status in Status.values
                    else _("Unknown answer.")
                }
            )
        r.status = status
        if r.answered_on is None:
            r.answered_on = on
        if status == Status.COMPLETED:
            r.completed_on = on
        if note:
            r.notes = note
        r.answered_by = _actor(actor)
        r.save()
        _event(r, status=status, on=on, actor=actor, note=note)
        # The note stays with the referral (shared with the partner); the timeline says what
        # happened without it.
        timeline_add(
            case=r.case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action=f"referral_{status}",
            data={"referral": r.pk, "by": r.to_organisation.code},
        )
    referral.status = r.status
    return r


def referral_cancel(*, actor: User, referral: Referral, reason: str) -> Referral:
    """The sender withdraws a referral still open (sent by mistake, no longer needed)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the referral is cancelled.")})
    if not is_admin(actor) and (
        actor.organisation_id != referral.from_organisation_id
        or not has_capability(actor, "advance_case")
    ):
        raise PermissionDenied(_("Only the organisation that sent the referral can cancel it."))
    with transaction.atomic():
        r = Referral.objects.select_for_update().get(pk=referral.pk)
        if r.status == Status.CANCELLED:
            return r
        if not r.is_open:
            raise ValidationError(_("Only an open referral can be cancelled."))
        _cancel(r, actor=actor, note=reason)
    return r


def _cancel(r: Referral, *, actor: User | None, note: str, on: dt.date | None = None) -> None:
    on = on or timezone.localdate()
    r.status = Status.CANCELLED
    r.notes = note
    r.save(update_fields=["status", "notes", "updated_at"])
    _event(r, status=Status.CANCELLED, on=on, actor=actor, note=note)
    timeline_add(
        case=r.case,
        actor=actor,
        kind=TimelineEvent.Kind.UPDATE,
        action="referral_cancelled",
        data={"referral": r.pk, "to": r.to_organisation.code},
    )


def referrals_cancel_for_consent(
    *, actor: User | None, case: Case, purpose: str, on: dt.date
) -> int:
    """Cancel the case's open referrals that relied on a consent just withdrawn."""
    cancelled = 0
    for r in Referral.objects.select_for_update().filter(
        case=case, consent_purpose=purpose, status__in=Referral.OPEN_STATUSES
    ):
        _cancel(r, actor=actor, note=_("Consent to share was withdrawn."), on=on)
        cancelled += 1
    if cancelled:
        audit_record(
            actor=actor,
            verb="referral.cancelled_for_consent",
            obj=case,
            data={"purpose": purpose, "count": cancelled},
        )
    return cancelled
