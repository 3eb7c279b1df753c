"""The report page in a real browser: read, drill down, export; French, Arabic, tablet."""

import datetime as dt

import pytest

from awda.reports.services import facts_rebuild
from tests.browser import login, screenshot
from tests.reports.helpers import add_case

pytestmark = pytest.mark.browser
D = dt.date


@pytest.fixture
def data(office_rabat, office_oujda):
    countries = ["CI", "GN", "SN", "CM", "NG", "ML", "CG", "CD"]
    for i in range(60):
        add_case(
            office_rabat if i % 3 else office_oujda,
            [("F" if i % 3 == 0 else "M", D(1970 + i % 40, 1 + i % 12, 1), countries[i % 8])]
            + ([("F", D(2014, 1, 1), countries[i % 8])] if i % 7 == 0 else []),
            application_date=D(2022 if i % 5 else 2021, 1 + i % 12, 2),
            departure_date=D(2022, 1 + i % 12, 20) if i % 4 else None,
            reasons=["lack_of_resources", "journey_blocked", "family"][: 1 + i % 3],
            vulnerabilities=[(0, "medical")] if i % 6 == 0 else [],
        )
    for i in range(20):
        add_case(
            office_rabat,
            [("M" if i % 5 else "F", D(1992, 1, 1), "MA")],
            case_type="inbound",
            status="reintegration" if i % 2 else "arrived",
            arrival_date=D(2022, 4, 1),
            host_country=["TR", "TN", "DE", "BE"][i % 4],
            settlement_region=["04", "06", "05"][i % 3],
        )
    for year in (2019, 2020, 2021):
        for i in range(10 + year % 7):
            add_case(
                office_rabat,
                [("M", D(1990, 1, 1), countries[i % 4])],
                application_date=D(year, 1, 1),
                departure_date=D(year, 6, 1),
            )
    facts_rebuild()


@pytest.mark.django_db(transaction=True)
def test_me_officer_reads_drills_and_exports(page, live_server, me_officer, data):
    login(page, live_server, me_officer.username)
    page.goto(f"{live_server.url}/reports/?year=2022")
    page.wait_for_selector("#t-returns_by_country table")
    assert "Retours par pays d’origine et sexe" in page.content()
    screenshot(page, "reports_bilan_fr")
    page.locator("#t-returns_by_country a.drill").first.click()
    page.wait_for_selector("table.drill-table")
    assert page.locator("table.drill-table tbody tr").count() >= 1
    screenshot(page, "reports_drill_fr")
    page.go_back()
    page.select_option("select[name=fmt]", "xlsx")
    page.click(".export-form button[type=submit]")
    page.wait_for_selector("#export-status a.download")
    screenshot(page, "reports_export_done_fr", full_page=False)


@pytest.mark.django_db(transaction=True)
def test_arabic_and_tablet_layout(page, live_server, me_officer, data):
    me_officer.language = "ar"
    me_officer.save()
    login(page, live_server, me_officer.username)
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{live_server.url}/reports/?year=2022")
    page.wait_for_selector("#t-returns_by_country table")
    assert page.get_attribute("html", "dir") == "rtl"
    assert "العائدون حسب بلد الأصل والجنس" in page.content()
    screenshot(page, "reports_bilan_ar_1024")
    page.set_viewport_size({"width": 1024, "height": 800})
    page.evaluate("document.documentElement.dir='ltr'")
    # The tables must fit the tablet width without a horizontal scroll of the page.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1030
