"""How the demo counts what the published tables count.

Counting rules (the calibration test and the loader's summary use them; the annual report
counts the same way):

- **Returns** of a year = persons (CaseMember rows) of *outbound* cases that departed —
  status departed or later (departed, arrived, reintegration, monitoring, closed after
  departure, i.e. `departure_date` not null) — counted by the year of
  `Case.departure_date` and by `Person.nationality`.
- **Applicants** of a year = persons of outbound cases counted by the year of
  `Case.application_date`, whatever happened to the case after.
- **Boys / girls** = persons under 18 on the counting date (departure for returns,
  application for applicants); **men / women** = 18 and over. "Femmes" in the tables by
  country are women and girls, "hommes" men and boys.
- **Moroccans returned** in a year = persons of *inbound* cases whose `arrival_date`
  falls in that year, by `Case.host_country`; **assisted for reintegration** = those of
  them whose case reached the reintegration project, i.e. has a `start_reintegration`
  transition in its timeline (whatever its status now: reintegration, monitoring, or
  closed after it).
- **Refugees resettled** = persons of *resettlement* cases that departed, by
  `Case.destination_country`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from awda.cases.models import CaseMember, TimelineEvent

DEPARTED_STATUSES = ("departed", "arrived", "reintegration", "monitoring", "closed")


def band(sex: str, born: dt.date | None, on: dt.date) -> str:
    """ "men", "women", "boys" or "girls" on date `on` (no date of birth counts as adult)."""
    child = False
    if born is not None:
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        child = age < 18
    if sex == "M":
        return "boys" if child else "men"
    return "girls" if child else "women"


def returns_by_year_nationality(years: range | list[int] | None = None) -> Counter:
    """Counter of (year, nationality, band) over departed outbound persons."""
    qs = CaseMember.objects.filter(
        case__case_type="outbound",
        case__status__in=DEPARTED_STATUSES,
        case__departure_date__isnull=False,
    )
    if years is not None:
        qs = qs.filter(case__departure_date__year__in=list(years))
    out: Counter = Counter()
    for departed, born, sex, nationality in qs.values_list(
        "case__departure_date", "person__date_of_birth", "person__sex", "person__nationality"
    ).iterator(chunk_size=5000):
        out[(departed.year, nationality, band(sex, born, departed))] += 1
    return out


def applicants_by_band(year: int) -> Counter:
    """Counter of band over persons of outbound cases that applied in `year`."""
    out: Counter = Counter()
    rows = CaseMember.objects.filter(
        case__case_type="outbound", case__application_date__year=year
    ).values_list("case__application_date", "person__date_of_birth", "person__sex")
    for applied, born, sex in rows.iterator(chunk_size=5000):
        out[band(sex, born, applied)] += 1
    return out


def inbound_by_host(year: int, assisted_only: bool = False) -> Counter:
    """Counter of (host country, band on arrival) over Moroccans who came home in `year`."""
    qs = CaseMember.objects.filter(case__case_type="inbound", case__arrival_date__year=year)
    if assisted_only:
        assisted = TimelineEvent.objects.filter(
            kind=TimelineEvent.Kind.TRANSITION, action="start_reintegration"
        ).values("case_id")
        qs = qs.filter(case_id__in=assisted)
    out: Counter = Counter()
    for arrived, host, born, sex in qs.values_list(
        "case__arrival_date", "case__host_country", "person__date_of_birth", "person__sex"
    ):
        out[(host, band(sex, born, arrived))] += 1
    return out


def resettled_by_destination() -> Counter:
    return Counter(
        CaseMember.objects.filter(
            case__case_type="resettlement",
            case__departure_date__isnull=False,
            case__status__in=DEPARTED_STATUSES,
        ).values_list("case__destination_country", flat=True)
    )


def sex_totals(counter: Counter, key_index: int = -1) -> dict[str, int]:
    """{"F": women+girls, "M": men+boys} of a counter whose key ends with a band."""
    out = {"F": 0, "M": 0}
    for key, n in counter.items():
        b = key[key_index] if isinstance(key, tuple) else key
        out["M" if b in ("men", "boys") else "F"] += n
    return out
