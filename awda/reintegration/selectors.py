"""Reads of reintegration data, always scoped through `cases.selectors` (what the user may
open), and the figures the annual report takes from them (SQL aggregations)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case as When_,
)
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.http import Http404
from django.utils import timezone

from awda.accounts.models import Organisation, OrganisationKind, User
from awda.cases.models import Case, CaseType
from awda.cases.selectors import cases_visible_to
from awda.reintegration.models import (
    Disbursement,
    DisbursementStatus,
    GroupActivity,
    MonitoringVisit,
    PlanBeneficiary,
    PlanComponent,
    PlanStatus,
    Reception,
    ReintegrationPlan,
    SatisfactionSurvey,
    SustainabilitySurvey,
    VisitPhoto,
)
from awda.reintegration.taxonomy import (
    GROUP_ACTIVITY_KINDS,
    INBOUND_KINDS,
    OUTBOUND_KINDS,
    REPORT_GROUP_OF,
    ComponentKind,
    PlanLevel,
    ReportGroup,
)

# Statuses in which a case has ended: its visits no longer fall due.
ENDED_STATUSES = ("closed", "withdrawn")
DUE_SOON_DAYS = 30


def mission_for_country(country: str) -> Organisation | None:
    """The IOM mission working in `country` (the receiving mission of returns there)."""
    if not country:
        return None
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.IOM_MISSION, country=country, is_active=True
        )
        .order_by("code")
        .first()
    )


def host_country_missions(country: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=OrganisationKind.IOM_MISSION, country=country, is_active=True
    ).order_by("name")


def return_date(case: Case) -> dt.date | None:
    """When the returnee came home: the arrival, else the departure."""
    return case.arrival_date or case.departure_date


# --- scoped reads ------------------------------------------------------------------------


def reintegration_cases(user: User) -> QuerySet[Case]:
    """Cases in reintegration the user may open: outbound cases handed to a mission, and
    Moroccans coming home."""
    handed = Exists(Reception.objects.filter(case=OuterRef("pk")))
    return (
        cases_visible_to(user)
        .filter(Q(case_type=CaseType.INBOUND) | (Q(case_type=CaseType.OUTBOUND) & handed))
        .select_related("office", "receiving_mission", "programme")
    )


def plans_visible_to(user: User) -> QuerySet[ReintegrationPlan]:
    visible = cases_visible_to(user).values("pk")
    covered = PlanBeneficiary.objects.filter(plan=OuterRef("pk"), case__in=visible)
    return ReintegrationPlan.objects.filter(Q(case__in=visible) | Q(Exists(covered)))


def plan_get_for_user(user: User, pk: int | str) -> ReintegrationPlan:
    try:
        return (
            plans_visible_to(user)
            .select_related("case", "programme", "managed_by", "approved_by", "created_by")
            .get(pk=pk)
        )
    except (ReintegrationPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("No such plan")


def component_get_for_user(user: User, pk: int | str) -> PlanComponent:
    try:
        return PlanComponent.objects.select_related("plan__case").get(
            pk=pk, plan__in=plans_visible_to(user)
        )
    except (PlanComponent.DoesNotExist, ValueError, TypeError):
        raise Http404("No such component")


def disbursement_get_for_user(user: User, pk: int | str) -> Disbursement:
    try:
        return Disbursement.objects.select_related("component__plan__case", "requested_by").get(
            pk=pk, component__plan__in=plans_visible_to(user)
        )
    except (Disbursement.DoesNotExist, ValueError, TypeError):
        raise Http404("No such disbursement")


def visit_get_for_user(user: User, pk: int | str) -> MonitoringVisit:
    try:
        return MonitoringVisit.objects.select_related("plan__case").get(
            pk=pk, plan__in=plans_visible_to(user)
        )
    except (MonitoringVisit.DoesNotExist, ValueError, TypeError):
        raise Http404("No such visit")


def photo_get_for_user(user: User, pk: int | str) -> VisitPhoto:
    try:
        return VisitPhoto.objects.get(pk=pk, visit__plan__in=plans_visible_to(user))
    except (VisitPhoto.DoesNotExist, ValueError, TypeError):
        raise Http404("No such photo")


def plans_for_case(case: Case) -> list[ReintegrationPlan]:
    """Plans covering someone of this case (a collective plan may belong to another case)."""
    covered = PlanBeneficiary.objects.filter(plan=OuterRef("pk"), case=case)
    return list(
        ReintegrationPlan.objects.filter(Q(case=case) | Q(Exists(covered)))
        .select_related("programme", "managed_by", "approved_by", "case")
        .prefetch_related("beneficiaries__person", "components__beneficiary")
        .order_by("-created_at")
    )


def plan_totals(plan: ReintegrationPlan) -> dict:
    agg = Disbursement.objects.filter(component__plan=plan).aggregate(
        requested=Sum("amount", filter=Q(status=DisbursementStatus.REQUESTED)),
        approved=Sum("amount", filter=Q(status=DisbursementStatus.APPROVED)),
        paid=Sum("amount", filter=Q(status=DisbursementStatus.PAID)),
    )
    budget = PlanComponent.objects.filter(plan=plan).aggregate(s=Sum("budget"))["s"] or 0
    return {"budget": budget, **{k: v or 0 for k, v in agg.items()}}


def candidates_for_plan(user: User, case: Case) -> list[tuple]:
    """Returnees who may join a plan drafted from `case`: its members, and for a collective
    plan, the members of other cases followed by the same mission or office."""
    from awda.cases.models import CaseMember

    cases = reintegration_cases(user).filter(case_type=case.case_type)
    if case.case_type == CaseType.OUTBOUND:
        cases = cases.filter(receiving_mission=case.receiving_mission_id)
    else:
        cases = cases.filter(office=case.office_id)
    cases = cases.exclude(status__in=ENDED_STATUSES)
    taken = PlanBeneficiary.objects.filter(person=OuterRef("person"), active=True)
    members = (
        CaseMember.objects.filter(case__in=cases.values("pk"))
        .annotate(has_plan=Exists(taken))
        .select_related("person", "case")
        .order_by(
            When_(When(case=case, then=Value(0)), default=Value(1), output_field=IntegerField()),
            "case__reference",
            "id",
        )
    )
    return [(m.person, m.case, m.has_plan) for m in members[:300]]


def sustainability_trend(case: Case) -> list[dict]:
    """Each person's survey rounds, oldest first, with the definition that scored them."""
    rows = (
        SustainabilitySurvey.objects.filter(case=case)
        .select_related("person", "definition")
        .order_by("person_id", "round")
    )
    from awda.reintegration.scoring import threshold_label

    people: dict[int, dict] = {}
    for s in rows:
        s.bars = [
            ("economic", s.economic),
            ("social", s.social),
            ("psychosocial", s.psychosocial),
            ("composite", s.composite),
        ]
        s.classification_label = threshold_label(s.definition.definition, s.classification)
        people.setdefault(s.person_id, {"person": s.person, "rounds": []})["rounds"].append(s)
    return list(people.values())


