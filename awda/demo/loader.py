"""The demo dataset: organisations, users, programmes, and case histories calibrated to the
published figures (`figures.py`), then each app's own demo records (`EXTENSIONS`).

What is exact (see `counts.py` for how it is counted):

- outbound returns 2017–2021 per year and nationality = the Ministry of Interior tables
  (the ten printed nationalities; "Autres" spread over other countries of origin);
- outbound returns 2022 = the IOM table by country of origin and sex (rows 1–8 with their
  women/men split, rows 9–13 with their totals, rows 14–26 with the arithmetic
  hypothesis that makes the 26 rows add up to 2 457), and 1 443 men, 616 women,
  207 boys, 191 girls;
- 2022 applicants = 3 552 (2 097 men, 916 women, 277 boys, 262 girls): every 2022 return
  applied in 2022; the others withdrew, were not eligible, did not show up, are suspended
  or left in early 2023;
- Moroccans who came home in 2022 = 639 by host country (top five with their split), of
  whom 216 assisted for reintegration by host country and sex;
- refugees resettled since 2011 = 435 by country of resettlement.

History runs up to HISTORY_TODAY; the cases of current work are dated relative to the
real today, so that "my work" and the workflow buttons show live situations.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import random
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from awda.audit.services import audit_record
from awda.cases.models import Case
from awda.demo import counts
from awda.demo.batch import CaseBatch
from awda.demo.context import DemoContext
from awda.demo.factory import CaseMaker, between, weighted
from awda.demo.figures import alpha2, iom_2022_rows, load_figures, ministry_years
from awda.demo.known import create_known_people, reserved_name_pairs
from awda.demo.models import DemoLoad
from awda.demo.names import OTHER_ORIGINS, NameMaker
from awda.demo.orgs import USERS, ensure_organisations, ensure_programmes, ensure_users
from awda.demo.population import (
    Household,
    Slot,
    apportion,
    child_alone,
    family_household,
    form_households,
    random_household,
)
from awda.lib.db import refresh_planner_statistics
from awda.people.models import Person

DEMO_VERSION = "1"
SEED = 2022
HISTORY_TODAY = dt.date(2023, 3, 31)
D = dt.timedelta

EXTENSIONS = [
    "awda.protection.demo",
    "awda.partners.demo",
    "awda.funding.demo",
    "awda.assistance.demo",
    "awda.travel.demo",
    "awda.reintegration.demo",
    "awda.trainings.demo",
    "awda.reports.demo",
]

# Share of women and girls among returnees per nationality (2017–2021 tables print no
# split): three in four returnees are men, more women towards Côte d'Ivoire, the Congos,
# Nigeria and the Philippines (annual report 2022).
FEMALE_SHARE = {
    "CI": 0.35,
    "CG": 0.42,
    "CD": 0.42,
    "PH": 0.6,
    "NG": 0.38,
    "CM": 0.25,
    "GN": 0.15,
    "SN": 0.12,
    "ML": 0.05,
}
MINOR_SHARE_2017_2021 = 0.05
# Children returning alone; "doubled in 2022" (annual report 2022).
ALONE_CHILDREN = {2017: 3, 2018: 4, 2019: 4, 2020: 3, 2021: 6, 2022: 13}
# Returns by month in 2020 followed the border closures of the pandemic.
MONTH_WEIGHTS = {2020: [10, 10, 6, 0, 0, 0, 1, 3, 5, 6, 8, 8]}

# The 96 Moroccans of 2022 who came home from outside the top five host countries
# (women+girls, men+boys). Chosen to hold the reintegration table's hosts.
INBOUND_OTHER_HOSTS_2022 = {
    "BA": (3, 17),
    "ES": (2, 16),
    "BG": (0, 10),
    "RS": (0, 8),
    "XK": (0, 4),
    "CH": (1, 3),
    "MT": (0, 2),
    "IT": (1, 11),
    "LY": (0, 10),
    "FR": (1, 7),
}
# Families among them: (host, assisted for reintegration, members as (sex, child)).
INBOUND_FAMILIES_2022 = [
    ("TR", True, [("M", False), ("F", False), ("F", True), ("M", True)]),
    ("BA", True, [("M", False), ("F", False), ("F", True)]),
    ("DE", True, [("F", False), ("M", True)]),
    ("BE", True, [("M", False), ("F", False), ("M", True)]),
    ("TR", False, [("F", False), ("F", True), ("M", True)]),
    ("TN", False, [("M", False), ("F", False), ("M", True)]),
]
SETTLEMENT_REGIONS = {"04": 22, "06": 22, "05": 18, "03": 12, "09": 8, "02": 6, "07": 6, "01": 6}

RESETTLEMENT_YEARS = {
    2011: 12,
    2012: 15,
    2013: 20,
    2014: 28,
    2015: 35,
    2016: 45,
    2017: 50,
    2018: 55,
    2019: 60,
    2020: 15,
    2021: 45,
    2022: 70,
}
REFUGEE_NATIONALITIES = {"SY": 45, "YE": 12, "CF": 12, "SS": 8, "CD": 8, "CI": 5, "IQ": 5, "CM": 5}

CURRENT_NATIONALITIES = {
    "CI": 26,
    "GN": 24,
    "SN": 15,
    "CM": 6,
    "NG": 6,
    "ML": 5,
    "CG": 4,
    "CD": 4,
    "SD": 3,
    "GM": 2,
    "BF": 1.5,
    "PH": 1,
    "GH": 1,
    "SL": 0.5,
    "LR": 0.5,
}
# Open outbound cases of current work: (status, how many, days since application).
CURRENT_OUTBOUND = [
    ("registered", 35, (0, 10)),
    ("counselling", 40, (3, 25)),
    ("screening", 40, (7, 45)),
    ("travel_documents", 60, (14, 80)),
    ("ready", 30, (25, 100)),
    ("booked", 25, (30, 110)),
]


@dataclass
class LoadResult:
    skipped: bool
    seconds: float
    counts: dict
    extensions: dict = field(default_factory=dict)

    @property
    def failed_extensions(self) -> list[str]:
        return [m for m, r in self.extensions.items() if not r.get("ok")]


def _expect(condition: bool, what: str) -> None:
    """The figures file no longer fits the demo's assumptions: say so rather than load."""
    if not condition:
        raise ValueError(f"published figures and demo plan disagree: {what}")


