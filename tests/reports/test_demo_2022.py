"""On the demo data, the 2022 report reproduces the published figures it was calibrated to.

Every cell of published-figures.json that the demo data are calibrated to is compared
with the report's own tables (computed from the fact table, as a user sees them).
"""

import json
import os
from pathlib import Path

import pytest
from django.core.management import get_commands
from django_countries import countries

from awda.reports.params import ReportParams
from awda.reports.selectors import TABLES_BY_CODE, build_table

pytestmark = [
    pytest.mark.xdist_group("demo"),
    pytest.mark.skipif(
        "load-demo" not in get_commands(), reason="the demo loader is not installed"
    ),
]

ROOT = Path(__file__).resolve().parents[2]


def published() -> dict:
    candidates = [
        Path(os.environ.get("AWDA_SHARED_DIR", ROOT.parent / "shared"))
        / "domain"
        / "published-figures.json",
        ROOT / "awda" / "demo" / "data" / "published-figures.json",
    ]
    for path in candidates:
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    pytest.fail("published-figures.json not found")


FIGURES = published()


def iso2(iso3: str) -> str:
    return "XK" if iso3 == "XKX" else countries.alpha2(iso3)


def table(code: str, params: ReportParams) -> dict:
    built = build_table(TABLES_BY_CODE[code], params)
    return {row.key: row.values for row in built.data.rows}


@pytest.fixture(scope="module")
def y2022(demo_data):
    return ReportParams.for_year(2022)


@pytest.mark.django_db
def test_returns_2022_by_country_and_sex_every_aligned_row(y2022):
    rows = table("returns_by_country", y2022)
    spec = FIGURES["returns_2022_by_country_and_sex"]
    compared = 0
    for row in spec["rows"]:
        if row["confidence"] not in ("exact", "reconstructed") or row["total"] is None:
            continue
        got = rows[iso2(row["iso3"])]
        assert got["total"] == row["total"], row["country"]
        if row["femmes"] is not None:
            assert (got["f"], got["m"]) == (row["femmes"], row["hommes"]), row["country"]
        compared += 1
    assert compared == 13
    assert rows["__total__"]["total"] == spec["total"]["value"] == 2457


@pytest.mark.django_db
def test_applicants_vs_returns_2022_with_sex_and_age(y2022):
    rows = table("applicants_returns", y2022)
    for key, figures in (
        ("applicants", FIGURES["applications_2022"]),
        ("returns", FIGURES["returns_2022"]),
    ):
        got = rows[key]
        assert (got["men"], got["women"], got["boys"], got["girls"], got["total"]) == (
            figures["hommes"],
            figures["femmes"],
            figures["garcons"],
            figures["filles"],
            figures["total"],
        ), key


@pytest.mark.django_db
def test_returns_by_nationality_2017_to_2021(demo_data):
    years = FIGURES["returns_from_morocco_by_nationality"]["years"]
    rows = table("returns_by_year", ReportParams.for_year(2022))
    for year in ("2017", "2018", "2019", "2020", "2021"):
        printed = years[year]
        named = set()
        for row in printed["rows"]:
            code = iso2(row["iso3"])
            named.add(code)
            assert rows[code][year] == row["count"], (year, row["country"])
        others = sum(v.get(year, 0) for k, v in rows.items() if k not in named and k != "__total__")
        assert others == printed["autres"]["count"], year
        assert rows["__total__"][year] == printed["total"], year


@pytest.mark.django_db
def test_inbound_2022_by_host_country(y2022):
    returned = table("inbound_by_host", y2022)
    spec = FIGURES["moroccan_returnees"]["2022"]
    assert returned["__total__"]["total"] == spec["returned"]["value"] == 639
    for row in spec["host_countries_returns_top5_002"]["rows"]:
        got = returned[iso2(row["iso3"])]
        assert (got["f"], got["m"], got["total"]) == (row["femmes"], row["hommes"], row["total"]), (
            row["country"]
        )
    assisted = table("inbound_assisted_by_host", y2022)
    table_000 = spec["host_countries_reintegration_assisted_000"]
    for row in table_000["rows"]:
        got = assisted[iso2(row["iso3"])]
        assert (got["f"], got["m"], got["total"]) == (row["femmes"], row["hommes"], row["total"]), (
            row["country"]
        )
    assert assisted["__total__"]["total"] == table_000["total"]["total"] == 216


@pytest.mark.django_db
def test_suppressed_2022_report_on_demo_data_hides_and_protects_small_counts(demo_data):
    from awda.reports import suppression
    from awda.reports.selectors import TABLES

    params = ReportParams.for_year(2022, suppress=True)
    hidden_somewhere = False
    for spec in TABLES:
        built = build_table(spec, params)
        values, hidden = {}, set()
        for row, cells in built.rows:
            for col, cell in zip(built.columns, cells, strict=True):
                if not col.is_count:
                    continue
                values[(row.key, col.key)] = row.values.get(col.key)
                if cell.hidden:
                    hidden.add((row.key, col.key))
                elif isinstance(cell.value, int):
                    assert not 0 < cell.value < 5, (spec.code, row.key, col.key)
        total_row = "__total__" if any(r.is_total for r in built.data.rows) else None
        rels = suppression.relations(
            [r.key for r in built.data.rows], built.data.components, built.data.total_col, total_row
        )
        assert suppression.revealed(values, hidden, rels) == [], spec.code
        hidden_somewhere = hidden_somewhere or bool(hidden)
    assert hidden_somewhere
    # The published total stays readable: 2 457 returns.
    built = build_table(TABLES_BY_CODE["returns_by_country"], params)
    total_cells = next(cells for row, cells in built.rows if row.is_total)
    shown = {c.key: cell for c, cell in zip(built.columns, total_cells, strict=True)}
    assert shown["total"].value == 2457 and not shown["total"].hidden


@pytest.mark.django_db
def test_foras_2022_orientation_and_training(y2022):
    built = build_table(TABLES_BY_CODE["trainings"], y2022)
    assert built.available, built.data.note
    rows = {row.key: row.values for row in built.data.rows}
    foras = FIGURES["foras"]["2022"]
    for key, published in (
        ("orientation", foras["orientation_session_participants"]),
        ("trained", foras["trained"]),
    ):
        assert (rows[key]["m"], rows[key]["f"], rows[key]["total"]) == (
            published["hommes"],
            published["femmes"],
            published["total"],
        ), key


@pytest.mark.django_db
def test_reintegration_2022_returnees_assisted(y2022):
    built = build_table(TABLES_BY_CODE["reintegration_persons"], y2022)
    assert built.available, built.data.note
    rows = {row.key: row.values for row in built.data.rows}
    other = FIGURES["reintegration_countries_of_origin_2022"]["other_returnees_assisted"]
    assert (
        rows["outbound"]["men"],
        rows["outbound"]["women"],
        rows["outbound"]["boys"],
        rows["outbound"]["girls"],
        rows["outbound"]["total"],
    ) == (other["hommes"], other["femmes"], other["garcons"], other["filles"], other["total"])
    by_type = {
        row.key: row.values["components"]
        for row in build_table(TABLES_BY_CODE["reintegration_by_type"], y2022).data.rows
    }
    published = {
        "sales": 70,
        "fishing_livestock": 6,
        "transport": 51,
        "vocational_training": 21,
        "social_support": 22,
        "service_providers": 5,
        "cash": 144,
        "catering": 7,
        "beauty": 4,
    }
    assert {k: by_type.get(k) for k in published} == published
