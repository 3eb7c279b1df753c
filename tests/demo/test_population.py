"""The building blocks of the demo: head-counts, households, ages, journeys."""

import datetime as dt
import random
from collections import Counter

import pytest

from awda.cases.workflows import workflow_for
from awda.demo.figures import load_figures
from awda.demo.journeys import JourneyError, Step, walk
from awda.demo.population import (
    ADULT_MIN_AGE,
    CHILD_MAX_AGE,
    age_at,
    apportion,
    birth_date,
    form_households,
)


def test_apportion_keeps_the_total_and_the_caps():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(apportion(154, [8, 6, 6, 5, 5, 4])) == 154
    assert apportion(5, [10, 1], caps=[2, 10]) == [2, 3]
    assert apportion(3, [0, 0, 1], caps=[5, 5, 0]) in ([2, 1, 0], [1, 2, 0])
    with pytest.raises(ValueError):
        apportion(5, [1, 1], caps=[2, 2])


def test_households_use_exactly_the_persons_given():
    rng = random.Random(1)
    households = form_households(rng, "CI", men=192, women=282, boys=95, girls=88, alone_children=4)
    members = Counter((s.sex, s.child) for h in households for s in h.slots)
    assert members == {("M", False): 192, ("F", False): 282, ("M", True): 95, ("F", True): 88}
    alone = [h for h in households if h.alone_child]
    assert len(alone) == 4 and all(h.size == 1 and h.slots[0].child for h in alone)
    for h in households:
        assert sum(s.relationship == "principal" for s in h.slots) == 1
        if not h.alone_child and any(s.child for s in h.slots):
            assert any(not s.child for s in h.slots), "a child travels with a parent"


def test_birth_dates_keep_the_band_at_application_and_departure():
    rng = random.Random(3)
    applied, departed = dt.date(2022, 1, 3), dt.date(2022, 9, 30)
    for _ in range(2000):
        born, _est = birth_date(rng, ADULT_MIN_AGE, True, applied, departed)
        assert age_at(born, applied) >= ADULT_MIN_AGE
        born, _est = birth_date(rng, CHILD_MAX_AGE, False, applied, departed)
        assert age_at(born, departed) <= CHILD_MAX_AGE and born <= applied
        born, _est = birth_date(rng, 0, False, applied, departed)
        assert born <= applied


def test_a_journey_follows_the_workflow_or_is_refused():
    outbound = workflow_for("outbound")
    d = dt.date(2022, 3, 1)
    walked = walk(
        outbound,
        [
            Step("start_counselling", d),
            Step("start_screening", d),
            Step("suspend", d, reason="Hospitalisation"),
            Step("resume", d),
            Step("confirm_eligibility", d),
            Step("mark_ready", d),
            Step("book", d, context={"planned_departure_date": dt.date(2022, 3, 9)}),
            Step("depart", dt.date(2022, 3, 9)),
        ],
    )
    assert walked.status == "departed"
    assert walked.fields["departure_date"] == dt.date(2022, 3, 9)
    assert walked.fields["planned_departure_date"] == dt.date(2022, 3, 9)
    assert [t[2] for t in walked.transitions][2:4] == ["suspended", "screening"]
    with pytest.raises(JourneyError):
        walk(outbound, [Step("book", d)])
    with pytest.raises(JourneyError):
        walk(outbound, [Step("start_counselling", d), Step("withdraw", d)])  # no reason
    with pytest.raises(JourneyError):
        walk(outbound, [Step("start_counselling", d), Step("start_screening", d - dt.timedelta(1))])


def test_the_2022_split_matches_the_published_totals():
    from awda.demo.loader import DemoBuilder

    builder = DemoBuilder.__new__(DemoBuilder)
    builder.figures = load_figures()
    split = builder.split_2022()
    assert sum(sum(v.values()) for v in split.values()) == 2457
    assert sum(v["boys"] for v in split.values()) == 207
    assert sum(v["girls"] for v in split.values()) == 191
    assert split["CI"]["women"] + split["CI"]["girls"] == 370
    assert split["PH"]["women"] + split["PH"]["girls"] > split["PH"]["men"] + split["PH"]["boys"]
