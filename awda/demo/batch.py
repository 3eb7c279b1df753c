"""Writing synthetic cases in bulk: people, groups, documents, timelines, protection records.

A `CaseSpec` says what a case is and what happened to it (as workflow steps); `CaseBatch`
turns specs into rows and writes them with `bulk_create`, a few thousand cases at a time,
so that memory stays flat however many cases are generated. The timeline holds the
events the services would have written (case opened, members added, declaration signed,
each transition with its from/to status and reason), dated when they happened.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models
from django.db.models import F
from django.utils import timezone

from awda.accounts.models import Organisation, User
from awda.cases.models import (
    Case,
    CaseMember,
    CaseReturnReason,
    ReferenceCounter,
    TimelineEvent,
)
from awda.cases.workflows import workflow_for
from awda.demo.journeys import Step, walk
from awda.people.models import IdentityDocument, Person
from awda.people.names import document_key, person_keys
from awda.protection.models import (
    CATEGORY_SENSITIVITY,
    BestInterestsProcedure,
    Sensitivity,
    VoluntaryReturnDeclaration,
    Vulnerability,
)

TZ = ZoneInfo(settings.TIME_ZONE)

# Who records which action: the office's case worker unless said here.
_ACTION_ACTOR = {
    "book": "travel",
    "depart": "travel",
    "mark_no_show": "travel",
    "rebook": "travel",
}
_OUTBOUND_MISSION_ACTIONS = {"start_reintegration", "start_monitoring", "close", "reopen"}


@dataclass
class PersonSpec:
    given_name: str
    family_name: str
    sex: str
    date_of_birth: dt.date
    nationality: str
    relationship: str
    name_other_script: str = ""
    dob_estimated: bool = False
    languages: str = ""
    phone: str = ""
    residence_city: str = ""
    residence_region: str = ""
    # dicts of IdentityDocument fields (kind, number, issuing_country, issued_on, expires_on)
    documents: list[dict] = field(default_factory=list)
    # dicts: category, details, assessed_on
    vulnerabilities: list[dict] = field(default_factory=list)
    # BestInterestsProcedure fields, for a child alone
    best_interests: dict | None = None


@dataclass
class CaseSpec:
    case_type: str
    office: Organisation
    application_date: dt.date
    members: list[PersonSpec]
    steps: list[Step] = field(default_factory=list)
    programme: Any = None
    country_of_origin: str = ""
    destination_country: str = ""
    host_country: str = ""
    settlement_region: str = ""
    referral_source: str = "self"
    referred_by: Organisation | None = None
    receiving_mission: Organisation | None = None
    arrival_in_morocco_date: dt.date | None = None
    planned_departure_date: dt.date | None = None
    reasons: list[str] = field(default_factory=list)
    # VoluntaryReturnDeclaration fields (signed_on, language, …) and, if withdrawn,
    # withdrawn_on / withdrawal_reason.
    declaration: dict | None = None
    # "office", "travel", "mission", "protection" -> User or None
    actors: dict[str, User | None] = field(default_factory=dict)


def _timestamp_fields(model: type[models.Model]) -> list[models.Field]:
    """DateTimeFields a model fills itself (auto_now, auto_now_add, default=now)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateTimeField)
        and (f.auto_now or f.auto_now_add or f.default is timezone.now)
    ]


@contextmanager
def historical_timestamps(*instances_by_model: tuple[type[models.Model], list, str]):
    """Let bulk loads date rows when things happened, not when the load ran.

    auto_now(_add) fields ignore the value given, and the demo history would look
    registered on the day it was loaded. For each (model, instances, attribute) the
    model's own timestamps are switched to plain fields for the duration, and those left
    empty take the value of `attribute` (e.g. "created_at") of the same instance.
    """
    saved = []
    for model, instances, source in instances_by_model:
        fields = _timestamp_fields(model)
        for f in fields:
            saved.append((f, f.auto_now, f.auto_now_add))
            f.auto_now = f.auto_now_add = False
        for obj in instances:
            moment = getattr(obj, source)
            for f in fields:
                if getattr(obj, f.attname) is None:
                    setattr(obj, f.attname, moment)
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def reserve_references(counts: Counter) -> dict[tuple[str, int], int]:
    """Reserve `n` consecutive case numbers per (office code, year); return the first of each.

    Same counter rows, locked the same way, as `case_create`, so bulk-loaded and
    registered cases never share a reference.
    """
    first = {}
    for (office_code, year), n in sorted(counts.items()):
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
            office_code=office_code, year=year
        )
        ReferenceCounter.objects.filter(pk=counter.pk).update(last_value=F("last_value") + n)
        counter.refresh_from_db(fields=["last_value"])
        first[(office_code, year)] = counter.last_value - n + 1
    return first