# --- queues ("my work" and the mission's queue) ----------------------------------------------


def arrivals_to_record(user: User) -> QuerySet[Case]:
    return (
        reintegration_cases(user)
        .filter(case_type=CaseType.OUTBOUND, reception__arrived_on__isnull=True)
        .exclude(status__in=ENDED_STATUSES)
    )


def plans_to_draft(user: User) -> QuerySet[Case]:
    """Arrived returnees with nobody of the group in an active plan yet."""
    covered = PlanBeneficiary.objects.filter(case=OuterRef("pk"), active=True)
    return (
        reintegration_cases(user)
        .filter(status__in=("arrived", "counselling"))
        .exclude(Exists(covered))
    )


def disbursements_awaiting(user: User) -> QuerySet[Disbursement]:
    """Requested disbursements the user could approve (not their own requests)."""
    return (
        Disbursement.objects.filter(
            status=DisbursementStatus.REQUESTED,
            component__plan__in=plans_visible_to(user),
        )
        .exclude(requested_by=user)
        .select_related("component__plan__case", "requested_by")
    )


def disbursements_to_pay(user: User) -> QuerySet[Disbursement]:
    return Disbursement.objects.filter(
        status=DisbursementStatus.APPROVED, component__plan__in=plans_visible_to(user)
    ).select_related("component__plan__case")


def visits_open(user: User) -> QuerySet[MonitoringVisit]:
    return (
        MonitoringVisit.objects.filter(
            done_on__isnull=True,
            plan__in=plans_visible_to(user),
            plan__status__in=(PlanStatus.APPROVED, PlanStatus.COMPLETED),
        )
        .exclude(plan__case__status__in=ENDED_STATUSES)
        .select_related("plan__case")
    )


