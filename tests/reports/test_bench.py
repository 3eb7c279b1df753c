"""The benchmark's DuckDB queries compute the same figures as the report's selectors."""

import datetime as dt

import pytest

from awda.reports import bench
from awda.reports.selectors import TABLES_BY_CODE, build_table
from awda.reports.services import facts_rebuild
from tests.reports.helpers import add_case

D = dt.date


@pytest.fixture
def data(office_rabat, office_oujda):
    from awda.funding.models import Programme

    prog = Programme.objects.create(code="EU-IOM-JI", name="JI", target_returns=100)
    for i in range(30):
        add_case(
            office_rabat if i % 3 else office_oujda,
            [("M" if i % 2 else "F", D(1960 + i, 1 + i % 12, 1), ["GN", "CI", "SN"][i % 3])]
            + ([("F", D(2015, 1, 1), "GN")] if i % 5 == 0 else []),
            application_date=D(2022, 1 + i % 12, 3),
            departure_date=D(2022, 1 + i % 12, 20) if i % 4 else None,
            status="departed" if i % 4 else "counselling",
            programme=prog,
            reasons=["lack_of_resources", "family"][: 1 + i % 2],
            vulnerabilities=[(0, "medical")] if i % 6 == 0 else [],
        )
    for i in range(6):
        add_case(
            office_rabat,
            [("M", D(1990, 1, 1), "MA")],
            case_type="inbound",
            status="reintegration" if i % 2 else "arrived",
            arrival_date=D(2022, 5, 1),
            host_country=["TR", "TN"][i % 2],
            settlement_region="04",
        )
    facts_rebuild()


def test_duckdb_computes_the_same_tables(data, tmp_path):
    assert bench.add_assistance() == 60
    assert bench.add_movements() > 0
    assert bench.add_assistance() == 0  # idempotent: only cases without bench records
    facts_rebuild()  # bulk inserts send no signals (the command rebuilds too)
    params = bench.default_params(2022)
    files = bench.export_parquet(tmp_path)
    _seconds, results = bench.time_duckdb(files, params, repeat=1)

    def table(code):
        return build_table(TABLES_BY_CODE[code], params).data

    by_country = {
        r.key: (r.values["f"], r.values["m"], r.values["total"])
        for r in table("returns_by_country").rows
        if not r.is_total
    }
    assert {r[0]: tuple(r[1:]) for r in results["returns_by_country"][0]} == by_country
    rows = {r.key: r.values for r in table("applicants_returns").rows}
    assert results["applicants_returns"][0][0] == tuple(
        rows["applicants"][c] for c in ("men", "women", "boys", "girls", "total")
    )
    assert results["applicants_returns"][1][0] == tuple(
        rows["returns"][c] for c in ("men", "women", "boys", "girls", "total")
    )
    hosts = {
        r.key: r.values["total"] for r in table("inbound_assisted_by_host").rows if not r.is_total
    }
    assert {r[0]: r[3] for r in results["inbound_assisted_by_host"][0]} == hosts
    reasons = table("return_reasons")
    duck = results["return_reasons"][0][0]
    assert duck[0] == reasons.note["base"]
    years = {
        (r.key, y): n
        for r in table("returns_by_year").rows
        if not r.is_total
        for y, n in r.values.items()
        if y != "total" and n
    }
    assert {(r[0], str(r[1])): r[2] for r in results["returns_by_year"][0]} == years
    mode = {r.key: r.values["n"] for r in table("return_mode").rows}
    assert dict(results["return_mode"][0]) == {
        k: v for k, v in mode.items() if k in ("air", "land") and v
    }
    assistance = {r.key: r.values["n"] for r in table("direct_assistance").rows if not r.is_total}
    assert {r[0]: r[2] for r in results["direct_assistance"][0]} == assistance
    # The dashboard's tickets per programme, from the travel fact: the same counts as the
    # travel selector's over the live tables, joins included.
    from awda.travel.selectors import tickets_by_programme

    tickets = {
        r["programme_code"]: (r["tickets"], r["departed"], r["quota_tickets"])
        for r in tickets_by_programme(start=params.start, end=params.end)
    }
    assert tickets and {r[0]: tuple(r[2:]) for r in results["programme_dashboard"][3]} == tickets