class CaseBatch:
    """Collects case specs and writes them in bulk every `size` cases."""

    def __init__(self, rng: random.Random, size: int = 2000):
        self.rng = rng
        self.size = size
        self.specs: list[CaseSpec] = []
        self.totals: Counter = Counter()

    def add(self, spec: CaseSpec) -> None:
        self.specs.append(spec)
        if len(self.specs) >= self.size:
            self.flush()

    def _at(self, day: dt.date, after: dt.datetime | None) -> dt.datetime:
        """A working-hours moment on `day`, later than `after`."""
        moment = dt.datetime.combine(day, dt.time(8, 30), tzinfo=TZ) + dt.timedelta(
            minutes=self.rng.randint(0, 480)
        )
        if after is not None and moment <= after:
            moment = after + dt.timedelta(minutes=self.rng.randint(3, 40))
        return moment

    def flush(self) -> None:
        if not self.specs:
            return
        specs, self.specs = self.specs, []
        rng = self.rng
        refs = reserve_references(Counter((s.office.code, s.application_date.year) for s in specs))
        persons: list[Person] = []
        cases: list[Case] = []
        # Rows of the other tables, as tuples in the column order of `_COLUMNS`; a Case,
        # Person or User in a row stands for its id, known once persons and cases are in.
        rows: dict[type, list[tuple]] = {model: [] for model in _COLUMNS}

        for spec in specs:
            workflow = workflow_for(spec.case_type)
            walked = walk(workflow, spec.steps)
            key = (spec.office.code, spec.application_date.year)
            number = refs[key]
            refs[key] += 1
            office_actor = spec.actors.get("office")
            # Opened first thing in the morning: whatever else happens that day comes after.
            created = dt.datetime.combine(
                spec.application_date, dt.time(8, 0), tzinfo=TZ
            ) + dt.timedelta(minutes=rng.randint(0, 45))
            case = Case(
                reference=f"{spec.office.code}-{spec.application_date.year}-{number:05d}",
                case_type=spec.case_type,
                status=walked.status,
                previous_status=walked.previous_status,
                office=spec.office,
                programme=spec.programme,
                country_of_origin=spec.country_of_origin,
                destination_country=spec.destination_country,
                host_country=spec.host_country,
                settlement_region=spec.settlement_region,
                referral_source=spec.referral_source,
                referred_by=spec.referred_by,
                receiving_mission=spec.receiving_mission,
                arrival_in_morocco_date=spec.arrival_in_morocco_date,
                application_date=spec.application_date,
                planned_departure_date=spec.planned_departure_date,
                created_at=created,
                created_by=office_actor,
            )
            for name, value in walked.fields.items():
                setattr(case, name, value)
            cases.append(case)

            case_persons = []
            for m in spec.members:
                person = Person(
                    given_name=m.given_name,
                    family_name=m.family_name,
                    name_other_script=m.name_other_script,
                    sex=m.sex,
                    date_of_birth=m.date_of_birth,
                    dob_estimated=m.dob_estimated,
                    nationality=m.nationality,
                    languages=m.languages,
                    phone=m.phone,
                    residence_city=m.residence_city,
                    residence_region=m.residence_region,
                    created_at=created,
                    created_by=office_actor,
                    **person_keys(m.given_name, m.family_name, m.name_other_script),
                )
                persons.append(person)
                case_persons.append(person)
                rows[CaseMember].append((case, person, m.relationship))
                for d in m.documents:
                    recorded = self._at(
                        max(spec.application_date, d["issued_on"] or dt.date.min), None
                    )
                    rows[IdentityDocument].append(
                        (
                            person,
                            d["kind"],
                            d["number"],
                            document_key(d["number"]),
                            d["issuing_country"],
                            d["issued_on"],
                            d["expires_on"],
                            recorded,
                        )
                    )
                for v in m.vulnerabilities:
                    rows[Vulnerability].append(
                        (
                            case,
                            person,
                            v["category"],
                            CATEGORY_SENSITIVITY.get(v["category"], Sensitivity.NORMAL),
                            v.get("details", ""),
                            v["assessed_on"],
                            spec.actors.get("protection") or office_actor,
                            None,
                        )
                    )
                if m.best_interests:
                    b = m.best_interests
                    rows[BestInterestsProcedure].append(
                        (case, person, *(b[name] for name in _BID_FIELDS))
                    )
            for r in dict.fromkeys(spec.reasons):
                rows[CaseReturnReason].append((case, r))

            # Timeline: opened, members added, then declaration and transitions by date.
            events = rows[TimelineEvent]
            last = created
            events.append(
                (case, created, office_actor, "created", "create", "", workflow.initial, "",
                 {"principal": case_persons[0]})
            )  # fmt: skip
            for person, m in list(zip(case_persons, spec.members, strict=True))[1:]:
                last = last + dt.timedelta(minutes=rng.randint(2, 15))
                events.append(
                    (case, last, office_actor, "member", "add_member", "", "", "",
                     {"person": person, "relationship": m.relationship})
                )  # fmt: skip

            dated: list[tuple[dt.date, int, tuple]] = []
            decl = spec.declaration
            if decl:
                rows[VoluntaryReturnDeclaration].append(
                    (
                        case,
                        decl["signed_on"],
                        decl["language"],
                        decl["information_version"],
                        decl.get("signed_by_guardian", False),
                        decl.get("guardian_name", ""),
                        office_actor,
                        decl.get("withdrawn_on"),
                        decl.get("withdrawal_reason", ""),
                    )
                )
                signed = {
                    "signed_on": decl["signed_on"].isoformat(),
                    "language": decl["language"],
                    "version": decl["information_version"],
                }
                dated.append(
                    (decl["signed_on"], 0, (office_actor, "declaration", "declaration_signed", "", "", "", signed))
                )  # fmt: skip
                if decl.get("withdrawn_on"):
                    dated.append(
                        (decl["withdrawn_on"], 1,
                         (office_actor, "declaration", "declaration_withdrawn", "", "",
                          decl.get("withdrawal_reason", ""), {}))
                    )  # fmt: skip
            for step, from_status, to_status, data in walked.transitions:
                role = _ACTION_ACTOR.get(step.action, "office")
                if spec.case_type == "outbound" and step.action in _OUTBOUND_MISSION_ACTIONS:
                    role = "mission"
                actor = spec.actors.get(role) or office_actor
                dated.append(
                    (step.on, 2, (actor, "transition", step.action, from_status, to_status, step.reason, data))
                )  # fmt: skip
            # Python's sort is stable: same-day events keep their written order.
            for day, _order, e in sorted(dated, key=lambda x: (x[0], x[1])):
                last = self._at(day, last)
                events.append((case, last, *e))
            case.updated_at = last

        with historical_timestamps((Person, persons, "created_at"), (Case, cases, "created_at")):
            Person.objects.bulk_create(persons, batch_size=1000)
            Case.objects.bulk_create(cases, batch_size=1000)
        counted = {"cases": len(cases), "persons": len(persons)}
        for model, model_rows in rows.items():
            bulk_insert(model, _COLUMNS[model], model_rows, moment=_MOMENT.get(model))
            counted[_TOTAL_NAMES[model]] = len(model_rows)
        self.totals.update(counted)


