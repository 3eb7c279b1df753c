"""In a real browser: a child screened as unaccompanied cannot be booked until the
best-interests procedure is done, and the refused button says which step is missing."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from tests.browser import login, screenshot, submit
from tests.protection.helpers import case_with_child_alone, staff

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()


def iso(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def sign_in_as(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


@pytest.mark.django_db(transaction=True)
def test_child_alone_booking_waits_for_the_best_interests_procedure(
    page, live_server, office_rabat
):
    staff(office_rabat, "protection_rabat", "protection_officer")
    staff(office_rabat, "cw_rabat", "case_worker")
    f.OrganisationFactory(code="MIS-GN", name="OIM Guinée", kind="iom_mission", country="GN")
    case, child = case_with_child_alone(office_rabat)
    case_url = f"{live_server.url}/cases/{case.pk}/"
    book_button = "form[action$='/actions/book/'] button[type=submit]"

    # The protection officer screens the child as unaccompanied.
    sign_in_as(page, live_server, "protection_rabat")
    page.goto(case_url)
    section = page.locator("#sec-vulnerabilities")
    section.locator("details.add-form > summary").click()
    section.locator("select[name=vuln-person]").select_option(str(child.pk))
    section.locator("select[name=vuln-category]").select_option("uasc_unaccompanied")
    submit(page, section.locator("form button[type=submit]").last)
    page.wait_for_selector(".bid-summary")
    assert "Fatoumata Camara" in page.locator(".bid-summary").inner_text()
    screenshot(page, "bid_1_screened")

    # The case worker sees booking refused, with the missing step named.
    sign_in_as(page, live_server, "cw_rabat")
    page.goto(case_url)
    assert page.locator(book_button).is_disabled()
    refusal = page.locator("#why-book").inner_text()
    assert "Fatoumata Camara" in refusal and "identification" in refusal.lower()
    screenshot(page, "bid_2_booking_refused")

    # The protection officer walks the procedure, step by step, on its own page.
    sign_in_as(page, live_server, "protection_rabat")
    page.goto(case_url)
    page.locator(".bid-summary a.button").click()
    page.wait_for_selector("form[action*='/steps/identified_on/']")
    page.fill("input[name=step-on]", iso(9))
    page.locator("form[action*='/steps/'] button[type=submit]").click()

    page.fill("input[name=step-on]", iso(8))
    page.locator("form[action*='/steps/'] button[type=submit]").click()
    # The guardian's name is required: the error shows next to the field, the date is kept.
    assert page.locator(".field.has-error input[name=step-guardian_name]").count() == 1
    assert page.input_value("input[name=step-on]") == iso(8)
    screenshot(page, "bid_3_step_error")
    page.fill("input[name=step-guardian_name]", "Mme Naïma Alaoui (Entraide Nationale)")
    page.locator("form[action*='/steps/'] button[type=submit]").click()

    page.fill("input[name=step-on]", iso(6))
    page.fill("textarea[name=step-assessment_summary]", "Souhaite retrouver sa mère à Kindia.")
    page.locator("form[action*='/steps/'] button[type=submit]").click()

    page.fill("input[name=step-on]", iso(3))
    page.select_option("select[name=step-tracing_mission]", label="OIM Guinée")
    page.fill("textarea[name=step-tracing_outcome]", "Mère retrouvée et évaluée par l'OIM Guinée.")
    page.locator("form[action*='/steps/'] button[type=submit]").click()

    page.wait_for_selector("form[action$='/determination/']")
    page.check("input[name=det-determination][value=return]")
    page.fill("input[name=det-on]", iso(1))
    page.fill("input[name=det-panel_members]", "OIM, Entraide Nationale, tutrice")
    page.fill("textarea[name=det-panel_reasons]", "Retour dans l'intérêt de l'enfant : mère prête.")
    screenshot(page, "bid_4_determination")
    page.locator("form[action$='/determination/'] button[type=submit]").click()
    page.wait_for_url(case_url)

    # The case worker can now book.
    sign_in_as(page, live_server, "cw_rabat")
    page.goto(case_url)
    assert page.locator(book_button).is_enabled()
    screenshot(page, "bid_5_booking_allowed")
    book_form = page.locator("form[action$='/actions/book/']").first
    date_input = book_form.locator("input[type=date]")
    if date_input.count():
        date_input.first.fill(case.planned_departure_date.isoformat())
    submit(page, book_form.locator("button[type=submit]"))
    case.refresh_from_db()
    assert case.status == "booked"
    screenshot(page, "bid_6_booked")
