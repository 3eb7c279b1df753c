"""Demo records of assistance: the 9,626 direct assistances of 2022 by type, with the
distribution days of food kits, counselling sessions, and the current cases' assistance,
sessions and appointments (so that "my work" has upcoming appointments).

2022 types: the annual report prints 2,592, 215 and 1,347 under "Bons d'achats",
"Assistances médicales" and "Hébergement" (the pairing is garbled in the OCR, see
published-figures.json `direct_assistance_2022`); the other 5,472 are spread over food,
non-food and hygiene kits, legal aid and medication, which the text also names.
`assistance_counts_by_type(start=2022-01-01, end=2022-12-31)` gives these totals back.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from awda.accounts.models import Organisation
from awda.assistance.models import (
    Appointment,
    AssistanceRecord,
    CounsellingSession,
    CounsellingTopic,
    Distribution,
)
from awda.cases.models import Case, CaseMember, TimelineEvent

TZ = ZoneInfo(settings.TIME_ZONE)

TOTALS_2022 = {
    "voucher": 2592,
    "medical_consultation": 215,
    "shelter_nights": 1347,
    "non_food_kit": 2600,
    "food_kit": 2200,
    "hygiene_kit": 372,
    "legal_aid": 200,
    "medication": 100,
}
assert sum(TOTALS_2022.values()) == 9626

UNIT_VALUE = {
    "voucher": Decimal("500"),
    "food_kit": Decimal("350"),
    "non_food_kit": Decimal("250"),
    "hygiene_kit": Decimal("120"),
    "medical_consultation": Decimal("300"),
    "medication": Decimal("180"),
    "shelter_nights": Decimal("150"),
    "transport": Decimal("100"),
}
PERSONAL = {"medical_consultation", "medication"}
# Partners that provide some of each type (the rest is given by the IOM office itself).
PARTNERS = {
    "medical_consultation": (0.5, ["MS", "NGO-ALCS", "NGO-MS2"]),
    "medication": (0.4, ["MS", "NGO-MS2"]),
    "shelter_nights": (0.4, ["EN", "NGO-ASTICUDE", "NGO-BAYTI"]),
    "hygiene_kit": (0.3, ["NGO-MS2"]),
    "legal_aid": (0.5, ["NGO-ASTICUDE"]),
}
# Distribution days of food kits in 2022: (office, month, day).
DISTRIBUTION_DAYS = [
    ("OUJ", 2, 16),
    ("OUJ", 5, 18),
    ("OUJ", 9, 14),
    ("OUJ", 11, 23),
    ("RBA", 3, 9),
    ("RBA", 6, 15),
    ("RBA", 10, 12),
    ("CAS", 4, 13),
    ("CAS", 7, 20),
    ("CAS", 12, 7),
    ("TNG", 6, 22),
]
CASE_WORKERS = {"RBA": "cw.rabat", "CAS": "cw.casa", "OUJ": "cw.oujda", "TNG": "cw.tanger"}
COUNSELLORS = {"RBA": "counsellor.rabat", **{k: v for k, v in CASE_WORKERS.items() if k != "RBA"}}
INTERPRETERS = ["", "", "", "Bambara", "Pulaar", "Wolof", "Susu", "Lingala", "Anglais"]
YEAR_START, YEAR_END = dt.date(2022, 1, 1), dt.date(2022, 12, 31)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


class _Writer:
    """Collects records with the timeline events the services would have written."""

    def __init__(self, users_by_office):
        self.records: list[AssistanceRecord] = []
        self.sessions: list[CounsellingSession] = []
        self.appointments: list[Appointment] = []
        self.users = users_by_office

    def record(self, case, **fields):
        self.records.append(
            AssistanceRecord(
                case_id=case.pk,
                programme_id=case.programme_id,
                recorded_by=self.users.get(case.office_id),
                **fields,
            )
        )

    def flush(self) -> None:
        AssistanceRecord.objects.bulk_create(self.records, batch_size=2000)
        CounsellingSession.objects.bulk_create(self.sessions, batch_size=2000)
        Appointment.objects.bulk_create(self.appointments, batch_size=2000)
        events = [
            TimelineEvent(
                case_id=r.case_id,
                at=at(r.date, 14),
                actor_id=r.recorded_by_id,
                kind=TimelineEvent.Kind.UPDATE,
                action="distribution_received" if r.distribution_id else "assistance_recorded",
                data={"distribution": r.distribution_id, "type": r.type}
                if r.distribution_id
                else {"record": r.pk, "type": r.type, "quantity": r.quantity},
            )
            for r in self.records
        ]
        events += [
            TimelineEvent(
                case_id=s.case_id,
                at=at(s.date, 10),
                actor_id=s.counsellor_id,
                kind=TimelineEvent.Kind.UPDATE,
                action="counselling_session",
                data={"session": s.pk, "topics": s.topics},
            )
            for s in self.sessions
        ]
        events += [
            TimelineEvent(
                case_id=a.case_id,
                at=a.created_at,
                actor_id=a.created_by_id,
                kind=TimelineEvent.Kind.UPDATE,
                action="appointment_planned",
                data={"appointment": a.pk, "at": a.at.isoformat(), "kind": a.kind},
            )
            for a in self.appointments
        ]
        TimelineEvent.objects.bulk_create(events, batch_size=2000)


def _window(case) -> tuple[dt.date, dt.date]:
    """Days in 2022 when the group was registered and still in Morocco."""
    start = max(case.application_date, YEAR_START)
    end = case.departure_date - dt.timedelta(days=1) if case.departure_date else YEAR_END
    end = min(end, case.closed_on or YEAR_END, YEAR_END)
    return start, max(start, end)


def _day(rng, window) -> dt.date:
    start, end = window
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _provider(rng, type_, case, orgs):
    share, codes = PARTNERS.get(type_, (0, []))
    codes = [c for c in codes if c in orgs]
    if codes and rng.random() < share:
        return orgs[rng.choice(codes)]
    return orgs["__office__"][case.office_id]


def load_demo(ctx) -> None:
    rng = ctx.rng
    orgs = {o.code: o for o in Organisation.objects.all()}
    offices = {o.pk: o for o in orgs.values() if o.kind == "iom_office"}
    orgs["__office__"] = offices
    users_by_office = {
        orgs[code].pk: ctx.users[u] for code, u in CASE_WORKERS.items() if u in ctx.users
    }
    counsellors = {orgs[code].pk: ctx.users[u] for code, u in COUNSELLORS.items() if u in ctx.users}
    writer = _Writer(users_by_office)

    cases = list(
        Case.objects.filter(case_type="outbound", application_date__year=2022)
        .only("id", "office_id", "programme_id", "application_date", "departure_date", "closed_on")
        .order_by("id")
    )
    members = defaultdict(list)
    for case_id, person_id in CaseMember.objects.filter(case__in=cases).values_list(
        "case_id", "person_id"
    ):
        members[case_id].append(person_id)
    windows = {c.pk: _window(c) for c in cases}
    remaining = dict(TOTALS_2022)

    # Distribution days: the food kit for every group of the office still waiting that day.
    code_of = {o.pk: o.code for o in offices.values()}
    distributed = 0
    for code, month, day in DISTRIBUTION_DAYS:
        date = dt.date(2022, month, day)
        recipients = [
            c
            for c in cases
            if code_of.get(c.office_id) == code and windows[c.pk][0] <= date <= windows[c.pk][1]
        ][:200]
        if not recipients or distributed + len(recipients) > remaining["food_kit"]:
            continue
        office = orgs[code]
        distribution = Distribution.objects.create(
            office=office,
            date=date,
            type="food_kit",
            quantity_per_case=1,
            unit_value=UNIT_VALUE["food_kit"],
            provider=office,
            location=f"OIM {office.city or office.name}",
            idempotency_key=f"demo-{code}-{date.isoformat()}",
            created_by=users_by_office.get(office.pk),
        )
        for c in recipients:
            writer.record(
                c,
                type="food_kit",
                quantity=1,
                unit_value=UNIT_VALUE["food_kit"],
                date=date,
                provider=office,
                distribution=distribution,
            )
        distributed += len(recipients)
    remaining["food_kit"] -= distributed

    # The other assistances, case by case, each on a day the group was waiting.
    for type_, n in remaining.items():
        for _ in range(n):
            case = rng.choice(cases)
            quantity = rng.randint(1, 7) if type_ == "shelter_nights" else 1
            writer.record(
                case,
                type=type_,
                quantity=quantity,
                unit_value=UNIT_VALUE.get(type_),
                date=_day(rng, windows[case.pk]),
                provider=_provider(rng, type_, case, orgs),
                person_id=rng.choice(members[case.pk]) if type_ in PERSONAL else None,
                description="Accompagnement pour les démarches administratives"
                if type_ == "legal_aid"
                else "",
            )

    # One counselling session per 2022 group, soon after registration.
    for case in cases:
        counsellor = counsellors.get(case.office_id)
        if counsellor is None:
            continue
        start, end = windows[case.pk]
        writer.sessions.append(
            CounsellingSession(
                case_id=case.pk,
                date=min(start + dt.timedelta(days=rng.randint(0, 4)), end),
                counsellor=counsellor,
                topics=rng.sample(
                    ["return_process", "voluntariness", "reintegration", "travel_documents"], 2
                ),
                interpreter_language=rng.choice(INTERPRETERS),
            )
        )

    _current_work(ctx, rng, writer, orgs, counsellors)
    writer.flush()
    ctx.log(
        f"    assistance: {len(writer.records)} records ({distributed} food kits on "
        f"{Distribution.objects.count()} distribution days), {len(writer.sessions)} counselling "
        f"sessions, {len(writer.appointments)} appointments"
    )


def _current_work(ctx, rng, writer, orgs, counsellors) -> None:
    """Open cases of the current year: a few assistances, sessions, next appointments."""
    today = ctx.today
    now = dt.datetime.combine(today, dt.time(9), tzinfo=TZ)
    open_cases = list(
        Case.objects.filter(
            case_type="outbound",
            application_date__gte=today - dt.timedelta(days=365),
            status__in=[
                "registered",
                "counselling",
                "screening",
                "travel_documents",
                "ready",
                "booked",
            ],
        )
        .only("id", "office_id", "programme_id", "application_date", "status")
        .order_by("id")
    )
    members = defaultdict(list)
    for case_id, person_id in CaseMember.objects.filter(case__in=open_cases).values_list(
        "case_id", "person_id"
    ):
        members[case_id].append(person_id)
    topics = CounsellingTopic.values
    planned = 0
    for case in open_cases:
        window = (case.application_date, max(case.application_date, today - dt.timedelta(days=1)))
        for _ in range(rng.randint(1, 4)):
            type_ = rng.choice(
                [
                    "food_kit",
                    "non_food_kit",
                    "hygiene_kit",
                    "voucher",
                    "voucher",
                    "medical_consultation",
                    "shelter_nights",
                ]
            )
            writer.record(
                case,
                type=type_,
                quantity=rng.randint(1, 5) if type_ == "shelter_nights" else 1,
                unit_value=UNIT_VALUE.get(type_),
                date=_day(rng, window),
                provider=_provider(rng, type_, case, orgs),
                person_id=rng.choice(members[case.pk]) if type_ in PERSONAL else None,
            )
        counsellor = counsellors.get(case.office_id)
        if counsellor is None or case.status == "registered":
            continue
        for _ in range(rng.randint(1, 3)):
            writer.sessions.append(
                CounsellingSession(
                    case_id=case.pk,
                    date=_day(rng, window),
                    counsellor=counsellor,
                    topics=rng.sample(topics, rng.randint(1, 3)),
                    interpreter_language=rng.choice(INTERPRETERS),
                    notes=rng.choice(
                        [
                            "",
                            "Décision de retour confirmée ; attend ses documents.",
                            "Hésite encore ; souhaite en parler à sa famille.",
                            "Intéressé·e par un projet de commerce au retour.",
                        ]
                    ),
                )
            )
        # The next appointment, within two weeks, for about half the groups in counselling.
        if rng.random() < 0.5:
            day = today + dt.timedelta(days=rng.randint(1, 14))
            writer.appointments.append(
                Appointment(
                    case_id=case.pk,
                    at=dt.datetime.combine(
                        day, dt.time(rng.choice([9, 10, 11, 14, 15])), tzinfo=TZ
                    ),
                    kind=rng.choice(["counselling", "counselling", "medical", "documents"]),
                    with_user=counsellor,
                    place=f"OIM {orgs['__office__'][case.office_id].city}",
                    created_by=counsellor,
                    created_at=now - dt.timedelta(days=rng.randint(1, 10)),
                )
            )
            planned += 1