_BID_FIELDS = (
    "identified_on",
    "guardian_name",
    "guardian_appointed_on",
    "assessment_on",
    "family_tracing_on",
    "determination",
    "determination_on",
    "panel_reasons",
)
_COLUMNS: dict[type, tuple[str, ...]] = {
    CaseMember: ("case", "person", "relationship"),
    IdentityDocument: (
        "person", "kind", "number", "number_key", "issuing_country", "issued_on", "expires_on",
        "created_at",
    ),
    CaseReturnReason: ("case", "reason"),
    TimelineEvent: (
        "case", "at", "actor", "kind", "action", "from_status", "to_status", "reason", "data",
    ),
    VoluntaryReturnDeclaration: (
        "case", "signed_on", "language", "information_version", "signed_by_guardian",
        "guardian_name", "recorded_by", "withdrawn_on", "withdrawal_reason",
    ),
    Vulnerability: (
        "case", "person", "category", "sensitivity", "details", "assessed_on", "assessed_by",
        "resolved_on",
    ),
    BestInterestsProcedure: ("case", "child", *_BID_FIELDS),
}  # fmt: skip
# The column that dates a row's own timestamps (recorded_at, updated_at, …), if any.
_MOMENT = {
    IdentityDocument: "created_at",
    TimelineEvent: "at",
    VoluntaryReturnDeclaration: "signed_on",
    Vulnerability: "assessed_on",
    BestInterestsProcedure: "identified_on",
}
_TOTAL_NAMES = {
    CaseMember: "members",
    IdentityDocument: "documents",
    CaseReturnReason: "return_reasons",
    TimelineEvent: "timeline_events",
    VoluntaryReturnDeclaration: "declarations",
    Vulnerability: "vulnerabilities",
    BestInterestsProcedure: "best_interests_procedures",
}
# Values of these field types go to the driver as they are; the others are prepared by
# their field (dates, datetimes, JSON, encrypted text), exactly as the ORM would.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _id(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _id(v) for k, v in value.items()}
    return value