def _departure_in_year(rng: random.Random, year: int, earliest: dt.date | None = None) -> dt.date:
    weights = MONTH_WEIGHTS.get(year, [1] * 12)
    while True:
        month = rng.choices(range(1, 13), weights=weights)[0]
        day = rng.randint(1, 28)
        on = dt.date(year, month, day)
        if earliest is None or on >= earliest:
            return on


def application_span(rng: random.Random, alone_child: bool) -> int:
    """Days between application and departure."""
    days = int(rng.triangular(12, 160, 40))
    return max(days, 50) if alone_child else days


class DemoBuilder:
    def __init__(self, ctx: DemoContext, figures: dict, batch: CaseBatch):
        self.ctx = ctx
        self.figures = figures
        self.batch = batch
        self.names = NameMaker(random.Random(SEED), reserved=reserved_name_pairs())
        self.maker = CaseMaker(self.names.rng, ctx.orgs, ctx.users, ctx.programmes, self.names)

    def cohort(self, name: str) -> random.Random:
        """A generator of its own per cohort, so that changing one leaves the others alone."""
        rng = random.Random(f"{SEED}:{name}")
        self.maker.rng = self.names.rng = self.batch.rng = rng
        return rng

    # -- outbound, 2017–2021 ----------------------------------------------------------------

    def outbound_2017_2021(self) -> None:
        for year, table in sorted(ministry_years(self.figures).items()):
            if year > 2021:
                continue
            rng = self.cohort(f"outbound-{year}")
            by_country = dict(table["rows"])
            others = {c: w for c, w in OTHER_ORIGINS.items() if c not in by_country}
            codes = list(others)
            for code, n in zip(
                codes, apportion(table["autres"], [others[c] for c in codes]), strict=True
            ):
                if n:
                    by_country[code] = n
            _expect(sum(by_country.values()) == table["total"], f"{year}: rows + Autres")
            codes = list(by_country)
            totals = [by_country[c] for c in codes]
            females = [
                min(t, round(t * FEMALE_SHARE.get(c, 0.15)))
                for c, t in zip(codes, totals, strict=True)
            ]
            males = [t - f for t, f in zip(totals, females, strict=True)]
            minors = round(table["total"] * MINOR_SHARE_2017_2021)
            girls = apportion(minors // 2, females, caps=females)
            boys = apportion(
                minors - minors // 2,
                [f + 0.1 * m for f, m in zip(females, males, strict=True)],
                caps=males,
            )
            alone = apportion(
                ALONE_CHILDREN[year],
                [b + 0.01 for b in boys],
                caps=[b + g for b, g in zip(boys, girls, strict=True)],
            )
            for i, code in enumerate(codes):
                for household in form_households(
                    rng,
                    code,
                    males[i] - boys[i],
                    females[i] - girls[i],
                    boys[i],
                    girls[i],
                    alone[i],
                ):
                    departure = _departure_in_year(rng, year)
                    application = departure - D(days=application_span(rng, household.alone_child))
                    self.batch.add(
                        self.maker.outbound(
                            household,
                            application=application,
                            departure=departure,
                            horizon=HISTORY_TODAY,
                            outcome="departed",
                        )
                    )
            self.stopped_applicants(rng, year, by_country, round(table["total"] * 0.08))

    def stopped_applicants(self, rng, year, by_country: dict, persons: int) -> None:
        """Applicants of a past year who withdrew or were found not eligible."""
        codes = list(by_country)
        weights = [by_country[c] for c in codes]
        while persons > 0:
            household = random_household(rng, rng.choices(codes, weights=weights)[0])
            if household.alone_child:
                continue
            persons -= household.size
            outcome = "withdrawn" if rng.random() < 0.65 else "not_eligible"
            stage = rng.choice(["registered", "counselling", "screening", "travel_documents"])
            application = dt.date(year, 1, 1) + D(days=rng.randint(0, 330))
            self.batch.add(
                self.maker.outbound(
                    household,
                    application=application,
                    horizon=HISTORY_TODAY,
                    outcome=outcome,
                    stage=stage,
                )
            )

    # -- outbound, 2022 ---------------------------------------------------------------------

    def split_2022(self) -> dict[str, dict[str, int]]:
        """Men, women, boys, girls per country of origin for the 2 457 returns of 2022."""
        r22 = self.figures["returns_2022"]
        rows = iom_2022_rows(self.figures)
        females = {r["code"]: r["femmes"] for r in rows if r["femmes"] is not None}
        rest = [r for r in rows if r["femmes"] is None]
        rest_female = r22["femmes"] + r22["filles"] - sum(females.values())
        # The Philippines are among the countries with more women (annual report 2022).
        for r in rest:
            if r["code"] == "PH":
                females["PH"] = round(r["total"] * FEMALE_SHARE["PH"])
                rest_female -= females["PH"]
        rest = [r for r in rest if r["code"] not in females]
        for r, f in zip(
            rest,
            apportion(rest_female, [r["total"] for r in rest], caps=[r["total"] for r in rest]),
            strict=True,
        ):
            females[r["code"]] = f
        codes = [r["code"] for r in rows]
        total = {r["code"]: r["total"] for r in rows}
        f = [females[c] for c in codes]
        m = [total[c] - females[c] for c in codes]
        girls = apportion(r22["filles"], f, caps=f)
        boys = apportion(r22["garcons"], [a + 0.1 * b for a, b in zip(f, m, strict=True)], caps=m)
        out = {}
        for i, c in enumerate(codes):
            out[c] = {
                "men": m[i] - boys[i],
                "women": f[i] - girls[i],
                "boys": boys[i],
                "girls": girls[i],
            }
        _expect(sum(v["men"] for v in out.values()) == r22["hommes"], "2022 men")
        _expect(sum(v["women"] for v in out.values()) == r22["femmes"], "2022 women")
        return out

    def outbound_2022(self) -> None:
        rng = self.cohort("outbound-2022")
        split = self.split_2022()
        codes = list(split)
        alone = apportion(
            ALONE_CHILDREN[2022],
            [split[c]["boys"] + 0.01 for c in codes],
            caps=[split[c]["boys"] + split[c]["girls"] for c in codes],
        )
        start = dt.date(2022, 1, 1)
        for code, n_alone in zip(codes, alone, strict=True):
            s = split[code]
            for household in form_households(
                rng, code, s["men"], s["women"], s["boys"], s["girls"], n_alone
            ):
                earliest = dt.date(2022, 3, 1) if household.alone_child else dt.date(2022, 1, 15)
                departure = min(_departure_in_year(rng, 2022, earliest), dt.date(2022, 12, 28))
                span = min(application_span(rng, household.alone_child), (departure - start).days)
                self.batch.add(
                    self.maker.outbound(
                        household,
                        application=departure - D(days=span),
                        departure=departure,
                        horizon=HISTORY_TODAY,
                        outcome="departed",
                    )
                )
        self.other_applicants_2022(split)

    def other_applicants_2022(self, split: dict) -> None:
        """The 2022 applicants who did not leave in 2022 (3 552 − 2 457 = 1 095 persons)."""
        rng = self.cohort("applicants-2022")
        a22, r22 = self.figures["applications_2022"], self.figures["returns_2022"]
        extra = {
            "men": a22["hommes"] - r22["hommes"],
            "women": a22["femmes"] - r22["femmes"],
            "boys": a22["garcons"] - r22["garcons"],
            "girls": a22["filles"] - r22["filles"],
        }
        codes = list(split)
        men = apportion(extra["men"], [split[c]["men"] for c in codes])
        women = apportion(extra["women"], [split[c]["women"] for c in codes])
        weights = [w + 0.2 * m for w, m in zip(women, men, strict=True)]
        boys = apportion(extra["boys"], weights)
        girls = apportion(extra["girls"], weights)
        alone = apportion(
            2, [b + 0.01 for b in boys], caps=[b + g for b, g in zip(boys, girls, strict=True)]
        )
        outcomes = {
            "departed_2023": 33,
            "withdrawn": 37,
            "not_eligible": 12,
            "suspended": 10,
            "no_show": 8,
        }
        for i, code in enumerate(codes):
            for household in form_households(
                rng, code, men[i], women[i], boys[i], girls[i], alone[i]
            ):
                outcome = "withdrawn" if household.alone_child else weighted(rng, outcomes)
                if outcome == "departed_2023":
                    application = between(rng, dt.date(2022, 8, 15), dt.date(2022, 12, 20))
                    departure = between(
                        rng,
                        max(application + D(days=20), dt.date(2023, 1, 3)),
                        dt.date(2023, 3, 20),
                    )
                    spec = self.maker.outbound(
                        household,
                        application=application,
                        departure=departure,
                        horizon=HISTORY_TODAY,
                        outcome="departed",
                    )
                else:
                    stage = {
                        "withdrawn": rng.choice(
                            [
                                "registered",
                                "counselling",
                                "screening",
                                "travel_documents",
                                "ready",
                                "booked",
                            ]
                        ),
                        "suspended": rng.choice(
                            ["counselling", "screening", "travel_documents", "ready"]
                        ),
                    }.get(outcome, "registered")
                    spec = self.maker.outbound(
                        household,
                        application=between(rng, dt.date(2022, 1, 1), dt.date(2022, 12, 15)),
                        horizon=HISTORY_TODAY,
                        outcome=outcome,
                        stage=stage,
                    )
                self.batch.add(spec)

    # -- inbound, 2022 ----------------------------------------------------------------------

    def inbound_2022(self) -> None:
        """The 639 Moroccans who came home in 2022, 216 of them assisted for reintegration."""
        rng = self.cohort("inbound-2022")
        mr = self.figures["moroccan_returnees"]["2022"]
        returns = {
            alpha2(r["iso3"]): (r["femmes"], r["hommes"])
            for r in mr["host_countries_returns_top5_002"]["rows"]
        }
        returns.update(INBOUND_OTHER_HOSTS_2022)
        _expect(sum(f + m for f, m in returns.values()) == mr["returned"]["value"], "639 returns")
        assisted = {
            alpha2(r["iso3"]): [r["femmes"], r["hommes"]]
            for r in mr["host_countries_reintegration_assisted_000"]["rows"]
        }
        remaining = {h: [f, m] for h, (f, m) in returns.items()}
        households: list[tuple[str, bool, Household]] = []
        children = Counter()
        for host, is_assisted, members in INBOUND_FAMILIES_2022:
            kids = [sex for sex, child in members if child]
            mother = any(sex == "F" and not child for sex, child in members)
            father = any(sex == "M" and not child for sex, child in members)
            households.append(
                (host, is_assisted, family_household(rng, "MA", kids, mother=mother, father=father))
            )
            for sex, child in members:
                i = 0 if sex == "F" else 1
                remaining[host][i] -= 1
                if is_assisted:
                    assisted[host][i] -= 1
                    children[(sex, child)] += 1
        ra = mr["reintegration_assisted"]
        _expect(
            children[("F", True)] == ra["filles"] and children[("M", True)] == ra["garcons"],
            "children among the 216 assisted",
        )
        for host, (f, m) in remaining.items():
            af, am = assisted.get(host, (0, 0))
            _expect(0 <= af <= f and 0 <= am <= m, f"assisted from {host} within its returns")
            for sex, n, is_assisted in (
                ("F", af, True),
                ("M", am, True),
                ("F", f - af, False),
                ("M", m - am, False),
            ):
                for _ in range(n):
                    slot = Slot(sex, False, "principal", age=inbound_age(rng))
                    households.append((host, is_assisted, Household("MA", [slot])))
        rng.shuffle(households)
        # Seven of the assisted were in a situation of increased vulnerability.
        vulnerable = mr["profile"]["increased_vulnerability"]
        wanted = ["trafficking"] * vulnerable["trafficking_victim"] + ["elderly"] * vulnerable[
            "elderly"
        ]
        wanted += ["medical"] * vulnerable["specific_medical_needs"]
        singles = [h for h in households if h[1] and h[2].size == 1]
        marked = {}
        for category, (_host, _a, household) in zip(wanted, singles, strict=False):
            marked[id(household)] = category
            if category == "elderly":
                household.slots[0].age = rng.randint(61, 68)
        for host, is_assisted, household in households:
            arrival = between(rng, dt.date(2022, 1, 5), dt.date(2022, 12, 28))
            target = (
                "assisted"
                if is_assisted
                else rng.choice(["arrived", "counselling", "counselling", "closed", "closed"])
            )
            self.batch.add(
                self.maker.inbound(
                    household,
                    host=host,
                    arrival=arrival,
                    target=target,
                    horizon=HISTORY_TODAY,
                    region=weighted(rng, SETTLEMENT_REGIONS),
                    vulnerabilities=[marked[id(household)]] if id(household) in marked else [],
                )
            )

    # -- resettlement -----------------------------------------------------------------------

    def resettlement(self) -> None:
        """Refugees resettled since 2011, by country of resettlement."""
        rng = self.cohort("resettlement")
        for row in self.figures["resettlement"]["by_country"]:
            destination = alpha2(row["iso3"])
            left = row["refugees"]
            while left > 0:
                size = min(
                    left, rng.choices([1, 2, 3, 4, 5, 6], weights=[25, 15, 20, 20, 12, 8])[0]
                )
                left -= size
                nationality = weighted(rng, REFUGEE_NATIONALITIES)
                year = weighted(rng, RESETTLEMENT_YEARS)
                self.batch.add(
                    self.maker.resettlement(
                        refugee_household(rng, nationality, size),
                        destination=destination,
                        departure=_departure_in_year(rng, year),
                        horizon=HISTORY_TODAY,
                    )
                )

    # -- current work -----------------------------------------------------------------------

    def current_work(self) -> None:
        """Open cases in every stage, dated relative to today."""
        rng = self.cohort("current")
        today = self.ctx.today
        yesterday = today - D(days=1)

        def household() -> Household:
            return random_household(rng, weighted(rng, CURRENT_NATIONALITIES))

        for stage, n, (low, high) in CURRENT_OUTBOUND:
            for i in range(n):
                h = household()
                if stage in ("screening", "travel_documents", "ready") and i < 2:
                    h = child_alone(rng, weighted(rng, CURRENT_NATIONALITIES), "M")
                situation = ""
                if stage in ("travel_documents", "ready") and 2 <= i < 8:
                    situation = "expiring_document"
                elif stage in ("screening", "travel_documents", "ready") and 8 <= i < 14:
                    situation = "declaration_missing"
                self.batch.add(
                    self.maker.outbound(
                        h,
                        application=today - D(days=rng.randint(low, high)),
                        horizon=yesterday,
                        outcome="open",
                        stage=stage,
                        situation=situation,
                        planned_departure=today + D(days=rng.randint(1, 21))
                        if stage == "booked"
                        else None,
                    )
                )
        for outcome, n in (
            ("no_show", 6),
            ("suspended", 12),
            ("withdrawn", 8),
            ("not_eligible", 4),
        ):
            for _ in range(n):
                self.batch.add(
                    self.maker.outbound(
                        household(),
                        application=today - D(days=rng.randint(30, 120)),
                        horizon=yesterday,
                        outcome=outcome,
                        stage=rng.choice(["counselling", "screening", "travel_documents", "ready"]),
                    )
                )
        # Recent departures: in the air, arrived, in reintegration, followed up.
        for n, (low, high) in ((6, (1, 1)), (10, (3, 9)), (20, (30, 120)), (16, (140, 300))):
            for _ in range(n):
                departure = today - D(days=rng.randint(low, high))
                horizon = (
                    departure if (low, high) == (1, 1) else min(yesterday, departure + D(days=high))
                )
                self.batch.add(
                    self.maker.outbound(
                        household(),
                        application=departure - D(days=application_span(rng, False)),
                        departure=departure,
                        horizon=horizon,
                        outcome="departed",
                    )
                )
        hosts = {"TR": 10, "TN": 4, "DE": 3, "BE": 2, "ES": 2, "LY": 2}
        for target, n, days in (
            ("registered", 3, None),
            ("family_tracing", 4, None),
            ("information_exchange", 4, None),
            ("arrived", 3, (2, 10)),
            ("counselling", 3, (10, 30)),
            ("reintegration", 3, (40, 100)),
        ):
            for _ in range(n):
                slot = Slot(rng.choice("MMMMF"), False, "principal", age=inbound_age(rng))
                self.batch.add(
                    self.maker.inbound(
                        Household("MA", [slot]),
                        host=weighted(rng, hosts),
                        arrival=today - D(days=rng.randint(*days)) if days else None,
                        target=target,
                        horizon=yesterday,
                        region=weighted(rng, SETTLEMENT_REGIONS),
                    )
                )
        for stage in (
            "medical_examination",
            "medical_examination",
            "cultural_orientation",
            "cultural_orientation",
            "travel_documents",
            "ready",
        ):
            self.batch.add(
                self.maker.resettlement(
                    refugee_household(rng, weighted(rng, REFUGEE_NATIONALITIES), rng.randint(1, 5)),
                    destination=rng.choice(["CA", "CA", "FR", "SE"]),
                    departure=None,
                    horizon=yesterday,
                    stage=stage,
                )
            )


def inbound_age(rng: random.Random) -> int:
    """Moroccans coming home: three in four aged 18–39 (annual report 2022)."""
    low, high = rng.choices([(19, 25), (26, 39), (40, 59), (60, 70)], weights=[35, 41, 21, 3])[0]
    return rng.randint(low, high)


def refugee_household(rng: random.Random, nationality: str, size: int) -> Household:
    if size == 1:
        return Household(
            nationality, [Slot(rng.choice("MMF"), False, "principal", age=rng.randint(20, 50))]
        )
    kids = [rng.choice("MF") for _ in range(size - 2)]
    if rng.random() < 0.25:
        kids.append(rng.choice("MF"))
        return family_household(rng, nationality, kids, mother=True, father=False)
    return family_household(rng, nationality, kids, mother=True, father=True)


def demo_context(log: Callable[[str], None]) -> DemoContext:
    from awda.accounts.models import Organisation, User
    from awda.funding.models import Programme

    return DemoContext(
        rng=random.Random(SEED),
        today=timezone.localdate(),
        orgs={o.code: o for o in Organisation.objects.all()},
        users={
            u.username: u
            for u in User.objects.filter(username__in=[u[0] for u in USERS] + ["admin"])
        },
        programmes={p.code: p for p in Programme.objects.all()},
        log=log,
        history_today=HISTORY_TODAY,
        seed=SEED,
    )


def _timed(log, label: str, fn):
    started = time.perf_counter()
    result = fn()
    log(f"  {label}: {time.perf_counter() - started:.1f} s")
    return result


def load_core(log: Callable[[str], None]) -> DemoLoad:
    """Everything but the extensions, in one transaction: all of it or nothing.

    The marker row is written first: a second `load-demo` started meanwhile waits on it
    and then fails on its unique key (IntegrityError) rather than loading a second copy.
    """
    figures = load_figures()
    started = time.perf_counter()
    with transaction.atomic():
        marker = DemoLoad.objects.create(
            version=DEMO_VERSION, seed=SEED, history_today=HISTORY_TODAY, started_at=timezone.now()
        )
        orgs = ensure_organisations()
        users = ensure_users(orgs)
        ensure_programmes(figures, orgs)
        ctx = demo_context(log)
        batch = CaseBatch(random.Random(SEED))
        builder = DemoBuilder(ctx, figures, batch)
        log("Demo data:")
        for label, fn in (
            ("outbound returns 2017-2021", builder.outbound_2017_2021),
            ("outbound returns and applicants 2022", builder.outbound_2022),
            ("Moroccans returned 2022", builder.inbound_2022),
            ("resettlement 2011-2022", builder.resettlement),
            ("current work", builder.current_work),
        ):
            _timed(log, label, lambda fn=fn: (fn(), batch.flush()))
        known = _timed(
            log,
            "known people (registered through the services)",
            lambda: create_known_people(orgs["RBA"], actor=users.get("cw.rabat")),
        )
        totals = dict(batch.totals)
        totals["known_people"] = len(known)
        marker.finished_at = timezone.now()
        marker.seconds = round(time.perf_counter() - started, 2)
        marker.counts = totals
        marker.save()
        audit_record(
            actor=None,
            verb="demo.loaded",
            obj=marker,
            data={"version": DEMO_VERSION, "seed": SEED, "counts": totals},
        )
    return marker


def run_extensions(
    marker: DemoLoad, log: Callable[[str], None], modules: list[str] | None = None
) -> dict:
    """Call `load_demo(ctx)` of each app demo module that exists and has not yet succeeded.

    Each runs in its own transaction with its own random generator, so one app's failure
    or change leaves the others' records as they were.
    """
    results = dict(marker.extensions)
    for module in modules if modules is not None else EXTENSIONS:
        if results.get(module, {}).get("ok"):
            continue
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            continue
        ctx = demo_context(log)
        ctx.rng = random.Random(f"{SEED}:{module}")
        started = time.perf_counter()
        try:
            with transaction.atomic():
                importlib.import_module(module).load_demo(ctx)
        except Exception as exc:
            seconds = time.perf_counter() - started
            results[module] = {"ok": False, "seconds": round(seconds, 2), "error": repr(exc)}
            log(f"  {module}: FAILED after {seconds:.1f} s\n{traceback.format_exc()}")
        else:
            seconds = time.perf_counter() - started
            results[module] = {"ok": True, "seconds": round(seconds, 2), "error": ""}
            log(f"  {module}: {seconds:.1f} s")
        marker.extensions = results
        marker.save(update_fields=["extensions"])
    return results


def load_demo_data(log: Callable[[str], None] = print) -> LoadResult:
    """Load the demo dataset once; loading again only retries extensions that failed."""
    started = time.perf_counter()
    marker = DemoLoad.objects.first()
    skipped = marker is not None
    if skipped:
        note = (
            "" if marker.version == DEMO_VERSION else f" (this code makes version {DEMO_VERSION})"
        )
        log(
            f"The demo data (version {marker.version}) is already loaded{note}; to load it "
            "afresh, empty the database first (`awda flush`)."
        )
    else:
        try:
            marker = load_core(log)
        except IntegrityError:
            # Another load-demo committed while this one ran: keep that one.
            log("Another `load-demo` loaded the demo data meanwhile; this one changed nothing.")
            marker, skipped = DemoLoad.objects.get(), True
    log("Apps' demo records:")
    extensions = run_extensions(marker, log)
    refresh_planner_statistics()
    return LoadResult(
        skipped=skipped,
        seconds=time.perf_counter() - started,
        counts=marker.counts,
        extensions=extensions,
    )


def calibration_summary() -> list[str]:
    """A few headline figures, counted from the database as the reports count them."""
    r22 = counts.returns_by_year_nationality([2022])
    returns_2022 = sum(r22.values())
    nationalities_2022 = len({k[1] for k in r22})
    applicants = counts.applicants_by_band(2022)
    inbound = counts.inbound_by_host(2022)
    assisted = counts.inbound_by_host(2022, assisted_only=True)
    resettled = counts.resettled_by_destination()
    return [
        f"returns 2022: {returns_2022} persons to {nationalities_2022} countries",
        f"applicants 2022: {sum(applicants.values())} "
        f"({applicants['men']} men, {applicants['women']} women, "
        f"{applicants['boys']} boys, {applicants['girls']} girls)",
        f"Moroccans returned 2022: {sum(inbound.values())}, assisted for reintegration: "
        f"{sum(assisted.values())}",
        f"refugees resettled since 2011: {sum(resettled.values())}",
        f"cases: {Case.objects.count()}, persons: {Person.objects.count()}",
    ]
