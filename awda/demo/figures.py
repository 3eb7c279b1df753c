"""The published AVRR figures the demo dataset is calibrated to.

The loader reads the copy vendored in `awda/demo/data/published-figures.json`, so a clone
without the programme's shared folder still loads. The calibration test compares the
database with the shared original (`../shared/domain/published-figures.json`, or
`$AWDA_SHARED_DIR/domain/published-figures.json`) when it exists, and checks that the
vendored copy has not drifted from it.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from django_countries import countries

VENDORED_PATH = Path(__file__).resolve().parent / "data" / "published-figures.json"
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]

# ISO 3166 has no code for Kosovo; XK/XKX are the user-assigned codes everyone uses.
_ISO3_EXTRA = {"XKX": "XK"}


def shared_figures_path() -> Path | None:
    """The shared original of the figures, if this checkout sits next to it."""
    candidates = []
    env = os.environ.get("AWDA_SHARED_DIR")
    if env:
        candidates += [
            Path(env) / "domain" / "published-figures.json",
            Path(env) / "published-figures.json",
        ]
    candidates.append(REPOSITORY_ROOT.parent / "shared" / "domain" / "published-figures.json")
    return next((p for p in candidates if p.is_file()), None)


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def load_figures(path: Path | None = None) -> dict:
    """The figures file as a dict (the vendored copy unless a path is given)."""
    return _load(str(path or VENDORED_PATH))


def alpha2(iso3: str) -> str:
    """'GIN' -> 'GN', as stored in nationality and country fields."""
    code = _ISO3_EXTRA.get(iso3) or countries.alpha2(iso3)
    if not code:
        raise ValueError(f"unknown ISO 3166 alpha-3 code {iso3!r}")
    return code


def country_code_by_name(name: str) -> str:
    """The alpha-2 code of a country named in French in the figures (hypothesis rows)."""
    return _FRENCH_NAMES[name]


# The hypothesis rows 14-26 of the 2022 table give French names only.
_FRENCH_NAMES = {
    "Libéria": "LR",
    "Sierra Leone": "SL",
    "Sri Lanka": "LK",
    "Togo": "TG",
    "Argentine": "AR",
    "Madagascar": "MG",
    "Tchad": "TD",
    "Gabon": "GA",
    "Guinée-Bissau": "GW",
    "Bénin": "BJ",
    "République dominicaine": "DO",
    "Niger": "NE",
    "Égypte": "EG",
}


def ministry_years(figures: dict) -> dict[int, dict]:
    """The Ministry tables: {year: {"rows": {ISO2: count}, "autres": n, "total": n}}."""
    out = {}
    for year, table in figures["returns_from_morocco_by_nationality"]["years"].items():
        out[int(year)] = {
            "rows": {alpha2(r["iso3"]): r["count"] for r in table["rows"]},
            "autres": table["autres"]["count"],
            "total": table["total"],
        }
    return out


def iom_2022_rows(figures: dict) -> list[dict]:
    """The 26 rows of the IOM 2022 table by country of origin and sex.

    Rows 1-13 carry their printed (exact or reconstructed) values; rows 14-26, whose
    printed totals could not be aligned, carry the arithmetic hypothesis that makes the 26
    rows add up to 2 457. Each row: code, country, total, femmes, hommes (None when not
    printed), confidence.
    """
    table = figures["returns_2022_by_country_and_sex"]
    hypothesis = table["hypothesis_rows_14_26_not_printed"]["values"]
    rows = []
    for r in table["rows"]:
        total = r["total"]
        confidence = r["confidence"]
        if total is None:
            total = hypothesis[r["country"]]
            confidence = "hypothesis"
        rows.append(
            {
                "code": alpha2(r["iso3"]),
                "country": r["country"],
                "total": total,
                "femmes": r["femmes"],
                "hommes": r["hommes"],
                "confidence": confidence,
            }
        )
    return rows
