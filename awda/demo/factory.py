"""Turning households into case specs: names, documents, protection records and a dated
journey through the workflow that fits the case's outcome.

What the texts say (reasons, vulnerability details) is data a French-speaking case worker
would have typed, so it is in French, not translated.
"""

from __future__ import annotations

import datetime as dt
import random

from awda.accounts.models import Organisation, User
from awda.demo.batch import CaseSpec, PersonSpec
from awda.demo.journeys import Step
from awda.demo.names import NameMaker
from awda.demo.orgs import JOINT_INITIATIVE_COUNTRIES
from awda.demo.population import Household, age_at, birth_date
from awda.funding.models import Programme
from awda.people.models import IdentityDocument
from awda.people.names import document_key

D = dt.timedelta

OFFICE_WEIGHTS = {"RBA": 40, "CAS": 30, "OUJ": 20, "TNG": 10}
_OFFICE_RESIDENCE = {
    "RBA": [("Rabat", "04", 5), ("Salé", "04", 3), ("Témara", "04", 2), ("Kénitra", "04", 1), ("Fès", "03", 1)],
    "CAS": [("Casablanca", "06", 8), ("Mohammédia", "06", 2), ("El Jadida", "06", 1), ("Marrakech", "07", 1)],
    "OUJ": [("Oujda", "02", 6), ("Nador", "02", 3), ("Berkane", "02", 1)],
    "TNG": [("Tanger", "01", 6), ("Tétouan", "01", 2), ("Larache", "01", 1)],
}  # fmt: skip
_CASE_WORKER = {"RBA": "cw.rabat", "CAS": "cw.casa", "OUJ": "cw.oujda", "TNG": "cw.tanger"}
_NGO_BY_OFFICE = {
    "RBA": ["NGO-AMPF", "NGO-ALCS"],
    "CAS": ["NGO-ALCS", "NGO-BAYTI"],
    "OUJ": ["NGO-MS2", "NGO-ASTICUDE"],
    "TNG": ["NGO-ALCS"],
}

RETURN_REASONS = [
    ("lack_of_resources", 0.61),
    ("journey_blocked", 0.15),
    ("family", 0.22),
    ("homesickness", 0.14),
    ("no_legal_status", 0.12),
    ("health", 0.08),
    ("insecurity", 0.05),
    ("other", 0.02),
]
INBOUND_REASONS = [
    ("journey_blocked", 0.35),
    ("no_legal_status", 0.45),
    ("family", 0.30),
    ("lack_of_resources", 0.40),
    ("health", 0.05),
]

