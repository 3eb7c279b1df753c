"""Changes to reintegration records. Every change that concerns a case writes its timeline
(and, through it, the audit chain) in the same transaction."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from awda.accounts.access import has_capability
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.accounts.roles import Capability
from awda.audit.services import audit_record
from awda.cases.models import Case, CaseMember, CaseType, ClosureReason, TimelineEvent
from awda.cases.services import TransitionRefused, case_transition, timeline_add
from awda.funding.models import Programme
from awda.people.models import MoroccanRegion, Person
from awda.reintegration import scoring, uploads
from awda.reintegration.models import (
    Disbursement,
    DisbursementStatus,
    FamilyTracing,
    GroupActivity,
    InformationExchange,
    MonitoringVisit,
    PlanBeneficiary,
    PlanComponent,
    PlanRevision,
    PlanStatus,
    ProjectStatus,
    Reception,
    ReintegrationPlan,
    ReturneeCounselling,
    SatisfactionSurvey,
    ScoringDefinition,
    SustainabilitySurvey,
    VisitPhoto,
)
from awda.reintegration.selectors import mission_for_country, return_date
from awda.reintegration.taxonomy import (
    DIMENSION_OF,
    GROUP_ACTIVITY_KINDS,
    PlanLevel,
    kinds_for,
)

logger = logging.getLogger(__name__)

# Months after return at which follow-up visits fall due, unless the programme says otherwise.
DEFAULT_MONITORING_MONTHS = (3, 6, 12)
MAX_PHOTOS_PER_VISIT = 10


# --- who may do what -------------------------------------------------------------------


def can_manage_plans(user: User | None, case: Case) -> bool:
    """Reintegration officers manage plans; for Moroccans coming home, IOM Morocco's office
    staff do the reintegration themselves, so recording assistance is enough there."""
    if user is None:
        return True
    if has_capability(user, Capability.MANAGE_REINTEGRATION):
        return True
    return case.case_type == CaseType.INBOUND and has_capability(user, Capability.RECORD_ASSISTANCE)


def _require_manage(actor: User | None, case: Case) -> None:
    if not can_manage_plans(actor, case):
        raise PermissionDenied(_("Your role does not allow you to manage reintegration."))


def _require(actor: User | None, capability: str, message: str) -> None:
    if actor is not None and not has_capability(actor, capability):
        raise PermissionDenied(message)


def _who(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(value: dt.date | None, field: str, errors: dict) -> None:
    if value and value > _today():
        errors[field] = _("This date is in the future.")


def _transition(case: Case, action: str, actor: User | None, **kwargs) -> None:
    """Run a workflow transition, turning a refusal into a form error."""
    try:
        case_transition(case=case, action=action, actor=actor, **kwargs)
    except TransitionRefused as refused:
        raise ValidationError(refused.reasons)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


# --- handover and arrival --------------------------------------------------------------


def case_handover(*, case: Case, actor: User | None, on: dt.date | None = None) -> Reception | None:
    """Hand a departed case to the IOM mission of the country it returns to.

    The mission's users then see the case (accounts.access gives mission users the cases
    whose receiving_mission is their organisation). Returns None when no mission of
    that country is registered: the office keeps the case.
    """
    if case.case_type != CaseType.OUTBOUND:
        return None
    country = str(case.destination_country or case.country_of_origin or "")
    mission = mission_for_country(country)
    with transaction.atomic():
        if mission is None:
            # The office keeps the case; the case page shows no receiving mission.
            logger.warning("No IOM mission for %s: case %s not handed over", country, case.pk)
            return None
        # The Case model belongs to the cases app; this one column is set by queryset so
        # that nothing else of the row is overwritten.
        Case.objects.filter(pk=case.pk).update(receiving_mission=mission)
        case.receiving_mission = mission
        reception, created = Reception.objects.get_or_create(
            case=case,
            defaults={
                "mission": mission,
                "handed_over_on": on or case.departure_date or _today(),
            },
        )
        if not created and reception.mission_id != mission.pk:
            reception.mission = mission
            reception.save(update_fields=["mission", "updated_at"])
        if created:
            timeline_add(
                case=case,
                actor=actor,
                kind=TimelineEvent.Kind.UPDATE,
                action="handover",
                reason=_("Handed over to %(mission)s.") % {"mission": mission.name},
                data={"mission": mission.code},
            )
    return reception


def on_case_transitioned(sender, case: Case, action: str, actor=None, **kwargs) -> None:
    if action == "depart" and case.case_type == CaseType.OUTBOUND:
        case_handover(case=case, actor=actor, on=case.departure_date)


def arrival_record(
    *,
    actor: User | None,
    case: Case,
    arrived_on: dt.date,
    met_at_airport: bool = False,
    arrival_point: str = "",
    onward_transport: bool = False,
    onward_destination: str = "",
    first_counselling_on: dt.date | None = None,
    notes: str = "",
) -> Reception:
    """Record the returnee's arrival and reception; confirms the arrival in the workflow
    if the case is still waiting for it."""
    _require(actor, Capability.ADVANCE_CASE, _("Your role does not allow you to record arrivals."))
    errors: dict[str, str] = {}
    if arrived_on is None:
        errors["arrived_on"] = _("Give the date of arrival.")
    _not_future(arrived_on, "arrived_on", errors)
    if arrived_on and case.departure_date and arrived_on < case.departure_date:
        errors["arrived_on"] = _("The arrival is before the departure (%(date)s).") % {
            "date": case.departure_date.strftime("%d/%m/%Y")
        }
    if first_counselling_on and arrived_on and first_counselling_on < arrived_on:
        errors["first_counselling_on"] = _("The first counselling cannot be before the arrival.")
    _not_future(first_counselling_on, "first_counselling_on", errors)
    if onward_transport and not onward_destination.strip():
        errors["onward_destination"] = _("Say where the onward transport took the returnee.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if case.case_type == CaseType.OUTBOUND:
            try:
                reception = Reception.objects.select_for_update().get(case=case)
            except Reception.DoesNotExist:
                raise ValidationError(_("The case has not been handed over to a mission yet."))
        else:
            reception, _c = Reception.objects.select_for_update().get_or_create(
                case=case, defaults={"mission": case.office, "handed_over_on": arrived_on}
            )
        if case.status in ("departed", "information_exchange"):
            _transition(case, "confirm_arrival", actor, date=arrived_on)
        elif case.status in ("registered", "family_tracing"):
            raise ValidationError(
                _(
                    "The arrival can be recorded once information has been exchanged with the mission."
                )
            )
        reception.arrived_on = arrived_on
        reception.met_at_airport = met_at_airport
        reception.arrival_point = arrival_point.strip()
        reception.onward_transport = onward_transport
        reception.onward_destination = onward_destination.strip() if onward_transport else ""
        reception.first_counselling_on = first_counselling_on
        reception.notes = notes.strip()
        reception.recorded_by = _who(actor)
        reception.full_clean()
        reception.save()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="arrival_reception",
            data={
                "arrived_on": arrived_on.isoformat(),
                "met_at_airport": met_at_airport,
                "onward_transport": onward_transport,
            },
        )
    return reception


# --- inbound steps -------------------------------------------------------------------------


def _require_inbound(case: Case) -> None:
    if case.case_type != CaseType.INBOUND:
        raise ValidationError(_("This step exists only for Moroccans returning home."))


def family_tracing_record(
    *,
    actor: User | None,
    case: Case,
    started_on: dt.date,
    outcome: str,
    contact_name: str = "",
    contact_relationship: str = "",
    contact_phone: str = "",
    contact_city: str = "",
    information_collected: str = "",
) -> FamilyTracing:
    """Step 1: family tracing and information collection. Starts the step if needed."""
    from awda.people.services import normalise_phone

    _require(actor, Capability.ADVANCE_CASE, _("Your role does not allow this action."))
    _require_inbound(case)
    errors: dict[str, str] = {}
    if started_on is None:
        errors["started_on"] = _("Give the date.")
    _not_future(started_on, "started_on", errors)
    if outcome not in FamilyTracing.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if outcome == FamilyTracing.Outcome.LOCATED and not contact_name.strip():
        errors["contact_name"] = _("Give the name of the family member reached.")
    try:
        contact_phone = normalise_phone(contact_phone)
    except ValidationError as e:
        errors["contact_phone"] = e.message_dict["phone"][0]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if case.status == "registered":
            _transition(case, "start_family_tracing", actor, date=started_on)
        elif case.status not in ("family_tracing", "information_exchange"):
            raise ValidationError(_("Family tracing is recorded before the arrival."))
        tracing, _c = FamilyTracing.objects.update_or_create(
            case=case,
            defaults={
                "started_on": started_on,
                "outcome": outcome,
                "contact_name": contact_name.strip(),
                "contact_relationship": contact_relationship.strip(),
                "contact_phone": contact_phone,
                "contact_city": contact_city.strip(),
                "information_collected": information_collected.strip(),
                "updated_by": _who(actor),
            },
        )
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="family_tracing",
            data={"outcome": outcome},
        )
    return tracing


def information_exchange_record(
    *,
    actor: User | None,
    case: Case,
    exchanged_on: dt.date,
    mission: Organisation | None,
    channel: str,
    subject: str,
    plan_feasibility: str = InformationExchange.Feasibility.NOT_ASSESSED,
    request_key: uuid.UUID | None = None,
) -> InformationExchange:
    """Step 2: an exchange with the IOM mission of the host country. Starts the step if needed."""
    _require(actor, Capability.ADVANCE_CASE, _("Your role does not allow this action."))
    _require_inbound(case)
    if request_key and (
        existing := InformationExchange.objects.filter(request_key=request_key).first()
    ):
        return existing
    errors: dict[str, str] = {}
    if exchanged_on is None:
        errors["exchanged_on"] = _("Give the date.")
    _not_future(exchanged_on, "exchanged_on", errors)
    if mission is None or mission.kind != OrganisationKind.IOM_MISSION:
        errors["mission"] = _("Choose the IOM mission of the host country.")
    elif case.host_country and mission.country != case.host_country:
        errors["mission"] = _("This mission is not in the host country (%(country)s).") % {
            "country": case.get_host_country_display()
        }
    if channel not in InformationExchange.Channel.values:
        errors["channel"] = _("Choose how the information was exchanged.")
    if not (subject or "").strip():
        errors["subject"] = _("Say what was exchanged.")
    if plan_feasibility not in InformationExchange.Feasibility.values:
        errors["plan_feasibility"] = _("Choose a value from the list.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if case.status == "family_tracing":
            _transition(case, "start_information_exchange", actor, date=exchanged_on)
        elif case.status == "registered":
            raise ValidationError(_("Start with family tracing (step 1)."))
        exchange = InformationExchange(
            case=case,
            exchanged_on=exchanged_on,
            mission=mission,
            channel=channel,
            subject=subject.strip(),
            plan_feasibility=plan_feasibility,
            recorded_by=_who(actor),
            request_key=request_key,
        )
        exchange.full_clean()
        exchange.save()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="information_exchange",
            data={"mission": mission.code, "feasibility": plan_feasibility},
        )
    return exchange


def counselling_record(
    *,
    actor: User | None,
    case: Case,
    counselled_on: dt.date,
    notes: str = "",
    settlement_region: str = "",
    request_key: uuid.UUID | None = None,
) -> ReturneeCounselling:
    """Counselling and orientation after arrival (step 3 for Moroccans coming home, where the
    region of settlement must be known)."""
    _require(actor, Capability.ADVANCE_CASE, _("Your role does not allow this action."))
    if request_key and (
        existing := ReturneeCounselling.objects.filter(request_key=request_key).first()
    ):
        return existing
    errors: dict[str, str] = {}
    if counselled_on is None:
        errors["counselled_on"] = _("Give the date.")
    _not_future(counselled_on, "counselled_on", errors)
    if case.case_type == CaseType.INBOUND:
        if settlement_region and settlement_region not in MoroccanRegion.values:
            errors["settlement_region"] = _("Choose a region from the list.")
        if not (settlement_region or case.settlement_region):
            errors["settlement_region"] = _("Choose the region where the returnee settles.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if case.case_type == CaseType.INBOUND:
            if case.status == "arrived":
                _transition(
                    case,
                    "start_counselling",
                    actor,
                    date=counselled_on,
                    settlement_region=settlement_region or case.settlement_region,
                )
            elif case.status in ("registered", "family_tracing", "information_exchange"):
                raise ValidationError(_("Record the arrival before the counselling."))
            elif settlement_region and settlement_region != case.settlement_region:
                Case.objects.filter(pk=case.pk).update(settlement_region=settlement_region)
                case.settlement_region = settlement_region
        session = ReturneeCounselling(
            case=case,
            counselled_on=counselled_on,
            notes=(notes or "").strip(),
            recorded_by=_who(actor),
            request_key=request_key,
        )
        session.full_clean()
        session.save()
        if case.case_type == CaseType.OUTBOUND:
            Reception.objects.filter(case=case, first_counselling_on__isnull=True).update(
                first_counselling_on=counselled_on
            )
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="reintegration_counselling",
            data={"date": counselled_on.isoformat(), "region": case.settlement_region},
        )
    return session


def reintegration_advance(*, actor: User | None, case: Case, action: str) -> Case:
    """Move a case into its reintegration or follow-up step, once there is something to
    follow: a plan to start the reintegration project, an approved plan to start follow-up."""
    from awda.reintegration.selectors import plans_for_case

    if action not in ("start_reintegration", "start_monitoring"):
        raise ValidationError(_("This action does not exist for this kind of case."))
    plans = [p for p in plans_for_case(case) if p.status != PlanStatus.CANCELLED]
    if action == "start_reintegration" and not plans:
        raise ValidationError(_("Draft the reintegration plan first."))
    if action == "start_monitoring" and not any(
        p.status in (PlanStatus.APPROVED, PlanStatus.COMPLETED) for p in plans
    ):
        raise ValidationError(_("Follow-up starts once the reintegration plan is approved."))
    _transition(case, action, actor)
    return case


# --- plans -------------------------------------------------------------------------------


def _managing_org(case: Case) -> Organisation | None:
    if case.case_type == CaseType.INBOUND:
        return case.office
    return case.receiving_mission


def _snapshot(plan: ReintegrationPlan) -> dict:
    return {
        "level": plan.level,
        "status": plan.status,
        "programme": plan.programme.code if plan.programme_id else None,
        "currency": plan.currency,
        "project_title": plan.project_title,
        "needs_assessment": plan.needs_assessment,
        "skills_assessment": plan.skills_assessment,
        "assessed_on": plan.assessed_on.isoformat() if plan.assessed_on else None,
        "community_description": plan.community_description,
        "beneficiaries": [
            {"person": b.person_id, "case": b.case_id, "name": b.person.full_name}
            for b in plan.beneficiaries.select_related("person").order_by("id")
        ],
        "components": [
            {
                "id": c.pk,
                "kind": c.kind,
                "description": c.description,
                "beneficiary": c.beneficiary_id,
                "budget": str(c.budget),
                "supplier": c.supplier,
                "activity": c.activity_id,
                "delivered_on": c.delivered_on.isoformat() if c.delivered_on else None,
            }
            for c in plan.components.order_by("id")
        ],
        "total_budget": str(sum((c.budget for c in plan.components.all()), Decimal(0))),
    }


def _revise(plan: ReintegrationPlan, actor: User | None, reason: str, *, new: bool = False) -> None:
    """Freeze the plan as it now stands. A change to an approved plan sends it back for
    approval: what was approved is no longer what the plan says."""
    if not new:
        if plan.status == PlanStatus.APPROVED:
            plan.status = PlanStatus.DRAFT
            plan.approved_on = None
            plan.approved_by = None
        plan.revision = (plan.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        plan.save(update_fields=["status", "approved_on", "approved_by", "revision", "updated_at"])
    PlanRevision.objects.create(
        plan=plan,
        number=plan.revision,
        at=timezone.now(),
        actor=_who(actor),
        reason=reason,
        snapshot=_snapshot(plan),
    )


def _plan_cases(plan: ReintegrationPlan) -> list[Case]:
    ids = set(plan.beneficiaries.values_list("case_id", flat=True)) | {plan.case_id}
    return list(Case.objects.filter(pk__in=ids).order_by("pk"))


def _plan_timeline(
    plan: ReintegrationPlan, actor: User | None, action: str, reason: str = "", **data
) -> None:
    for case in _plan_cases(plan):
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action=action,
            reason=reason,
            data={"plan": plan.pk, **data},
        )


def _check_beneficiaries(
    *,
    level: str,
    case: Case,
    beneficiaries: Sequence[tuple[Person, Case]],
    managed_by,
    exclude_plan: ReintegrationPlan | None = None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    persons = {p.pk for p, _c in beneficiaries}
    if not beneficiaries:
        errors["beneficiaries"] = _("Choose the returnees the plan covers.")
        return errors
    if len(persons) != len(beneficiaries):
        errors["beneficiaries"] = _("A returnee is listed twice.")
        return errors
    memberships = set(
        CaseMember.objects.filter(
            case__in=[c for _p, c in beneficiaries], person__in=list(persons)
        ).values_list("case_id", "person_id")
    )
    for person, other_case in beneficiaries:
        if (other_case.pk, person.pk) not in memberships:
            errors["beneficiaries"] = _("%(name)s is not in case %(case)s.") % {
                "name": person.full_name,
                "case": other_case.reference,
            }
            return errors
        if other_case.case_type != case.case_type or _managing_org(other_case) != managed_by:
            errors["beneficiaries"] = _(
                "%(name)s is followed by another office or mission: a plan groups returnees "
                "followed by the same one."
            ) % {"name": person.full_name}
            return errors
    if level == PlanLevel.COLLECTIVE and len(persons) < 2:
        errors["beneficiaries"] = _("A collective plan covers at least two returnees.")
    if level == PlanLevel.INDIVIDUAL and any(c.pk != case.pk for _p, c in beneficiaries):
        errors["beneficiaries"] = _(
            "An individual plan covers one returnee or one household: for returnees of "
            "different cases, choose a collective plan."
        )
    if case.pk not in {c.pk for _p, c in beneficiaries}:
        errors["beneficiaries"] = _("The plan must cover at least one member of this case.")
    taken = PlanBeneficiary.objects.filter(person__in=persons, active=True)
    if exclude_plan is not None:
        taken = taken.exclude(plan=exclude_plan)
    taken = taken.select_related("person").first()
    if taken:
        errors["beneficiaries"] = _(
            "%(name)s already has a reintegration plan (plan %(plan)s)."
        ) % {"name": taken.person.full_name, "plan": taken.plan_id}
    return errors


def plan_create(
    *,
    actor: User | None,
    case: Case,
    level: str,
    beneficiaries: Sequence[tuple[Person, Case]],
    programme: Programme | None = None,
    currency: str = "USD",
    project_title: str = "",
    needs_assessment: str = "",
    skills_assessment: str = "",
    assessed_on: dt.date | None = None,
    community_description: str = "",
) -> ReintegrationPlan:
    """Draft a reintegration plan for returnees of this case (and, for a collective plan,
    of other cases followed by the same mission)."""
    _require_manage(actor, case)
    errors: dict[str, str] = {}
    if case.status in ("closed", "withdrawn", "suspended", "not_eligible"):
        raise ValidationError(
            _("No plan can be drafted while the case is “%(status)s”.")
            % {"status": case.get_status_display()}
        )
    managed_by = _managing_org(case)
    if managed_by is None:
        raise ValidationError(_("The case has not been handed over to a mission yet."))
    if level not in PlanLevel.values:
        errors["level"] = _("Choose the level of the plan.")
    else:
        errors.update(
            _check_beneficiaries(
                level=level, case=case, beneficiaries=beneficiaries, managed_by=managed_by
            )
        )
    if level == PlanLevel.COMMUNITY and not community_description.strip():
        errors["community_description"] = _("Describe the community the project serves.")
    if level == PlanLevel.COLLECTIVE and not project_title.strip():
        errors["project_title"] = _("Name the shared project.")
    _not_future(assessed_on, "assessed_on", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = ReintegrationPlan(
            case=case,
            managed_by=managed_by,
            level=level,
            programme=programme or case.programme,
            currency=(currency or "USD").upper(),
            project_title=project_title.strip(),
            needs_assessment=needs_assessment.strip(),
            skills_assessment=skills_assessment.strip(),
            assessed_on=assessed_on,
            community_description=community_description.strip(),
            created_by=_who(actor),
        )
        plan.full_clean()
        plan.save()
        try:
            with transaction.atomic():
                PlanBeneficiary.objects.bulk_create(
                    [PlanBeneficiary(plan=plan, person=p, case=c) for p, c in beneficiaries]
                )
        except IntegrityError:
            # Another officer drafted a plan for one of them at the same moment.
            raise ValidationError(
                {"beneficiaries": _("One of these returnees already has a reintegration plan.")}
            )
        _revise(plan, actor, _("Plan drafted."), new=True)
        _plan_timeline(plan, actor, "plan_created", level=level)
    return plan


def plan_update(
    *,
    actor: User | None,
    plan: ReintegrationPlan,
    reason: str,
    level: str | None = None,
    beneficiaries: Sequence[tuple[Person, Case]] | None = None,
    programme: Programme | None = None,
    currency: str | None = None,
    project_title: str | None = None,
    needs_assessment: str | None = None,
    skills_assessment: str | None = None,
    assessed_on: dt.date | None = None,
    community_description: str | None = None,
) -> ReintegrationPlan:
    """Revise a plan. The previous version stays in its history; an approved plan goes back
    to approval."""
    _require_manage(actor, plan.case)
    if plan.status in (PlanStatus.CANCELLED, PlanStatus.COMPLETED):
        raise ValidationError(_("A cancelled or completed plan cannot be changed."))
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Say why the plan is revised.")
    level = level or plan.level
    if level not in PlanLevel.values:
        errors["level"] = _("Choose the level of the plan.")
    with transaction.atomic():
        plan = ReintegrationPlan.objects.select_for_update().get(pk=plan.pk)
        if beneficiaries is not None and level in PlanLevel.values:
            errors.update(
                _check_beneficiaries(
                    level=level,
                    case=plan.case,
                    beneficiaries=beneficiaries,
                    managed_by=plan.managed_by,
                    exclude_plan=plan,
                )
            )
        elif level == PlanLevel.COLLECTIVE and plan.beneficiaries.count() < 2:
            errors["level"] = _("A collective plan covers at least two returnees.")
        if (
            level == PlanLevel.COMMUNITY
            and not (
                community_description
                if community_description is not None
                else plan.community_description
            ).strip()
        ):
            errors["community_description"] = _("Describe the community the project serves.")
        _not_future(assessed_on, "assessed_on", errors)
        if errors:
            raise ValidationError(errors)
        plan.level = level
        for field, value in (
            ("currency", currency.upper() if currency else None),
            ("project_title", project_title),
            ("needs_assessment", needs_assessment),
            ("skills_assessment", skills_assessment),
            ("assessed_on", assessed_on),
            ("community_description", community_description),
        ):
            if value is not None:
                setattr(plan, field, value.strip() if isinstance(value, str) else value)
        if programme is not None:
            plan.programme = programme
        plan.full_clean()
        plan.save()
        if beneficiaries is not None:
            keep = {p.pk for p, _c in beneficiaries}
            removed = plan.beneficiaries.exclude(person__in=keep)
            if PlanComponent.objects.filter(
                plan=plan, beneficiary__in=removed.values("person")
            ).exists():
                raise ValidationError(
                    {"beneficiaries": _("Remove that returnee's components before removing them.")}
                )
            removed.delete()
            current = set(plan.beneficiaries.values_list("person_id", flat=True))
            try:
                with transaction.atomic():
                    PlanBeneficiary.objects.bulk_create(
                        [
                            PlanBeneficiary(plan=plan, person=p, case=c)
                            for p, c in beneficiaries
                            if p.pk not in current
                        ]
                    )
            except IntegrityError:
                raise ValidationError(
                    {"beneficiaries": _("One of these returnees already has a reintegration plan.")}
                )
        _revise(plan, actor, reason)
        _plan_timeline(plan, actor, "plan_revised", reason=reason, revision=plan.revision)
    return plan


def plan_approve(*, actor: User | None, plan: ReintegrationPlan) -> ReintegrationPlan:
    """Approve a plan: disbursements can then be requested, and follow-up visits are
    scheduled from the return date."""
    _require(
        actor,
        Capability.APPROVE_DISBURSEMENT,
        _("Your role does not allow you to approve reintegration plans."),
    )
    with transaction.atomic():
        plan = ReintegrationPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == PlanStatus.APPROVED:
            return plan
        if plan.status != PlanStatus.DRAFT:
            raise ValidationError(_("Only a draft plan can be approved."))
        if not plan.components.exists():
            raise ValidationError(_("Add at least one component before approval."))
        plan.status = PlanStatus.APPROVED
        plan.approved_on = _today()
        plan.approved_by = _who(actor)
        plan.save(update_fields=["status", "approved_on", "approved_by", "updated_at"])
        PlanRevision.objects.filter(plan=plan, number=plan.revision).update(
            snapshot=_snapshot(plan)
        )
        visits = visits_schedule(plan=plan)
        _plan_timeline(plan, actor, "plan_approved", revision=plan.revision, visits=len(visits))
    return plan


def plan_complete(
    *, actor: User | None, plan: ReintegrationPlan, completed_on: dt.date | None = None
) -> ReintegrationPlan:
    _require_manage(actor, plan.case)
    completed_on = completed_on or _today()
    if completed_on > _today():
        raise ValidationError({"completed_on": _("This date is in the future.")})
    with transaction.atomic():
        plan = ReintegrationPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.APPROVED:
            raise ValidationError(_("Only an approved plan can be marked completed."))
        if plan.components.filter(disbursements__status__in=["requested", "approved"]).exists():
            raise ValidationError(_("Some disbursements are still waiting to be approved or paid."))
        plan.status = PlanStatus.COMPLETED
        plan.completed_on = completed_on
        plan.save(update_fields=["status", "completed_on", "updated_at"])
        _plan_timeline(plan, actor, "plan_completed")
    return plan


def plan_cancel(*, actor: User | None, plan: ReintegrationPlan, reason: str) -> ReintegrationPlan:
    """Cancel a plan; its returnees can then be given another one. Paid money stays recorded."""
    _require_manage(actor, plan.case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the plan is cancelled.")})
    with transaction.atomic():
        plan = ReintegrationPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status in (PlanStatus.CANCELLED, PlanStatus.COMPLETED):
            raise ValidationError(_("This plan is already closed."))
        plan.status = PlanStatus.CANCELLED
        plan.save(update_fields=["status", "updated_at"])
        plan.beneficiaries.update(active=False)
        Disbursement.objects.filter(
            component__plan=plan,
            status__in=[DisbursementStatus.REQUESTED, DisbursementStatus.APPROVED],
        ).update(
            status=DisbursementStatus.REJECTED,
            rejection_reason=_("Plan cancelled: %(reason)s") % {"reason": reason},
            decided_by=_who(actor),
            decided_at=timezone.now(),
        )
        _plan_timeline(plan, actor, "plan_cancelled", reason=reason)
    return plan


def component_add(
    *,
    actor: User | None,
    plan: ReintegrationPlan,
    kind: str,
    description: str = "",
    beneficiary: Person | None = None,
    budget: Decimal | int | str = 0,
    supplier: str = "",
    activity: GroupActivity | None = None,
    delivered_on: dt.date | None = None,
    request_key: uuid.UUID | None = None,
) -> PlanComponent:
    """Add a component (a micro-project, training, cash, housing, …) to a plan."""
    _require_manage(actor, plan.case)
    if request_key and (existing := PlanComponent.objects.filter(request_key=request_key).first()):
        return existing
    errors: dict[str, str] = {}
    if plan.status in (PlanStatus.CANCELLED, PlanStatus.COMPLETED):
        raise ValidationError(_("A cancelled or completed plan cannot be changed."))
    if kind not in kinds_for(plan.case.case_type):
        errors["kind"] = _("Choose a type from the list.")
    try:
        budget = Decimal(str(budget if budget not in (None, "") else 0))
    except ArithmeticError:
        errors["budget"] = _("Give the budget as a number.")
        budget = Decimal(0)
    if budget < 0:
        errors["budget"] = _("The budget cannot be negative.")
    if beneficiary is not None and not plan.beneficiaries.filter(person=beneficiary).exists():
        errors["beneficiary"] = _("This person is not covered by the plan.")
    if activity is not None and activity.kind != kind:
        errors["activity"] = _("This session is not of the chosen type.")
    if activity is None and kind in GROUP_ACTIVITY_KINDS and plan.case.case_type == "inbound":
        pass  # a training may also be bought individually from a training centre
    _not_future(delivered_on, "delivered_on", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        component = PlanComponent(
            plan=plan,
            kind=kind,
            dimension=DIMENSION_OF[kind],
            description=(description or "").strip(),
            beneficiary=beneficiary,
            budget=budget,
            supplier=(supplier or "").strip(),
            activity=activity,
            delivered_on=delivered_on,
            request_key=request_key,
        )
        component.full_clean()
        component.save()
        _revise(
            plan, actor, _("Component added: %(kind)s.") % {"kind": component.get_kind_display()}
        )
        _plan_timeline(plan, actor, "plan_component_added", kind=kind, budget=str(budget))
    return component


def component_remove(*, actor: User | None, component: PlanComponent) -> None:
    plan = component.plan
    _require_manage(actor, plan.case)
    if plan.status in (PlanStatus.CANCELLED, PlanStatus.COMPLETED):
        raise ValidationError(_("A cancelled or completed plan cannot be changed."))
    if component.disbursements.exists():
        raise ValidationError(
            _("Money has been requested for this component: it cannot be removed.")
        )
    with transaction.atomic():
        label = component.get_kind_display()
        component.delete()
        _revise(plan, actor, _("Component removed: %(kind)s.") % {"kind": label})
        _plan_timeline(plan, actor, "plan_component_removed", kind=str(label))


def component_mark_delivered(
    *, actor: User | None, component: PlanComponent, delivered_on: dt.date
) -> PlanComponent:
    """Assistance without money of its own (a referral, a workshop, mentoring) is recorded
    as delivered on a date."""
    _require_manage(actor, component.plan.case)
    errors: dict[str, str] = {}
    if delivered_on is None:
        errors["delivered_on"] = _("Give the date.")
    _not_future(delivered_on, "delivered_on", errors)
    if component.plan.status != PlanStatus.APPROVED:
        errors["delivered_on"] = _("The plan must be approved first.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        PlanComponent.objects.filter(pk=component.pk).update(delivered_on=delivered_on)
        component.delivered_on = delivered_on
        _plan_timeline(
            component.plan,
            actor,
            "plan_component_delivered",
            kind=component.kind,
            date=delivered_on.isoformat(),
        )
    return component


# --- disbursements ---------------------------------------------------------------------


def disbursement_request(
    *,
    actor: User | None,
    component: PlanComponent,
    kind: str,
    amount: Decimal | str | int,
    planned_on: dt.date,
    purpose: str,
    supplier: str = "",
    programme: Programme | None = None,
    request_key: uuid.UUID | None = None,
) -> Disbursement:
    """Ask for money for a component of an approved plan, within its budget."""
    plan = component.plan
    _require_manage(actor, plan.case)
    if request_key and (existing := Disbursement.objects.filter(request_key=request_key).first()):
        return existing
    errors: dict[str, str] = {}
    if kind not in Disbursement.Kind.values:
        errors["kind"] = _("Choose in-kind purchase or cash.")
    try:
        amount = Decimal(str(amount))
    except ArithmeticError:
        errors["amount"] = _("Give the amount as a number.")
        amount = Decimal(0)
    if "amount" not in errors and amount <= 0:
        errors["amount"] = _("The amount must be more than 0.")
    if planned_on is None:
        errors["planned_on"] = _("Give the date.")
    if not (purpose or "").strip():
        errors["purpose"] = _("Say what the money pays for.")
    if kind == Disbursement.Kind.IN_KIND and not (supplier or component.supplier).strip():
        errors["supplier"] = _("Give the supplier of the purchase.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the component: two requests at once must not both fit in the same budget.
        component = (
            PlanComponent.objects.select_for_update().select_related("plan").get(pk=component.pk)
        )
        if component.plan.status != PlanStatus.APPROVED:
            raise ValidationError(_("Money can be requested only once the plan is approved."))
        committed = component.disbursements.exclude(status=DisbursementStatus.REJECTED).aggregate(
            s=Sum("amount")
        )["s"] or Decimal(0)
        remaining = component.budget - committed
        if amount > remaining:
            raise ValidationError(
                {
                    "amount": _(
                        "This is more than what remains of the component's budget "
                        "(%(remaining)s %(currency)s)."
                    )
                    % {
                        "remaining": f"{remaining:,.2f}".replace(",", " "),
                        "currency": plan.currency,
                    }
                }
            )
        disbursement = Disbursement(
            component=component,
            kind=kind,
            amount=amount,
            programme=programme or plan.programme,
            planned_on=planned_on,
            supplier=(supplier or component.supplier).strip(),
            purpose=purpose.strip(),
            requested_by=_who(actor),
            request_key=request_key,
        )
        disbursement.full_clean()
        disbursement.save()
        _plan_timeline(
            plan,
            actor,
            "disbursement_requested",
            disbursement=disbursement.pk,
            amount=str(amount),
            currency=plan.currency,
        )
    return disbursement


def _locked_disbursement(disbursement: Disbursement) -> Disbursement:
    return (
        Disbursement.objects.select_for_update()
        .select_related("component__plan__case")
        .get(pk=disbursement.pk)
    )


def disbursement_approve(*, actor: User | None, disbursement: Disbursement) -> Disbursement:
    """Approve a requested disbursement. Whoever asked for the money cannot approve it."""
    _require(
        actor,
        Capability.APPROVE_DISBURSEMENT,
        _("Your role does not allow you to approve disbursements."),
    )
    with transaction.atomic():
        d = _locked_disbursement(disbursement)
        if d.status == DisbursementStatus.APPROVED:
            return d
        if d.status != DisbursementStatus.REQUESTED:
            raise ValidationError(_("This disbursement is not waiting for approval."))
        if actor is not None and d.requested_by_id == actor.pk:
            raise ValidationError(
                _("You requested this disbursement: another person must approve it.")
            )
        d.status = DisbursementStatus.APPROVED
        d.decided_by = _who(actor)
        d.decided_at = timezone.now()
        d.save(update_fields=["status", "decided_by", "decided_at"])
        _plan_timeline(d.component.plan, actor, "disbursement_approved", disbursement=d.pk)
    return d


def disbursement_reject(
    *, actor: User | None, disbursement: Disbursement, reason: str
) -> Disbursement:
    _require(
        actor,
        Capability.APPROVE_DISBURSEMENT,
        _("Your role does not allow you to approve disbursements."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the disbursement is rejected.")})
    with transaction.atomic():
        d = _locked_disbursement(disbursement)
        if d.status not in (DisbursementStatus.REQUESTED, DisbursementStatus.APPROVED):
            raise ValidationError(_("This disbursement can no longer be rejected."))
        d.status = DisbursementStatus.REJECTED
        d.rejection_reason = reason
        d.decided_by = _who(actor)
        d.decided_at = timezone.now()
        d.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
        _plan_timeline(
            d.component.plan, actor, "disbursement_rejected", reason=reason, disbursement=d.pk
        )
    return d


def disbursement_pay(
    *,
    actor: User | None,
    disbursement: Disbursement,
    paid_on: dt.date,
    receipt: UploadedFile | None,
    receipt_number: str = "",
) -> Disbursement:
    """Record that an approved disbursement was paid, with its receipt."""
    _require_manage(actor, disbursement.component.plan.case)
    errors: dict[str, str] = {}
    if paid_on is None:
        errors["paid_on"] = _("Give the date of payment.")
    _not_future(paid_on, "paid_on", errors)
    extension = ""
    if receipt is None:
        errors["receipt"] = _("Attach the receipt (PDF or photo).")
    else:
        try:
            extension = uploads.check_receipt(receipt)
        except ValidationError as e:
            errors["receipt"] = e.messages[0]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        d = _locked_disbursement(disbursement)
        if d.status == DisbursementStatus.PAID:
            return d
        if d.status != DisbursementStatus.APPROVED:
            raise ValidationError(_("Only an approved disbursement can be paid."))
        d.status = DisbursementStatus.PAID
        d.paid_on = paid_on
        d.paid_by = _who(actor)
        d.receipt_number = (receipt_number or "").strip()
        d.receipt.save(f"upload.{extension}", receipt, save=False)
        d.save(update_fields=["status", "paid_on", "paid_by", "receipt", "receipt_number"])
        _plan_timeline(
            d.component.plan,
            actor,
            "disbursement_paid",
            disbursement=d.pk,
            amount=str(d.amount),
            paid_on=paid_on.isoformat(),
        )
    return d


# --- monitoring ------------------------------------------------------------------------------


def monitoring_months(plan: ReintegrationPlan) -> list[int]:
    months = plan.programme.monitoring_months if plan.programme_id else None
    cleaned = sorted({int(m) for m in (months or []) if str(m).isdigit() and int(m) > 0})
    return cleaned or list(DEFAULT_MONITORING_MONTHS)


def visits_schedule(*, plan: ReintegrationPlan) -> list[MonitoringVisit]:
    """Create the follow-up visits due so many months after return (never twice)."""
    base = return_date(plan.case) or plan.approved_on or _today()
    existing = set(
        plan.visits.filter(months_after__isnull=False).values_list("months_after", flat=True)
    )
    new = [
        MonitoringVisit(plan=plan, months_after=m, due_on=add_months(base, m))
        for m in monitoring_months(plan)
        if m not in existing
    ]
    MonitoringVisit.objects.bulk_create(new, ignore_conflicts=True)
    return new


def visit_add(*, actor: User | None, plan: ReintegrationPlan, due_on: dt.date) -> MonitoringVisit:
    """An extra visit, outside the schedule (a problem reported, a project moving)."""
    _require_manage(actor, plan.case)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the date.")})
    with transaction.atomic():
        visit = MonitoringVisit.objects.create(plan=plan, due_on=due_on)
        _plan_timeline(plan, actor, "visit_scheduled", due_on=due_on.isoformat())
    return visit


def visit_report(
    *,
    actor: User | None,
    visit: MonitoringVisit,
    done_on: dt.date,
    project_status: str,
    notes: str = "",
    photos: Iterable[UploadedFile] = (),
) -> MonitoringVisit:
    """Record what a follow-up visit found, with photos of the project."""
    _require_manage(actor, visit.plan.case)
    photos = list(photos)
    errors: dict[str, str] = {}
    if done_on is None:
        errors["done_on"] = _("Give the date of the visit.")
    _not_future(done_on, "done_on", errors)
    if project_status not in ProjectStatus.values:
        errors["project_status"] = _("Choose how the project is doing.")
    if len(photos) + visit.photos.count() > MAX_PHOTOS_PER_VISIT:
        errors["photos"] = _("At most %(n)s photos per visit.") % {"n": MAX_PHOTOS_PER_VISIT}
    checked = []
    for photo in photos:
        try:
            checked.append((photo, uploads.check_photo(photo)))
        except ValidationError as e:
            errors["photos"] = f"{photo.name}: {e.messages[0]}"
            break
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = MonitoringVisit.objects.select_for_update().get(pk=visit.pk)
        locked.done_on = done_on
        locked.project_status = project_status
        locked.notes = (notes or "").strip()
        locked.visited_by = _who(actor)
        locked.save(update_fields=["done_on", "project_status", "notes", "visited_by"])
        for photo, extension in checked:
            row = VisitPhoto(visit=locked, uploaded_by=_who(actor))
            row.image.save(f"upload.{extension}", photo, save=False)
            row.save()
        _plan_timeline(
            locked.plan,
            actor,
            "visit_reported",
            visit=locked.pk,
            project_status=project_status,
            photos=len(checked),
        )
    return locked


# --- sustainability and satisfaction ---------------------------------------------------------


def scoring_definition_current() -> ScoringDefinition:
    """The definition new surveys are scored with; the shipped default if none was loaded."""
    current = ScoringDefinition.objects.filter(is_active=True).first()
    if current:
        return current
    with transaction.atomic():
        if ScoringDefinition.objects.exists():
            latest = ScoringDefinition.objects.order_by("-version").first()
            ScoringDefinition.objects.filter(pk=latest.pk).update(is_active=True)
            latest.is_active = True
            return latest
        data = scoring.load_default_definition()
        definition, _c = ScoringDefinition.objects.get_or_create(
            version=1,
            defaults={
                "label": data["label"],
                "definition": data,
                "is_active": True,
                "note": data.get("note", ""),
            },
        )
        return definition


def scoring_definition_create(
    *, actor: User | None, data: dict, note: str = "", activate: bool = True
) -> ScoringDefinition:
    """Save a new version of the scoring definition. Earlier versions, and the scores they
    computed, are never changed."""
    _require(
        actor,
        Capability.MANAGE_PROGRAMMES,
        _("Your role does not allow you to change the scoring definition."),
    )
    data = scoring.validate_definition(data)
    label = str(data.get("label") or "").strip()
    if not label:
        raise ValidationError(_("Give the definition a label (“label”)."))
    with transaction.atomic():
        scoring_definition_current()  # the default is version 1 if nothing was loaded yet
        last = ScoringDefinition.objects.select_for_update().order_by("-version").first()
        version = last.version + 1
        if activate:
            ScoringDefinition.objects.filter(is_active=True).update(is_active=False)
        definition = ScoringDefinition.objects.create(
            version=version,
            label=label[:200],
            definition=data,
            is_active=activate,
            created_by=_who(actor),
            note=(note or "").strip(),
        )
        audit_record(
            actor=actor,
            verb="scoring_definition.create",
            obj=definition,
            data={"version": version, "active": activate},
        )
    return definition


def scoring_definition_activate(
    *, actor: User | None, definition: ScoringDefinition
) -> ScoringDefinition:
    _require(
        actor,
        Capability.MANAGE_PROGRAMMES,
        _("Your role does not allow you to change the scoring definition."),
    )
    with transaction.atomic():
        ScoringDefinition.objects.filter(is_active=True).update(is_active=False)
        ScoringDefinition.objects.filter(pk=definition.pk).update(is_active=True)
        definition.is_active = True
        audit_record(
            actor=actor,
            verb="scoring_definition.activate",
            obj=definition,
            data={"version": definition.version},
        )
    return definition


def _require_member(case: Case, person: Person) -> None:
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": _("This person is not in the case.")})


def sustainability_survey_record(
    *,
    actor: User | None,
    case: Case,
    person: Person,
    surveyed_on: dt.date,
    answers: dict[str, str],
    round: int | None = None,
) -> SustainabilitySurvey:
    """Score one round of the sustainability survey with the current definition and keep
    the scores with the version that computed them. Round 0 is the baseline."""
    _require_manage(actor, case)
    _require_member(case, person)
    errors: dict[str, str] = {}
    if surveyed_on is None:
        errors["surveyed_on"] = _("Give the date of the interview.")
    _not_future(surveyed_on, "surveyed_on", errors)
    if errors:
        raise ValidationError(errors)
    definition = scoring_definition_current()
    scores = scoring.compute_scores(definition.definition, answers)
    with transaction.atomic():
        taken = SustainabilitySurvey.objects.filter(case=case, person=person)
        if round is None:
            last = taken.aggregate(n=Max("round"))["n"]
            round = 0 if last is None else last + 1
        elif taken.filter(round=round).exists():
            raise ValidationError({"round": _("This round is already recorded for this person.")})
        try:
            with transaction.atomic():
                survey = SustainabilitySurvey.objects.create(
                    case=case,
                    person=person,
                    round=round,
                    surveyed_on=surveyed_on,
                    definition=definition,
                    answers={k: answers[k] for k in sorted(answers)},
                    recorded_by=_who(actor),
                    **scores.as_dict(),
                )
        except IntegrityError:
            raise ValidationError({"round": _("This round is already recorded for this person.")})
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="sustainability_survey",
            data={
                "person": person.pk,
                "round": round,
                "composite": str(scores.composite),
                "definition_version": definition.version,
            },
        )
    return survey


def satisfaction_survey_record(
    *,
    actor: User | None,
    case: Case,
    person: Person,
    surveyed_on: dt.date,
    satisfied_with_return: bool,
    needs_taken_into_account: bool,
    satisfied_with_assistance: bool | None = None,
    entourage_support_crucial: bool | None = None,
    comments: str = "",
) -> SatisfactionSurvey:
    _require(actor, Capability.ADVANCE_CASE, _("Your role does not allow this action."))
    _require_member(case, person)
    errors: dict[str, str] = {}
    if surveyed_on is None:
        errors["surveyed_on"] = _("Give the date of the interview.")
    _not_future(surveyed_on, "surveyed_on", errors)
    if satisfied_with_return is None:
        errors["satisfied_with_return"] = _("Choose yes or no.")
    if needs_taken_into_account is None:
        errors["needs_taken_into_account"] = _("Choose yes or no.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                survey = SatisfactionSurvey.objects.create(
                    case=case,
                    person=person,
                    surveyed_on=surveyed_on,
                    satisfied_with_return=satisfied_with_return,
                    needs_taken_into_account=needs_taken_into_account,
                    satisfied_with_assistance=satisfied_with_assistance,
                    entourage_support_crucial=entourage_support_crucial,
                    comments=(comments or "").strip(),
                    recorded_by=_who(actor),
                )
        except IntegrityError:
            raise ValidationError(
                {"person": _("A satisfaction survey is already recorded for this person.")}
            )
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEvent.Kind.UPDATE,
            action="satisfaction_survey",
            data={"person": person.pk},
        )
    return survey


# --- group activities ----------------------------------------------------------------------


def group_activity_create(
    *,
    actor: User | None,
    organiser: Organisation,
    kind: str,
    title: str,
    city: str,
    held_on: dt.date,
    facilitator: str = "",
    request_key: uuid.UUID | None = None,
) -> GroupActivity:
    if actor is not None and not (
        has_capability(actor, Capability.MANAGE_REINTEGRATION)
        or has_capability(actor, Capability.RECORD_ASSISTANCE)
    ):
        raise PermissionDenied(_("Your role does not allow this action."))
    if request_key and (existing := GroupActivity.objects.filter(request_key=request_key).first()):
        return existing
    errors: dict[str, str] = {}
    if kind not in GROUP_ACTIVITY_KINDS:
        errors["kind"] = _("Choose a type from the list.")
    if not (title or "").strip():
        errors["title"] = _("Give a title.")
    if not (city or "").strip():
        errors["city"] = _("Give the city.")
    if held_on is None:
        errors["held_on"] = _("Give the date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = GroupActivity(
            kind=kind,
            title=title.strip(),
            city=city.strip(),
            held_on=held_on,
            facilitator=(facilitator or "").strip(),
            organiser=organiser,
            created_by=_who(actor),
            request_key=request_key,
        )
        activity.full_clean()
        activity.save()
        audit_record(actor=actor, verb="group_activity.create", obj=activity)
    return activity


# --- closure -------------------------------------------------------------------------------

# Resettlement has its own closure; these are the reasons a reintegration case ends.
CLOSURE_REASONS = tuple(r for r in ClosureReason.values if r != ClosureReason.RESETTLED)


def case_close(
    *,
    actor: User | None,
    case: Case,
    closure_reason: str,
    closed_on: dt.date | None = None,
    note: str = "",
) -> Case:
    """Close a case with the reason its support ends. It can be reopened."""
    errors: dict[str, str] = {}
    if closure_reason not in CLOSURE_REASONS:
        errors["closure_reason"] = _("Choose why the case is closed.")
    closed_on = closed_on or _today()
    _not_future(closed_on, "closed_on", errors)
    if errors:
        raise ValidationError(errors)
    _transition(case, "close", actor, reason=note, date=closed_on, closure_reason=closure_reason)
    return case


def case_reopen(*, actor: User | None, case: Case, reason: str) -> Case:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    _transition(case, "reopen", actor, reason=reason)
    return case
