"""A reintegration officer of the IOM mission in Guinea works the cases handed to it."""

import datetime as dt

import pytest

from awda.reintegration import services as svc
from awda.reintegration.models import (
    Disbursement,
    MonitoringVisit,
    ReintegrationPlan,
    SustainabilitySurvey,
)
from tests.browser import login, screenshot, submit
from tests.reintegration.conftest import departed_case

pytestmark = pytest.mark.browser


def _logout(page, live_server):
    page.context.clear_cookies()


@pytest.mark.django_db(transaction=True)
def test_mission_in_guinea_receives_plans_pays_follows_up_and_scores(
    page, live_server, office_rabat, mission_officer, mission_approver, mission_senegal, tmp_path
):
    departed = dt.date.today() - dt.timedelta(days=120)
    first = departed_case(office_rabat, names=("Ibrahima",), departed_on=departed)
    second = departed_case(office_rabat, names=("Fatoumata",), sexes="F", departed_on=departed)
    elsewhere = departed_case(
        office_rabat, nationality="SN", names=("Moussa",), departed_on=departed
    )
    first.members.get().person.__class__.objects.filter(pk=first.members.get().person_id).update(
        family_name="Barry"
    )
    svc.arrival_record(actor=mission_officer, case=second, arrived_on=departed)

    login(page, live_server, "mission_gn")
    page.goto(f"{live_server.url}/reintegration/")
    body = page.locator("main").inner_text()
    assert first.reference in body and second.reference in body
    assert elsewhere.reference not in body  # handed to the Senegal mission, not to Guinea
    response = page.goto(f"{live_server.url}/reintegration/cases/{elsewhere.pk}/")
    assert response.status == 404
    screenshot(page, "reintegration_mission_queue")

    # Record the arrival of Ibrahima.
    page.goto(f"{live_server.url}/reintegration/cases/{first.pk}/arrival/")
    page.fill("input[name=arrived_on]", departed.isoformat())
    page.check("input[name=met_at_airport]")
    page.fill("input[name=arrival_point]", "Aéroport de Conakry")
    page.check("input[name=onward_transport]")
    page.fill("input[name=onward_destination]", "Kindia")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/reintegration/cases/{first.pk}/")
    assert "Kindia" in page.locator("main").inner_text()
    first.refresh_from_db()
    assert first.status == "arrived"

    # A collective plan for the two returnees.
    page.goto(f"{live_server.url}/reintegration/cases/{first.pk}/plans/new/")
    page.check("input[name=level][value=collective]")
    for box in page.locator("input[name=beneficiaries]").all():
        box.check()
    page.fill("input[name=project_title]", "Boutique de pagnes à Kindia")
    page.fill("textarea[name=needs_assessment]", "Revenu stable, stock de départ")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/reintegration/plans/*/")
    plan = ReintegrationPlan.objects.get()
    assert plan.level == "collective" and plan.beneficiaries.count() == 2

    page.select_option("select[name=kind]", "trade")
    page.fill("input[name=description]", "Stock de tissus")
    page.fill("input[name=budget]", "1200")
    page.fill("input[name=supplier]", "Marché Madina")
    submit(page, "#add-component button[type=submit]")
    submit(page, "main form[action$='/approve/'] button")
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert MonitoringVisit.objects.filter(plan=plan).count() == 3

    component = plan.components.get()
    page.goto(f"{live_server.url}/reintegration/components/{component.pk}/disbursements/new/")
    page.select_option("select[name=kind]", "in_kind")
    page.fill("input[name=amount]", "800")
    page.fill("input[name=purpose]", "Premier stock")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/reintegration/plans/{plan.pk}/")
    assert "800" in page.locator("main").inner_text()
    screenshot(page, "reintegration_plan_requested")

    # Someone else approves the money.
    _logout(page, live_server)
    login(page, live_server, "mission_gn_head")
    page.goto(f"{live_server.url}/reintegration/?show=approvals")
    submit(page, "main form[action$='/approve/'] button")
    assert Disbursement.objects.get().status == "approved"

    # The officer records the payment with its receipt.
    _logout(page, live_server)
    login(page, live_server, "mission_gn")
    d = Disbursement.objects.get()
    page.goto(f"{live_server.url}/reintegration/disbursements/{d.pk}/pay/")
    receipt = tmp_path / "recu.pdf"
    receipt.write_bytes(b"%PDF-1.4\n% recu\n")
    page.set_input_files("input[name=receipt]", str(receipt))
    page.fill("input[name=receipt_number]", "R-2042")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/reintegration/plans/{plan.pk}/")
    d.refresh_from_db()
    assert d.status == "paid" and d.receipt

    # The three-month visit is overdue: report on it, with a photo.
    visit = MonitoringVisit.objects.get(plan=plan, months_after=3)
    page.goto(f"{live_server.url}/reintegration/")
    assert "1" in page.locator("a[href='?show=overdue'] strong").inner_text()
    page.goto(f"{live_server.url}/reintegration/visits/{visit.pk}/")
    page.select_option("select[name=project_status]", "operating")
    page.fill("textarea[name=notes]", "Boutique ouverte, clientèle régulière")
    from PIL import Image

    photo = tmp_path / "boutique.png"
    Image.new("RGB", (40, 30), (20, 120, 60)).save(photo)
    page.set_input_files("input[name=photos]", str(photo))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/reintegration/cases/{first.pk}/")
    visit.refresh_from_db()
    assert visit.done_on and visit.project_status == "operating" and visit.photos.count() == 1

    # A sustainability survey, first round (baseline).
    page.goto(f"{live_server.url}/reintegration/cases/{first.pk}/surveys/new/")
    for name in page.eval_on_selector_all(
        "input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    ):
        page.locator(f"input[name={name}]").first.check()
    page.locator("input[name=q_employment][value=none]").check()
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/reintegration/cases/{first.pk}/")
    survey = SustainabilitySurvey.objects.get()
    assert survey.economic == survey.economic.__class__("0.7500")

    # The case file shows the scores.
    page.goto(f"{live_server.url}/cases/{first.pk}/")
    if page.locator("[data-score=composite]").count() == 0:
        page.goto(f"{live_server.url}/reintegration/cases/{first.pk}/")
    scores = page.locator("[data-score]").all_inner_texts()
    assert scores[0] == "0,75" or scores[0] == "0.75"
    assert f"{float(survey.composite):.2f}".replace(".", ",") in " ".join(scores).replace(".", ",")
    screenshot(page, "reintegration_case_scores")

    # The same page in Arabic, at 1024 px: right to left, numbers isolated.
    page.set_viewport_size({"width": 1024, "height": 800})
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page.goto(f"{live_server.url}/reintegration/cases/{first.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "خطة إعادة الإدماج" in page.locator("main").inner_text()
    screenshot(page, "reintegration_case_ar_1024")
    page.goto(f"{live_server.url}/reintegration/plans/{plan.pk}/")
    screenshot(page, "reintegration_plan_ar_1024")
    page.goto(f"{live_server.url}/reintegration/")
    screenshot(page, "reintegration_queue_ar_1024")
