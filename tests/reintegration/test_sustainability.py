"""Sustainability scores: computed from the scoring definition, kept with its version."""

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awda.reintegration import scoring
from awda.reintegration import selectors as sel
from awda.reintegration import services as svc
from awda.reintegration.models import ScoringDefinition, SustainabilitySurvey

pytestmark = pytest.mark.django_db


def _answer(code, score):
    return {"code": code, "label": code, "score": score}


# A small definition, worked by hand below.
HAND = {
    "label": "Hand-worked test definition",
    "dimensions": [
        {
            "code": "economic",
            "label": "Economic",
            "weight": 2,
            "indicators": [
                {
                    "code": "a",
                    "label": "A",
                    "weight": 1,
                    "answers": [_answer("yes", 1), _answer("no", 0)],
                },
                {
                    "code": "b",
                    "label": "B",
                    "weight": 3,
                    "answers": [_answer("hi", 1), _answer("mid", 0.5), _answer("lo", 0)],
                },
            ],
        },
        {
            "code": "social",
            "label": "Social",
            "weight": 1,
            "indicators": [
                {
                    "code": "c",
                    "label": "C",
                    "weight": 1,
                    "answers": [_answer("some", 0.25), _answer("all", 1)],
                }
            ],
        },
        {
            "code": "psychosocial",
            "label": "Psychosocial",
            "weight": 1,
            "indicators": [
                {
                    "code": "d",
                    "label": "D",
                    "weight": 5,
                    "answers": [_answer("na", None), _answer("ok", 1)],
                },
                {
                    "code": "e",
                    "label": "E",
                    "weight": 1,
                    "answers": [_answer("good", 0.8), _answer("bad", 0)],
                },
            ],
        },
    ],
    "thresholds": [
        {"code": "low", "min": 0, "label": "Low"},
        {"code": "medium", "min": 0.5, "label": "Medium"},
        {"code": "high", "min": 0.7, "label": "High"},
    ],
}


def test_scores_of_a_hand_worked_example():
    scores = scoring.compute_scores(
        scoring.validate_definition(HAND),
        {"a": "yes", "b": "mid", "c": "some", "d": "na", "e": "good"},
    )
    # economic = (1×1 + 3×0.5) / (1 + 3) = 2.5 / 4 = 0.625
    assert scores.economic == Decimal("0.6250")
    # social = 0.25
    assert scores.social == Decimal("0.2500")
    # psychosocial: "na" carries no score, so d drops out and e alone counts: 0.8
    assert scores.psychosocial == Decimal("0.8000")
    # composite = (2×0.625 + 1×0.25 + 1×0.8) / (2 + 1 + 1) = 2.3 / 4 = 0.575
    assert scores.composite == Decimal("0.5750")
    assert scores.classification == "medium"


def test_missing_or_unknown_answers_are_named():
    with pytest.raises(ValidationError) as e:
        scoring.compute_scores(HAND, {"a": "yes", "b": "maybe", "c": "some", "e": "good"})
    assert set(e.value.message_dict) == {"b", "d"}


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["dimensions"].pop(), "exactly"),
        (
            lambda d: d["dimensions"][0]["indicators"][0]["answers"][0].update(score=1.5),
            "between 0 and 1",
        ),
        (
            lambda d: d["dimensions"][1]["indicators"][0].update(answers=[_answer("x", 1)]),
            "two answers",
        ),
        (lambda d: d["thresholds"].reverse(), "lowest to the highest"),
        (lambda d: d["dimensions"][2]["indicators"][1].update(code="a"), "used twice"),
    ],
)
def test_a_malformed_definition_is_refused_with_the_reason(change, message):
    broken = copy.deepcopy(HAND)
    change(broken)
    with pytest.raises(ValidationError) as e:
        scoring.validate_definition(broken)
    assert any(message in m for m in e.value.messages), e.value.messages


