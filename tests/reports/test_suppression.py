"""Disclosure control: no count from 1 to 4 shows, and no total gives one away."""

import datetime as dt
import random

import pytest

from awda.reports import suppression
from awda.reports.params import ReportParams
from awda.reports.selectors import TABLES, build_table
from awda.reports.services import facts_rebuild
from tests.reports.helpers import add_case

D = dt.date


def _grid(rows):
    """rows: {row: {col: v}} with components a, b and total column t; a total row T."""
    values = {}
    for r, cols in rows.items():
        for c, v in cols.items():
            values[(r, c)] = v
    for c in ("a", "b", "t"):
        values[("T", c)] = sum(rows[r][c] for r in rows)
    rels = suppression.relations([*rows, "T"], ["a", "b"], "t", "T")
    return values, rels


def test_primary_and_secondary_on_a_crafted_table():
    values, rels = _grid(
        {
            "x": {"a": 3, "b": 20, "t": 23},
            "y": {"a": 10, "b": 12, "t": 22},
            "z": {"a": 7, "b": 30, "t": 37},
        }
    )
    hidden = suppression.suppress(values, rels)
    assert ("x", "a") in hidden
    # Row x: 23 - 20 would give 3 away, so 20 goes too; column a: 20 - 10 - 7 would too.
    assert ("x", "b") in hidden
    assert ("z", "a") in hidden  # smallest other value of column a
    assert suppression.revealed(values, hidden, rels) == []


def test_a_single_row_falls_back_to_hiding_its_total():
    values = {("x", "a"): 2, ("x", "b"): 0, ("x", "t"): 2}
    rels = suppression.relations(["x"], ["a", "b"], "t", None)
    hidden = suppression.suppress(values, rels)
    assert ("x", "t") in hidden and ("x", "a") in hidden
    assert suppression.revealed(values, hidden, rels) == []


@pytest.mark.parametrize("seed", range(30))
def test_random_tables_never_reveal_a_small_count(seed):
    rng = random.Random(seed)
    rows = {}
    for i in range(rng.randint(1, 8)):
        a, b = rng.choice([0, 1, 2, 3, 4, 5, 9, 40]), rng.choice([0, 1, 2, 3, 4, 6, 12, 80])
        rows[f"r{i}"] = {"a": a, "b": b, "t": a + b}
    values, rels = _grid(rows)
    hidden = suppression.suppress(values, rels)
    assert all(not (0 < v < 5) for cell, v in values.items() if cell not in hidden)
    assert suppression.revealed(values, hidden, rels) == []


@pytest.fixture
def data(office_rabat, office_oujda):
    rng = random.Random(4)
    countries = ["GN", "CI", "SN", "CM", "ML", "TD"]
    for i in range(160):
        n = rng.choice([1, 1, 1, 2, 3])
        members = [
            (rng.choice("MMMF"), D(rng.randint(1950, 2015), 6, 1), countries[min(i % 9, 5)])
            for _ in range(n)
        ]
        add_case(
            office_rabat if i % 4 else office_oujda,
            members,
            application_date=D(2022, 1 + i % 12, 1),
            departure_date=D(2022, 1 + i % 12, 15) if i % 5 else None,
            reasons=rng.sample(["lack_of_resources", "family", "health", "journey_blocked"], 2),
            vulnerabilities=[(0, "medical")] if i % 7 == 0 else [],
        )
    for i in range(25):
        add_case(
            office_rabat,
            [(rng.choice("MF"), D(1990, 1, 1), "MA")],
            case_type="inbound",
            status="reintegration",
            arrival_date=D(2022, 3, 1),
            host_country=["TR", "TN", "DE", "BE", "GR", "MT"][i % 6],
            settlement_region=["04", "06", "05"][i % 3],
        )
    facts_rebuild()


def test_real_report_output_with_suppression_on(data):
    params = ReportParams.for_year(2022, suppress=True)
    checked = 0
    for spec in TABLES:
        table = build_table(spec, params)
        if not table.available:
            continue
        values = {}
        for row, cells in table.rows:
            for col, cell in zip(table.columns, cells, strict=True):
                if col.is_count and not cell.hidden and isinstance(cell.value, int):
                    assert not 0 < cell.value < 5, (spec.code, row.key, col.key, cell.value)
                if col.is_count:
                    values[(row.key, col.key)] = row.values.get(col.key)
                if cell.hidden:
                    assert cell.value is None and not cell.drill_url
        hidden = {
            (row.key, col.key)
            for row, cells in table.rows
            for col, cell in zip(table.columns, cells, strict=True)
            if cell.hidden
        }
        total_row = "__total__" if any(r.is_total for r in table.data.rows) else None
        rels = suppression.relations(
            [r.key for r in table.data.rows], table.data.components, table.data.total_col, total_row
        )
        assert suppression.revealed(values, hidden, rels) == [], spec.code
        checked += 1
    assert checked >= 10
    # And it really hid something: Chad's few returns.
    table = build_table({s.code: s for s in TABLES}["returns_by_country"], params)
    assert any(cell.hidden for _row, cells in table.rows for cell in cells)
