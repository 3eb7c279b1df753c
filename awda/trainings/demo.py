"""Demo records of FORAS orientation and trainings, calibrated to 2022 (seed 000):
502 registered migrants in orientation sessions (366 men, 136 women) in Rabat, Casablanca
and Oujda, 217 of them trained (171 men, 46 women), about 96 % satisfied (seed 003); and a
cycle under way in two offices today, with one attendance sheet still to fill in.

Participants are adults of 2022 outbound cases, each session dated between their
registration and their departure."""

from __future__ import annotations

import datetime as dt

from awda.audit.services import audit_record
from awda.cases.models import CaseMember
from awda.trainings.models import (
    Attendance,
    AwarenessParticipant,
    AwarenessSession,
    Enrolment,
    Module,
    TrainingCycle,
    TrainingSession,
)

D = dt.timedelta
YEAR = 2022
END = dt.date(YEAR, 12, 20)
OFFICES = ("RBA", "CAS", "OUJ")
ORIENTATION = {"M": 366, "F": 136}
TRAINED = {"M": 171, "F": 46}
ENROLLED_ABSENT = 18
SATISFIED_SHARE = 0.96
FACILITATORS = ["Équipe FORAS", "Entraide Nationale", "Formateur associé"]
MODULE_ORDER = [
    Module.LIFE_SKILLS,
    Module.SOFT_SKILLS,
    Module.ENTREPRENEURSHIP,
    Module.COMMERCIALISATION,
    Module.AGRICULTURE,
    Module.HANDICRAFTS,
]


def _first_weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + D(days=(weekday - day.weekday()) % 7)


