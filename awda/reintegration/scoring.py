"""Sustainability scoring: checking a scoring definition and computing scores with it.

The approach is that of IOM's Reintegration Sustainability Survey: each answer scores
between 0 and 1; a dimension score (economic, social, psychosocial) is the weighted mean of
its indicators' scores; the composite score is the weighted mean of the three dimensions.
An answer whose score is null ("does not apply", "prefers not to answer") leaves its
indicator out and the remaining weights of the dimension are rescaled.

Everything that varies — questions, answers, scores, weights, thresholds — is data in a
`ScoringDefinition`; this module holds no number of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

DIMENSIONS = ("economic", "social", "psychosocial")
DEFAULT_DEFINITION_PATH = Path(__file__).resolve().parent / "data" / "rss_default_v1.json"
FOUR_PLACES = Decimal("0.0001")


def localized(label: Any, language: str | None = None) -> str:
    """A label of the definition in the user's language ({"fr": …, "en": …, "ar": …} or text)."""
    if isinstance(label, dict):
        language = (language or get_language() or "fr")[:2]
        for code in (language, "fr", "en"):
            if label.get(code):
                return str(label[code])
        return str(next(iter(label.values()), ""))
    return "" if label is None else str(label)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _check_label(label: Any, where: str, errors: list[str]) -> None:
    if isinstance(label, str) and label.strip():
        return
    if isinstance(label, dict) and any(isinstance(v, str) and v.strip() for v in label.values()):
        return
    errors.append(_("%(where)s: a label is missing.") % {"where": where})


def _check_weight(value: Any, where: str, errors: list[str]) -> None:
    weight = _number(value)
    if weight is None or weight < 0:
        errors.append(_("%(where)s: the weight must be a number of 0 or more.") % {"where": where})


