"""Who returns: exact head-counts split into households, and ages that keep the age bands
unambiguous.

Published tables count persons by nationality, sex and child/adult; a case is a household
returning together. `form_households` turns a head-count into households that use up
exactly those persons (children go with a parent, a few travel alone), and `assign_ages`
gives each member an age in years at a reference date: adults are 19 or older, children 17
or younger, so that a person's band is the same at application and at departure.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

ADULT_MIN_AGE = 19
CHILD_MAX_AGE = 17


def apportion(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder), never above
    `caps`. The parts always add up to `total`, or ValueError if the caps cannot hold it."""
    n = len(weights)
    caps = list(caps) if caps is not None else [total] * n
    if sum(caps) < total:
        raise ValueError(f"cannot place {total} under caps summing to {sum(caps)}")
    result = [0] * n
    remaining = total
    open_ = [i for i in range(n) if caps[i] > 0 and weights[i] > 0]
    while remaining > 0:
        if not open_:
            open_ = [i for i in range(n) if result[i] < caps[i]]
            weights = [1.0] * n
        wsum = sum(weights[i] for i in open_)
        shares = {i: remaining * weights[i] / wsum for i in open_}
        floors = {i: min(math.floor(shares[i]), caps[i] - result[i]) for i in open_}
        placed = sum(floors.values())
        for i, f in floors.items():
            result[i] += f
        left = remaining - placed
        by_remainder = sorted(open_, key=lambda i: (-(shares[i] - math.floor(shares[i])), i))
        for i in by_remainder:
            if left == 0:
                break
            if result[i] < caps[i]:
                result[i] += 1
                left -= 1
        remaining = left
        open_ = [i for i in open_ if result[i] < caps[i]]
    return result


