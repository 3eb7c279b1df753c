"""Changes to protection data: the voluntary-return declaration and its withdrawal."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awda.accounts.access import has_capability
from awda.accounts.models import User
from awda.cases.models import Case, TimelineEvent
from awda.cases.services import case_transition, timeline_add
from awda.protection.models import VoluntaryReturnDeclaration


def declaration_sign(
    *,
    actor: User | None,
    case: Case,
    signed_on: dt.date,
    language: str,
    information_version: str,
    signed_by_guardian: bool = False,
    guardian_name: str = "",
) -> VoluntaryReturnDeclaration:
    """Record the signed voluntary-return declaration (a new signature replaces a withdrawn one)."""
    if actor is not None and not has_capability(actor, "advance_case"):
        raise PermissionDenied(_("You may not record declarations."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The signature date cannot be in the future.")})
    if signed_by_guardian and not guardian_name.strip():
        raise ValidationError({"guardian_name": _("Give the name of the guardian who signed.")})
    with transaction.atomic():
        declaration, _created = (
            VoluntaryReturnDeclaration.objects.select_for_update().update_or_create(
                case=case,
                defaults={
                    "signed_on": signed_on,
                    "language": language,
                    "information_version": information_version,
                    "signed_by_guardian": signed_by_guardian,
                    "guardian_name": guardian_name.strip(),
                    "recorded_by": actor if actor is not None and actor.pk else None,
                    "withdrawn_on": None,
                    "withdrawal_reason": "",
                },
            )
        )
        declaration.full_clean()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.DECLARATION,
            action="declaration_signed",
            data={
                "signed_on": signed_on.isoformat(),
                "language": language,
                "version": information_version,
            },
        )
    return declaration


def declaration_withdraw(
    *, actor: User | None, case: Case, reason: str, withdrawn_on: dt.date | None = None
) -> VoluntaryReturnDeclaration:
    """The person withdraws their decision: the declaration is withdrawn and, if the case can
    still be withdrawn, it moves to "withdrawn" in the same transaction."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    withdrawn_on = withdrawn_on or timezone.localdate()
    with transaction.atomic():
        try:
            declaration = VoluntaryReturnDeclaration.objects.select_for_update().get(case=case)
        except VoluntaryReturnDeclaration.DoesNotExist:
            raise ValidationError(_("There is no signed declaration to withdraw."))
        if declaration.withdrawn_on:
            raise ValidationError(_("The declaration is already withdrawn."))
        declaration.withdrawn_on = withdrawn_on
        declaration.withdrawal_reason = reason
        declaration.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.DECLARATION,
            action="declaration_withdrawn",
            reason=reason,
        )
        if (
            case.workflow.transition("withdraw")
            and case.status in case.workflow.transition("withdraw").sources
        ):
            case_transition(
                case=case,
                action="withdraw",
                actor=actor,
                reason=_("Voluntary-return declaration withdrawn: %(reason)s") % {"reason": reason},
                date=withdrawn_on,
            )
    return declaration
