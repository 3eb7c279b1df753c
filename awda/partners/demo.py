"""Demo records of partners: the referral directory (what each partner offers, which consent
sharing with it needs) and referrals of current cases to the Ministry of Health, Entraide
Nationale, NGOs and UNHCR, in every status.

Referrals are made only where the group consented to that kind of recipient (the consents
come from awda.protection.demo, which runs first); the timeline and the referral history
get the events the services would have written, dated when they happened.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from awda.accounts.models import Organisation
from awda.cases.models import Case, TimelineEvent
from awda.partners.models import PartnerProfile, Referral, ReferralEvent
from awda.protection.models import Consent
from awda.protection.selectors import consent_purpose_for

TZ = ZoneInfo(settings.TIME_ZONE)

# code: (services, consent purpose when the kind is not enough, accepts referrals)
DIRECTORY = {
    "NGO-ALCS": (["health", "mental_health"], "", True),
    "NGO-MS2": (["health", "mental_health", "food"], "", True),
    "NGO-AMPF": (["health", "gbv"], "", True),
    "NGO-BAYTI": (["child_protection", "shelter", "mental_health"], "", True),
    "NGO-ASTICUDE": (["food", "shelter", "education"], "", True),
    "EN": (["child_protection", "shelter", "food"], "public_bodies", True),
    "MS": (["health", "mental_health"], "health", True),
    "MJ": (["legal", "child_protection", "trafficking"], "public_bodies", True),
    "MAE": (["documents"], "public_bodies", True),
    "MI": ([], "ministry_interior", False),
    "UNHCR": (["asylum", "legal"], "un_agencies", True),
}

# (partner, service, reason) — what a case worker writes, without restricted details.
REFERRAL_KINDS = [
    ("MS", "health", "Consultation et suivi médical avant le départ."),
    ("NGO-ALCS", "health", "Dépistage et accompagnement médical."),
    ("NGO-ALCS", "mental_health", "Soutien psychosocial avant le retour."),
    ("EN", "child_protection", "Prise en charge et hébergement d'un enfant non accompagné."),
    ("EN", "shelter", "Hébergement d'urgence de la famille en attendant le départ."),
    ("UNHCR", "asylum", "Souhaite des informations sur une demande d'asile."),
    ("NGO-BAYTI", "child_protection", "Accompagnement d'un mineur en attendant la procédure."),
    ("NGO-AMPF", "health", "Suivi de grossesse avant le voyage."),
    ("NGO-MS2", "food", "Appui alimentaire pendant l'attente des documents de voyage."),
]


N_REFERRALS = 72


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def load_demo(ctx) -> None:
    rng = ctx.rng
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=list(DIRECTORY))}
    for code, (services, purpose, accepts) in DIRECTORY.items():
        if code in orgs:
            PartnerProfile.objects.update_or_create(
                organisation=orgs[code],
                defaults={
                    "services": services,
                    "consent_purpose": purpose,
                    "accepts_referrals": accepts,
                },
            )
    orgs = {
        o.code: o
        for o in Organisation.objects.filter(code__in=list(DIRECTORY)).select_related(
            "partner_profile"
        )
    }
    purposes = {code: consent_purpose_for(org) for code, org in orgs.items()}
    consented: dict[int, set[str]] = {}
    for case_id, purpose in Consent.objects.filter(
        withdrawn_on__isnull=True, case__application_date__gte=ctx.today - dt.timedelta(days=400)
    ).values_list("case_id", "purpose"):
        consented.setdefault(case_id, set()).add(purpose)

    cases = list(
        Case.objects.filter(
            case_type="outbound",
            status__in=["counselling", "screening", "travel_documents", "ready", "booked"],
            pk__in=list(consented),
        )
        .only("id", "office_id", "application_date", "created_by_id")
        .order_by("id")
    )
    by_purpose: dict[str, list] = {}
    for case in cases:
        for purpose in consented[case.pk]:
            by_purpose.setdefault(purpose, []).append(case)
    used: set[int] = set()
    referrals, plans = [], []
    for i in range(N_REFERRALS):
        # Every kind of referral appears, each for a group that consented to that recipient.
        code, service, reason = REFERRAL_KINDS[i % len(REFERRAL_KINDS)]
        candidates = [c for c in by_purpose.get(purposes.get(code), []) if c.pk not in used]
        if code not in orgs or not candidates:
            continue
        case = rng.choice(candidates)
        used.add(case.pk)
        sent_on = max(
            case.application_date,
            min(
                case.application_date + dt.timedelta(days=rng.randint(1, 20)),
                ctx.today - dt.timedelta(days=1),
            ),
        )
        age = (ctx.today - sent_on).days
        # Older referrals have moved on; the last few days' wait for an answer, and so does
        # the first of each kind, so that every partner has something to answer.
        roll = rng.random()
        if age < 4 or roll < 0.25 or i < len(REFERRAL_KINDS):
            path = ["sent"]
        elif roll < 0.55:
            path = ["sent", "accepted"]
        elif roll < 0.85:
            path = ["sent", "accepted", "completed"]
        else:
            path = ["sent", "declined"]
        referrals.append(
            Referral(
                case_id=case.pk,
                from_organisation_id=case.office_id,
                to_organisation=orgs[code],
                service=service,
                reason=reason,
                status=path[-1],
                sent_on=sent_on,
                consent_purpose=purposes[code],
                created_by_id=case.created_by_id,
            )
        )
        plans.append((case, path, sent_on, age))
    Referral.objects.bulk_create(referrals)

    partner_users = {}
    for user in ctx.users.values():
        if user.organisation_id:
            partner_users.setdefault(user.organisation_id, user)
    events, timeline = [], []
    for referral, (case, path, sent_on, age) in zip(referrals, plans, strict=True):
        day = sent_on
        answerer = partner_users.get(referral.to_organisation_id)
        events.append(
            ReferralEvent(
                referral=referral,
                status="sent",
                on=sent_on,
                at=at(sent_on, 11),
                actor_id=case.created_by_id,
                organisation_id=case.office_id,
            )
        )
        timeline.append(
            TimelineEvent(
                case_id=case.pk,
                at=at(sent_on, 11),
                actor_id=case.created_by_id,
                kind=TimelineEvent.Kind.UPDATE,
                action="referral_sent",
                data={
                    "referral": referral.pk,
                    "to": referral.to_organisation.code,
                    "service": referral.service,
                    "purpose": referral.consent_purpose,
                },
            )
        )
        for status in path[1:]:
            day = min(day + dt.timedelta(days=rng.randint(1, max(1, age // 3))), ctx.today)
            note = {
                "accepted": "Rendez-vous fixé.",
                "completed": "Prise en charge effectuée.",
                "declined": "Service saturé ce mois-ci ; réorienter vers un autre partenaire.",
            }[status]
            events.append(
                ReferralEvent(
                    referral=referral,
                    status=status,
                    on=day,
                    at=at(day, 15),
                    actor=answerer,
                    organisation_id=referral.to_organisation_id,
                    note=note,
                )
            )
            timeline.append(
                TimelineEvent(
                    case_id=case.pk,
                    at=at(day, 15),
                    actor=answerer,
                    kind=TimelineEvent.Kind.UPDATE,
                    action=f"referral_{status}",
                    data={"referral": referral.pk, "by": referral.to_organisation.code},
                )
            )
            if referral.answered_on is None:
                referral.answered_on = day
            if status == "completed":
                referral.completed_on = day
            referral.notes = note
            referral.answered_by = answerer
    Referral.objects.bulk_update(
        referrals, ["answered_on", "completed_on", "notes", "answered_by"], batch_size=500
    )
    ReferralEvent.objects.bulk_create(events, batch_size=1000)
    TimelineEvent.objects.bulk_create(timeline, batch_size=1000)
    by_status: dict[str, int] = {}
    for r in referrals:
        by_status[r.status] = by_status.get(r.status, 0) + 1
    ctx.log(f"    partners: {len(orgs)} in the directory; referrals {by_status}")
