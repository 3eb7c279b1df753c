"""The report page, drill-down and access, through Django's test client."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from awda.reports.services import facts_rebuild
from tests.reports.helpers import add_case

D = dt.date


@pytest.fixture
def data(office_rabat, office_oujda):
    for i in range(7):
        add_case(office_rabat, [("M", D(1990, 1, 1 + i), "GN")], departure_date=D(2022, 3, 1))
    for i in range(3):
        add_case(office_oujda, [("F", D(1991, 1, 1 + i), "GN")], departure_date=D(2022, 3, 1))
    add_case(office_oujda, [("M", D(1991, 1, 1), "CI")], departure_date=D(2022, 3, 1))
    for i in range(6):
        add_case(office_oujda, [("M", D(1985, 1, 1 + i), "SN")], departure_date=D(2022, 4, 1))
    facts_rebuild()


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_me_officer_sees_national_report_with_drill_links(client, me_officer, data):
    r = get(client, me_officer, reverse("reports:report"), year=2022)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Retours par pays d" in html or "Returns by country" in html
    assert 'class="drill"' in html
    assert "<bdi>17</bdi>" in html  # national total of returns


def test_case_worker_reads_own_office_only(client, case_worker, data):
    r = get(client, case_worker, reverse("reports:report"), year=2022, office="")
    html = r.content.decode()
    assert r.status_code == 200
    assert "<bdi>7</bdi>" in html
    assert "<bdi>17</bdi>" not in html


def test_donor_gets_suppressed_aggregates_and_no_drill_down(client, donor_user, data):
    r = get(client, donor_user, reverse("reports:report"), year=2022)
    html = r.content.decode()
    assert r.status_code == 200
    assert 'class="drill"' not in html
    assert "&lt;5" in html
    # Côte d'Ivoire's single return and Oujda's 3 women never show as such.
    table = re.search(r'id="t-returns_by_country".*?</article>', html, re.S).group(0)
    assert not re.search(r"<bdi>[1-4]</bdi>", table)
    # Even asking for suppression off does not lift it.
    r = get(client, donor_user, reverse("reports:report"), year=2022, suppress="")
    assert 'class="drill"' not in r.content.decode()
    drill = get(
        client,
        donor_user,
        reverse("reports:drill"),
        year=2022,
        table="returns_by_country",
        row="GN",
        col="total",
    )
    assert drill.status_code == 404


@pytest.mark.parametrize("persona", ["consulate_guinea", "police_user", "ngo_user"])
def test_roles_without_reports_get_404(client, persona, request, data):
    user = request.getfixturevalue(persona)
    assert get(client, user, reverse("reports:report")).status_code == 404
    assert (
        get(
            client,
            user,
            reverse("reports:drill"),
            year=2022,
            table="returns_by_country",
            row="GN",
            col="total",
        ).status_code
        == 404
    )


def test_drill_down_lists_the_cases_behind_a_figure_within_scope(
    client, me_officer, case_worker, data
):
    url = reverse("reports:drill")
    r = get(client, me_officer, url, year=2022, table="returns_by_country", row="GN", col="total")
    assert r.status_code == 200
    assert r.content.decode().count("T-") == 10
    # The Rabat case worker sees only Rabat's 7 of the Guinean returns.
    r = get(client, case_worker, url, year=2022, table="returns_by_country", row="GN", col="total")
    assert r.content.decode().count("T-") == 7
    r = get(client, me_officer, url, year=2022, table="returns_by_country", row="GN", col="f")
    assert r.content.decode().count("T-") == 3


def test_bad_filters_are_reported_next_to_the_field_and_kept(client, me_officer, data):
    r = get(
        client,
        me_officer,
        reverse("reports:report"),
        start="2022-05-01",
        end="2022-01-01",
        bands="0-10,12-20",
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert 'value="0-10,12-20"' in html
    assert 'value="2022-05-01"' in html
    assert html.count('class="field-error"') == 2
    assert 'id="t-' not in html
