"""Changes to protection data: vulnerability screening, the best-interests procedure for
children alone, consents to share, the voluntary-return declaration and its withdrawal."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awda.accounts.access import clearance, has_capability
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.cases.models import Case, CaseMember, TimelineEvent
from awda.cases.services import case_transition, timeline_add
from awda.people.models import Person
from awda.protection.models import (
    CHILD_ALONE_CATEGORIES,
    BestInterestsProcedure,
    Consent,
    ConsentPurpose,
    Sensitivity,
    VoluntaryReturnDeclaration,
    Vulnerability,
    VulnerabilityCategory,
)
from awda.protection.selectors import BID_STEP_FIELDS, category_sensitivity


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


# --- Vulnerability screening ---------------------------------------------------------------


def _age_on(person: Person, on: dt.date) -> int | None:
    dob = person.date_of_birth
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _check_screener(actor: User | None) -> None:
    if actor is not None and not has_capability(actor, "screen_protection"):
        raise PermissionDenied(_("Your role does not allow vulnerability screening."))


def _check_member(case: Case, person: Person, field: str = "person") -> None:
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({field: _("%(name)s is not in this group.") % {"name": person}})


def _check_date(value: dt.date | None, field: str) -> None:
    if value is None:
        raise ValidationError({field: _("Give the date.")})
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def vulnerability_record(
    *,
    actor: User | None,
    case: Case,
    person: Person,
    category: str,
    assessed_on: dt.date,
    details: str = "",
    sensitivity: int | None = None,
) -> Vulnerability:
    """Record what the screening found for one person (or update the same finding).

    The sensitivity is at least the category's (trafficking and gender-based violence are
    highly restricted; medical, mental health, pregnancy and disability restricted); the
    screener may raise it, never lower it. A child screened as unaccompanied or separated
    gets a best-interests procedure opened.
    """
    _check_screener(actor)
    if category not in VulnerabilityCategory.values:
        raise ValidationError({"category": _("Choose a category.")})
    _check_member(case, person)
    _check_date(assessed_on, "assessed_on")
    level = max(category_sensitivity(category), int(sensitivity or 0))
    if level not in Sensitivity.values:
        raise ValidationError({"sensitivity": _("Unknown sensitivity level.")})
    if actor is not None and clearance(actor) < level:
        raise PermissionDenied(_("Your role is not cleared for this level of sensitivity."))
    age = _age_on(person, assessed_on)
    if category in CHILD_ALONE_CATEGORIES and age is not None and age >= 18:
        raise ValidationError(
            {
                "category": _(
                    "%(name)s is %(age)s years old according to the recorded date of birth: "
                    "only a child can be unaccompanied or separated."
                )
                % {"name": person.full_name, "age": age}
            }
        )
    if (
        category == VulnerabilityCategory.ELDERLY
        and age is not None
        and age < 60
        and not person.dob_estimated
    ):
        raise ValidationError(
            {
                "category": _("%(name)s is %(age)s years old: “elderly” means 60 or over.")
                % {"name": person.full_name, "age": age}
            }
        )
    if category == VulnerabilityCategory.PREGNANCY and person.sex == "M":
        raise ValidationError({"category": _("Pregnancy cannot be recorded for a man.")})
    details = (details or "").strip()
    with transaction.atomic():
        values = {
            "sensitivity": level,
            "details": details,
            "assessed_on": assessed_on,
            "assessed_by": actor if actor is not None and actor.pk else None,
            "resolved_on": None,
        }
        existing = (
            Vulnerability.objects.select_for_update()
            .filter(case=case, person=person, category=category)
            .first()
        )
        if existing is None:
            try:
                with transaction.atomic():
                    vulnerability = Vulnerability(
                        case=case, person=person, category=category, **values
                    )
                    vulnerability.full_clean(validate_unique=False)
                    vulnerability.save()
                created = True
            except IntegrityError:
                # A second click got here first: update the row it made.
                existing = Vulnerability.objects.select_for_update().get(
                    case=case, person=person, category=category
                )
        if existing is not None:
            for k, v in values.items():
                setattr(existing, k, v)
            # Never lower a level someone set higher before.
            existing.sensitivity = (
                max(level, existing.sensitivity) if sensitivity is None else level
            )
            existing.full_clean(validate_unique=False)
            existing.save()
            vulnerability, created = existing, False
        data = {"person": person.pk, "vulnerability": vulnerability.pk}
        if vulnerability.sensitivity == Sensitivity.NORMAL:
            # Restricted categories stay out of the timeline, which more roles read.
            data["category"] = category
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="vulnerability_recorded" if created else "vulnerability_updated",
            data=data,
        )
        if category in CHILD_ALONE_CATEGORIES:
            bid_open(actor=actor, case=case, child=person)
    return vulnerability


def vulnerability_resolve(
    *, actor: User | None, vulnerability: Vulnerability, resolved_on: dt.date, reason: str
) -> Vulnerability:
    """The vulnerability no longer applies (treated, reunited with family, age reassessed …)."""
    _check_screener(actor)
    _check_date(resolved_on, "resolved_on")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it no longer applies.")})
    if resolved_on < vulnerability.assessed_on:
        raise ValidationError({"resolved_on": _("This is before the date it was assessed.")})
    with transaction.atomic():
        v = Vulnerability.objects.select_for_update().get(pk=vulnerability.pk)
        if v.resolved_on:
            return v
        v.resolved_on = resolved_on
        v.save(update_fields=["resolved_on", "updated_at"])
        timeline_add(
            case=v.case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="vulnerability_resolved",
            reason=reason if v.sensitivity == Sensitivity.NORMAL else "",
            data={"person": v.person_id, "vulnerability": v.pk},
        )
    vulnerability.resolved_on = resolved_on
    return v


# --- Best-interests procedure --------------------------------------------------------------


def bid_open(*, actor: User | None, case: Case, child: Person) -> BestInterestsProcedure:
    """Open (or return) the best-interests procedure of a child of the case."""
    _check_screener(actor)
    _check_member(case, child, "child")
    with transaction.atomic():
        procedure, created = BestInterestsProcedure.objects.get_or_create(case=case, child=child)
        if created:
            timeline_add(
                case=case,
                actor=actor,
                kind=TimelineEvent.Kind.UPDATE,
                action="bid_opened",
                data={"child": child.pk},
            )
    return procedure


def _organisation_of_kind(org: Organisation | None, kind: str, field: str) -> None:
    if org is not None and org.kind != kind:
        raise ValidationError({field: _("Choose an organisation of the right kind.")})


def bid_record_step(
    *,
    actor: User | None,
    procedure: BestInterestsProcedure,
    step: str,
    on: dt.date,
    guardian_name: str = "",
    guardian_organisation: Organisation | None = None,
    assessment_summary: str = "",
    tracing_mission: Organisation | None = None,
    tracing_consulate: Organisation | None = None,
    tracing_outcome: str = "",
) -> BestInterestsProcedure:
    """Record that a step of the procedure was done, in order.

    A step can be recorded only once the steps before it are, and not on an earlier date
    than they were; a step already recorded can be corrected as long as the order holds.
    The determination has its own service (`bid_determine`).
    """
    _check_screener(actor)
    if step not in BID_STEP_FIELDS[:-1]:
        raise ValidationError({"step": _("Unknown step.")})
    _check_date(on, "on")
    errors: dict[str, str] = {}
    if step == "guardian_appointed_on" and not guardian_name.strip():
        errors["guardian_name"] = _("Give the name of the guardian or representative.")
    if step == "family_tracing_on":
        if tracing_mission is None:
            errors["tracing_mission"] = _(
                "Say which IOM mission traced and assessed the family in the country of origin."
            )
        _organisation_of_kind(tracing_mission, OrganisationKind.IOM_MISSION, "tracing_mission")
        _organisation_of_kind(tracing_consulate, OrganisationKind.CONSULATE, "tracing_consulate")
        if not tracing_outcome.strip():
            errors["tracing_outcome"] = _("Summarise what the tracing and assessment found.")
    if errors:
        raise ValidationError(errors)
    index = BID_STEP_FIELDS.index(step)
    with transaction.atomic():
        p = BestInterestsProcedure.objects.select_for_update().get(pk=procedure.pk)
        for earlier in BID_STEP_FIELDS[:index]:
            done = getattr(p, earlier)
            if not done:
                raise ValidationError(
                    {
                        "on": _("Record the earlier steps first: %(step)s is not done yet.")
                        % {"step": _step_label(earlier)}
                    }
                )
            if on < done:
                raise ValidationError(
                    {
                        "on": _("This step cannot come before %(step)s (%(date)s).")
                        % {"step": _step_label(earlier), "date": _d(done)}
                    }
                )
        for later in BID_STEP_FIELDS[index + 1 :]:
            done = getattr(p, later)
            if done and on > done:
                raise ValidationError(
                    {
                        "on": _("This step cannot come after %(step)s (%(date)s).")
                        % {"step": _step_label(later), "date": _d(done)}
                    }
                )
        setattr(p, step, on)
        if step == "guardian_appointed_on":
            p.guardian_name = guardian_name.strip()
            p.guardian_organisation = guardian_organisation
        elif step == "assessment_on":
            p.assessment_summary = assessment_summary.strip()
        elif step == "family_tracing_on":
            p.tracing_mission = tracing_mission
            p.tracing_consulate = tracing_consulate
            p.tracing_outcome = tracing_outcome.strip()
        p.full_clean(validate_unique=False)
        p.save()
        timeline_add(
            case=p.case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="bid_step",
            data={"child": p.child_id, "step": step, "on": on.isoformat()},
        )
    return p


def bid_determine(
    *,
    actor: User | None,
    procedure: BestInterestsProcedure,
    determination: str,
    on: dt.date,
    panel_reasons: str,
    panel_members: str = "",
) -> BestInterestsProcedure:
    """Record the panel's determination. "Return" lets the case be booked; "no return"
    keeps booking refused with that reason. A later determination replaces an earlier one
    (the timeline keeps both)."""
    _check_screener(actor)
    errors: dict[str, str] = {}
    if determination not in BestInterestsProcedure.Determination.values:
        errors["determination"] = _("Choose the panel's determination.")
    if not (panel_reasons or "").strip():
        errors["panel_reasons"] = _("Give the panel's reasons.")
    if errors:
        raise ValidationError(errors)
    _check_date(on, "on")
    with transaction.atomic():
        p = BestInterestsProcedure.objects.select_for_update().get(pk=procedure.pk)
        for earlier in BID_STEP_FIELDS[:-1]:
            done = getattr(p, earlier)
            if not done:
                raise ValidationError(
                    {
                        "on": _("Record the earlier steps first: %(step)s is not done yet.")
                        % {"step": _step_label(earlier)}
                    }
                )
            if on < done:
                raise ValidationError(
                    {
                        "on": _("The determination cannot come before %(step)s (%(date)s).")
                        % {"step": _step_label(earlier), "date": _d(done)}
                    }
                )
        previous = p.determination
        p.determination = determination
        p.determination_on = on
        p.panel_reasons = panel_reasons.strip()
        p.panel_members = (panel_members or "").strip()
        p.determined_by = actor if actor is not None and actor.pk else None
        p.full_clean(validate_unique=False)
        p.save()
        timeline_add(
            case=p.case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="bid_determined",
            data={
                "child": p.child_id,
                "determination": determination,
                "previous": previous,
                "on": on.isoformat(),
            },
        )
    return p


def _step_label(field: str) -> str:
    from awda.protection.selectors import BID_STEPS

    return str(dict(BID_STEPS)[field])


def _d(value: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "SHORT_DATE_FORMAT")


# --- Consent -------------------------------------------------------------------------------


def consent_give(
    *,
    actor: User | None,
    case: Case,
    purpose: str,
    given_on: dt.date,
    given_by_guardian: bool = False,
    guardian_name: str = "",
) -> Consent:
    """The group consents to its data being shared for `purpose` (again, after a withdrawal)."""
    if actor is not None and not has_capability(actor, "advance_case"):
        raise PermissionDenied(_("Your role does not allow recording consent."))
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Choose what the consent is for.")})
    _check_date(given_on, "given_on")
    if given_by_guardian and not (guardian_name or "").strip():
        raise ValidationError({"guardian_name": _("Give the name of the guardian who consented.")})
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(case=case, purpose=purpose).first()
        if consent is not None and consent.withdrawn_on is None:
            # Already in force: a second click changes nothing.
            return consent
        if consent is None:
            try:
                with transaction.atomic():
                    consent = Consent.objects.create(case=case, purpose=purpose, given_on=given_on)
            except IntegrityError:
                return Consent.objects.get(case=case, purpose=purpose)
        consent.given_on = given_on
        consent.withdrawn_on = None
        consent.withdrawal_reason = ""
        consent.given_by_guardian = given_by_guardian
        consent.guardian_name = (guardian_name or "").strip() if given_by_guardian else ""
        consent.recorded_by = actor if actor is not None and actor.pk else None
        consent.full_clean(validate_unique=False)
        consent.save()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.DECLARATION,
            action="consent_given",
            data={"purpose": purpose, "on": given_on.isoformat()},
        )
    return consent


def consent_withdraw(
    *,
    actor: User | None,
    case: Case,
    purpose: str,
    reason: str,
    withdrawn_on: dt.date | None = None,
) -> Consent:
    """The group withdraws a consent. Nothing more is shared for that purpose, and referrals
    still open with recipients that needed it are cancelled in the same transaction."""
    if actor is not None and not has_capability(actor, "advance_case"):
        raise PermissionDenied(_("Your role does not allow recording consent."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    withdrawn_on = withdrawn_on or timezone.localdate()
    _check_date(withdrawn_on, "withdrawn_on")
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(case=case, purpose=purpose).first()
        if consent is None:
            raise ValidationError(_("There is no consent to withdraw."))
        if consent.withdrawn_on:
            return consent
        if withdrawn_on < consent.given_on:
            raise ValidationError({"withdrawn_on": _("This is before the consent was given.")})
        consent.withdrawn_on = withdrawn_on
        consent.withdrawal_reason = reason
        consent.save(update_fields=["withdrawn_on", "withdrawal_reason", "updated_at"])
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.DECLARATION,
            action="consent_withdrawn",
            reason=reason,
            data={"purpose": purpose, "on": withdrawn_on.isoformat()},
        )
        from awda.partners.services import referrals_cancel_for_consent

        referrals_cancel_for_consent(actor=actor, case=case, purpose=purpose, on=withdrawn_on)
    return consent
