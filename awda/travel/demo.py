"""Demo records of departure operations, read from the cases the core loader wrote:

- a movement for every case that left (about 90 % by air from Casablanca, Rabat, Oujda or
  Tanger; the rest by land through El Guerguerat), grouped into departures (one manifest
  per flight and date), with tickets, the 100 USD per diem and the police PV per person;
- booked movements for the cases booked now (three of them leave today, so the movement
  officer and the border police have a manifest of the day), no-show movements;
- the Ministry of Interior's ticket quotas, charged with the tickets of the cases it funds
  (a few tickets stay on the third amendment so a booking can be tried);
- laissez-passer requests: issued ones behind the LPCs of recent returnees, and open ones
  waiting at the consulates for the cases now gathering their travel documents;
- fitness-to-travel decisions, escorts for children alone, and the resettlement medical
  examinations and cultural orientation sessions.

Everything is written with bulk_create; idempotent (nothing is done when movements exist).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from awda.accounts.models import Organisation, OrganisationKind, User
from awda.cases.models import Case, CaseMember, TimelineEvent
from awda.funding.models import Programme, QuotaAgreement
from awda.people.models import TRAVEL_DOCUMENT_KINDS, IdentityDocument
from awda.protection.models import CHILD_ALONE_CATEGORIES, Consent, Vulnerability
from awda.travel.models import (
    LPC_OPEN_STATUSES,
    POLICE_POSTS,
    CulturalOrientation,
    Departure,
    DocumentSituation,
    ExitAuthorisation,
    FitnessToTravel,
    LpcBatch,
    LpcRequest,
    LpcStatus,
    MedicalExamination,
    Movement,
    MovementLeg,
    Passenger,
)
from awda.travel.selectors import ORIENTATION_MIN_AGE

D = dt.timedelta
BATCH = 2000

# Destination → (first airport abroad, carrier, flight number from Casablanca).
ROUTES = {
    "GN": ("CKY Conakry", "Royal Air Maroc", "AT571"),
    "CI": ("ABJ Abidjan", "Royal Air Maroc", "AT555"),
    "SN": ("DSS Dakar", "Royal Air Maroc", "AT501"),
    "ML": ("BKO Bamako", "Royal Air Maroc", "AT597"),
    "CM": ("DLA Douala", "Royal Air Maroc", "AT537"),
    "NG": ("LOS Lagos", "Royal Air Maroc", "AT553"),
    "CG": ("BZV Brazzaville", "Royal Air Maroc", "AT563"),
    "CD": ("FIH Kinshasa", "Royal Air Maroc", "AT565"),
    "GM": ("BJL Banjul", "Royal Air Maroc", "AT517"),
    "BF": ("OUA Ouagadougou", "Royal Air Maroc", "AT545"),
    "GH": ("ACC Accra", "Royal Air Maroc", "AT577"),
    "NE": ("NIM Niamey", "Royal Air Maroc", "AT585"),
    "TD": ("NDJ N'Djamena", "Royal Air Maroc", "AT591"),
    "GA": ("LBV Libreville", "Royal Air Maroc", "AT535"),
    "BJ": ("COO Cotonou", "Royal Air Maroc", "AT557"),
    "TG": ("LFW Lomé", "Royal Air Maroc", "AT559"),
    "SL": ("FNA Freetown", "Royal Air Maroc", "AT579"),
    "LR": ("ROB Monrovia", "Royal Air Maroc", "AT581"),
    "MR": ("NKC Nouakchott", "Royal Air Maroc", "AT517"),
    "GW": ("OXB Bissau", "Royal Air Maroc", "AT593"),
    "CF": ("BGF Bangui", "Royal Air Maroc", "AT567"),
    "SD": ("KRT Khartoum", "EgyptAir", "MS850"),
    "ET": ("ADD Addis-Abeba", "Ethiopian Airlines", "ET701"),
    "ER": ("ASM Asmara", "EgyptAir", "MS855"),
    "YE": ("ADE Aden", "EgyptAir", "MS851"),
    "SY": ("DAM Damas", "Royal Jordanian", "RJ266"),
    "PH": ("MNL Manille", "Qatar Airways", "QR1396"),
    "BD": ("DAC Dacca", "Qatar Airways", "QR1392"),
    "PK": ("KHI Karachi", "Qatar Airways", "QR1394"),
    "TN": ("TUN Tunis", "Royal Air Maroc", "AT572"),
    "DZ": ("ALG Alger", "Air Algérie", "AH2020"),
    "LY": ("MJI Tripoli", "Tunisair", "TU521"),
    # Resettlement countries.
    "CA": ("YUL Montréal", "Royal Air Maroc", "AT208"),
    "FR": ("CDG Paris", "Royal Air Maroc", "AT750"),
    "SE": ("ARN Stockholm", "Royal Air Maroc", "AT810"),
    "NL": ("AMS Amsterdam", "Royal Air Maroc", "AT850"),
    "NO": ("OSL Oslo", "Norwegian", "DY1561"),
    "DK": ("CPH Copenhague", "Royal Air Maroc", "AT854"),
    "FI": ("HEL Helsinki", "Finnair", "AY1582"),
    "DE": ("FRA Francfort", "Royal Air Maroc", "AT810"),
    "US": ("JFK New York", "Royal Air Maroc", "AT200"),
    "ES": ("MAD Madrid", "Royal Air Maroc", "AT970"),
    "IS": ("KEF Reykjavik", "Icelandair", "FI535"),
    "PT": ("LIS Lisbonne", "Royal Air Maroc", "AT980"),
}
# A feeder flight to Casablanca from the other airports.
FEEDERS = {"RBA": "AT405", "OUD": "AT441", "TNG": "AT421"}
AIRPORT_NAMES = {
    "CMN": "CMN Casablanca",
    "RBA": "RBA Rabat-Salé",
    "OUD": "OUD Oujda",
    "TNG": "TNG Tanger",
}
# Airport(s) each office's groups leave from, with weights.
OFFICE_POSTS = {
    "RBA": {"CMN": 0.65, "RBA": 0.35},
    "CAS": {"CMN": 1.0},
    "OUJ": {"OUD": 0.6, "CMN": 0.4},
    "TNG": {"TNG": 0.5, "CMN": 0.5},
}
# West African countries reached by road through El Guerguerat and Mauritania.
LAND_COUNTRIES = {"SN", "ML", "GN", "MR", "GM", "GW", "BF", "NE"}
LAND_SHARE = 0.10
LAND_DESTINATIONS = {
    "SN": "Dakar",
    "ML": "Bamako",
    "GN": "Conakry",
    "MR": "Nouakchott",
    "GM": "Banjul",
    "GW": "Bissau",
    "BF": "Ouagadougou",
    "NE": "Niamey",
}
QUOTA_RESERVE = 40  # tickets kept on the 3rd amendment for today's bookings
TODAY_DEPARTURES = 3
PER_DIEM = Decimal("100")


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _weighted(rng, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.departures: dict[tuple, Departure] = {}
        self.movements: list[Movement] = []
        self.legs: list[tuple[int, MovementLeg]] = []  # (movement index, leg)
        self.passengers: list[tuple[int, Passenger]] = []
        self.pvs: list[tuple[int, ExitAuthorisation]] = []  # (passenger index, PV)
        self.pv_seq: dict[tuple[str, int], int] = defaultdict(int)
        self.ticket_seq = 0
        self.police = self._police()
        self.staff = self._staff()

    # -- reference data ----------------------------------------------------------------

    def _police(self) -> dict[str, Organisation]:
        Organisation.objects.get_or_create(
            code="DGSN-GGT",
            defaults={
                "name": "DGSN – Poste frontière d'El Guerguerat",
                "kind": OrganisationKind.POLICE,
                "country": "MA",
                "city": "Guerguerat",
            },
        )
        orgs = {o.code: o for o in Organisation.objects.filter(code__in=POLICE_POSTS)}
        return {post: orgs[code] for code, post in POLICE_POSTS.items() if code in orgs}

    def _staff(self) -> dict[int, list[User]]:
        staff = defaultdict(list)
        for u in User.objects.filter(
            organisation__kind=OrganisationKind.IOM_OFFICE,
            role__in=["movement_officer", "case_worker"],
            is_active=True,
        ).order_by("role", "username"):
            staff[u.organisation_id].append(u)
        return staff

    # -- one journey -------------------------------------------------------------------

    def journey(
        self, case: Case, day: dt.date, status: str, member_rows, documents, *, escort, post=""
    ):
        rng = self.rng
        country = str(case.destination_country or case.country_of_origin or "")
        office_code = case.office.code
        land = (
            not post
            and case.case_type == "outbound"
            and country in LAND_COUNTRIES
            and rng.random() < self.land_probability
        )
        if land:
            mode, post = "land", "GGT"
            carrier, flight = rng.choice(["CTM", "Supratours"]), ""
            legs = [
                ("Rabat" if office_code != "CAS" else "Casablanca", "El Guerguerat", day),
                ("El Guerguerat", LAND_DESTINATIONS.get(country, country), day + D(days=1)),
            ]
            departs_at = dt.time(6, 30)
            destination = "El Guerguerat"
        else:
            mode = "air"
            post = post or _weighted(rng, OFFICE_POSTS.get(office_code, {"CMN": 1.0}))
            airport, carrier_abroad, flight_abroad = ROUTES.get(
                country, (country, "Royal Air Maroc", f"AT{600 + sum(map(ord, country)) % 300}")
            )
            if post == "CMN":
                carrier, flight = carrier_abroad, flight_abroad
                legs = [("CMN Casablanca", airport, day)]
                destination = airport
            else:
                carrier, flight = "Royal Air Maroc", FEEDERS[post]
                legs = [
                    (AIRPORT_NAMES[post], "CMN Casablanca", day),
                    ("CMN Casablanca", airport, day),
                ]
                destination = "CMN Casablanca"
            departs_at = dt.time(23, 55) if post == "CMN" else dt.time(19, 10)
        key = (day, post, carrier, flight)
        departure = self.departures.get(key)
        if departure is None:
            departure = Departure(
                date=day,
                post=post,
                mode=mode,
                carrier=carrier,
                flight_number=flight,
                departs_at=departs_at,
                destination=destination,
            )
            self.departures[key] = departure
        movement = Movement(
            case=case,
            departure=departure,
            mode=mode,
            status=status,
            programme=case.programme or self.fallback_programme,
            booking_reference="".join(
                rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)
            ),
            destination_country=country,
            final_destination=legs[-1][1],
            escort=escort if isinstance(escort, User) else None,
            escort_name=escort if isinstance(escort, str) else "",
            booked_on=min(day - D(days=rng.randint(2, 12)), self.today),
        )
        index = len(self.movements)
        self.movements.append(movement)
        for seq, (origin, to, on) in enumerate(legs, start=1):
            self.legs.append(
                (
                    index,
                    MovementLeg(
                        sequence=seq,
                        carrier=carrier
                        if seq == 1 or mode == "land"
                        else ROUTES.get(country, ("", "Royal Air Maroc", ""))[1],
                        flight_number=flight
                        if seq == 1
                        else ("" if mode == "land" else ROUTES.get(country, ("", "", ""))[2]),
                        from_place=origin,
                        to_place=to,
                        departs_on=on,
                    ),
                )
            )
        departed = status == "departed"
        for person_id, _dob in member_rows:
            self.ticket_seq += 1
            document = documents.get((person_id, day))
            passenger = Passenger(
                person_id=person_id,
                ticket_number=(
                    f"147-{2400000000 + self.ticket_seq}"
                    if mode == "air"
                    else f"{carrier[:3].upper()}-{self.ticket_seq:07d}"
                ),
                travel_document_id=document,
                status={"departed": "boarded", "booked": "booked", "no_show": "no_show"}[status],
            )
            if departed:
                passenger.escorted_at = _aware(day, 15, rng.randint(0, 59))
                passenger.checked_in_at = _aware(day, 17, rng.randint(0, 59))
                passenger.currency_exchanged_at = _aware(day, 18, rng.randint(0, 59))
                if case.case_type == "outbound":
                    passenger.per_diem_amount = PER_DIEM
                    passenger.per_diem_currency = "USD"
                    passenger.per_diem_receipt_signed = True
                    passenger.per_diem_paid_at = _aware(day, 19, rng.randint(0, 59))
                passenger.boarded_at = (
                    _aware(day, 21, rng.randint(0, 59)) if mode == "air" else _aware(day, 6, 10)
                )
            p_index = len(self.passengers)
            self.passengers.append((index, passenger))
            police = self.police.get(post)
            wants_pv = departed or (status == "booked" and day == self.today and rng.random() < 0.5)
            if police is not None and wants_pv:
                self.pv_seq[(post, day.year)] += 1
                self.pvs.append(
                    (
                        p_index,
                        ExitAuthorisation(
                            pv_number=f"PV {post}/{day.year}/{self.pv_seq[(post, day.year)]:05d}",
                            issued_on=min(day - D(days=rng.randint(0, 4)), self.today),
                            police_unit=police,
                        ),
                    )
                )
        return movement

    # -- writing -----------------------------------------------------------------------

    def save(self) -> None:
        Departure.objects.bulk_create(self.departures.values(), batch_size=BATCH)
        for m in self.movements:
            m.departure_id = m.departure.pk
        Movement.objects.bulk_create(self.movements, batch_size=BATCH)
        legs = []
        for index, leg in self.legs:
            leg.movement_id = self.movements[index].pk
            legs.append(leg)
        MovementLeg.objects.bulk_create(legs, batch_size=BATCH)
        passengers = []
        for index, p in self.passengers:
            p.movement_id = self.movements[index].pk
            passengers.append(p)
        Passenger.objects.bulk_create(passengers, batch_size=BATCH)
        pvs = []
        for p_index, pv in self.pvs:
            pv.passenger_id = passengers[p_index].pk
            pvs.append(pv)
        ExitAuthorisation.objects.bulk_create(pvs, batch_size=BATCH)


def _travel_documents(person_ids) -> dict[int, list[tuple[int, dt.date | None]]]:
    docs = defaultdict(list)
    for pk, person_id, expires in IdentityDocument.objects.filter(
        person_id__in=person_ids, kind__in=TRAVEL_DOCUMENT_KINDS
    ).values_list("pk", "person_id", "expires_on"):
        docs[person_id].append((pk, expires))
    return docs


def _document_on(docs, person_id: int, day: dt.date) -> int | None:
    valid = [(e or dt.date.max, pk) for pk, e in docs.get(person_id, []) if e is None or e >= day]
    return max(valid)[1] if valid else None


def load_demo(ctx) -> None:
    if Movement.objects.exists():
        ctx.log("    travel: movements already loaded")
        return
    from awda.funding.demo import load_demo as funding_demo

    funding_demo(ctx)
    builder = _Builder(ctx)
    rng, today = ctx.rng, ctx.today
    builder.fallback_programme = (
        Programme.objects.filter(code="EU-IOM-JI").first() or Programme.objects.first()
    )

    travelling = Case.objects.filter(case_type__in=["outbound", "resettlement"]).filter(
        Q(departure_date__isnull=False) | Q(status__in=["booked", "no_show"])
    )
    cases = list(travelling.select_related("office", "programme").order_by("id"))
    ids = travelling.values("pk")
    members = defaultdict(list)
    for case_id, person_id, dob in CaseMember.objects.filter(case_id__in=ids).values_list(
        "case_id", "person_id", "person__date_of_birth"
    ):
        members[case_id].append((person_id, dob))
    alone = set(
        Vulnerability.objects.filter(
            case_id__in=ids, category__in=CHILD_ALONE_CATEGORIES
        ).values_list("case_id", flat=True)
    )
    # When each case was booked, and why the no-shows did not travel.
    booked_on = {}
    no_show_reason = {}
    for case_id, action, at, reason in (
        TimelineEvent.objects.filter(case_id__in=ids, action__in=["book", "mark_no_show"])
        .values_list("case_id", "action", "at", "reason")
        .order_by("at")
    ):
        if action == "book":
            booked_on[case_id] = timezone.localtime(at).date()
        else:
            no_show_reason[case_id] = reason

    # The booked cases leaving first leave today: the manifests of the day have people.
    booked = sorted(
        (c for c in cases if c.status == "booked"),
        key=lambda c: (c.planned_departure_date or today, c.pk),
    )
    leave_today = [c for c in booked if c.office.code in ("RBA", "CAS")][:TODAY_DEPARTURES]
    if leave_today:
        Case.objects.filter(pk__in=[c.pk for c in leave_today]).update(planned_departure_date=today)
        for c in leave_today:
            c.planned_departure_date = today

    total_persons = sum(len(members[c.pk]) for c in cases if c.case_type == "outbound")
    land_persons = sum(
        len(members[c.pk])
        for c in cases
        if c.case_type == "outbound" and str(c.destination_country) in LAND_COUNTRIES
    )
    builder.land_probability = (
        min(0.5, LAND_SHARE * total_persons / land_persons) if land_persons else 0
    )

    docs = _travel_documents(CaseMember.objects.filter(case_id__in=ids).values("person_id"))
    documents = {}
    movements_by_case = {}
    for case in cases:
        if case.departure_date:
            day, status = case.departure_date, "departed"
        elif case.status == "booked":
            day, status = (
                case.planned_departure_date or today + D(days=rng.randint(1, 14)),
                "booked",
            )
        else:
            day, status = case.planned_departure_date or case.updated_at.date(), "no_show"
        for person_id, _dob in members[case.pk]:
            documents[(person_id, day)] = _document_on(docs, person_id, day)
        escort = None
        if case.pk in alone:
            staff = builder.staff.get(case.office_id)
            escort = staff[0] if staff else "Éducatrice, Entraide Nationale"
        # Today's departures leave from Casablanca, where the demo's border police work.
        post = "CMN" if case in leave_today else ""
        movement = builder.journey(
            case, day, status, members[case.pk], documents, escort=escort, post=post
        )
        if status == "no_show":
            movement.status_reason = no_show_reason.get(case.pk, "")
            movement.status_changed_on = day
        elif status == "departed":
            movement.status_changed_on = day
        if case.pk in booked_on:
            movement.booked_on = min(booked_on[case.pk], day)
        movements_by_case[case.pk] = movement

    _charge_quotas(builder)
    builder.save()
    _fitness(ids, movements_by_case, today)
    _resettlement_steps(today)
    n_lpc = _lpc_requests(ctx, today)
    _analyze()
    ctx.log(
        f"    travel: {len(builder.movements)} movements on {len(builder.departures)} departures, "
        f"{len(builder.passengers)} tickets, {len(builder.pvs)} PVs, {n_lpc} LPC requests"
    )


def _charge_quotas(builder: _Builder) -> None:
    """Tickets of the cases the Ministry funds go to its third amendment (the first two
    were used up in 2014–2016, before these records); a few tickets stay for today."""
    try:
        programme = Programme.objects.get(code="MI-FUNDING")
    except Programme.DoesNotExist:
        return
    agreements = list(QuotaAgreement.objects.filter(programme=programme).order_by("signed_on"))
    if not agreements:
        return
    *earlier, last = agreements
    for a in earlier:
        QuotaAgreement.objects.filter(pk=a.pk).update(
            tickets_used_before=a.tickets, tickets_charged=0
        )
    capacity = last.tickets - QUOTA_RESERVE
    charged = 0
    for index, p in sorted(
        builder.passengers, key=lambda ip: builder.movements[ip[0]].departure.date
    ):
        movement = builder.movements[index]
        if movement.programme_id != programme.pk or charged >= capacity:
            continue
        p.quota = last
        charged += 1
    QuotaAgreement.objects.filter(pk=last.pk).update(
        tickets_charged=charged, tickets_used_before=capacity - charged
    )


def _fitness(case_ids, movements_by_case, today) -> None:
    """A 'fit to travel' decision for each person with medical needs who travelled or is booked."""
    needs = Vulnerability.objects.filter(
        case_id__in=case_ids, category__in=["medical", "mental_health"]
    ).values_list("case_id", "person_id", "assessed_on")
    rows = []
    seen = set()
    for case_id, person_id, assessed in needs:
        if (case_id, person_id) in seen:
            continue
        seen.add((case_id, person_id))
        day = movements_by_case[case_id].departure.date
        on = min(max(assessed, day - D(days=10)), today)
        rows.append(
            FitnessToTravel(
                case_id=case_id,
                person_id=person_id,
                assessed_on=on,
                outcome="fit",
                valid_until=day + D(days=30),
            )
        )
    FitnessToTravel.objects.bulk_create(rows, batch_size=BATCH)


def _resettlement_steps(today) -> None:
    """Medical examinations and cultural orientation of resettlement cases past those steps."""
    steps = defaultdict(dict)
    for case_id, action, at in TimelineEvent.objects.filter(
        case__case_type="resettlement",
        action__in=[
            "start_medical_examination",
            "start_cultural_orientation",
            "request_travel_documents",
        ],
    ).values_list("case_id", "action", "at"):
        steps[case_id][action] = timezone.localtime(at).date()
    exams, sessions = [], []
    members = defaultdict(list)
    for case_id, person_id, dob in CaseMember.objects.filter(case_id__in=steps).values_list(
        "case_id", "person_id", "person__date_of_birth"
    ):
        members[case_id].append((person_id, dob))
    for case_id, dates in steps.items():
        orientation = dates.get("start_cultural_orientation")
        documents = dates.get("request_travel_documents")
        if orientation:
            examined = (
                dates["start_medical_examination"]
                + (orientation - dates["start_medical_examination"]) / 2
            )
            for person_id, _dob in members[case_id]:
                exams.append(
                    MedicalExamination(
                        case_id=case_id,
                        person_id=person_id,
                        examined_on=examined,
                        result="cleared",
                        clinic="Médecin agréé, Rabat",
                    )
                )
        if documents:
            session = orientation + (documents - orientation) / 2
            for person_id, dob in members[case_id]:
                age = None if dob is None else session.year - dob.year
                if age is not None and age < ORIENTATION_MIN_AGE:
                    continue
                sessions.append(
                    CulturalOrientation(
                        case_id=case_id,
                        person_id=person_id,
                        session_on=session,
                        attended=True,
                        facilitator="OIM Rabat",
                    )
                )
    MedicalExamination.objects.bulk_create(exams, batch_size=BATCH)
    CulturalOrientation.objects.bulk_create(sessions, batch_size=BATCH, ignore_conflicts=True)


def _lpc_requests(ctx, today) -> int:
    """Issued requests behind the LPCs of recent returnees; open ones for today's cases."""
    rng = ctx.rng
    consulates = {
        str(o.country): o
        for o in Organisation.objects.filter(
            kind=OrganisationKind.CONSULATE, is_active=True
        ).order_by("-code")
    }
    consents = []
    requests = []
    # Issued: LPCs of the returnees who left in the last two years of the history.
    since = (
        dt.date(ctx.history_today.year - 1, 1, 1)
        if hasattr(ctx, "history_today")
        else today - D(days=730)
    )
    lpcs = IdentityDocument.objects.filter(
        kind="lpc",
        person__memberships__case__case_type="outbound",
        person__memberships__case__departure_date__gte=since,
    ).values_list(
        "pk",
        "person_id",
        "number",
        "issued_on",
        "expires_on",
        "person__memberships__case_id",
        "person__nationality",
    )
    seen_cases = set()
    for pk, person_id, number, issued_on, expires_on, case_id, nationality in lpcs:
        consulate = consulates.get(nationality)
        if consulate is None or issued_on is None:
            continue
        requested = issued_on - D(days=rng.randint(8, 35))
        seen_cases.add((case_id, requested))
        requests.append(
            LpcRequest(
                case_id=case_id,
                person_id=person_id,
                consulate=consulate,
                status=LpcStatus.ISSUED,
                document_situation=rng.choice(
                    [DocumentSituation.LOST] * 3 + [DocumentSituation.EXPIRED]
                ),
                requested_on=requested,
                interview_at=_aware(requested + D(days=rng.randint(3, 7)), 10),
                interview_place=f"{consulate.name}, Rabat",
                identity_confirmed_on=issued_on - D(days=rng.randint(0, 3)),
                lpc_number=number,
                issued_on=issued_on,
                expires_on=expires_on,
                document_id=pk,
            )
        )
    # Open: the cases now gathering travel documents, for members without any.
    open_cases = list(
        Case.objects.filter(case_type="outbound", status="travel_documents")
        .select_related("office")
        .order_by("id")
    )
    docs = _travel_documents(
        CaseMember.objects.filter(
            case__case_type="outbound", case__status="travel_documents"
        ).values("person_id")
    )
    batches: dict[tuple[int, int], LpcBatch] = {}
    open_rows = []
    for case in open_cases:
        for m in case.members.select_related("person").order_by("id"):
            person = m.person
            consulate = consulates.get(str(person.nationality))
            if consulate is None or _document_on(docs, person.pk, today):
                continue
            requested = today - D(days=rng.randint(2, 40))
            status = rng.choices(LPC_OPEN_STATUSES, weights=[5, 3, 2])[0]
            seen_cases.add((case.pk, requested))
            row = LpcRequest(
                case=case,
                person=person,
                consulate=consulate,
                status=status,
                document_situation=rng.choice(list(DocumentSituation.values)[:3]),
                place_of_birth=rng.choice(
                    ["", "Labé", "Conakry", "Kindia", "Abidjan", "Dakar", "Bamako", "Douala"]
                )
                if rng.random() < 0.6
                else "",
                requested_on=requested,
            )
            if status != LpcStatus.REQUESTED:
                row.interview_at = _aware(
                    today + D(days=rng.randint(-5, 10)), rng.choice([9, 10, 11, 14])
                )
                row.interview_place = f"{consulate.name}, Rabat"
            if status == LpcStatus.IDENTITY_CONFIRMED:
                row.identity_confirmed_on = min(today, requested + D(days=7))
            if rng.random() < 0.5:
                key = (case.office_id, consulate.pk)
                if key not in batches:
                    batches[key] = LpcBatch(
                        reference=f"LPC-{case.office.code}-{today.year}-D{len(batches) + 1:04d}",
                        consulate=consulate,
                        office=case.office,
                        sent_on=today - D(days=1),
                    )
                row.batch = batches[key]
            open_rows.append(row)
    LpcBatch.objects.bulk_create(batches.values())
    for row in open_rows:
        if row.batch is not None:
            row.batch_id = row.batch.pk
    requests.extend(open_rows)
    # Every request had the group's consent to share with the consulate.
    first_request = {}
    for case_id, requested in seen_cases:
        first_request[case_id] = min(requested, first_request.get(case_id, requested))
    existing = set(
        Consent.objects.filter(case_id__in=first_request, purpose="consulate").values_list(
            "case_id", flat=True
        )
    )
    for case_id, requested in first_request.items():
        if case_id not in existing:
            consents.append(
                Consent(case_id=case_id, purpose="consulate", given_on=requested - D(days=1))
            )
    Consent.objects.bulk_create(consents, batch_size=BATCH, ignore_conflicts=True)
    LpcRequest.objects.bulk_create(requests, batch_size=BATCH)
    return len(requests)


def _analyze() -> None:
    """Fresh statistics after a bulk load, so PostgreSQL plans the manifests' counts with
    indexes instead of guessing the tables are empty (seconds instead of a minute)."""
    if connection.vendor != "postgresql":
        return
    tables = [
        m._meta.db_table
        for m in (Departure, Movement, MovementLeg, Passenger, ExitAuthorisation, LpcRequest)
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(tables))