def validate_definition(data: Any) -> dict:
    """The definition if it is well formed; ValidationError listing every problem otherwise."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ValidationError(_("The definition must be a JSON object."))
    dimensions = data.get("dimensions")
    if not isinstance(dimensions, list):
        raise ValidationError(_("The definition needs a list of “dimensions”."))
    codes = [d.get("code") for d in dimensions if isinstance(d, dict)]
    if sorted(codes) != sorted(DIMENSIONS) or len(dimensions) != len(DIMENSIONS):
        errors.append(
            _("The dimensions must be exactly: %(codes)s.") % {"codes": ", ".join(DIMENSIONS)}
        )
    seen_indicators: set[str] = set()
    for d in dimensions:
        if not isinstance(d, dict):
            errors.append(_("Each dimension must be a JSON object."))
            continue
        dcode = str(d.get("code"))
        _check_label(d.get("label"), dcode, errors)
        _check_weight(d.get("weight", 1), dcode, errors)
        indicators = d.get("indicators")
        if not isinstance(indicators, list) or not indicators:
            errors.append(_("%(where)s: the dimension has no indicators.") % {"where": dcode})
            continue
        if sum((_number(i.get("weight", 1)) or 0) for i in indicators if isinstance(i, dict)) <= 0:
            errors.append(_("%(where)s: the indicator weights add up to 0.") % {"where": dcode})
        for i in indicators:
            if not isinstance(i, dict):
                errors.append(
                    _("%(where)s: each indicator must be a JSON object.") % {"where": dcode}
                )
                continue
            icode = i.get("code")
            where = f"{dcode}.{icode}"
            if not icode or not isinstance(icode, str):
                errors.append(_("%(where)s: an indicator has no code.") % {"where": dcode})
                continue
            if icode in seen_indicators:
                errors.append(_("%(where)s: this indicator code is used twice.") % {"where": where})
            seen_indicators.add(icode)
            _check_label(i.get("label"), where, errors)
            _check_weight(i.get("weight", 1), where, errors)
            answers = i.get("answers")
            if not isinstance(answers, list) or len(answers) < 2:
                errors.append(_("%(where)s: give at least two answers.") % {"where": where})
                continue
            answer_codes = set()
            scored = 0
            for a in answers:
                acode = a.get("code") if isinstance(a, dict) else None
                if not acode or not isinstance(acode, str):
                    errors.append(_("%(where)s: an answer has no code.") % {"where": where})
                    continue
                if acode in answer_codes:
                    errors.append(
                        _("%(where)s: the answer code “%(code)s” is used twice.")
                        % {"where": where, "code": acode}
                    )
                answer_codes.add(acode)
                _check_label(a.get("label"), f"{where}.{acode}", errors)
                if a.get("score") is None:
                    continue
                score = _number(a.get("score"))
                if score is None or not (0 <= score <= 1):
                    errors.append(
                        _("%(where)s: the score of “%(code)s” must be between 0 and 1.")
                        % {"where": where, "code": acode}
                    )
                else:
                    scored += 1
            if scored == 0:
                errors.append(_("%(where)s: no answer carries a score.") % {"where": where})
    if sum((_number(d.get("weight", 1)) or 0) for d in dimensions if isinstance(d, dict)) <= 0:
        errors.append(_("The dimension weights add up to 0."))
    thresholds = data.get("thresholds", [])
    if not isinstance(thresholds, list):
        errors.append(_("“thresholds” must be a list."))
    else:
        previous = Decimal(-1)
        for t in thresholds:
            low = _number(t.get("min")) if isinstance(t, dict) else None
            if low is None or not (0 <= low <= 1):
                errors.append(_("Each threshold needs a “min” between 0 and 1."))
                continue
            if low <= previous:
                errors.append(_("Thresholds must be listed from the lowest to the highest."))
            previous = low
            if not t.get("code"):
                errors.append(_("Each threshold needs a code."))
            _check_label(t.get("label"), str(t.get("code")), errors)
    if errors:
        raise ValidationError(errors)
    return data


def load_default_definition() -> dict:
    return json.loads(DEFAULT_DEFINITION_PATH.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Scores:
    economic: Decimal
    social: Decimal
    psychosocial: Decimal
    composite: Decimal
    classification: str

    def as_dict(self) -> dict[str, Decimal | str]:
        return {
            "economic": self.economic,
            "social": self.social,
            "psychosocial": self.psychosocial,
            "composite": self.composite,
            "classification": self.classification,
        }


def _weighted_mean(pairs: list[tuple[Decimal, Decimal]]) -> Decimal:
    total_weight = sum(w for w, _s in pairs)
    return sum(w * s for w, s in pairs) / total_weight


def compute_scores(definition: dict, answers: dict[str, str]) -> Scores:
    """Dimension and composite scores for `answers` ({indicator code: answer code}).

    Raises ValidationError (keyed by indicator code) when an answer is missing or unknown,
    or when a dimension is left with no scored indicator.
    """
    errors: dict[str, str] = {}
    dimension_scores: dict[str, Decimal] = {}
    dimension_weights: dict[str, Decimal] = {}
    for d in definition["dimensions"]:
        pairs: list[tuple[Decimal, Decimal]] = []
        for i in d["indicators"]:
            chosen = answers.get(i["code"])
            if not chosen:
                errors[i["code"]] = _("Choose an answer.")
                continue
            answer = next((a for a in i["answers"] if a["code"] == chosen), None)
            if answer is None:
                errors[i["code"]] = _("This answer is not one of the choices.")
                continue
            if answer.get("score") is None:
                continue
            weight = _number(i.get("weight", 1))
            if weight:
                pairs.append((weight, _number(answer["score"])))
        if not pairs and not errors:
            errors[d["indicators"][0]["code"]] = _(
                "At least one question of the %(dimension)s dimension needs a scored answer."
            ) % {"dimension": localized(d.get("label")).lower()}
            continue
        if pairs:
            dimension_scores[d["code"]] = _weighted_mean(pairs)
        dimension_weights[d["code"]] = _number(d.get("weight", 1))
    if errors:
        raise ValidationError(errors)
    composite = _weighted_mean(
        [(dimension_weights[code], dimension_scores[code]) for code in DIMENSIONS]
    )
    composite = composite.quantize(FOUR_PLACES, ROUND_HALF_UP)
    classification = ""
    for t in definition.get("thresholds", []):
        if composite >= _number(t["min"]):
            classification = t["code"]
    return Scores(
        economic=dimension_scores["economic"].quantize(FOUR_PLACES, ROUND_HALF_UP),
        social=dimension_scores["social"].quantize(FOUR_PLACES, ROUND_HALF_UP),
        psychosocial=dimension_scores["psychosocial"].quantize(FOUR_PLACES, ROUND_HALF_UP),
        composite=composite,
        classification=classification,
    )


def threshold_label(definition: dict, code: str) -> str:
    for t in definition.get("thresholds", []):
        if t.get("code") == code:
            return localized(t.get("label"))
    return code


def dimension_label(definition: dict, code: str) -> str:
    for d in definition.get("dimensions", []):
        if d.get("code") == code:
            return localized(d.get("label"))
    return code
