"""Demo records of reintegration, read from the core demo cases and calibrated to the 2022
figures of seed 000:

- every departed return from Morocco is handed to the mission of its country (reception);
- 311 returnees of 2022 whose return was not funded by the EU-IOM Joint Initiative
  (135 men, 112 women, 29 boys, 35 girls) have plans approved in 2022 whose components
  match "Répartition des assistances par type" (sales 70, fishing and livestock 6,
  transport 51, vocational trainings 21, social support 22, service providers 5, cash 144,
  catering 7, beauty 4; the two unreadable items are left out);
- the 216 Moroccans assisted in 2022 (the core loader's rule: arrived in 2022 and reached
  step 4) have plans with the assistance of seed 000: cash 183 persons, 154
  income-generating activities, 17 trained in 2 sessions, housing 11, legal services 30,
  legal status 12, referrals 27, 37 participants in 3 psychosocial workshops;
- satisfaction surveys: 99 % of 2022 returnees satisfied with the return, 96 % say their
  needs were taken into account; 96 % / 90 % for Moroccans (assistance, entourage);
- payments, follow-up visits and sustainability surveys up to the end of the history, and
  live situations for the current cases (arrivals to record, money awaiting approval,
  visits overdue).

Everything is bulk-inserted; dates never pass `ctx.today`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Min
from django.utils import timezone

from awda.accounts.models import Organisation
from awda.audit.services import audit_record
from awda.cases.models import Case, CaseMember, TimelineEvent
from awda.reintegration import scoring
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
    Reception,
    ReintegrationPlan,
    ReturneeCounselling,
    SatisfactionSurvey,
    SustainabilitySurvey,
)
from awda.reintegration.services import add_months, scoring_definition_current
from awda.reintegration.taxonomy import DIMENSION_OF, ComponentKind, PlanLevel

D = dt.timedelta
K = ComponentKind
YEAR = 2022
START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)

# "Répartition des assistances par type" (seed 000), as components of the sectors.
OUTBOUND_2022 = {
    K.TRADE: 70,
    K.FISHING: 3,
    K.AGRICULTURE_LIVESTOCK: 3,
    K.TRANSPORT: 51,
    K.VOCATIONAL_TRAINING: 21,
    K.SOCIAL_SUPPORT: 22,
    K.SERVICES: 2,
    K.MECHANICS: 1,
    K.TAILORING: 1,
    K.COMMUNICATION: 1,
    K.CASH: 144,
    K.CATERING: 7,
    K.HAIRDRESSING_BEAUTY: 4,
}
OUTBOUND_2022_PERSONS = {"men": 135, "women": 112, "boys": 29, "girls": 35}
COLLECTIVE_PAIRS = 8

# Budgets in USD for projects abroad, MAD for Moroccans at home.
BUDGETS = {
    K.TRADE: (700, 1500),
    K.FISHING: (900, 1600),
    K.AGRICULTURE_LIVESTOCK: (800, 1500),
    K.TRANSPORT: (1200, 2200),
    K.VOCATIONAL_TRAINING: (250, 600),
    K.SOCIAL_SUPPORT: (150, 450),
    K.SERVICES: (700, 1300),
    K.MECHANICS: (900, 1500),
    K.TAILORING: (600, 1100),
    K.COMMUNICATION: (500, 1000),
    K.CASH: (150, 400),
    K.CATERING: (900, 1500),
    K.HAIRDRESSING_BEAUTY: (700, 1200),
    K.SCHOOLING: (800, 2000),
    K.INCOME_GENERATING: (15000, 30000),
    K.HOUSING: (1500, 3000),
    K.LEGAL_STATUS: (300, 600),
}
DESCRIPTIONS = {
    K.TRADE: [
        "Boutique de produits alimentaires",
        "Vente de pagnes",
        "Commerce de téléphones",
        "Vente de friperie",
    ],
    K.FISHING: ["Pirogue et filets", "Fumage de poisson"],
    K.AGRICULTURE_LIVESTOCK: ["Élevage de volailles", "Embouche ovine", "Maraîchage"],
    K.TRANSPORT: ["Moto-taxi", "Tricycle de transport", "Taxi-brousse (part)"],
    K.VOCATIONAL_TRAINING: [
        "Formation en mécanique",
        "Formation en couture",
        "Formation en électricité",
    ],
    K.SOCIAL_SUPPORT: ["Frais de scolarité", "Soins médicaux", "Aide au loyer"],
    K.SERVICES: ["Atelier de soudure", "Service de transfert d'argent"],
    K.MECHANICS: ["Atelier de réparation de motos"],
    K.TAILORING: ["Atelier de couture"],
    K.COMMUNICATION: ["Cabine téléphonique et recharge"],
    K.CASH: ["Aide en espèces à l'arrivée"],
    K.CATERING: ["Petite restauration", "Maquis"],
    K.HAIRDRESSING_BEAUTY: ["Salon de coiffure", "Vente de cosmétiques"],
}
SUPPLIERS = [
    "Quincaillerie du Marché",
    "Ets Diallo & Frères",
    "Garage Central",
    "Centre de formation professionnelle",
    "Grossiste du port",
]
PROJECT_KINDS = frozenset(
    {
        K.TRADE,
        K.FISHING,
        K.AGRICULTURE_LIVESTOCK,
        K.TRANSPORT,
        K.SERVICES,
        K.MECHANICS,
        K.TAILORING,
        K.COMMUNICATION,
        K.CATERING,
        K.HAIRDRESSING_BEAUTY,
        K.INCOME_GENERATING,
    }
)

# Seed 000: assistance to the 216 Moroccans of 2022.
INBOUND_CASH = 183
INBOUND_IGA = 154
INBOUND_COLLECTIVE = 6  # plans of two returnees sharing one activity
INBOUND_TRAININGS = [
    ("Entrepreneuriat et commercialisation", "Casablanca", dt.date(YEAR, 6, 14), 9),
    ("Entrepreneuriat et commercialisation", "Rabat", dt.date(YEAR, 10, 18), 8),
]
INBOUND_WORKSHOPS = [
    ("Atelier de soutien psychosocial", "Casablanca", dt.date(YEAR, 5, 24), 13),
    ("Atelier de soutien psychosocial", "Marrakech", dt.date(YEAR, 9, 20), 12),
    ("Atelier de soutien psychosocial", "Casablanca", dt.date(YEAR, 11, 29), 12),
]
INBOUND_OTHER = {K.HOUSING: 11, K.LEGAL_SERVICES: 30, K.LEGAL_STATUS: 12, K.REFERRAL: 27}
REFERRAL_PARTNERS = [
    "Chambre allemande de commerce et d'industrie (AHK)",
    "Plateforme des jeunes de l'INDH",
    "Union nationale des femmes du Maroc (UNFM)",
]

# Satisfaction (seed 000): (surveys, yes to the first question, yes to the second).
OUTBOUND_SATISFACTION = (500, 495, 480)  # 99 % satisfied with the return, 96 % needs met
INBOUND_SATISFACTION = (100, 96, 90)  # 96 % satisfied with the assistance, 90 % entourage


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _band(sex: str, born: dt.date | None, on: dt.date) -> str:
    child = (
        born is not None
        and (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) < 18
    )
    return ("boys" if child else "men") if sex == "M" else ("girls" if child else "women")


def _amount(rng, kind) -> Decimal:
    low, high = BUDGETS.get(kind, (0, 0))
    if not high:
        return Decimal(0)
    step = 500 if high >= 10000 else 50
    return Decimal(rng.randrange(low // step, high // step + 1) * step)


class Loader:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.history = min(getattr(ctx, "history_today", ctx.today), ctx.today)
        self.definition = scoring_definition_current()
        self.mission_user = ctx.users.get("mission.guinea")
        self.plans: list[ReintegrationPlan] = []
        self.beneficiaries: list[tuple[ReintegrationPlan, int, int]] = []
        self.components: list[tuple[ReintegrationPlan, dict]] = []
        self.visits: list[MonitoringVisit] = []
        self.surveys: list[SustainabilitySurvey] = []
        self.events: list[TimelineEvent] = []
        self.stats: Counter = Counter()
        self.used: set[int] = set()

    def user_for(self, mission_id):
        u = self.mission_user
        return u if u is not None and u.organisation_id == mission_id else None

    # -- handover ----------------------------------------------------------------------------

    def receptions(self) -> None:
        # A case is handed to its mission when it departs (services.case_handover); the
        # core demo sets the mission on every outbound case, so cases still in Morocco are
        # taken back from the missions here.
        self.stats["not_handed_back"] = (
            Case.objects.filter(case_type="outbound", departure_date__isnull=True)
            .exclude(receiving_mission=None)
            .update(receiving_mission=None)
        )
        missions = {o.pk: o for o in Organisation.objects.filter(kind="iom_mission")}
        rows = []
        for pk, mission_id, departed, arrived, closed in Case.objects.filter(
            case_type="outbound", departure_date__isnull=False, receiving_mission__isnull=False
        ).values_list("pk", "receiving_mission_id", "departure_date", "arrival_date", "closed_on"):
            rng = self.rng
            mission = missions[mission_id]
            reception = Reception(
                case_id=pk,
                mission_id=mission_id,
                handed_over_on=departed,
                arrived_on=arrived,
                recorded_by=self.user_for(mission_id),
            )
            if arrived:
                reception.met_at_airport = rng.random() < 0.93
                reception.arrival_point = f"Aéroport de {mission.city}" if mission.city else ""
                reception.onward_transport = rng.random() < 0.55
                if reception.onward_transport:
                    reception.onward_destination = rng.choice(
                        ["Région natale", "Chez la famille", "Capitale régionale"]
                    )
                counselled = arrived + D(days=rng.randint(0, 10))
                if counselled <= min(self.today, closed or self.today):
                    reception.first_counselling_on = counselled
            rows.append(reception)
        Reception.objects.bulk_create(rows, batch_size=2000)
        self.stats["receptions"] = len(rows)

    # -- plans -------------------------------------------------------------------------------

    def plan(
        self,
        *,
        case: dict,
        level: str,
        members: list[tuple[int, int]],
        approved: dt.date,
        managed_by: int,
        currency: str,
        title: str = "",
        community: str = "",
    ) -> ReintegrationPlan:
        created = max(case["arrival"], approved - D(days=self.rng.randint(3, 15)))
        status = PlanStatus.APPROVED
        completed = None
        if case["status"] == "closed" and case["closed_on"] and case["closed_on"] >= approved:
            status, completed = PlanStatus.COMPLETED, case["closed_on"]
        plan = ReintegrationPlan(
            case_id=case["pk"],
            managed_by_id=managed_by,
            level=level,
            status=status,
            programme_id=case["programme"],
            currency=currency,
            project_title=title,
            needs_assessment="Besoins identifiés lors du conseil : revenu stable, logement, soutien familial.",
            skills_assessment=self.rng.choice(
                [
                    "Expérience dans le commerce",
                    "Ancien chauffeur",
                    "Formation en couture",
                    "Agriculture familiale",
                    "Sans qualification",
                ]
            ),
            assessed_on=created,
            community_description=community,
            revision=1,
            approved_on=approved,
            approved_by=self.user_for(managed_by),
            completed_on=completed,
            created_at=_at(created),
            created_by=self.user_for(managed_by),
        )
        plan._case = case
        # A returnee has one plan at a time: someone who came back twice keeps the first.
        plan._members = [(p, c) for p, c in members if p not in self.used]
        self.used.update(p for p, _c in plan._members)
        self.plans.append(plan)
        return plan

    def component(
        self,
        plan,
        kind,
        *,
        beneficiary=None,
        description="",
        budget=None,
        activity=None,
        delivered=None,
    ) -> None:
        self.components.append(
            (
                plan,
                {
                    "kind": kind,
                    "dimension": DIMENSION_OF[kind],
                    "description": description or self.rng.choice(DESCRIPTIONS.get(kind, [""])),
                    "beneficiary_id": beneficiary,
                    "budget": _amount(self.rng, kind) if budget is None else budget,
                    "supplier": self.rng.choice(SUPPLIERS)
                    if kind in PROJECT_KINDS or kind == K.VOCATIONAL_TRAINING
                    else "",
                    "activity": activity,
                    "delivered_on": delivered,
                },
            )
        )

    # -- the 311 returnees of 2022 outside the Joint Initiative ------------------------------

    def _reintegration_started(self, case_type: str) -> dict[int, dt.date]:
        return {
            case_id: at.date() if isinstance(at, dt.datetime) else at
            for case_id, at in TimelineEvent.objects.filter(
                action="start_reintegration", case__case_type=case_type
            )
            .values("case_id")
            .annotate(at=Min("at"))
            .values_list("case_id", "at")
        }

    def _cases(self, ids) -> dict[int, dict]:
        return {
            row["pk"]: {
                "pk": row["pk"],
                "status": row["status"],
                "arrival": row["arrival_date"] or row["departure_date"],
                "departure": row["departure_date"],
                "closed_on": row["closed_on"],
                "programme": row["programme_id"],
                "mission": row["receiving_mission_id"],
                "office": row["office_id"],
                "host": row["host_country"],
            }
            for row in Case.objects.filter(pk__in=list(ids)).values(
                "pk",
                "status",
                "arrival_date",
                "departure_date",
                "closed_on",
                "programme_id",
                "receiving_mission_id",
                "office_id",
                "host_country",
            )
        }

    def outbound_2022(self) -> None:
        rng = self.rng
        started = self._reintegration_started("outbound")
        members = (
            CaseMember.objects.filter(
                case__case_type="outbound",
                case__departure_date__year=YEAR,
                case__receiving_mission__isnull=False,
                case_id__in=[c for c, on in started.items() if START <= on <= END],
            )
            .exclude(case__programme__code="EU-IOM-JI")
            .values_list(
                "case_id",
                "person_id",
                "person__sex",
                "person__date_of_birth",
                "case__arrival_date",
                "case__departure_date",
            )
            .order_by("case_id", "id")
        )
        by_case: dict[int, list] = defaultdict(list)
        for case_id, person_id, sex, born, arrived, departed in members:
            by_case[case_id].append((person_id, _band(sex, born, arrived or departed)))
        quota = dict(OUTBOUND_2022_PERSONS)
        chosen: dict[int, list] = {}
        order = sorted(by_case)
        rng.shuffle(order)
        for case_id in order:
            take = []
            for p, b in by_case[case_id]:
                if quota[b] > 0:
                    quota[b] -= 1
                    take.append((p, b))
            if take:
                chosen[case_id] = take
        if any(quota.values()):
            self.ctx.log(
                f"    reintegration: not enough returnees outside the Joint Initiative: {quota}"
            )
        cases = self._cases(chosen)
        # Collective plans: two adult men followed by the same mission, each alone in his case.
        singles = defaultdict(list)
        for case_id, take in chosen.items():
            if len(take) == 1 and take[0][1] == "men":
                singles[cases[case_id]["mission"]].append(case_id)
        groups: list[list[int]] = []
        for _mission, ids in sorted(singles.items()):
            while len(ids) >= 2 and len(groups) < COLLECTIVE_PAIRS:
                groups.append([ids.pop(), ids.pop()])
        in_group = {c for g in groups for c in g}
        groups += [[c] for c in chosen if c not in in_group]
        plans = []
        for group in groups:
            lead = cases[group[0]]
            approved = min(max(started[c] for c in group), END)
            approved = max(approved, max(cases[c]["arrival"] for c in group))
            plan = self.plan(
                case=lead,
                level=PlanLevel.COLLECTIVE if len(group) > 1 else PlanLevel.INDIVIDUAL,
                members=[(p, c) for c in group for p, _b in chosen[c]],
                approved=approved,
                managed_by=lead["mission"],
                currency="USD",
                title="Projet collectif" if len(group) > 1 else "",
            )
            plan._adults = [p for c in group for p, b in chosen[c] if b in ("men", "women")]
            plans.append(plan)
        # One component per plan at least, then the rest; a plan without adult gets support.
        pool = [k for k, n in OUTBOUND_2022.items() for _ in range(n)]
        rng.shuffle(pool)
        kinds: dict[int, list] = defaultdict(list)
        child_friendly = (K.SOCIAL_SUPPORT, K.VOCATIONAL_TRAINING, K.CASH)
        for i, plan in enumerate(sorted(plans, key=lambda p: bool(p._adults))):
            wanted = pool if plan._adults else [k for k in pool if k in child_friendly]
            kind = (
                wanted[0]
                if plan.level != PlanLevel.COLLECTIVE
                else next((k for k in pool if k in (K.TRADE, K.TRANSPORT, K.CATERING)), wanted[0])
            )
            pool.remove(kind)
            kinds[i] = [kind]
            plan._index = i
        for kind in pool:
            candidates = [
                p
                for p in plans
                if kind not in kinds[p._index] and (p._adults or kind in child_friendly)
            ]
            kinds[rng.choice(candidates)._index].append(kind)
        for plan in plans:
            one = len(plan._members) == 1
            for kind in kinds[plan._index]:
                beneficiary = plan._members[0][0] if one else None
                if plan.level == PlanLevel.COLLECTIVE and kind == K.CASH:
                    beneficiary = rng.choice(plan._adults)
                self.component(plan, kind, beneficiary=beneficiary)
        self.stats["outbound_plans"] = len(plans)
        self.stats["outbound_persons"] = sum(len(p._members) for p in plans)

    # -- the 216 Moroccans of 2022 -----------------------------------------------------------

    def inbound_2022(self) -> None:
        rng = self.rng
        started = self._reintegration_started("inbound")
        cases = self._cases(
            Case.objects.filter(
                case_type="inbound", arrival_date__year=YEAR, pk__in=list(started)
            ).values_list("pk", flat=True)
        )
        members = defaultdict(list)
        for case_id, person_id, sex, born in (
            CaseMember.objects.filter(case_id__in=list(cases))
            .values_list("case_id", "person_id", "person__sex", "person__date_of_birth")
            .order_by("case_id", "id")
        ):
            members[case_id].append((person_id, _band(sex, born, cases[case_id]["arrival"]), born))
        office_of_user = {}
        for username in ("cw.rabat", "cw.casa", "cw.oujda", "cw.tanger"):
            u = self.ctx.users.get(username)
            if u is not None:
                office_of_user[u.organisation_id] = u
        self.office_users = office_of_user
        singles = [c for c in sorted(cases) if len(members[c]) == 1 and members[c][0][1] == "men"]
        rng.shuffle(singles)
        by_office = defaultdict(list)
        for c in singles:
            by_office[cases[c]["office"]].append(c)
        groups = []
        for _office, ids in sorted(by_office.items(), key=lambda kv: -len(kv[1])):
            while len(ids) >= 2 and len(groups) < INBOUND_COLLECTIVE:
                groups.append([ids.pop(), ids.pop()])
        grouped = {c for g in groups for c in g}
        groups += [[c] for c in sorted(cases) if c not in grouped]
        adults_of: dict[int, ReintegrationPlan] = {}
        arrival_of: dict[int, dt.date] = {}
        collective = []
        for group in groups:
            lead = cases[group[0]]
            approved = min(max(started[c] for c in group), END)
            approved = max(approved, max(cases[c]["arrival"] for c in group))
            plan = self.plan(
                case=lead,
                level=PlanLevel.COLLECTIVE if len(group) > 1 else PlanLevel.INDIVIDUAL,
                members=[(p, c) for c in group for p, _b, _born in members[c]],
                approved=approved,
                managed_by=lead["office"],
                currency="MAD",
                title="Projet collectif (AGR partagée)" if len(group) > 1 else "",
            )
            if len(group) > 1:
                collective.append(plan)
            for c in group:
                for p, band, born in members[c]:
                    if band in ("men", "women"):
                        adults_of[p] = plan
                        arrival_of[p] = cases[c]["arrival"]
                    elif born and (cases[c]["arrival"].year - born.year) >= 6:
                        self.component(
                            plan, K.SCHOOLING, beneficiary=p, description="Frais de scolarité"
                        )
        adults = sorted(adults_of)
        rng.shuffle(adults)
        # Income-generating activities: one shared by each collective plan, the rest individual.
        in_collective = {p for plan in collective for p, _c in plan._members}
        for plan in collective:
            self.component(
                plan, K.INCOME_GENERATING, description="AGR collective : épicerie solidaire"
            )
        others = [p for p in adults if p not in in_collective]
        iga = others[: INBOUND_IGA - len(collective)]
        for n, p in enumerate(iga):
            description = (
                "Projet agroécologique"
                if n < 5
                else rng.choice(
                    [
                        "Épicerie",
                        "Atelier de menuiserie",
                        "Élevage ovin",
                        "Vente de légumes",
                        "Salon de coiffure",
                        "Snack",
                    ]
                )
            )
            self.component(
                adults_of[p], K.INCOME_GENERATING, beneficiary=p, description=description
            )
        covered = set(iga) | in_collective
        uncovered = [p for p in adults if p not in covered]
        rest = [p for p in adults if p in covered]
        cash = uncovered + rest[: INBOUND_CASH - len(uncovered)]
        for p in cash:
            self.component(
                adults_of[p], K.CASH, beneficiary=p, description="Aide en espèces après le retour"
            )
        # Sessions: trainings and workshops for people already home on the day.
        organiser = {c["office"] for c in cases.values()}
        organiser_id = Organisation.objects.filter(code="CAS").values_list(
            "pk", flat=True
        ).first() or next(iter(organiser))
        for kind, sessions in (
            (K.VOCATIONAL_TRAINING, INBOUND_TRAININGS),
            (K.PSYCHOSOCIAL_WORKSHOP, INBOUND_WORKSHOPS),
        ):
            used = set()
            for title, city, day, n in sessions:
                activity = GroupActivity.objects.create(
                    kind=kind,
                    title=title,
                    city=city,
                    held_on=day,
                    facilitator="Équipe OIM Maroc",
                    organiser_id=organiser_id,
                )
                pool = [
                    p
                    for p in adults
                    if p not in used and arrival_of[p] < day and adults_of[p].approved_on <= day
                ]
                for p in pool[:n]:
                    used.add(p)
                    self.component(
                        adults_of[p],
                        kind,
                        beneficiary=p,
                        description=title,
                        budget=Decimal(0),
                        activity=activity,
                        delivered=day,
                    )
                if len(pool) < n:
                    self.ctx.log(
                        f"    reintegration: only {len(pool)} returnees home before {day} for {title}"
                    )
        for kind, n in INBOUND_OTHER.items():
            for p in rng.sample(adults, n):
                plan = adults_of[p]
                delivered = min(plan.approved_on + D(days=rng.randint(5, 60)), self.history)
                description = rng.choice(REFERRAL_PARTNERS) if kind == K.REFERRAL else ""
                self.component(
                    plan,
                    kind,
                    beneficiary=p,
                    description=description,
                    budget=_amount(rng, kind),
                    delivered=delivered if kind in (K.LEGAL_SERVICES, K.REFERRAL) else None,
                )
        self.inbound_plans = [p for p in self.plans if p.currency == "MAD"]
        self.stats["inbound_plans"] = len(self.inbound_plans)
        self.inbound_steps(cases)

    def inbound_steps(self, cases: dict[int, dict]) -> None:
        """Steps 1–3 of every Moroccan of 2022: tracing, exchange, counselling notes."""
        rng = self.rng
        transitions = defaultdict(dict)
        for case_id, action, at in TimelineEvent.objects.filter(
            case__case_type="inbound",
            case__application_date__year__gte=YEAR - 1,
            action__in=("start_family_tracing", "start_information_exchange", "start_counselling"),
        ).values_list("case_id", "action", "at"):
            transitions[case_id][action] = at.date()
        missions = {o.country.code: o.pk for o in Organisation.objects.filter(kind="iom_mission")}
        hosts = dict(
            Case.objects.filter(pk__in=list(transitions)).values_list("pk", "host_country")
        )
        tracing, exchanges, counselling = [], [], []
        for case_id, steps in transitions.items():
            if "start_family_tracing" in steps:
                tracing.append(
                    FamilyTracing(
                        case_id=case_id,
                        started_on=steps["start_family_tracing"],
                        outcome=rng.choices(["located", "not_located", "not_wanted"], [88, 7, 5])[
                            0
                        ],
                        information_collected="Situation familiale et logement au retour vérifiés.",
                    )
                )
            mission = missions.get(hosts.get(case_id))
            if "start_information_exchange" in steps and mission:
                exchanges.append(
                    InformationExchange(
                        case_id=case_id,
                        exchanged_on=steps["start_information_exchange"],
                        mission_id=mission,
                        channel=rng.choice(["virtual_session", "email", "call"]),
                        subject="Contexte économique et social de la région de retour ; plan de réintégration proposé par la mission.",
                        plan_feasibility=rng.choices(
                            ["feasible", "with_changes", "not_assessed"], [70, 25, 5]
                        )[0],
                    )
                )
            if "start_counselling" in steps and case_id in cases:
                counselling.append(
                    ReturneeCounselling(
                        case_id=case_id,
                        counselled_on=steps["start_counselling"],
                        notes="Orientation vers un projet générateur de revenus ; besoins prioritaires discutés.",
                    )
                )
        FamilyTracing.objects.bulk_create(tracing, batch_size=1000)
        InformationExchange.objects.bulk_create(exchanges, batch_size=1000)
        ReturneeCounselling.objects.bulk_create(counselling, batch_size=1000)
        self.stats["inbound_steps"] = len(tracing)

    # -- current work ------------------------------------------------------------------------

    def current(self) -> None:
        """Recent returns: plans at every stage, money waiting, visits due."""
        rng = self.rng
        recent = self._cases(
            Case.objects.filter(
                case_type="outbound",
                departure_date__gt=self.history,
                receiving_mission__isnull=False,
                status__in=("reintegration", "monitoring"),
            ).values_list("pk", flat=True)
        )
        people = defaultdict(list)
        for case_id, person_id in CaseMember.objects.filter(case_id__in=list(recent)).values_list(
            "case_id", "person_id"
        ):
            people[case_id].append(person_id)
        self.current_plans = []
        for case_id, case in sorted(recent.items()):
            approved = min(case["arrival"] + D(days=rng.randint(7, 20)), self.today)
            plan = self.plan(
                case=case,
                level=PlanLevel.INDIVIDUAL,
                members=[(p, case_id) for p in people[case_id]],
                approved=approved,
                managed_by=case["mission"],
                currency="USD",
            )
            one = people[case_id][0] if len(people[case_id]) == 1 else None
            self.component(
                plan,
                rng.choice([K.TRADE, K.TRANSPORT, K.CATERING, K.AGRICULTURE_LIVESTOCK]),
                beneficiary=one,
            )
            self.component(plan, K.CASH, beneficiary=one)
            self.current_plans.append(plan)
        self.stats["current_plans"] = len(self.current_plans)

    # -- writing -----------------------------------------------------------------------------

    def write(self) -> None:
        rng = self.rng
        from awda.demo.batch import historical_timestamps

        with historical_timestamps((ReintegrationPlan, self.plans, "created_at")):
            ReintegrationPlan.objects.bulk_create(self.plans, batch_size=1000)
        PlanBeneficiary.objects.bulk_create(
            [
                PlanBeneficiary(plan=plan, person_id=p, case_id=c)
                for plan in self.plans
                for p, c in plan._members
            ],
            batch_size=2000,
        )
        components = []
        for plan, fields in self.components:
            components.append(PlanComponent(plan=plan, created_at=plan.created_at, **fields))
        with historical_timestamps((PlanComponent, components, "created_at")):
            PlanComponent.objects.bulk_create(components, batch_size=2000)
        by_plan = defaultdict(list)
        for c in components:
            by_plan[c.plan_id].append(c)
        current = {p.pk for p in getattr(self, "current_plans", [])}
        revisions, disbursements = [], []
        receipt = 0
        for plan in self.plans:
            revisions.append(
                PlanRevision(
                    plan=plan,
                    number=1,
                    at=_at(plan.approved_on, 15),
                    actor=plan.approved_by,
                    reason="Plan approuvé.",
                    snapshot={
                        "level": plan.level,
                        "status": plan.status,
                        "currency": plan.currency,
                        "components": [
                            {"kind": c.kind, "budget": str(c.budget)} for c in by_plan[plan.pk]
                        ],
                        "total_budget": str(sum((c.budget for c in by_plan[plan.pk]), Decimal(0))),
                    },
                )
            )
            for i, c in enumerate(by_plan[plan.pk]):
                if not c.budget:
                    continue
                planned = plan.approved_on + D(days=rng.randint(3, 25))
                kind = (
                    Disbursement.Kind.CASH
                    if c.kind in (K.CASH, K.HOUSING)
                    else Disbursement.Kind.IN_KIND
                )
                base = {
                    "component": c,
                    "kind": kind,
                    "programme_id": plan.programme_id,
                    "purpose": c.description or c.get_kind_display(),
                    "supplier": c.supplier,
                    "requested_by": plan.created_by,
                }
                if plan.pk in current:
                    # Live: the first awaits approval, the second waits to be paid.
                    if planned > self.today:
                        planned = self.today
                    status = DisbursementStatus.REQUESTED if i == 0 else DisbursementStatus.APPROVED
                    disbursements.append(
                        Disbursement(
                            **{**base, "requested_by": None},
                            amount=c.budget,
                            planned_on=planned,
                            status=status,
                            requested_at=_at(min(plan.approved_on + D(days=1), self.today)),
                            decided_at=_at(plan.approved_on + D(days=2))
                            if status == "approved"
                            else None,
                        )
                    )
                    continue
                paid = min(planned + D(days=rng.randint(0, 10)), self.history)
                tranches = (
                    [c.budget]
                    if c.budget < 1000 or rng.random() < 0.5
                    else [c.budget / 2, c.budget / 2]
                )
                for n, amount in enumerate(tranches):
                    on = min(paid + D(days=45 * n), self.history)
                    receipt += 1
                    disbursements.append(
                        Disbursement(
                            **base,
                            amount=amount,
                            planned_on=on,
                            status=DisbursementStatus.PAID,
                            paid_on=on,
                            paid_by=plan.created_by,
                            decided_at=_at(on, 9),
                            requested_at=_at(on - D(days=3)),
                            receipt_number=f"R-{on.year}-{receipt:05d}",
                        )
                    )
        PlanRevision.objects.bulk_create(revisions, batch_size=2000)
        with historical_timestamps((Disbursement, disbursements, "requested_at")):
            Disbursement.objects.bulk_create(disbursements, batch_size=2000)
        self.stats["disbursements"] = len(disbursements)
        self.write_visits_and_surveys(by_plan, current)

    def write_visits_and_surveys(self, by_plan, current) -> None:
        rng = self.rng
        data = self.definition.definition
        visits, surveys, events = [], [], []
        for plan in self.plans:
            case = plan._case
            base = case["arrival"]
            ended = case["closed_on"] if case["status"] == "closed" else None
            projects = [c for c in by_plan[plan.pk] if c.kind in PROJECT_KINDS]
            horizon = self.today if plan.pk in current else self.history
            for months in (3, 6, 12):
                due = add_months(base, months)
                visit = MonitoringVisit(plan=plan, months_after=months, due_on=due)
                done = due + D(days=rng.randint(0, 20))
                live_overdue = plan.pk in current and due < self.today and rng.random() < 0.4
                if done <= horizon and (ended is None or done <= ended) and not live_overdue:
                    visit.done_on = done
                    visit.visited_by = plan.approved_by
                    if projects:
                        visit.project_status = rng.choices(
                            ["operating", "struggling", "closed"], [76, 18, 6]
                        )[0]
                    else:
                        visit.project_status = "not_applicable"
                    visit.notes = {
                        "operating": "Activité en cours, revenus réguliers.",
                        "struggling": "Activité fragile : ventes en baisse.",
                        "closed": "Activité arrêtée.",
                        "not_applicable": "Situation suivie.",
                    }[visit.project_status]
                visits.append(visit)
            # Sustainability: a baseline at arrival, a follow-up at the six-month visit.
            six = visits[-2]
            # The principal of each case answers (members are listed principal first).
            firsts = {}
            for person, case_id in plan._members:
                firsts.setdefault(case_id, person)
            for case_id, person in firsts.items():
                rounds = [(0, min(base + D(days=rng.randint(3, 20)), horizon), 0.45)]
                if six.done_on:
                    rounds.append((1, six.done_on, 0.68))
                for number, on, level in rounds:
                    if on > horizon or on < base:
                        continue
                    answers = {}
                    for d in data["dimensions"]:
                        for i in d["indicators"]:
                            scored = [a for a in i["answers"] if a.get("score") is not None]
                            weights = [
                                max(0.05, 1 - abs(float(a["score"]) - level) * 1.6) for a in scored
                            ]
                            answers[i["code"]] = rng.choices(scored, weights)[0]["code"]
                    s = scoring.compute_scores(data, answers)
                    surveys.append(
                        SustainabilitySurvey(
                            case_id=case_id,
                            person_id=person,
                            round=number,
                            surveyed_on=on,
                            definition=self.definition,
                            answers=answers,
                            recorded_by=plan.approved_by,
                            **s.as_dict(),
                        )
                    )
            for case_id in {c for _p, c in plan._members}:
                events.append(
                    TimelineEvent(
                        case_id=case_id,
                        at=_at(plan.approved_on, 15),
                        actor=plan.approved_by,
                        kind=TimelineEvent.Kind.UPDATE,
                        action="plan_approved",
                        data={"plan": plan.pk, "level": plan.level},
                    )
                )
        MonitoringVisit.objects.bulk_create(visits, batch_size=2000)
        SustainabilitySurvey.objects.bulk_create(surveys, batch_size=2000)
        TimelineEvent.objects.bulk_create(events, batch_size=2000)
        self.stats["visits"] = len(visits)
        self.stats["surveys"] = len(surveys)

    # -- satisfaction ------------------------------------------------------------------------

    def satisfaction(self) -> None:
        rng = self.rng
        rows = []
        outbound = list(
            CaseMember.objects.filter(
                case__case_type="outbound",
                case__arrival_date__gte=START,
                case__arrival_date__lte=dt.date(YEAR, 10, 31),
                person__date_of_birth__lte=dt.date(YEAR - 18, 1, 1),
            )
            .values_list("case_id", "person_id", "case__arrival_date")
            .order_by("id")
        )
        n, yes_return, yes_needs = OUTBOUND_SATISFACTION
        sample = rng.sample(outbound, min(n, len(outbound)))
        no_return = set(rng.sample(range(len(sample)), len(sample) - yes_return))
        no_needs = set(rng.sample(range(len(sample)), len(sample) - yes_needs))
        for i, (case_id, person_id, arrived) in enumerate(sample):
            rows.append(
                SatisfactionSurvey(
                    case_id=case_id,
                    person_id=person_id,
                    surveyed_on=min(arrived + D(days=rng.randint(30, 60)), END),
                    satisfied_with_return=i not in no_return,
                    needs_taken_into_account=i not in no_needs,
                )
            )
        inbound = [(c, p) for plan in getattr(self, "inbound_plans", []) for p, c in plan._members]
        seen = set()
        inbound = [x for x in inbound if not (x[1] in seen or seen.add(x[1]))]
        n, yes_assist, yes_entourage = INBOUND_SATISFACTION
        arrivals = dict(
            Case.objects.filter(pk__in=[c for c, _p in inbound]).values_list("pk", "arrival_date")
        )
        inbound = [x for x in inbound if arrivals[x[0]] <= dt.date(YEAR, 10, 31)]
        sample = rng.sample(inbound, min(n, len(inbound)))
        no_assist = set(rng.sample(range(len(sample)), len(sample) - yes_assist))
        no_entourage = set(rng.sample(range(len(sample)), len(sample) - yes_entourage))
        for i, (case_id, person_id) in enumerate(sample):
            rows.append(
                SatisfactionSurvey(
                    case_id=case_id,
                    person_id=person_id,
                    surveyed_on=min(arrivals[case_id] + D(days=rng.randint(60, 90)), END),
                    satisfied_with_return=True,
                    needs_taken_into_account=True,
                    satisfied_with_assistance=i not in no_assist,
                    entourage_support_crucial=i not in no_entourage,
                )
            )
        SatisfactionSurvey.objects.bulk_create(rows, batch_size=2000)
        self.stats["satisfaction"] = len(rows)


def load_demo(ctx) -> None:
    loader = Loader(ctx)
    loader.receptions()
    loader.outbound_2022()
    loader.inbound_2022()
    loader.current()
    loader.write()
    loader.satisfaction()
    audit_record(
        actor=None,
        verb="demo.reintegration",
        object_type="demo",
        object_id="reintegration",
        data=dict(loader.stats),
    )
    s = loader.stats
    ctx.log(
        f"    reintegration: {s['receptions']} receptions; plans {s['outbound_plans']} abroad "
        f"({s['outbound_persons']} returnees of {YEAR}), {s['inbound_plans']} for Moroccans, "
        f"{s['current_plans']} current; {s['disbursements']} disbursements, {s['visits']} visits, "
        f"{s['surveys']} sustainability and {s['satisfaction']} satisfaction surveys"
    )