WITHDRAWAL_REASONS = [
    "A décidé de rester au Maroc.",
    "A trouvé un emploi au Maroc.",
    "Souhaite poursuivre son parcours migratoire.",
    "Ne souhaite plus rentrer pour le moment.",
    "Raisons familiales : attend la naissance d'un enfant au Maroc.",
    "A obtenu un titre de séjour au Maroc.",
]
NOT_ELIGIBLE_REASONS = [
    "Statut de réfugié reconnu : orienté vers le HCR.",
    "Déjà bénéficiaire d'un retour volontaire assisté.",
    "Ressortissant d'un pays sans possibilité de retour sûr actuellement.",
    "Nationalité non confirmée par le consulat.",
]
SUSPENSION_REASONS = [
    "Hospitalisation en cours.",
    "Injoignable depuis trois semaines.",
    "En attente d'une décision de justice.",
    "Attend la guérison d'un enfant avant de voyager.",
]
NO_SHOW_REASONS = [
    "Ne s'est pas présenté à l'aéroport.",
    "Absent au point de rendez-vous le jour du départ.",
    "A manqué le vol : retard du transport depuis Oujda.",
]
MEDICAL_DETAILS = [
    "Diabète de type 2 – traitement à poursuivre au retour.",
    "Hypertension artérielle sous traitement.",
    "Suivi VIH – continuité du traitement ARV à organiser au retour.",
    "Tuberculose pulmonaire – traitement en cours, fin prévue dans trois mois.",
    "Fracture de la jambe – mobilité réduite, accompagnement à l'aéroport.",
    "Drépanocytose – suivi spécialisé.",
    "Hépatite B chronique – bilan à transmettre à la mission.",
    "Asthme sévère – inhalateurs pour le voyage.",
    "Épilepsie sous traitement.",
    "Blessure à la main – soins infirmiers réguliers.",
    "Gale et malnutrition légère – traitées avant le départ.",
]
MENTAL_HEALTH_DETAILS = [
    "Stress post-traumatique – suivi psychologique à poursuivre.",
    "Épisode dépressif – orienté vers un psychologue partenaire.",
]
TRAFFICKING_DETAILS = [
    "Recrutement frauduleux pour un emploi en Europe ; documents confisqués. Suivi psychosocial.",
    "Exploitation domestique signalée par une association partenaire ; hébergement protégé.",
    "Dette de voyage auprès d'un réseau ; menaces envers la famille au pays.",
]
GBV_DETAILS = ["Violences subies pendant le parcours ; prise en charge médicale et psychosociale."]
PREGNANCY_DETAILS = [
    "Grossesse de {months} mois – certificat d'aptitude au voyage requis.",
]
DISABILITY_DETAILS = [
    "Malvoyance – accompagnement nécessaire.",
    "Handicap moteur – fauteuil roulant.",
]
ELDERLY_DETAILS = ["Personne âgée – assistance à l'aéroport demandée.", ""]
UASC_DETAILS = {
    "uasc_unaccompanied": "Mineur non accompagné identifié à {city} ; pris en charge par un centre d'accueil.",
    "uasc_separated": "Séparé de sa mère pendant le parcours ; un oncle a été retrouvé au pays.",
}
GUARDIANS = [
    "Naïma Ouchen (tutrice désignée)",
    "Me Khalid Bouzid (représentant légal)",
    "Latifa Haddou (Entraide Nationale)",
    "Rachida Naciri (tutrice désignée)",
]
DECLARATION_LANGUAGES = {
    "anglais": "anglais",
    "arabe": "arabe",
    "wolof": "wolof",
    "pular": "pular",
    "bambara": "bambara",
    "espagnol": "espagnol",
}
_PASSPORT_LETTER = {"CI": "C", "CM": "K", "CG": "B", "CD": "D", "GN": "G", "SN": "S", "NG": "N"}
_CIN_PREFIXES = ["A", "AB", "BE", "BK", "C", "CD", "D", "EE", "F", "G", "GM", "H", "J", "JB", "K", "L", "M", "Q", "T", "U", "W", "X", "Y", "Z"]  # fmt: skip


OUTBOUND_STAGES = ["registered", "counselling", "screening", "travel_documents", "ready", "booked"]
OUTBOUND_MAIN_ACTIONS = [
    "start_counselling",
    "start_screening",
    "confirm_eligibility",
    "mark_ready",
]
INBOUND_STAGES = ["registered", "family_tracing", "information_exchange"]
_REGION_CITIES = {
    "04": ["Rabat", "Salé", "Kénitra", "Khémisset"],
    "06": ["Casablanca", "Mohammédia", "Settat", "El Jadida"],
    "05": ["Béni Mellal", "Khouribga", "Fquih Ben Salah", "Khénifra"],
    "03": ["Fès", "Meknès", "Taza"],
    "09": ["Agadir", "Inezgane", "Taroudant"],
    "02": ["Oujda", "Nador", "Berkane"],
    "07": ["Marrakech", "Safi", "El Kelaa des Sraghna"],
    "01": ["Tanger", "Tétouan", "Larache"],
    "08": ["Errachidia", "Ouarzazate"],
}


def existing_document_numbers() -> set[tuple[str, str, str]]:
    return set(
        IdentityDocument.objects.exclude(number_key="").values_list(
            "kind", "issuing_country", "number_key"
        )
    )


def weighted(rng: random.Random, options: dict) -> str:
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys])[0]


def between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + D(days=rng.randint(0, (end - start).days))


