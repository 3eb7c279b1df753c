"""Large synthetic datasets for benchmarks: `awda generate --cases N`.

Unlike the demo, nothing here is calibrated: cases are drawn from the usual mix
(nine in ten outbound, the rest Moroccans coming home and resettlement), spread over the
years asked for, each with its group, identity documents, reasons and a full timeline
consistent with its workflow. Cases are written a batch at a time, each batch in its own
transaction, so memory stays flat and an interrupted run keeps what it committed.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from awda.demo.batch import CaseBatch, CaseSpec
from awda.demo.factory import OUTBOUND_STAGES, CaseMaker, between, weighted
from awda.demo.figures import load_figures
from awda.demo.known import reserved_name_pairs
from awda.demo.loader import (
    CURRENT_NATIONALITIES,
    REFUGEE_NATIONALITIES,
    SETTLEMENT_REGIONS,
    application_span,
    inbound_age,
    refugee_household,
)
from awda.demo.names import NameMaker
from awda.demo.orgs import ensure_organisations, ensure_programmes, ensure_users
from awda.demo.population import Household, Slot, random_household
from awda.lib.db import refresh_planner_statistics

D = dt.timedelta
CASE_TYPES = {"outbound": 90, "inbound": 8, "resettlement": 2}
HOSTS = {"TR": 50, "TN": 10, "DE": 9, "BE": 6, "ES": 5, "GR": 4, "IT": 4, "LY": 4, "BA": 3, "FR": 3}
RESETTLEMENT_COUNTRIES = {
    "CA": 70,
    "FR": 9,
    "SE": 8,
    "NL": 3,
    "NO": 3,
    "DK": 2,
    "FI": 2,
    "DE": 1,
    "US": 1,
}


def _outbound(maker: CaseMaker, rng: random.Random, year: int, today: dt.date) -> CaseSpec:
    household = random_household(rng, weighted(rng, CURRENT_NATIONALITIES))
    horizon = today - D(days=1)
    application = between(rng, dt.date(year, 1, 1), min(dt.date(year, 12, 31), horizon))
    age = (horizon - application).days
    span = application_span(rng, household.alone_child)
    r = rng.random()
    if r < 0.72 and age > span:
        return maker.outbound(
            household,
            application=application,
            departure=application + D(days=span),
            horizon=horizon,
            outcome="departed",
        )
    if age < 150 and r < 0.9:
        return maker.outbound(
            household,
            application=application,
            horizon=horizon,
            outcome="open",
            stage=rng.choice(OUTBOUND_STAGES[:-1]),
        )
    outcome = weighted(rng, {"withdrawn": 55, "not_eligible": 25, "suspended": 12, "no_show": 8})
    return maker.outbound(
        household,
        application=application,
        horizon=horizon,
        outcome=outcome,
        stage=rng.choice(OUTBOUND_STAGES[1:]) if outcome in ("withdrawn", "suspended") else "",
    )


def _inbound(maker: CaseMaker, rng: random.Random, year: int, today: dt.date) -> CaseSpec:
    slot = Slot(rng.choice("MMMMMMMMMF"), False, "principal", age=inbound_age(rng))
    horizon = today - D(days=1)
    arrival = between(rng, dt.date(year, 1, 1), min(dt.date(year, 12, 31), horizon - D(days=1)))
    return maker.inbound(
        Household("MA", [slot]),
        host=weighted(rng, HOSTS),
        arrival=arrival,
        target=weighted(rng, {"assisted": 35, "arrived": 15, "counselling": 20, "closed": 30}),
        horizon=horizon,
        region=weighted(rng, SETTLEMENT_REGIONS),
    )


def _resettlement(maker: CaseMaker, rng: random.Random, year: int, today: dt.date) -> CaseSpec:
    horizon = today - D(days=1)
    departure = between(rng, dt.date(year, 1, 1), min(dt.date(year, 12, 31), horizon - D(days=2)))
    household = refugee_household(rng, weighted(rng, REFUGEE_NATIONALITIES), rng.randint(1, 5))
    return maker.resettlement(
        household,
        destination=weighted(rng, RESETTLEMENT_COUNTRIES),
        departure=departure,
        horizon=horizon,
    )


_MAKERS = {"outbound": _outbound, "inbound": _inbound, "resettlement": _resettlement}


def generate_cases(
    n: int,
    *,
    seed: int = 1,
    start_year: int | None = None,
    end_year: int | None = None,
    batch_size: int = 2000,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write `n` synthetic cases with their people and history; return the row counts.

    Years are drawn uniformly from start_year..end_year (default: the last ten years up to
    this one). Offices, users and programmes are created if missing (the demo's).
    """
    today = timezone.localdate()
    end_year = end_year or today.year
    start_year = start_year or end_year - 9
    if start_year > end_year:
        raise ValueError("start year after end year")
    if n < 0:
        raise ValueError("the number of cases cannot be negative")
    with transaction.atomic():
        orgs = ensure_organisations()
        users = ensure_users(orgs)
        programmes = ensure_programmes(load_figures(), orgs)
    rng = random.Random(seed)
    names = NameMaker(rng, reserved=reserved_name_pairs())
    maker = CaseMaker(rng, orgs, users, programmes, names)
    batch = CaseBatch(rng, size=batch_size)
    years = list(range(start_year, end_year + 1))
    started = time.perf_counter()
    made = 0
    while made < n:
        size = min(batch_size, n - made)
        with transaction.atomic():
            for _ in range(size):
                case_type = weighted(rng, CASE_TYPES)
                batch.add(_MAKERS[case_type](maker, rng, rng.choice(years), today))
            batch.flush()
        made += size
        if log:
            elapsed = time.perf_counter() - started
            log(f"  {made:>9,} / {n:,} cases  ({elapsed:.0f} s)")
    refresh_planner_statistics()
    return dict(batch.totals)