def visits_overdue(user: User, today: dt.date | None = None) -> QuerySet[MonitoringVisit]:
    return visits_open(user).filter(due_on__lt=today or timezone.localdate())


def visits_due_soon(user: User, today: dt.date | None = None) -> QuerySet[MonitoringVisit]:
    today = today or timezone.localdate()
    return visits_open(user).filter(
        due_on__gte=today, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
    )


@dataclass(frozen=True)
class QueueCounts:
    arrivals: int
    plans: int
    approvals: int
    payments: int
    overdue: int
    due_soon: int


def queue_counts(user: User) -> QueueCounts:
    return QueueCounts(
        arrivals=arrivals_to_record(user).count(),
        plans=plans_to_draft(user).count(),
        approvals=disbursements_awaiting(user).count(),
        payments=disbursements_to_pay(user).count(),
        overdue=visits_overdue(user).count(),
        due_soon=visits_due_soon(user).count(),
    )


# --- figures for the annual report -----------------------------------------------------------


def _age_at(date_expr: str, dob: str = "person__date_of_birth") -> dict:
    """Annotations giving the age in whole years at a date column (portable SQL)."""
    return {
        "_ry": ExtractYear(date_expr),
        "_rm": ExtractMonth(date_expr),
        "_rd": ExtractDay(date_expr),
        "_by": ExtractYear(dob),
        "_bm": ExtractMonth(dob),
        "_bd": ExtractDay(dob),
    }


