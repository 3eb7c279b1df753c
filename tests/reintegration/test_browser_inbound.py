"""A case worker in Rabat walks a Moroccan returnee through the five steps."""

import datetime as dt

import pytest

from awda.cases.models import Case
from awda.reintegration.models import FamilyTracing, InformationExchange, ReintegrationPlan
from tests import factories as f
from tests.browser import login, screenshot, submit
from tests.reintegration.test_inbound_and_figures import inbound_case

pytestmark = pytest.mark.browser


def _status(case):
    return Case.objects.get(pk=case.pk).status


def _submit(page, section: str):
    submit(page, f"#{section} form button[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_inbound_returnee_through_the_five_steps(page, live_server, office_rabat, case_worker):
    f.OrganisationFactory(code="MIS-TR", name="OIM Türkiye", kind="iom_mission", country="TR")
    f.UserFactory(username="manager_rabat", organisation=office_rabat, role="office_manager")
    case = inbound_case(office_rabat, names=("Youssef",))
    url = f"{live_server.url}/reintegration/inbound/{case.pk}/"
    login(page, live_server, "cw_rabat")
    page.goto(url)
    today = dt.date.today()

    # 1. Family tracing and information collection.
    page.fill("#step-tracing input[name=started_on]", (today - dt.timedelta(days=30)).isoformat())
    page.select_option("#step-tracing select[name=outcome]", "located")
    page.fill("#step-tracing input[name=contact_name]", "Fatima")
    page.fill("#step-tracing input[name=contact_relationship]", "mère")
    page.fill("#step-tracing input[name=contact_phone]", "06 12 34 56 78")
    page.fill("#step-tracing input[name=contact_city]", "Khouribga")
    _submit(page, "step-tracing")
    assert _status(case) == "family_tracing"
    assert FamilyTracing.objects.get(case=case).contact_phone == "+212612345678"

    # 2. Information exchange with the mission in Türkiye.
    page.fill(
        "#step-exchange input[name=exchanged_on]", (today - dt.timedelta(days=20)).isoformat()
    )
    page.select_option("#step-exchange select[name=channel]", "virtual_session")
    page.fill("#step-exchange textarea[name=subject]", "Contexte à Khouribga, projet d'épicerie")
    page.select_option("#step-exchange select[name=plan_feasibility]", "feasible")
    _submit(page, "step-exchange")
    assert _status(case) == "information_exchange"
    assert InformationExchange.objects.get(case=case).mission.code == "MIS-TR"

    # Arrival in Morocco.
    page.fill("#step-arrival input[name=arrived_on]", (today - dt.timedelta(days=10)).isoformat())
    page.check("#step-arrival input[name=met_at_airport]")
    page.fill("#step-arrival input[name=arrival_point]", "Casablanca Mohammed V")
    _submit(page, "step-arrival")
    assert _status(case) == "arrived"

    # 3. Counselling: without a region of settlement the form says so and keeps the notes.
    page.fill(
        "#step-counselling input[name=counselled_on]", (today - dt.timedelta(days=9)).isoformat()
    )
    page.fill("#step-counselling textarea[name=notes]", "Souhaite ouvrir une épicerie")
    _submit(page, "step-counselling")
    assert _status(case) == "arrived"
    assert page.locator("#step-counselling .has-error select[name=settlement_region]").count() == 1
    assert (
        page.input_value("#step-counselling textarea[name=notes]") == "Souhaite ouvrir une épicerie"
    )
    page.select_option("#step-counselling select[name=settlement_region]", "05")
    _submit(page, "step-counselling")
    assert _status(case) == "counselling"
    screenshot(page, "reintegration_inbound_step3")

    # 4. Reintegration project: the plan with an income-generating activity.
    page.click("#step-project a[href$='/plans/new/']")
    page.wait_for_url("**/plans/new/")
    page.fill("input[name=project_title]", "Épicerie")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/reintegration/plans/*/")
    page.select_option("select[name=kind]", "income_generating")
    page.fill("input[name=description]", "Épicerie de quartier")
    page.fill("input[name=budget]", "15000")
    submit(page, "#add-component button[type=submit]")
    plan = ReintegrationPlan.objects.get()
    assert plan.components.get().kind == "income_generating"
    page.goto(url)
    submit(page, "#step-project form button[type=submit]")
    assert _status(case) == "reintegration"

    # The office manager approves the plan; 5. follow-up starts.
    page.context.clear_cookies()
    login(page, live_server, "manager_rabat")
    page.goto(f"{live_server.url}/reintegration/plans/{plan.pk}/")
    submit(page, "main form[action$='/approve/'] button")
    page.goto(url)
    submit(page, "#step-monitoring form button[type=submit]")
    assert _status(case) == "monitoring"
    assert page.locator(".rz-steps li.current").inner_text().startswith("5.")
    assert page.locator("#step-monitoring .timeline li").count() == 3
    screenshot(page, "reintegration_inbound_step5")
