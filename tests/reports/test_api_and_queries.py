"""The report over the REST API, and the page's query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awda.reports.services import facts_rebuild
from tests.reports.helpers import add_case

D = dt.date


@pytest.fixture
def data(office_rabat):
    for i in range(8):
        add_case(
            office_rabat,
            [("M", D(1990, 1, 1), ["GN", "CI", "SN", "ML"][i % 4])],
            departure_date=D(2022, 3, 1),
        )
    facts_rebuild()


def test_api_returns_every_table_with_footnotes(client, me_officer, data):
    client.force_login(me_officer)
    r = client.get("/api/reports/bilan/", {"year": 2022})
    assert r.status_code == 200
    body = r.json()
    table = next(t for t in body["tables"] if t["code"] == "returns_by_country")
    assert table["footnote"]
    assert {c["hxl"] for c in table["columns"]} >= {
        "#affected+returned+f",
        "#affected+returned+total",
    }
    total = next(row for row in table["rows"] if row["total"])
    assert total["values"]["total"] == 8


def test_api_donor_gets_suppressed_counts(client, donor_user, data):
    client.force_login(donor_user)
    body = client.get("/api/reports/bilan/", {"year": 2022, "tables": "returns_by_country"}).json()
    values = [v for row in body["tables"][0]["rows"] for v in row["values"].values()]
    assert "<5" in values
    assert not any(isinstance(v, int) and 0 < v < 5 for v in values)


def test_api_refuses_roles_without_reports(client, consulate_guinea, data):
    client.force_login(consulate_guinea)
    assert client.get("/api/reports/bilan/").status_code == 404


def test_bad_api_parameters_say_which(client, me_officer, data):
    client.force_login(me_officer)
    r = client.get("/api/reports/bilan/", {"bands": "5-10"})
    assert r.status_code == 400 and "bands" in r.json()["errors"]


def test_report_page_query_count_does_not_grow_with_data(client, me_officer, office_rabat, data):
    client.force_login(me_officer)
    url = reverse("reports:report")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"year": 2022}).status_code == 200
    for i in range(40):
        add_case(
            office_rabat,
            [("F", D(1985, 1, 1), ["CM", "NG", "CG", "CD", "TD"][i % 5])] * 2,
            departure_date=D(2022, 5, 1),
            reasons=["family"],
        )
    facts_rebuild()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, {"year": 2022}).status_code == 200
    assert len(large) == len(small)
    assert len(large) < 60
