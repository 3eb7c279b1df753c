"""The demo dataset reproduces the published 2022 reintegration and FORAS figures, through
the same selectors the annual report uses."""

import datetime as dt
import json
from pathlib import Path

import pytest

from awda.accounts.models import User
from awda.reintegration import selectors as sel
from awda.trainings.selectors import training_figures

pytestmark = [pytest.mark.xdist_group("demo"), pytest.mark.django_db]

START, END = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
FIGURES = Path(__file__).resolve().parents[2] / "awda" / "demo" / "data" / "published-figures.json"


@pytest.fixture(scope="module")
def published():
    return json.loads(FIGURES.read_text(encoding="utf-8"))


def test_returnees_assisted_outside_the_joint_initiative(demo_data, published):
    expected = published["reintegration_countries_of_origin_2022"]
    figures = sel.reintegration_assistance_by_type(
        start=START, end=END, exclude_programmes=("EU-IOM-JI",)
    )
    who = expected["other_returnees_assisted"]
    assert figures["persons"] == {
        "men": who["hommes"],
        "women": who["femmes"],
        "boys": who["garcons"],
        "girls": who["filles"],
        "total": who["total"],
    }
    by_label = {
        i["label_en"]: i["value"] for i in expected["assistance_by_type"]["items"] if i["value"]
    }
    groups = figures["by_group"]
    assert groups["sales"]["components"] == by_label["sales of goods projects"]
    assert groups["fishing_livestock"]["components"] == by_label["fishing and livestock projects"]
    assert groups["transport"]["components"] == by_label["transport projects"]
    assert groups["vocational_training"]["components"] == by_label["vocational trainings"]
    assert groups["social_support"]["components"] == by_label["social support"]
    assert groups["service_providers"]["components"] == by_label["service-provider projects"]
    assert groups["cash"]["components"] == by_label["cash reintegration assistance"]
    assert groups["catering"]["components"] == by_label["catering / restaurant projects"]
    assert groups["beauty"]["components"] == by_label["cosmetics and beauty projects"]


def test_moroccans_assisted_in_2022(demo_data, published):
    mr = published["moroccan_returnees"]["2022"]
    a = mr["assistance"]
    figures = sel.inbound_assistance_by_type(start=START, end=END)
    ra = mr["reintegration_assisted"]
    assert figures["persons"] == {
        "men": ra["hommes"],
        "women": ra["femmes"],
        "boys": ra["garcons"],
        "girls": ra["filles"],
        "total": ra["total"],
    }
    k = figures["by_kind"]
    assert k["cash"]["persons"] == a["cash_assistance_after_return"]["value"]
    assert k["income_generating"]["components"] == a["income_generating_activities_funded"]["value"]
    assert k["vocational_training"]["persons"] == a["entrepreneurship_training"]["value"]
    assert figures["sessions"]["vocational_training"] == a["entrepreneurship_training"]["sessions"]
    assert k["housing"]["persons"] == a["housing_aid"]["value"]
    assert k["legal_services"]["persons"] == a["legal_services_accompaniment"]["value"]
    assert k["legal_status"]["persons"] == a["legal_status_obtained"]["value"]
    assert k["referral"]["persons"] == a["referred_to_other_organisations"]["value"]
    assert k["psychosocial_workshop"]["persons"] == a["psychosocial_workshops"]["value"]
    assert figures["sessions"]["psychosocial_workshop"] == a["psychosocial_workshops"]["workshops"]


def test_satisfaction_and_foras(demo_data, published):
    s = published["satisfaction_2022"]
    out = sel.satisfaction_figures(start=START, end=END)
    assert round(out["satisfied_with_return_pct"]) == s["satisfied_with_return_pct"]["value"]
    assert (
        round(out["needs_taken_into_account_pct"])
        == s["specific_needs_considered_during_travel_pct"]["value"]
    )
    inbound = sel.satisfaction_figures(start=START, end=END, case_type="inbound")
    assert (
        round(inbound["satisfied_with_assistance_pct"])
        == s["moroccan_returnees_satisfied_with_iom_assistance_pct"]["value"]
    )
    assert (
        round(inbound["entourage_support_crucial_pct"])
        == s["moroccan_returnees_entourage_support_crucial_pct"]["value"]
    )
    foras = published["foras"]["2022"]
    t = training_figures(start=START, end=END)
    o = foras["orientation_session_participants"]
    assert t["orientation"] == {"men": o["hommes"], "women": o["femmes"], "total": o["total"]}
    tr = foras["trained"]
    assert t["trained"] == {"men": tr["hommes"], "women": tr["femmes"], "total": tr["total"]}
    assert (
        round(t["satisfaction"]["pct"]) == s["foras_2018_satisfied_with_orientation_pct"]["value"]
    )


def test_the_guinea_mission_sees_only_what_was_handed_to_it(demo_data):
    from awda.cases.selectors import cases_visible_to

    user = User.objects.get(username="mission.guinea")
    visible = cases_visible_to(user)
    assert visible.exists()
    assert not visible.exclude(receiving_mission__code="MIS-GN").exists()
    assert not visible.filter(case_type="outbound", departure_date__isnull=True).exists()
    counts = sel.queue_counts(user)
    assert counts.approvals > 0 and counts.overdue > 0