def age_at(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_date(
    rng: random.Random, age: int, adult: bool, first: dt.date, last: dt.date
) -> tuple[dt.date, bool]:
    """A date of birth (and whether it is an estimate) for someone `age` years old.

    Adults are `age` at `first` (their application) and so at least that later; children
    are `age` at `last` (their departure, or application when they do not leave) and so at
    most that earlier. One in five adults only knows the year: 1 July of it is recorded.
    """
    ref = first if adult else last
    born = years_before(ref, age) - dt.timedelta(days=rng.randint(0, 364))
    if not adult and born > first:
        born = first - dt.timedelta(days=rng.randint(1, 60))
    estimated = False
    if adult and rng.random() < 0.2:
        guess = dt.date(born.year, 7, 1)
        if age_at(guess, first) < ADULT_MIN_AGE:
            guess = dt.date(born.year - 1, 7, 1)
        born, estimated = guess, True
    return born, estimated


@dataclass
class Slot:
    """One member of a household before they have a name."""

    sex: str
    child: bool
    relationship: str
    age: int = 0
    vulnerabilities: list[str] = field(default_factory=list)


@dataclass
class Household:
    nationality: str
    slots: list[Slot]
    alone_child: bool = False

    @property
    def size(self) -> int:
        return len(self.slots)


_ADULT_AGE_BANDS = {
    # (low, high, weight) of age at application
    "M": [(19, 25, 30), (26, 35, 48), (36, 45, 14), (46, 59, 6.5), (60, 74, 1.5)],
    "F": [(19, 25, 27), (26, 35, 40), (36, 45, 18), (46, 59, 12), (60, 74, 3)],
}


def adult_age(rng: random.Random, sex: str, minimum: int = ADULT_MIN_AGE) -> int:
    bands = _ADULT_AGE_BANDS[sex]
    low, high, _w = rng.choices(bands, weights=[b[2] for b in bands])[0]
    return max(minimum, rng.randint(low, high))


def family_household(rng, nationality, children, mother: bool, father: bool) -> Household:
    kids = [Slot(sex, True, "child", age=rng.randint(0, 15)) for sex in children]
    oldest = max(k.age for k in kids) if kids else 0
    parents = []
    if father:
        parents.append(
            Slot("M", False, "", age=adult_age(rng, "M", max(ADULT_MIN_AGE, oldest + 20)))
        )
    if mother:
        parents.append(
            Slot("F", False, "", age=adult_age(rng, "F", max(ADULT_MIN_AGE, oldest + 18)))
        )
    # Women lead single-parent households; in couples either parent may be the applicant.
    if len(parents) == 2 and rng.random() < 0.35:
        parents.reverse()
    parents[0].relationship = "principal"
    for p in parents[1:]:
        p.relationship = "spouse"
    if len(parents) == 1 and parents[0].sex == "F" and kids:
        parents[0].vulnerabilities.append("single_parent")
    return Household(nationality, parents + kids)


def child_alone(rng: random.Random, nationality: str, sex: str) -> Household:
    return Household(
        nationality,
        [Slot(sex, True, "principal", age=rng.choice([12, 13, 14, 15, 15, 16, 16, 16, 17, 17]))],
        alone_child=True,
    )


def form_households(
    rng: random.Random,
    nationality: str,
    men: int,
    women: int,
    boys: int,
    girls: int,
    alone_children: int = 0,
) -> list[Household]:
    """Households using exactly these persons: children alone, families, couples, singles."""
    households: list[Household] = []
    children = ["M"] * boys + ["F"] * girls
    rng.shuffle(children)
    # Children alone are mostly adolescent boys.
    alone_children = min(alone_children, len(children))
    for _ in range(alone_children):
        idx = next((i for i, s in enumerate(children) if s == "M"), 0)
        households.append(child_alone(rng, nationality, children.pop(idx)))
    while children:
        n = min(len(children), rng.choice([1, 1, 1, 2, 2, 2, 3, 3, 4]))
        group, children = children[:n], children[n:]
        r = rng.random()
        if women and men and r < 0.4:
            households.append(family_household(rng, nationality, group, mother=True, father=True))
            women, men = women - 1, men - 1
        elif women and (r < 0.95 or not men):
            households.append(family_household(rng, nationality, group, mother=True, father=False))
            women -= 1
        elif men:
            households.append(family_household(rng, nationality, group, mother=False, father=True))
            men -= 1
        else:
            # No adult of this nationality left: they are separated children.
            households.extend(child_alone(rng, nationality, s) for s in group)
    couples = int(min(men, women) * 0.08)
    for _ in range(couples):
        households.append(family_household(rng, nationality, [], mother=True, father=True))
        men, women = men - 1, women - 1
    for sex, count in (("M", men), ("F", women)):
        while count > 0:
            if count >= 2 and rng.random() < 0.025:
                # Two adult siblings travelling together.
                slots = [
                    Slot(sex, False, "principal", age=adult_age(rng, sex)),
                    Slot(sex, False, "sibling", age=adult_age(rng, sex)),
                ]
                count -= 2
            else:
                slots = [Slot(sex, False, "principal", age=adult_age(rng, sex))]
                count -= 1
            households.append(Household(nationality, slots))
    rng.shuffle(households)
    return households


def random_household(rng: random.Random, nationality: str) -> Household:
    """A household drawn from the usual mix (about 1.3 persons on average)."""
    r = rng.random()
    if r < 0.70:
        return Household(nationality, [Slot("M", False, "principal", age=adult_age(rng, "M"))])
    if r < 0.84:
        return Household(nationality, [Slot("F", False, "principal", age=adult_age(rng, "F"))])
    if r < 0.92:
        kids = [rng.choice("MF") for _ in range(rng.choice([1, 1, 2, 3]))]
        return family_household(rng, nationality, kids, mother=True, father=False)
    if r < 0.97:
        kids = [rng.choice("MF") for _ in range(rng.choice([1, 2, 2, 3]))]
        return family_household(rng, nationality, kids, mother=True, father=True)
    if r < 0.985:
        return family_household(rng, nationality, [], mother=True, father=True)
    return child_alone(rng, nationality, rng.choice("MMMF"))
