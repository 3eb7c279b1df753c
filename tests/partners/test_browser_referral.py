"""In a real browser: an NGO worker finds the referral addressed to the NGO, accepts it, and
cannot open any other case."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awda.partners.models import Referral
from awda.partners.services import referral_send
from awda.protection.services import consent_give
from tests.browser import login, screenshot, submit
from tests.protection.helpers import family_case

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()


@pytest.mark.django_db(transaction=True)
def test_ngo_accepts_its_referral_and_sees_no_other_case(
    page, live_server, office_rabat, case_worker, alcs
):
    case = family_case(office_rabat)
    other = family_case(office_rabat)
    consent_give(
        actor=case_worker, case=case, purpose="ngos", given_on=TODAY - dt.timedelta(days=1)
    )
    referral = referral_send(
        actor=case_worker,
        case=case,
        to_organisation=alcs,
        service="health",
        reason="Dépistage et accompagnement médical avant le départ.",
    )

    login(page, live_server, "ngo")
    screenshot(page, "referral_1_my_work")
    page.goto(f"{live_server.url}/partners/?direction=received&status=sent")
    page.click(f"a[href='/partners/referrals/{referral.pk}/']")
    page.wait_for_selector("form[action$='/answer/']")
    assert "Dépistage et accompagnement" in page.content()
    assert "Awa Koné" in page.content()
    screenshot(page, "referral_2_detail")
    page.check(f"input[name=answer-{referral.pk}-status][value=accepted]")
    page.fill(f"textarea[name=answer-{referral.pk}-note]", "Rendez-vous fixé lundi à 10 h.")
    submit(page, page.locator("form[action$='/answer/'] button[type=submit]"))
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert "Rendez-vous fixé lundi" in page.content()
    screenshot(page, "referral_3_accepted")

    # Any other case: 404, whichever door.
    for url in (f"/cases/{other.pk}/", f"/api/cases/{other.pk}/assistance/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404, url

    # The same page in Arabic, on a tablet.
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(f"{live_server.url}/partners/referrals/{referral.pk}/")
    page.select_option("#lang-select", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot(page, "referral_4_arabic_1024")