def test_the_shipped_default_is_valid_and_labelled_as_not_official():
    data = scoring.load_default_definition()
    scoring.validate_definition(data)
    assert "not the official IOM weights" in data["label"]
    assert [d["code"] for d in data["dimensions"]] == ["economic", "social", "psychosocial"]


def _all_answers(definition: dict, pick: int = 0) -> dict:
    return {
        i["code"]: i["answers"][min(pick, len(i["answers"]) - 1)]["code"]
        for d in definition["dimensions"]
        for i in d["indicators"]
    }


def test_a_new_definition_version_leaves_earlier_scores_unchanged(
    make_departed, mission_officer, me_officer
):
    case = make_departed()
    person = case.members.get().person
    v1 = svc.scoring_definition_current()
    assert v1.version == 1 and v1.is_active
    answers = {**_all_answers(v1.definition, 0), "employment": "none", "debt": "more"}
    baseline = svc.sustainability_survey_record(
        actor=mission_officer,
        case=case,
        person=person,
        surveyed_on=dt.date.today(),
        answers=answers,
    )
    assert baseline.round == 0 and baseline.definition == v1
    # economic in v1: income 1, employment 0, debt 0, food 1 → 0.5
    assert baseline.economic == Decimal("0.5000")
    before = (baseline.economic, baseline.social, baseline.psychosocial, baseline.composite)

    # The M&E officer doubles the weight of employment: a new version, used from now on.
    changed = copy.deepcopy(v1.definition)
    changed["label"] = "Employment weighs double"
    changed["dimensions"][0]["indicators"][1]["weight"] = 2
    with pytest.raises(PermissionDenied):
        svc.scoring_definition_create(actor=mission_officer, data=changed)
    v2 = svc.scoring_definition_create(actor=me_officer, data=changed, note="Employment × 2")
    assert v2.version == 2 and v2.is_active
    assert ScoringDefinition.objects.get(version=1).is_active is False

    baseline.refresh_from_db()
    assert (baseline.economic, baseline.social, baseline.psychosocial, baseline.composite) == before
    assert baseline.definition.version == 1
    assert ScoringDefinition.objects.get(version=1).definition == v1.definition

    follow_up = svc.sustainability_survey_record(
        actor=mission_officer,
        case=case,
        person=person,
        surveyed_on=dt.date.today(),
        answers=answers,
    )
    assert follow_up.round == 1 and follow_up.definition == v2
    # economic in v2: (1 + 2×0 + 0 + 1) / 5 = 0.4
    assert follow_up.economic == Decimal("0.4000")
    trend = sel.sustainability_trend(case)
    assert [s.definition.version for s in trend[0]["rounds"]] == [1, 2]
    assert SustainabilitySurvey.objects.count() == 2


def test_a_round_is_recorded_once(make_departed, mission_officer):
    case = make_departed()
    person = case.members.get().person
    answers = _all_answers(svc.scoring_definition_current().definition)
    svc.sustainability_survey_record(
        actor=mission_officer,
        case=case,
        person=person,
        surveyed_on=dt.date.today(),
        answers=answers,
        round=0,
    )
    with pytest.raises(ValidationError) as e:
        svc.sustainability_survey_record(
            actor=mission_officer,
            case=case,
            person=person,
            surveyed_on=dt.date.today(),
            answers=answers,
            round=0,
        )
    assert "round" in e.value.message_dict


def test_satisfaction_figures(make_departed, mission_officer):
    today = dt.date.today()
    for satisfied, needs in [(True, True), (True, False), (False, True), (True, True)]:
        case = make_departed()
        svc.satisfaction_survey_record(
            actor=mission_officer,
            case=case,
            person=case.members.get().person,
            surveyed_on=today,
            satisfied_with_return=satisfied,
            needs_taken_into_account=needs,
        )
    figures = sel.satisfaction_figures(start=today.replace(month=1, day=1), end=today)
    assert figures["surveys"] == 4
    assert figures["satisfied_with_return_pct"] == 75.0
    assert figures["needs_taken_into_account_pct"] == 75.0
    assert figures["satisfied_with_assistance_pct"] is None