def _is_child() -> When_:
    before_birthday = Q(_rm__lt=F("_bm")) | Q(_rm=F("_bm"), _rd__lt=F("_bd"))
    return When_(
        When(Q(_ry__lt=F("_by") + 18), then=Value(1)),
        When(Q(_ry=F("_by") + 18) & before_birthday, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _assisted_beneficiaries(
    *,
    start: dt.date,
    end: dt.date,
    case_type: str,
    office: Organisation | None = None,
    exclude_programmes: tuple[str, ...] = (),
) -> QuerySet[PlanBeneficiary]:
    """Beneficiaries of plans approved within [start, end] (what "assisted in the year" means
    here: the plan that commits the assistance was approved that year)."""
    qs = PlanBeneficiary.objects.filter(
        plan__approved_on__gte=start,
        plan__approved_on__lte=end,
        plan__status__in=(PlanStatus.APPROVED, PlanStatus.COMPLETED),
        case__case_type=case_type,
    )
    if office is not None:
        qs = qs.filter(case__office=office)
    if exclude_programmes:
        qs = qs.exclude(plan__programme__code__in=exclude_programmes)
    return qs


def reintegration_persons_assisted(
    *,
    start: dt.date,
    end: dt.date,
    case_type: str = CaseType.OUTBOUND,
    office: Organisation | None = None,
    exclude_programmes: tuple[str, ...] = (),
) -> dict:
    """Returnees assisted, by sex and child/adult (age at return): {"men", "women", "boys",
    "girls", "total"}. One query."""
    qs = (
        _assisted_beneficiaries(
            start=start,
            end=end,
            case_type=case_type,
            office=office,
            exclude_programmes=exclude_programmes,
        )
        .annotate(_when=Coalesce("case__arrival_date", "case__departure_date", "plan__approved_on"))
        .annotate(**_age_at("_when"))
        .annotate(_child=_is_child())
    )
    rows = qs.values("person__sex", "_child").annotate(n=Count("person", distinct=True))
    out = {"men": 0, "women": 0, "boys": 0, "girls": 0}
    names = {("M", 0): "men", ("F", 0): "women", ("M", 1): "boys", ("F", 1): "girls"}
    for r in rows:
        out[names[(r["person__sex"], r["_child"])]] += r["n"]
    out["total"] = sum(out.values())
    return out


def _components_in_period(
    *,
    start: dt.date,
    end: dt.date,
    case_type: str,
    office: Organisation | None = None,
    exclude_programmes: tuple[str, ...] = (),
) -> QuerySet[PlanComponent]:
    qs = PlanComponent.objects.filter(
        plan__approved_on__gte=start,
        plan__approved_on__lte=end,
        plan__status__in=(PlanStatus.APPROVED, PlanStatus.COMPLETED),
        plan__case__case_type=case_type,
    )
    if office is not None:
        qs = qs.filter(plan__case__office=office)
    if exclude_programmes:
        qs = qs.exclude(plan__programme__code__in=exclude_programmes)
    return qs


def _by_kind(components: QuerySet[PlanComponent], kinds: tuple[str, ...]) -> dict[str, dict]:
    """{kind: {"components": n, "persons": n}}. Persons: the component's beneficiary, or
    everyone in the plan when it serves the whole plan. Two queries."""
    counts = dict(components.values_list("kind").annotate(n=Count("pk")))
    persons = dict(
        components.filter(
            Q(beneficiary__isnull=True, plan__beneficiaries__isnull=False)
            | Q(beneficiary=F("plan__beneficiaries__person"))
        )
        .values_list("kind")
        .annotate(n=Count("plan__beneficiaries__person", distinct=True))
    )
    return {k: {"components": counts.get(k, 0), "persons": persons.get(k, 0)} for k in kinds}


def reintegration_assistance_by_type(
    *,
    start: dt.date,
    end: dt.date,
    office: Organisation | None = None,
    exclude_programmes: tuple[str, ...] = (),
) -> dict:
    """Reintegration assistance for migrants returned from Morocco, for plans approved in
    [start, end]: by component type and by the annual report's groups, with the returnees
    assisted by sex and age.

    `exclude_programmes` (e.g. ("EU-IOM-JI",)) leaves out plans charged to those programmes:
    the annual report's table counts returnees to countries NOT covered by the EU-IOM Joint
    Initiative. A returnee can cumulate several components.
    """
    components = _components_in_period(
        start=start,
        end=end,
        case_type=CaseType.OUTBOUND,
        office=office,
        exclude_programmes=exclude_programmes,
    )
    by_kind = _by_kind(components, OUTBOUND_KINDS)
    groups = {g: {"components": 0, "persons": 0} for g in ReportGroup.values}
    for kind, row in by_kind.items():
        group = REPORT_GROUP_OF.get(kind)
        if group:
            groups[group]["components"] += row["components"]
            groups[group]["persons"] += row["persons"]
    return {
        "by_kind": by_kind,
        "by_group": groups,
        "persons": reintegration_persons_assisted(
            start=start,
            end=end,
            case_type=CaseType.OUTBOUND,
            office=office,
            exclude_programmes=exclude_programmes,
        ),
    }


# Sectors of micro-projects (income-generating), as opposed to cash, training or support.
MICRO_PROJECT_KINDS = (
    ComponentKind.TRADE,
    ComponentKind.AGRICULTURE_LIVESTOCK,
    ComponentKind.FISHING,
    ComponentKind.TRANSPORT,
    ComponentKind.MECHANICS,
    ComponentKind.HAIRDRESSING_BEAUTY,
    ComponentKind.TAILORING,
    ComponentKind.CATERING,
    ComponentKind.COMMUNICATION,
    ComponentKind.SERVICES,
)


def micro_projects_by_sector(
    *,
    start: dt.date,
    end: dt.date,
    office: Organisation | None = None,
    exclude_programmes: tuple[str, ...] = (),
) -> dict[str, dict]:
    """Micro-projects of outbound returnees by sector and plan level, with their budgets:
    {sector: {"projects", "individual", "collective", "community", "budget"}}."""
    rows = (
        _components_in_period(
            start=start,
            end=end,
            case_type=CaseType.OUTBOUND,
            office=office,
            exclude_programmes=exclude_programmes,
        )
        .filter(kind__in=MICRO_PROJECT_KINDS)
        .values("kind")
        .annotate(
            projects=Count("pk"),
            individual=Count("pk", filter=Q(plan__level=PlanLevel.INDIVIDUAL)),
            collective=Count("pk", filter=Q(plan__level=PlanLevel.COLLECTIVE)),
            community=Count("pk", filter=Q(plan__level=PlanLevel.COMMUNITY)),
            budget=Sum("budget"),
        )
    )
    out = {
        k: {"projects": 0, "individual": 0, "collective": 0, "community": 0, "budget": 0}
        for k in MICRO_PROJECT_KINDS
    }
    for r in rows:
        out[r.pop("kind")] = {**r, "budget": r["budget"] or 0}
    return out


def inbound_assistance_by_type(
    *, start: dt.date, end: dt.date, office: Organisation | None = None
) -> dict:
    """Reintegration assistance to Moroccans coming home, for plans approved in [start, end]:
    {"by_kind": {kind: {"components", "persons"}}, "sessions": {kind: n}, "collective_projects":
    n, "persons": {...by sex and age}}. Sessions count the distinct trainings and workshops."""
    components = _components_in_period(
        start=start, end=end, case_type=CaseType.INBOUND, office=office
    )
    sessions = dict(
        components.filter(kind__in=GROUP_ACTIVITY_KINDS, activity__isnull=False)
        .values_list("kind")
        .annotate(n=Count("activity", distinct=True))
    )
    plans = ReintegrationPlan.objects.filter(
        approved_on__gte=start,
        approved_on__lte=end,
        status__in=(PlanStatus.APPROVED, PlanStatus.COMPLETED),
        case__case_type=CaseType.INBOUND,
        level=PlanLevel.COLLECTIVE,
    )
    if office is not None:
        plans = plans.filter(case__office=office)
    return {
        "by_kind": _by_kind(components, INBOUND_KINDS),
        "sessions": {k: sessions.get(k, 0) for k in GROUP_ACTIVITY_KINDS},
        "collective_projects": plans.count(),
        "persons": reintegration_persons_assisted(
            start=start, end=end, case_type=CaseType.INBOUND, office=office
        ),
    }


def inbound_assisted_by_region(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Moroccans assisted in [start, end] by region of settlement (region code → persons)."""
    rows = (
        _assisted_beneficiaries(start=start, end=end, case_type=CaseType.INBOUND)
        .values_list("case__settlement_region")
        .annotate(n=Count("person", distinct=True))
    )
    return {region or "": n for region, n in rows}


def satisfaction_figures(
    *,
    start: dt.date,
    end: dt.date,
    case_type: str = CaseType.OUTBOUND,
    office: Organisation | None = None,
) -> dict:
    """Post-return satisfaction surveys taken in [start, end]: counts and percentages of
    "yes" among those who answered each question. One query."""
    qs = SatisfactionSurvey.objects.filter(
        surveyed_on__gte=start, surveyed_on__lte=end, case__case_type=case_type
    )
    if office is not None:
        qs = qs.filter(case__office=office)
    agg = qs.aggregate(
        surveys=Count("pk"),
        satisfied_with_return=Count("pk", filter=Q(satisfied_with_return=True)),
        needs_taken_into_account=Count("pk", filter=Q(needs_taken_into_account=True)),
        assistance_answered=Count("pk", filter=Q(satisfied_with_assistance__isnull=False)),
        satisfied_with_assistance=Count("pk", filter=Q(satisfied_with_assistance=True)),
        entourage_answered=Count("pk", filter=Q(entourage_support_crucial__isnull=False)),
        entourage_support_crucial=Count("pk", filter=Q(entourage_support_crucial=True)),
    )

    def pct(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    n = agg["surveys"]
    return {
        **agg,
        "satisfied_with_return_pct": pct(agg["satisfied_with_return"], n),
        "needs_taken_into_account_pct": pct(agg["needs_taken_into_account"], n),
        "satisfied_with_assistance_pct": pct(
            agg["satisfied_with_assistance"], agg["assistance_answered"]
        ),
        "entourage_support_crucial_pct": pct(
            agg["entourage_support_crucial"], agg["entourage_answered"]
        ),
    }


def sustainability_averages(
    *, start: dt.date, end: dt.date, case_type: str = CaseType.OUTBOUND
) -> list[dict]:
    """Average scores by round and scoring-definition version (scores of different versions
    are never mixed)."""
    from django.db.models import Avg

    return list(
        SustainabilitySurvey.objects.filter(
            surveyed_on__gte=start, surveyed_on__lte=end, case__case_type=case_type
        )
        .values("definition__version", "round")
        .annotate(
            surveys=Count("pk"),
            economic=Avg("economic"),
            social=Avg("social"),
            psychosocial=Avg("psychosocial"),
            composite=Avg("composite"),
        )
        .order_by("definition__version", "round")
    )


def group_activities_for(user: User) -> QuerySet[GroupActivity]:
    org = user.organisation
    if org is None:
        return GroupActivity.objects.none()
    return GroupActivity.objects.filter(organiser=org)