def load_demo(ctx) -> None:
    rng = ctx.rng
    offices = {code: ctx.orgs[code] for code in OFFICES if code in ctx.orgs}
    programme = ctx.programmes.get("FORAS-II")
    rows = (
        CaseMember.objects.filter(
            case__case_type="outbound",
            case__application_date__year=YEAR,
            case__office__code__in=list(offices),
        )
        .values_list(
            "case_id",
            "person_id",
            "person__sex",
            "person__date_of_birth",
            "person__nationality",
            "case__office__code",
            "case__application_date",
            "case__departure_date",
            "case__closed_on",
        )
        .order_by("id")
    )
    people = []
    for case_id, person_id, sex, born, country, office, applied, departed, closed in rows:
        if born is None or (applied - born).days < 18 * 365:
            continue
        start = applied + D(days=5)
        end = min(d for d in (departed and departed - D(days=2), closed, END) if d)
        if end - start >= D(days=14):
            people.append((case_id, person_id, sex, country, office, start, end))
    rng.shuffle(people)

    # Awareness sessions by office and country of origin.
    chosen = {"M": [], "F": []}
    for p in people:
        if len(chosen[p[2]]) < ORIENTATION[p[2]]:
            chosen[p[2]].append(p)
    participants = chosen["M"] + chosen["F"]
    sessions: dict[tuple, AwarenessSession] = {}
    attendance = []
    for case_id, person_id, _sex, country, office, start, end in participants:
        # Sessions are monthly (first Tuesday) per office and country; someone leaving
        # before the next one attends the first Tuesday after registering.
        month_start = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        day = _first_weekday_on_or_after(month_start, 1)
        if day > end:
            day = _first_weekday_on_or_after(start, 1)
        day = min(day, end)
        key = (office, country, day)
        if key not in sessions:
            sessions[key] = AwarenessSession(
                office=offices[office],
                country=country,
                held_on=day,
                facilitator=rng.choice(FACILITATORS),
                programme=programme,
            )
        attendance.append((key, person_id, case_id))
    AwarenessSession.objects.bulk_create(list(sessions.values()), batch_size=1000)
    AwarenessParticipant.objects.bulk_create(
        [
            AwarenessParticipant(session=sessions[k], person_id=p, case_id=c)
            for k, p, c in attendance
        ],
        batch_size=2000,
    )

    # Monthly cycles in each office; the trained are participants whose stay covers a cycle.
    cycles: dict[tuple, TrainingCycle] = {}
    cycle_sessions: dict[tuple, list[TrainingSession]] = {}
    for code, office in offices.items():
        for month in range(1, 13):
            starts = _first_weekday_on_or_after(dt.date(YEAR, month, 1), 0)
            key = (code, month)
            cycles[key] = TrainingCycle(
                office=office,
                title=f"FORAS {office.city or code} — {starts:%m/%Y}",
                starts_on=starts,
                ends_on=starts + D(days=11),
                programme=programme,
            )
    TrainingCycle.objects.bulk_create(list(cycles.values()))
    all_sessions = []
    for i, (key, cycle) in enumerate(sorted(cycles.items())):
        modules = [MODULE_ORDER[(i + n) % 6] for n in range(3)]
        cycle_sessions[key] = [
            TrainingSession(
                cycle=cycle,
                module=module,
                held_on=cycle.starts_on + D(days=offset),
                facilitator=rng.choice(FACILITATORS),
            )
            for module, offset in zip(modules, (1, 4, 8), strict=True)
        ]
        all_sessions += cycle_sessions[key]
    TrainingSession.objects.bulk_create(all_sessions)

    def cycle_for(office, start, end):
        options = [
            key
            for key, c in cycles.items()
            if key[0] == office and c.starts_on >= start and c.ends_on <= end
        ]
        return rng.choice(options) if options else None

    quota = dict(TRAINED)
    enrolments, present = [], []
    absent_left = ENROLLED_ABSENT
    for case_id, person_id, sex, _country, office, start, end in participants:
        key = cycle_for(office, start, end)
        if key is None:
            continue
        cycle = cycles[key]
        if quota[sex] > 0:
            quota[sex] -= 1
            attended = rng.sample(cycle_sessions[key], rng.choice([1, 2, 2, 3, 3, 3]))
            completed = cycle.ends_on if len(attended) >= 2 else None
            satisfied = True
        elif absent_left > 0:
            absent_left -= 1
            attended, completed, satisfied = [], None, None
        else:
            continue
        e = Enrolment(
            cycle=cycle,
            person_id=person_id,
            case_id=case_id,
            enrolled_on=cycle.starts_on - D(days=rng.randint(1, 6)),
            completed_on=completed,
            satisfied=satisfied,
        )
        enrolments.append(e)
        present.append((e, {s.pk for s in attended}, cycle_sessions[key]))
    if any(quota.values()):
        ctx.log(f"    trainings: fewer trained than published, missing {quota}")
    # About 96 % satisfied (seed 003): the rest of those who answered said they were not.
    answered = [e for e in enrolments if e.satisfied is not None]
    for e in rng.sample(answered, len(answered) - round(SATISFIED_SHARE * len(answered))):
        e.satisfied = False
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    Attendance.objects.bulk_create(
        [
            Attendance(session=s, enrolment=e, present=s.pk in attended)
            for e, attended, sessions_of_cycle in present
            for s in sessions_of_cycle
            if s.held_on <= ctx.today
        ],
        batch_size=2000,
    )
    # Months when nobody in an office could attend: no cycle was held.
    used = {e.cycle_id for e in enrolments}
    empty = [c.pk for c in cycles.values() if c.pk not in used]
    TrainingCycle.objects.filter(pk__in=empty).delete()
    current = _current_cycles(ctx, offices, programme)
    audit_record(
        actor=None,
        verb="demo.trainings",
        object_type="demo",
        object_id="trainings",
        data={"awareness": len(sessions), "cycles": len(cycles), "enrolments": len(enrolments)},
    )
    ctx.log(
        f"    trainings: {len(sessions)} awareness sessions ({len(participants)} participants), "
        f"{len(cycles) - len(empty)} cycles of {YEAR}, {len(enrolments)} enrolments; {current} cycles under way"
    )


def _current_cycles(ctx, offices, programme) -> int:
    """A cycle started a week ago in Rabat and Casablanca: one sheet filled, one not."""
    rng, today = ctx.rng, ctx.today
    made = 0
    for code in ("RBA", "CAS"):
        office = offices.get(code)
        if office is None:
            continue
        members = list(
            CaseMember.objects.filter(
                case__office=office,
                case__case_type="outbound",
                case__status__in=("counselling", "screening", "travel_documents", "ready"),
                person__date_of_birth__lte=today - D(days=18 * 366),
            ).values_list("case_id", "person_id")[:8]
        )
        if not members:
            continue
        starts = today - D(days=7)
        cycle = TrainingCycle.objects.create(
            office=office,
            title=f"FORAS {office.city or code} — {starts:%m/%Y}",
            starts_on=starts,
            ends_on=starts + D(days=14),
            programme=programme,
        )
        held = [
            TrainingSession.objects.create(
                cycle=cycle,
                module=module,
                held_on=starts + D(days=offset),
                facilitator="Équipe FORAS",
            )
            for module, offset in (
                (Module.LIFE_SKILLS, 1),
                (Module.ENTREPRENEURSHIP, 5),
                (Module.COMMERCIALISATION, 9),
            )
        ]
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(cycle=cycle, person_id=p, case_id=c, enrolled_on=starts - D(days=2))
                for c, p in members
            ]
        )
        Attendance.objects.bulk_create(
            [
                Attendance(session=held[0], enrolment=e, present=rng.random() < 0.85)
                for e in enrolments
            ]
        )
        made += 1
    return made
