"""Travel pages in Arabic (right to left) and on a 1024 px tablet, with screenshots."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from awda.travel.services import exit_authorisation_record, lpc_request_create, movement_book
from tests.browser import login, screenshot
from tests.travel.conftest import flight, make_case, today

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(case_worker, police_user, consulate_org, office_rabat, programme, quota):
    waiting = make_case(case_worker, office_rabat, passport_expires=None, status="travel_documents")
    lpc_request_create(
        actor=case_worker,
        case=waiting,
        person=waiting.members.get().person,
        document_situation="lost",
        place_of_birth="Labé",
    )
    family = make_case(
        case_worker,
        office_rabat,
        given_name="Aïssatou",
        family_name="Barry",
        programme=programme,
        extra_members=[
            {"given_name": "Ousmane", "relationship": "spouse", "birth_year": 1990, "sex": "M"},
            {"given_name": "Fatoumata", "relationship": "child", "birth_year": 2016},
        ],
    )
    movement = movement_book(
        actor=case_worker,
        case=family,
        mode="air",
        post="CMN",
        legs=flight(today()),
        booking_reference="QZ81LM",
    )
    first = movement.passengers.order_by("id").first()
    exit_authorisation_record(actor=police_user, passenger=first, pv_number="PV CMN/2026/01234")
    return {"waiting": waiting, "family": family, "movement": movement}


def arabic(page, live_server):
    page.select_option("#lang-select", "ar")
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


@pytest.mark.django_db(transaction=True)
def test_pages_in_arabic(page, live_server, scene):
    login(page, live_server, "consul_gin")
    page.goto(f"{live_server.url}/travel/lpc/")
    arabic(page, live_server)
    expect(page.locator("h1")).to_contain_text("الطلبات القنصلية")
    screenshot(page, "travel_ar_consular_queue")
    page.locator("#lpc-results a").first.click()
    expect(page.locator("h1")).to_contain_text("طلب جواز مرور")
    screenshot(page, "travel_ar_lpc_detail")
    page.context.clear_cookies()
    login(page, live_server, "cw_rabat")
    page.goto(f"{live_server.url}/travel/departures/{scene['movement'].departure_id}/")
    arabic(page, live_server)
    expect(page.locator("h1")).to_contain_text("قائمة المسافرين")
    expect(page.locator("main")).to_contain_text("PV CMN/2026/01234")
    screenshot(page, "travel_ar_manifest")
    page.goto(f"{live_server.url}/travel/cases/{scene['family'].pk}/")
    expect(page.locator("#travel-section")).to_contain_text("وثائق السفر")
    screenshot(page, "travel_ar_case_travel")


@pytest.mark.django_db(transaction=True)
def test_pages_at_tablet_width(page, live_server, scene, case_worker, office_rabat, programme):
    page.set_viewport_size({"width": 1024, "height": 768})
    ready = make_case(case_worker, office_rabat, given_name="Alpha", programme=programme)
    login(page, live_server, "cw_rabat")
    page.goto(f"{live_server.url}/travel/cases/{ready.pk}/book/")
    # A refused booking keeps what was typed and says why.
    page.fill("#id_leg0_carrier", "Royal Air Maroc")
    page.fill("#id_leg0_from_place", "CMN Casablanca")
    page.fill("#id_leg0_to_place", "CKY Conakry")
    page.fill("#id_leg0_departs_on", (today() - dt.timedelta(days=1)).isoformat())
    page.locator("form.booking-form button[type=submit]").click()
    expect(page.locator("#id_leg0_carrier")).to_have_value("Royal Air Maroc")
    expect(page.locator(".field.has-error").first).to_be_visible()
    screenshot(page, "travel_1024_booking_errors")
    page.goto(f"{live_server.url}/travel/departures/{scene['movement'].departure_id}/")
    screenshot(page, "travel_1024_manifest")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1024, f"the manifest scrolls sideways ({width}px)"
    page.goto(f"{live_server.url}/travel/departures/")
    screenshot(page, "travel_1024_departures")
    page.goto(f"{live_server.url}/travel/lpc/")
    screenshot(page, "travel_1024_lpc_requests")