def spread(rng: random.Random, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    """n sorted dates between start and end (inclusive)."""
    return sorted(between(rng, start, end) for _ in range(n))


class CaseMaker:
    """Builds `CaseSpec`s for the demo and the generator from households and outcomes."""

    def __init__(
        self,
        rng: random.Random,
        orgs: dict[str, Organisation],
        users: dict[str, User],
        programmes: dict[str, Programme],
        names: NameMaker,
    ):
        self.rng = rng
        self.orgs = orgs
        self.users = users
        self.programmes = programmes
        self.names = names
        # (kind, issuing country, number key) of every document number handed out, and of
        # those already in the database: the database refuses a number twice.
        self._numbers: set[tuple[str, str, str]] = existing_document_numbers()

    # -- people ---------------------------------------------------------------------------

    def _unique(self, kind: str, country: str, make) -> str:
        for _ in range(50):
            number = make()
            key = (kind, country, document_key(number))
            if key not in self._numbers:
                self._numbers.add(key)
                return number
        raise RuntimeError("could not draw a unique document number")

    def passport(self, country: str, before: dt.date, valid_until: dt.date) -> dict:
        """A passport issued before `before` and still valid on `valid_until`."""
        rng = self.rng
        years = 10 if country in {"MA", "NG", "SD", "PH", "SN"} else 5
        earliest = max(
            years_before_safe(valid_until, years) + D(days=30), before - D(days=years * 365)
        )
        issued = between(rng, earliest, before - D(days=10))
        number = self.passport_number(country)
        expires = years_after_safe(issued, years) - D(days=1)
        return {
            "kind": "passport",
            "number": number,
            "issuing_country": country,
            "issued_on": issued,
            "expires_on": expires,
        }

    def passport_number(self, country: str) -> str:
        letter = _PASSPORT_LETTER.get(country, country[0])
        return self._unique(
            "passport", country, lambda: f"{letter}{self.rng.randint(10_000_000, 99_999_999)}"
        )

    def lpc(self, country: str, issued: dt.date, valid_until: dt.date) -> dict:
        """A laissez-passer consulaire (LPC) issued by the consulate in Morocco."""
        expires = max(issued + D(days=self.rng.choice([30, 60, 90])), valid_until + D(days=7))
        return {
            "kind": "lpc",
            "number": self._unique(
                "lpc",
                country,
                lambda: f"LPC-{country}-{issued.year}-{self.rng.randint(1, 999_999):06d}",
            ),
            "issuing_country": country,
            "issued_on": issued,
            "expires_on": expires,
        }

    def national_id(self, issued_before: dt.date) -> dict:
        rng = self.rng
        issued = issued_before - D(days=rng.randint(60, 3000))
        return {
            "kind": "national_id",
            "number": self._unique(
                "national_id",
                "MA",
                lambda: f"{rng.choice(_CIN_PREFIXES)}{rng.randint(10_000, 999_999)}",
            ),
            "issuing_country": "MA",
            "issued_on": issued,
            "expires_on": years_after_safe(issued, 10),
        }

    def phone(self) -> str:
        rng = self.rng
        prefix = rng.choice(
            ["60", "61", "62", "63", "64", "65", "66", "67", "68", "69", "70", "71", "77"]
        )
        return f"+212{prefix}{rng.randint(0, 9_999_999):07d}"

    def residence(self, office_code: str) -> tuple[str, str]:
        options = _OFFICE_RESIDENCE.get(office_code, _OFFICE_RESIDENCE["RBA"])
        city, region, _w = self.rng.choices(options, weights=[o[2] for o in options])[0]
        return city, region

    def people(
        self,
        household: Household,
        first: dt.date,
        last: dt.date,
        office_code: str,
        in_morocco: bool = True,
    ) -> list[PersonSpec]:
        """Named members with dates of birth consistent with their band at `first`/`last`."""
        rng = self.rng
        nat = household.nationality
        city, region = self.residence(office_code)
        languages = self.names.languages(nat)
        family = None
        out = []
        for i, slot in enumerate(household.slots):
            # Spouses keep their own family name; children and siblings share the principal's.
            own_name = i > 0 and slot.relationship == "spouse"
            given, family_name, other, entry = self.names.person(
                nat, slot.sex, None if own_name else family
            )
            if i == 0:
                family = entry
            born, estimated = birth_date(rng, slot.age, not slot.child, first, last)
            out.append(
                PersonSpec(
                    given_name=given,
                    family_name=family_name,
                    name_other_script=other,
                    sex=slot.sex,
                    date_of_birth=born,
                    dob_estimated=estimated,
                    nationality=nat,
                    relationship=slot.relationship,
                    languages=languages,
                    phone=self.phone()
                    if in_morocco and not slot.child and rng.random() < 0.8
                    else "",
                    residence_city=city if in_morocco else "",
                    residence_region=region if in_morocco else "",
                )
            )
        return out

    def screen(
        self, household: Household, persons: list[PersonSpec], on: dt.date, city: str
    ) -> None:
        """Vulnerabilities found at screening, at the rates the annual report suggests."""
        rng = self.rng
        for slot, p in zip(household.slots, persons, strict=True):
            found: list[tuple[str, str]] = []
            age = age_at(p.date_of_birth, on)
            if household.alone_child:
                category = "uasc_unaccompanied" if rng.random() < 0.7 else "uasc_separated"
                found.append((category, UASC_DETAILS[category].format(city=city)))
            if age >= 60 and rng.random() < 0.9:
                found.append(("elderly", rng.choice(ELDERLY_DETAILS)))
            if rng.random() < (0.05 if slot.child else 0.095):
                found.append(("medical", rng.choice(MEDICAL_DETAILS)))
            if not slot.child and rng.random() < 0.01:
                found.append(("mental_health", rng.choice(MENTAL_HEALTH_DETAILS)))
            if p.sex == "F" and not slot.child and age <= 40 and rng.random() < 0.02:
                found.append(("pregnancy", PREGNANCY_DETAILS[0].format(months=rng.randint(3, 7))))
            if rng.random() < 0.006:
                found.append(("disability", rng.choice(DISABILITY_DETAILS)))
            if not slot.child and rng.random() < (0.006 if p.sex == "F" else 0.001):
                found.append(("trafficking", rng.choice(TRAFFICKING_DETAILS)))
            if p.sex == "F" and not slot.child and rng.random() < 0.003:
                found.append(("gbv_survivor", GBV_DETAILS[0]))
            for category in slot.vulnerabilities:
                found.append((category, ""))
            seen = set()
            for category, details in found:
                if category not in seen:
                    seen.add(category)
                    p.vulnerabilities.append(
                        {"category": category, "details": details, "assessed_on": on}
                    )

    def reasons(self, table=RETURN_REASONS) -> list[str]:
        rng = self.rng
        chosen = [r for r, p in table if rng.random() < p]
        return chosen or [table[0][0]]

    # -- organisation -----------------------------------------------------------------------

    def office_code(self, weights: dict | None = None) -> str:
        return weighted(self.rng, weights or OFFICE_WEIGHTS)

    def actors(self, office_code: str, nationality: str = "") -> dict[str, User | None]:
        u = self.users
        worker = u.get(_CASE_WORKER.get(office_code, "cw.rabat"))
        rabat = office_code == "RBA"
        return {
            "office": worker,
            "travel": u.get("movement.rabat") if rabat else worker,
            "protection": u.get("protection.rabat") if rabat else worker,
            "mission": u.get("mission.guinea") if nationality == "GN" else None,
        }

    def outbound_programme(self, nationality: str, year: int) -> Programme | None:
        rng, p = self.rng, self.programmes
        if year >= 2024:
            return p.get("COMPASS") if rng.random() < 0.55 else p.get("MI-FUNDING")
        if nationality in JOINT_INITIATIVE_COUNTRIES and year >= 2017:
            return p.get("EU-IOM-JI") if rng.random() < 0.92 else p.get("MI-FUNDING")
        if year >= 2021 and rng.random() < 0.7:
            return p.get("COMPASS")
        return p.get("MI-FUNDING")

    def referral(self, office_code: str, household: Household, persons: list[PersonSpec]):
        rng = self.rng
        if household.alone_child:
            if rng.random() < 0.5:
                return "authority", self.orgs.get("MJ")
            return "ngo", self.orgs.get("NGO-BAYTI")
        if any(v["category"] == "trafficking" for p in persons for v in p.vulnerabilities):
            return "ngo", self.orgs.get(rng.choice(["NGO-ALCS", "NGO-AMPF"]))
        r = rng.random()
        if r < 0.68:
            return "self", None
        if r < 0.88:
            return "ngo", self.orgs.get(rng.choice(_NGO_BY_OFFICE[office_code]))
        if r < 0.95:
            return "authority", self.orgs.get(rng.choice(["EN", "EN", "MI"]))
        return "un_agency", self.orgs.get("UNHCR")

    # -- outbound ---------------------------------------------------------------------------

    def outbound(
        self,
        household: Household,
        *,
        application: dt.date,
        horizon: dt.date,
        outcome: str,
        departure: dt.date | None = None,
        stage: str = "registered",
        office_code: str = "",
        planned_departure: dt.date | None = None,
        situation: str = "",
    ) -> CaseSpec:
        """An outbound case that ends in `outcome`, with nothing dated after `horizon`.

        outcome: "departed" (on `departure`; the journey goes on after it as far as
        `horizon` allows), "no_show", "not_eligible", "withdrawn" or "suspended" (from
        `stage`), or "open" (still at `stage`).
        situation, for open cases: "expiring_document", "declaration_missing" or
        "bid_pending", so that the work lists show real situations.
        """
        rng = self.rng
        nat = household.nationality
        office_code = office_code or self.office_code()
        office = self.orgs[office_code]
        # How far along the main path the case went (index in OUTBOUND_STAGES).
        reached = {"departed": 5, "no_show": 5, "not_eligible": 2}.get(outcome)
        if reached is None:
            reached = OUTBOUND_STAGES.index(stage or "registered")

        # Dates of the main-path actions (counselling, screening, eligibility, ready, book).
        if outcome == "departed":
            if departure is None:
                raise ValueError("a departed case needs its departure date")
            span = (departure - application).days
            counselling = application + D(days=rng.randint(0, min(3, span // 6)))
            book = departure - D(days=rng.randint(2, max(2, min(14, span // 4))))
            dates = [counselling, *spread(rng, counselling, book, 3), book]
        else:
            end = (
                horizon - D(days=1)
                if outcome == "open"
                else min(horizon, application + D(days=120))
            )
            dates = spread(rng, application, max(application, end), 5)
            if reached == 5 and planned_departure is None:
                planned_departure = min(horizon, dates[4] + D(days=rng.randint(3, 14)))
        counselling, screening, eligibility, ready, book = dates
        travel_on = departure or planned_departure or horizon

        persons = self.people(household, application, departure or horizon, office_code)
        city = persons[0].residence_city or office.city

        # Travel documents: a passport for many; otherwise an LPC once the consulate issued it.
        for slot, p in zip(household.slots, persons, strict=True):
            if situation == "expiring_document" and slot.relationship == "principal":
                p.documents.append(self.expiring_passport(nat, horizon))
            elif rng.random() < (0.3 if slot.child else 0.55):
                p.documents.append(self.passport(nat, application, travel_on + D(days=30)))
            elif reached >= 4:
                p.documents.append(self.lpc(nat, between(rng, eligibility, ready), travel_on))
            elif reached == 3 and rng.random() < 0.3:
                p.documents.append(self.lpc(nat, between(rng, eligibility, horizon), horizon))
            if not slot.child and rng.random() < 0.2:
                p.documents.append(self.consular_card(nat, application))

        self.screen(household, persons, screening if reached >= 2 else application, city)

        steps = [
            Step(a, on)
            for a, on in zip(OUTBOUND_MAIN_ACTIONS[: min(reached, 4)], dates, strict=False)
        ]
        if outcome == "departed" and rng.random() < 0.03 and eligibility > screening:
            # Suspended during screening (hospitalised, …) and resumed before eligibility.
            paused = between(rng, screening, eligibility)
            steps[2:2] = [
                Step("suspend", paused, reason=rng.choice(SUSPENSION_REASONS)),
                Step("resume", between(rng, paused, eligibility)),
            ]
        if reached == 5:
            planned = departure or planned_departure
            if outcome == "departed" and rng.random() < 0.03 and (departure - ready).days > 14:
                # Missed a first flight, then rebooked.
                first = between(rng, ready + D(days=3), departure - D(days=9))
                rebooked = between(rng, first, departure - D(days=5))
                steps += [
                    Step(
                        "book",
                        between(rng, ready, first - D(days=2)),
                        context={"planned_departure_date": first},
                    ),
                    Step("mark_no_show", first, reason=rng.choice(NO_SHOW_REASONS)),
                    Step("rebook", rebooked),
                ]
                book = between(rng, rebooked, departure - D(days=1))
            steps.append(Step("book", book, context={"planned_departure_date": planned}))
        last_on = steps[-1].on if steps else application

        declaration = None
        if reached == 5:
            signs = True
        elif reached >= 3:
            signs = situation != "declaration_missing" and rng.random() < 0.8
        elif reached == 2:
            signs = situation != "declaration_missing" and rng.random() < 0.3
        else:
            signs = False
        if signs:
            signed_on = between(rng, screening, eligibility) if reached >= 3 else screening
            declaration = self.declaration(persons, household, signed_on)

        if outcome == "departed":
            steps.append(Step("depart", departure))
            steps += self.after_departure(departure, horizon)
        elif outcome == "no_show":
            steps.append(
                Step("mark_no_show", planned_departure, reason=rng.choice(NO_SHOW_REASONS))
            )
        elif outcome == "not_eligible":
            steps.append(
                Step(
                    "declare_not_eligible",
                    between(rng, last_on, min(horizon, last_on + D(days=20))),
                    reason=rng.choice(NOT_ELIGIBLE_REASONS),
                )
            )
        elif outcome == "suspended":
            steps.append(
                Step(
                    "suspend",
                    between(rng, last_on, min(horizon, last_on + D(days=40))),
                    reason=rng.choice(SUSPENSION_REASONS),
                )
            )
        elif outcome == "withdrawn":
            on = between(rng, last_on, min(horizon, last_on + D(days=60)))
            reason = rng.choice(WITHDRAWAL_REASONS)
            if declaration is not None and declaration["signed_on"] <= on:
                declaration["withdrawn_on"] = on
                declaration["withdrawal_reason"] = reason
                reason = f"Déclaration de retour volontaire retirée : {reason}"
            steps.append(Step("withdraw", on, reason=reason))

        if household.alone_child:
            # Booking needs the whole procedure done; otherwise it stopped with the case.
            first_book = next((s.on for s in steps if s.action == "book"), None)
            if first_book is not None:
                end = first_book - D(days=1)
            else:
                end = horizon if outcome == "open" else steps[-1].on
            self.best_interests(
                persons[0],
                start=screening if reached >= 2 else application,
                end=end,
                complete=first_book is not None,
                refuse=outcome == "withdrawn" and first_book is None and rng.random() < 0.5,
                declaration=declaration,
            )

        source, referred_by = self.referral(office_code, household, persons)
        return CaseSpec(
            case_type="outbound",
            office=office,
            application_date=application,
            members=persons,
            steps=steps,
            programme=self.outbound_programme(nat, (departure or application).year),
            country_of_origin=nat,
            destination_country=nat,
            referral_source=source,
            referred_by=referred_by,
            receiving_mission=self.orgs.get(f"MIS-{nat}"),
            arrival_in_morocco_date=application
            - D(days=rng.randint(30, 700) if rng.random() < 0.97 else rng.randint(700, 1500)),
            reasons=self.reasons(),
            declaration=declaration,
            actors=self.actors(office_code, nat),
        )

    def expiring_passport(self, country: str, today: dt.date) -> dict:
        """A passport that expires within the next weeks."""
        issued = years_before_safe(today, 5) + D(days=self.rng.randint(10, 45))
        return {
            "kind": "passport",
            "number": self.passport_number(country),
            "issuing_country": country,
            "issued_on": issued,
            "expires_on": years_after_safe(issued, 5) - D(days=1),
        }

    def consular_card(self, country: str, before: dt.date) -> dict:
        rng = self.rng
        return {
            "kind": "consular_card",
            "number": self._unique(
                "consular_card", country, lambda: f"CC-{country}-{rng.randint(100000, 999999)}"
            ),
            "issuing_country": country,
            "issued_on": before - D(days=rng.randint(60, 900)),
            "expires_on": None,
        }

    def declaration(
        self, persons: list[PersonSpec], household: Household, signed_on: dt.date
    ) -> dict:
        rng = self.rng
        language = "français"
        for key, label in DECLARATION_LANGUAGES.items():
            if key in persons[0].languages and rng.random() < 0.5:
                language = label
                break
        decl = {
            "signed_on": signed_on,
            "language": language,
            "information_version": "DRV-2021-03" if signed_on.year >= 2021 else "DRV-2016-01",
        }
        if household.alone_child:
            decl.update(signed_by_guardian=True, guardian_name=rng.choice(GUARDIANS))
        return decl

    def best_interests(
        self,
        child: PersonSpec,
        *,
        start: dt.date,
        end: dt.date,
        complete: bool,
        refuse: bool,
        declaration: dict | None,
    ) -> None:
        rng = self.rng
        identified, appointed, assessed, traced, determined = spread(rng, start, max(start, end), 5)
        if declaration is not None:
            # The guardian who signed the declaration was appointed by then.
            appointed = min(appointed, declaration["signed_on"])
            identified = min(identified, appointed)
        procedure = {
            "identified_on": identified,
            "guardian_name": declaration["guardian_name"] if declaration else rng.choice(GUARDIANS),
            "guardian_appointed_on": appointed,
            "assessment_on": assessed,
            "family_tracing_on": traced,
            "determination": "return",
            "determination_on": determined,
            "panel_reasons": "Famille retrouvée et évaluée par la mission ; elle souhaite le "
            "retour de l'enfant et peut l'accueillir.",
        }
        if refuse:
            procedure.update(
                determination="no_return",
                panel_reasons="L'évaluation familiale n'a pas permis de garantir la sécurité "
                "de l'enfant au retour.",
            )
        elif not complete:
            # Stopped at some step: the work list says which one is missing.
            order = [
                "guardian_appointed_on",
                "assessment_on",
                "family_tracing_on",
                "determination_on",
            ]
            for name in order[rng.randrange(1 if declaration else 0, len(order)) :]:
                procedure[name] = None
            procedure.update(determination="", panel_reasons="")
            if procedure["guardian_appointed_on"] is None:
                procedure["guardian_name"] = ""
        child.best_interests = procedure

    def after_departure(self, departure: dt.date, horizon: dt.date) -> list[Step]:
        """Arrival, reintegration, monitoring and closure, as far as `horizon` reaches."""
        rng = self.rng
        steps: list[Step] = []
        arrival = departure + D(days=rng.choice([1, 1, 1, 2]))
        if arrival > horizon:
            return steps
        steps.append(Step("confirm_arrival", arrival))
        if rng.random() < 0.02:
            closed = arrival + D(days=rng.randint(60, 150))
            if closed <= horizon:
                reason = rng.choice(["unreachable", "unreachable", "returnee_stopped", "moved"])
                steps.append(Step("close", closed, context={"closure_reason": reason}))
            return steps
        reintegration = arrival + D(days=rng.randint(10, 60))
        if reintegration > horizon:
            return steps
        steps.append(Step("start_reintegration", reintegration))
        monitoring = reintegration + D(days=rng.randint(60, 180))
        if monitoring > horizon:
            return steps
        steps.append(Step("start_monitoring", monitoring))
        closed = monitoring + D(days=rng.randint(120, 300))
        if closed > horizon:
            return steps
        reason = weighted(
            rng, {"support_ended": 88, "unreachable": 6, "returnee_stopped": 3, "moved": 3}
        )
        steps.append(Step("close", closed, context={"closure_reason": reason}))
        return steps

    # -- inbound ----------------------------------------------------------------------------

    def inbound(
        self,
        household: Household,
        *,
        host: str,
        horizon: dt.date,
        region: str,
        arrival: dt.date | None = None,
        target: str = "",
        vulnerabilities: list[str] = (),
    ) -> CaseSpec:
        """A Moroccan household coming home from `host`.

        target: the status the case ends in on `horizon`. "assisted" means reintegration
        started (step 4) and then as far as `horizon` allows; "closed" is a case closed
        without a reintegration project. Before "arrived", `arrival` is None.
        """
        rng = self.rng
        office_code = weighted(rng, {"CAS": 50, "RBA": 35, "OUJ": 8, "TNG": 7})
        office = self.orgs[office_code]
        when = arrival or horizon
        application = when - D(days=rng.randint(20, 70))
        persons = self.people(household, application, when, office_code, in_morocco=False)
        arrived = arrival is not None
        for slot, p in zip(household.slots, persons, strict=True):
            if not slot.child:
                p.documents.append(self.national_id(application))
                if arrived and rng.random() < 0.8:
                    p.phone = self.phone()
            if arrived:
                p.residence_region = region
                p.residence_city = self.rng.choice(_REGION_CITIES.get(region, ["Casablanca"]))
        tracing = between(rng, application, application + D(days=7))
        exchange = between(rng, tracing + D(days=2), when - D(days=2))
        steps = [
            Step("start_family_tracing", tracing),
            Step("start_information_exchange", exchange),
        ]
        if target in ("registered", "family_tracing", "information_exchange"):
            steps = steps[: INBOUND_STAGES.index(target)]
        else:
            steps.append(Step("confirm_arrival", arrival))
            counselling = min(arrival + D(days=rng.randint(1, 15)), horizon)
            after_counselling = target in ("counselling", "reintegration", "monitoring", "assisted")
            if after_counselling or (target == "closed" and rng.random() < 0.6):
                steps.append(
                    Step("start_counselling", counselling, context={"settlement_region": region})
                )
            if target in ("reintegration", "monitoring", "assisted"):
                reintegration = max(
                    counselling, min(counselling + D(days=rng.randint(10, 45)), horizon)
                )
                steps.append(Step("start_reintegration", reintegration))
                monitoring = reintegration + D(days=rng.randint(60, 150))
                if target == "monitoring":
                    monitoring = min(monitoring, horizon)
                if target in ("monitoring", "assisted") and monitoring <= horizon:
                    steps.append(Step("start_monitoring", monitoring))
                    closed = monitoring + D(days=rng.randint(90, 240))
                    if target == "assisted" and closed <= horizon:
                        steps.append(
                            Step("close", closed, context={"closure_reason": "support_ended"})
                        )
            elif target == "closed":
                closed = min(steps[-1].on + D(days=rng.randint(20, 90)), horizon)
                reason = rng.choice(["returnee_stopped", "unreachable", "moved"])
                steps.append(Step("close", closed, context={"closure_reason": reason}))
        assessed = arrival or steps[-1].on if steps else application
        for slot, p in zip(household.slots, persons, strict=True):
            for category in slot.vulnerabilities:
                p.vulnerabilities.append(
                    {"category": category, "details": "", "assessed_on": assessed}
                )
        for category in vulnerabilities:
            details = {
                "medical": rng.choice(MEDICAL_DETAILS),
                "trafficking": rng.choice(TRAFFICKING_DETAILS),
                "elderly": ELDERLY_DETAILS[0],
            }.get(category, "")
            persons[0].vulnerabilities.append(
                {"category": category, "details": details, "assessed_on": assessed}
            )
        if host == "DE":
            programme = self.programmes.get("ARMA")
        elif when.year >= 2024:
            programme = self.programmes.get("COMPASS")
        else:
            programme = self.programmes.get("EU-IOM-JI")
        return CaseSpec(
            case_type="inbound",
            office=office,
            application_date=application,
            members=persons,
            steps=steps,
            programme=programme,
            country_of_origin="MA",
            destination_country="MA",
            host_country=host,
            referral_source="iom_mission",
            referred_by=self.orgs.get(f"MIS-{host}"),
            receiving_mission=self.orgs.get(f"MIS-{host}"),
            reasons=self.reasons(INBOUND_REASONS),
            actors=self.actors(office_code),
        )

    # -- resettlement -----------------------------------------------------------------------

    def resettlement(
        self,
        household: Household,
        *,
        destination: str,
        departure: dt.date | None,
        horizon: dt.date,
        stage: str = "",
    ) -> CaseSpec:
        """Refugees resettled from Morocco to `destination` (departure None: still open)."""
        rng = self.rng
        office = self.orgs["RBA"]
        when = departure or horizon
        application = when - D(days=rng.randint(180, 540))
        persons = self.people(household, application, when, "RBA")
        medical, orientation, documents, ready, book = spread(
            rng, application + D(days=20), when - D(days=3), 5
        )
        for slot, p in zip(household.slots, persons, strict=True):
            p.documents.append(self.passport(household.nationality, application, when + D(days=60)))
            if not slot.child:
                p.documents.append(
                    {
                        "kind": "refugee_card",
                        "number": self._unique(
                            "refugee_card",
                            "MA",
                            lambda: (
                                f"{rng.randint(100, 999)}-{application.year % 100:02d}C{rng.randint(0, 99999):05d}"
                            ),
                        ),
                        "issuing_country": "MA",
                        "issued_on": application - D(days=rng.randint(100, 900)),
                        "expires_on": None,
                    }
                )
        self.screen(household, persons, medical, "Rabat")
        steps = [
            Step("start_medical_examination", medical),
            Step("start_cultural_orientation", orientation),
            Step("request_travel_documents", documents),
            Step("mark_ready", ready),
        ]
        order = ["medical_examination", "cultural_orientation", "travel_documents", "ready"]
        if stage in order:
            steps = steps[: order.index(stage) + 1]
        planned = None
        if departure is not None:
            planned = departure
            steps.append(Step("book", book, context={"planned_departure_date": departure}))
            steps.append(Step("depart", departure))
            arrival = departure + D(days=rng.choice([1, 1, 2]))
            if arrival <= horizon:
                steps.append(Step("confirm_arrival", arrival))
                closed = arrival + D(days=rng.randint(14, 60))
                if closed <= horizon:
                    steps.append(Step("close", closed, context={"closure_reason": "resettled"}))
        return CaseSpec(
            case_type="resettlement",
            office=office,
            application_date=application,
            members=persons,
            steps=steps,
            country_of_origin=household.nationality,
            destination_country=destination,
            referral_source="un_agency",
            referred_by=self.orgs.get("UNHCR"),
            receiving_mission=self.orgs.get(f"MIS-{destination}"),
            arrival_in_morocco_date=application - D(days=rng.randint(200, 2500)),
            planned_departure_date=planned,
            actors=self.actors("RBA"),
        )


def years_before_safe(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after_safe(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
