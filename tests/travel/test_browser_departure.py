"""The departure in a real browser: the consulate issues the laissez-passer, the case worker
books the flight, the border police record the PV, the movement officer completes the
departure-day checklist and the case is departed. Screenshots are kept as artifacts."""

import re

import pytest
from playwright.sync_api import expect

from awda.cases.models import Case
from awda.cases.services import case_transition
from awda.travel.models import LpcRequest, Movement
from awda.travel.services import lpc_request_create
from tests import factories as f
from tests.browser import login, screenshot, submit
from tests.travel.conftest import make_case, today

pytestmark = pytest.mark.browser


def logout(page, live_server):
    page.context.clear_cookies()


@pytest.mark.django_db(transaction=True)
def test_consulate_to_departure(
    page, live_server, case_worker, consulate_guinea, police_user, programme
):
    office = case_worker.organisation
    # A Guinean whose passport was lost, and a Senegalese the Guinean consulate must not see.
    case = make_case(
        case_worker, office, programme=programme, passport_expires=None, status="travel_documents"
    )
    person = case.members.get().person
    lpc_request_create(
        actor=case_worker,
        case=case,
        person=person,
        document_situation="lost",
        place_of_birth="Labé",
    )
    f.OrganisationFactory(
        code="CONS-SN", name="Consulat du Sénégal", kind="consulate", country="SN"
    )
    other = make_case(
        case_worker,
        office,
        given_name="Moussa",
        family_name="Ndiaye",
        nationality="SN",
        passport_expires=None,
        status="travel_documents",
    )
    lpc_request_create(
        actor=case_worker, case=other, person=other.members.get().person, document_situation="lost"
    )

    # 1. The consulate: its queue shows its national only; it issues the LPC.
    login(page, live_server, "consul_gin")
    page.goto(f"{live_server.url}/travel/lpc/")
    queue = page.locator("#lpc-results")
    expect(queue).to_contain_text("DIALLO")
    expect(queue).not_to_contain_text("NDIAYE")
    screenshot(page, "travel_1_consular_queue")
    page.get_by_role("link", name=re.compile("DIALLO")).click()
    expect(page.locator("h1")).to_contain_text("Mamadou Diallo")
    page.fill("#id_issue-number", "LPC-GN-2026-00042")
    page.fill("#id_issue-expires_on", f"{today().year + 1}-12-31")
    page.get_by_role("button", name=re.compile("LPC|laissez-passer", re.I)).last.click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("h1 .badge")).to_contain_text(re.compile("LPC", re.I))
    screenshot(page, "travel_2_lpc_issued")
    assert LpcRequest.objects.get(case=case).status == "issued"
    logout(page, live_server)

    # 2. The case worker books the flight for today.
    case_transition(case=Case.objects.get(pk=case.pk), action="mark_ready", actor=case_worker)
    login(page, live_server, "cw_rabat")
    page.goto(f"{live_server.url}/travel/cases/{case.pk}/book/")
    page.fill("#id_leg0_carrier", "Royal Air Maroc")
    page.fill("#id_leg0_flight_number", "AT 571")
    page.fill("#id_leg0_from_place", "CMN Casablanca")
    page.fill("#id_leg0_to_place", "CKY Conakry")
    page.fill("#id_leg0_departs_on", today().isoformat())
    page.fill("#id_leg0_departs_at", "23:55")
    page.fill("#id_booking_reference", "X7K2PQ")
    page.fill(f"#id_ticket_{person.pk}", "147-2400012345")
    screenshot(page, "travel_3_booking_form")
    submit(page, page.get_by_role("button", name=re.compile("charge|Book|Réserver", re.I)))
    assert Case.objects.get(pk=case.pk).status == "booked"
    expect(page.locator("#travel-section")).to_contain_text("AT571")
    screenshot(page, "travel_4_case_booked")
    logout(page, live_server)
    movement = Movement.objects.get(case=case)

    # 3. The border police: today's manifest of their post; they record the PV.
    login(page, live_server, "police")
    page.goto(f"{live_server.url}/travel/departures/")
    page.get_by_role("link", name=re.compile("AT571")).click()
    row = page.locator(f"#passenger-{movement.passengers.get().pk}")
    expect(row).to_contain_text("LPC-GN-2026-00042")
    expect(page.locator("main")).not_to_contain_text(case.reference)
    row.locator("input[name$='pv_number']").fill("PV CMN/2026/00077")
    row.get_by_role("button").click()
    expect(page.locator(f"#passenger-{movement.passengers.get().pk}")).to_contain_text(
        "PV CMN/2026/00077"
    )
    screenshot(page, "travel_5_police_pv")
    logout(page, live_server)

    # 4. Departure day: the checklist, then boarded → departed.
    login(page, live_server, "cw_rabat")
    page.goto(f"{live_server.url}/travel/departures/{movement.departure_id}/")
    passenger_pk = movement.passengers.get().pk
    row = f"#passenger-{passenger_pk}"
    for done, label in enumerate(
        ("Escorted|Accompagné", "Checked in|Enregistré", "Currency|Change"), 1
    ):
        page.locator(row).get_by_role("button", name=re.compile(label, re.I)).click()
        # One request at a time, as a person clicks: wait for the row to come back.
        expect(page.locator(row).locator(".step.done")).to_have_count(done)
    page.locator(row).locator("input[type=checkbox]").check()
    page.locator(row).locator(".per-diem-form button").click()
    expect(page.locator(row)).to_contain_text("100 USD")
    screenshot(page, "travel_6_checklist")
    submit(page, page.locator(row).get_by_role("button", name=re.compile("Boarded|Embarqué", re.I)))
    # Wait for the row the boarding request returns (a ✓ is already on the row from
    # the earlier steps, so it cannot tell that this request is done).
    expect(page.locator(row)).to_have_class(re.compile(r"\bboarded\b"))
    expect(page.locator(row).locator(".step.done")).to_have_count(5)
    assert Case.objects.get(pk=case.pk).status == "departed"
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.locator("h1 .badge")).to_contain_text(re.compile("Parti|Departed", re.I))
    screenshot(page, "travel_7_case_departed")
