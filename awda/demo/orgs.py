"""The demo's organisations, users and programmes, named as the programme writes them."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password

from awda.accounts.models import Organisation, User
from awda.funding.models import Programme

DEMO_PASSWORD = "awda-demo"

# code, name, kind, country, city
OFFICES = [
    ("RBA", "OIM Rabat", "iom_office", "MA", "Rabat"),
    ("CAS", "OIM Casablanca", "iom_office", "MA", "Casablanca"),
    ("OUJ", "OIM Oujda", "iom_office", "MA", "Oujda"),
    ("TNG", "OIM Tanger", "iom_office", "MA", "Tanger"),
    ("IOM-MA", "OIM Maroc (niveau national)", "iom_office", "MA", "Rabat"),
]

# Missions in countries of origin (outbound) and in host countries (Moroccans coming home).
MISSIONS = {
    "GN": ("Guinée", "Conakry"),
    "CI": ("Côte d'Ivoire", "Abidjan"),
    "SN": ("Sénégal", "Dakar"),
    "CM": ("Cameroun", "Yaoundé"),
    "ML": ("Mali", "Bamako"),
    "NG": ("Nigéria", "Abuja"),
    "CG": ("Congo", "Brazzaville"),
    "CD": ("République démocratique du Congo", "Kinshasa"),
    "SD": ("Soudan", "Khartoum"),
    "GM": ("Gambie", "Banjul"),
    "BF": ("Burkina Faso", "Ouagadougou"),
    "PH": ("Philippines", "Manille"),
    "GH": ("Ghana", "Accra"),
    "LR": ("Libéria", "Monrovia"),
    "SL": ("Sierra Leone", "Freetown"),
    "TG": ("Togo", "Lomé"),
    "BJ": ("Bénin", "Cotonou"),
    "NE": ("Niger", "Niamey"),
    "GW": ("Guinée-Bissau", "Bissau"),
    "TD": ("Tchad", "N'Djamena"),
    "GA": ("Gabon", "Libreville"),
    "CF": ("République centrafricaine", "Bangui"),
    "LK": ("Sri Lanka", "Colombo"),
    "MG": ("Madagascar", "Antananarivo"),
    "TR": ("Türkiye", "Ankara"),
    "TN": ("Tunisie", "Tunis"),
    "DE": ("Allemagne", "Berlin"),
    "BE": ("Belgique", "Bruxelles"),
    "GR": ("Grèce", "Athènes"),
    "BA": ("Bosnie-Herzégovine", "Sarajevo"),
    "ES": ("Espagne", "Madrid"),
    "BG": ("Bulgarie", "Sofia"),
    "RS": ("Serbie", "Belgrade"),
    "XK": ("Kosovo", "Pristina"),
    "CH": ("Suisse", "Berne"),
    "MT": ("Malte", "La Valette"),
    "IT": ("Italie", "Rome"),
    "LY": ("Libye", "Tripoli"),
    "FR": ("France", "Paris"),
    "NL": ("Pays-Bas", "La Haye"),
}

# Diplomatic representations in Morocco of the main countries of origin.
CONSULATES = {
    "GN": "Ambassade de la République de Guinée (service consulaire)",
    "CI": "Consulat général de Côte d'Ivoire",
    "SN": "Consulat général du Sénégal",
    "CM": "Ambassade du Cameroun (service consulaire)",
    "ML": "Consulat général du Mali",
    "NG": "Ambassade du Nigéria (service consulaire)",
    "CG": "Ambassade de la République du Congo (service consulaire)",
    "CD": "Ambassade de la République démocratique du Congo (service consulaire)",
    "SD": "Ambassade du Soudan (service consulaire)",
    "GM": "Ambassade de Gambie (service consulaire)",
    "BF": "Ambassade du Burkina Faso (service consulaire)",
    "GH": "Ambassade du Ghana (service consulaire)",
    "PH": "Ambassade des Philippines (service consulaire)",
}
_CONSULATE_CITY = {"CI": "Casablanca", "SN": "Casablanca", "ML": "Casablanca"}

OTHER_ORGANISATIONS = [
    ("DGSN-CMN", "DGSN – Aéroport Mohammed V (Casablanca)", "police", "MA", "Casablanca"),
    ("DGSN-RBA", "DGSN – Aéroport Rabat-Salé", "police", "MA", "Salé"),
    ("DGSN-OUJ", "DGSN – Aéroport Oujda-Angads", "police", "MA", "Oujda"),
    ("DGSN-TNG", "DGSN – Aéroport Tanger Ibn Battouta", "police", "MA", "Tanger"),
    ("MI", "Ministère de l'Intérieur", "ministry", "MA", "Rabat"),
    ("MS", "Ministère de la Santé et de la Protection sociale", "ministry", "MA", "Rabat"),
    ("MJ", "Ministère de la Justice", "ministry", "MA", "Rabat"),
    (
        "MAE",
        "Ministère des Affaires étrangères, de la Coopération africaine et des Marocains "
        "résidant à l'étranger",
        "ministry",
        "MA",
        "Rabat",
    ),
    ("EN", "Entraide Nationale", "ministry", "MA", "Rabat"),
    ("NGO-ALCS", "Association de Lutte Contre le Sida (ALCS)", "ngo", "MA", "Casablanca"),
    ("NGO-BAYTI", "Association Bayti", "ngo", "MA", "Casablanca"),
    ("NGO-MS2", "Association Maroc Solidarité Médico-Sociale (MS2)", "ngo", "MA", "Oujda"),
    ("NGO-AMPF", "Association Marocaine de Planification Familiale (AMPF)", "ngo", "MA", "Rabat"),
    (
        "NGO-ASTICUDE",
        "Association Thissaghnasse pour la Culture et le Développement (ASTICUDE)",
        "ngo",
        "MA",
        "Nador",
    ),
    (
        "UNHCR",
        "HCR – Haut-Commissariat des Nations unies pour les réfugiés",
        "un_agency",
        "MA",
        "Rabat",
    ),
    (
        "DONOR-EUTF",
        "Union européenne – Fonds fiduciaire d'urgence pour l'Afrique",
        "donor",
        "BE",
        "Bruxelles",
    ),
    ("DONOR-NL", "Ministère des Affaires étrangères des Pays-Bas", "donor", "NL", "La Haye"),
    ("DONOR-DE", "Ministère fédéral des Affaires étrangères (Allemagne)", "donor", "DE", "Berlin"),
    (
        "DONOR-GIZ",
        "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH",
        "donor",
        "DE",
        "Eschborn",
    ),
]

# username, first name, last name, role, organisation code
USERS = [
    ("cw.rabat", "Salma", "Bennani", "case_worker", "RBA"),
    ("cw.casa", "Youssef", "El Amrani", "case_worker", "CAS"),
    ("cw.oujda", "Karim", "Ziani", "case_worker", "OUJ"),
    ("cw.tanger", "Meryem", "Tazi", "case_worker", "TNG"),
    ("counsellor.rabat", "Nadia", "Alaoui", "counsellor", "RBA"),
    ("protection.rabat", "Imane", "Berrada", "protection_officer", "RBA"),
    ("medical.rabat", "Hicham", "Lahlou", "medical_officer", "RBA"),
    ("movement.rabat", "Omar", "Chraibi", "movement_officer", "RBA"),
    ("manager.rabat", "Leïla", "Benjelloun", "office_manager", "RBA"),
    ("me.officer", "Amine", "Sebti", "me_officer", "IOM-MA"),
    ("mission.guinea", "Ibrahima Sory", "Camara", "mission_officer", "MIS-GN"),
    ("consul.guinea", "Aboubacar Sidiki", "Touré", "consulate_officer", "CONS-GN"),
    ("police.cmn", "Rachid", "Amzil", "police_officer", "DGSN-CMN"),
    ("ngo.alcs", "Houda", "Naciri", "partner_worker", "NGO-ALCS"),
    ("entraide", "Abdellah", "Raji", "partner_worker", "EN"),
    ("donor.eu", "Claire", "Dubois", "donor_viewer", "DONOR-EUTF"),
    ("ministry.interior", "Mohammed", "Kabbaj", "ministry_viewer", "MI"),
]

# Countries covered by the EU-IOM Joint Initiative among the demo's countries of origin
# (Sahel and Lake Chad, Horn of Africa, North Africa windows). Returns to them are charged
# to EU-IOM-JI; in 2022 this gives about 89 % of returns, as the annual report says.
JOINT_INITIATIVE_COUNTRIES = frozenset(
    {"GN", "CI", "SN", "CM", "NG", "ML", "SD", "GM", "BF", "GH", "LR", "SL", "TD", "GW", "NE", "EG"}
)


def organisation_rows() -> list[tuple[str, str, str, str, str]]:
    rows = list(OFFICES)
    for code, (country, city) in MISSIONS.items():
        rows.append((f"MIS-{code}", f"OIM {country}", "iom_mission", code, city))
    for code, name in CONSULATES.items():
        rows.append((f"CONS-{code}", name, "consulate", code, _CONSULATE_CITY.get(code, "Rabat")))
    rows += OTHER_ORGANISATIONS
    return rows


def ensure_organisations() -> dict[str, Organisation]:
    """Create the demo organisations that are missing; return every one by code."""
    existing = {o.code: o for o in Organisation.objects.all()}
    missing = [
        Organisation(code=code, name=name, kind=kind, country=country, city=city)
        for code, name, kind, country, city in organisation_rows()
        if code not in existing
    ]
    Organisation.objects.bulk_create(missing)
    return {o.code: o for o in Organisation.objects.all()}


def ensure_users(orgs: dict[str, Organisation]) -> dict[str, User]:
    """Create the demo users that are missing (password awda-demo); return them by username."""
    existing = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in USERS])}
    # One hash for every demo user: hashing is deliberately slow, and they share a password.
    hashed = make_password(DEMO_PASSWORD)
    missing = [
        User(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            organisation=orgs[org],
            email=f"{username}@demo.awda.invalid",
            password=hashed,
        )
        for username, first, last, role, org in USERS
        if username not in existing
    ]
    if not User.objects.filter(username="admin").exists():
        missing.append(
            User(
                username="admin",
                first_name="Administratrice",
                last_name="Awda",
                is_staff=True,
                is_superuser=True,
                organisation=orgs["IOM-MA"],
                email="admin@demo.awda.invalid",
                password=hashed,
            )
        )
    User.objects.bulk_create(missing)
    return {
        u.username: u for u in User.objects.filter(username__in=[u[0] for u in USERS] + ["admin"])
    }


def programme_rows(figures: dict, orgs: dict[str, Organisation]) -> list[dict]:
    """Programmes with donors and targets from `programmes_and_funding`.

    The documents print no programme periods; the dates here are the demo's assumption,
    chosen to cover the cases charged to each programme.
    """
    funding = figures["programmes_and_funding"]
    jin = funding["eu_iom_joint_initiative"]
    compass = funding["compass"]
    arma = funding["arma"]
    return [
        {
            "code": "EU-IOM-JI",
            "name": jin["name"],
            "donor": orgs["DONOR-EUTF"],
            "start_date": dt.date(2017, 1, 1),
            "end_date": dt.date(2023, 12, 31),
            "target_returns": jin["target_returns"]["value"],
            "target_reintegration": jin["target_moroccan_returnees_reintegration"]["value"],
            "monitoring_months": [3, 6, 12],
        },
        {
            "code": "COMPASS",
            "name": compass["name"],
            "donor": orgs["DONOR-NL"],
            "start_date": dt.date(2021, 1, 1),
            "end_date": None,
            "target_returns": compass["target_returns"]["value"],
            "target_reintegration": compass["target_reintegration"]["value"],
            "monitoring_months": [3, 6, 12],
        },
        {
            "code": "FORAS-II",
            "name": "FORAS II – Renforcement des opportunités de réintégration",
            "donor": orgs["DONOR-DE"],
            "start_date": dt.date(2020, 1, 1),
            "end_date": None,
            "target_returns": None,
            "target_reintegration": None,
            "monitoring_months": [],
        },
        {
            "code": "ARMA",
            "name": arma["name"],
            "donor": orgs["DONOR-GIZ"],
            "start_date": dt.date(2021, 1, 1),
            "end_date": None,
            "target_returns": None,
            # The 55 women returning from Germany trained to set up their own projects.
            "target_reintegration": arma["target_women_trained"]["value"],
            "monitoring_months": [3, 6],
        },
        {
            "code": "MI-FUNDING",
            "name": "Programme de retour volontaire du Ministère de l'Intérieur",
            "donor": orgs["MI"],
            "start_date": dt.date(2004, 1, 1),
            "end_date": None,
            "target_returns": None,
            "target_reintegration": None,
            "monitoring_months": [],
        },
    ]


def ensure_programmes(figures: dict, orgs: dict[str, Organisation]) -> dict[str, Programme]:
    existing = set(Programme.objects.values_list("code", flat=True))
    Programme.objects.bulk_create(
        [Programme(**row) for row in programme_rows(figures, orgs) if row["code"] not in existing]
    )
    return {p.code: p for p in Programme.objects.all()}