def bulk_insert(
    model: type[models.Model], names: tuple[str, ...], rows: list[tuple], moment: str | None = None
) -> None:
    """INSERT many rows whose ids nobody needs back, without building model instances.

    For the hundreds of thousands of timeline events, members and documents of a demo or
    benchmark load, building and compiling one ORM instance per row costs most of the
    time. Values are still prepared by each field (`get_db_prep_save`), so dates, JSON
    and encrypted text reach the database exactly as through `save()`. Columns not given
    take the field's default, as a new instance would; timestamps (auto_now, default=now)
    take the row's `moment` column, so that they say when the thing happened.
    """
    if not rows:
        return
    given = [model._meta.get_field(n) for n in names]
    given_names = {f.name for f in given}
    stamps = _timestamp_fields(model)
    others = [
        f
        for f in model._meta.concrete_fields
        if f.name not in given_names and not f.primary_key and f not in stamps
    ]
    stamps = [f for f in stamps if f.name not in given_names]
    fields = given + stamps + others
    moment_index = names.index(moment) if moment else None
    now = timezone.now()
    ops = connection.ops
    # One adapter per column, chosen once: the field's own preparation, short-cut for the
    # common types whose preparation is only the backend's adaptation.
    adapters = []
    for f in fields:
        if type(f) in _PLAIN_FIELDS:
            adapters.append(None)
        elif type(f) is models.DateField:
            adapters.append(ops.adapt_datefield_value)
        elif type(f) is models.DateTimeField:
            adapters.append(ops.adapt_datetimefield_value)
        else:
            adapters.append(lambda v, f=f: f.get_db_prep_save(v, connection))
    # Only foreign keys and JSON can hold objects standing for ids.
    resolve = [i for i, f in enumerate(given) if f.is_relation or isinstance(f, models.JSONField)]
    qn = ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(model._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    defaults = [f.get_default for f in others]
    prepared = []
    for row in rows:
        when = row[moment_index] if moment_index is not None else None
        if when is None:
            when = now
        elif not isinstance(when, dt.datetime):
            when = dt.datetime.combine(when, dt.time(12), tzinfo=TZ)
        values = list(row)
        for i in resolve:
            values[i] = _id(values[i])
        values += [when] * len(stamps)
        values += [default() for default in defaults]
        prepared.append(
            tuple(
                v if adapt is None or v is None else adapt(v)
                for adapt, v in zip(adapters, values, strict=True)
            )
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: several times faster than INSERTs.
            copy_sql = "COPY {} ({}) FROM STDIN".format(
                qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for values in prepared:
                    copy.write_row(values)
        else:
            for i in range(0, len(prepared), 5000):
                cursor.executemany(sql, prepared[i : i + 5000])
