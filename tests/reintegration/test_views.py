"""The reintegration pages: every page renders (French and Arabic), errors stay next to
their fields, and outsiders get nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from awda.reintegration import services as svc
from awda.reintegration.models import ScoringDefinition
from tests.reintegration.conftest import departed_case, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked_case(make_departed, mission_officer, mission_approver):
    case = make_departed(departed_on=dt.date.today() - dt.timedelta(days=150))
    svc.arrival_record(actor=mission_officer, case=case, arrived_on=case.departure_date)
    plan = svc.plan_create(
        actor=mission_officer,
        case=case,
        level="individual",
        beneficiaries=[(m.person, case) for m in case.members.all()],
    )
    component = svc.component_add(
        actor=mission_officer, plan=plan, kind="transport", budget=900, supplier="Garage"
    )
    svc.plan_approve(actor=mission_approver, plan=plan)
    d = svc.disbursement_request(
        actor=mission_officer,
        component=component,
        kind="in_kind",
        amount=500,
        planned_on=dt.date.today(),
        purpose="Moto",
    )
    svc.disbursement_approve(actor=mission_approver, disbursement=d)
    svc.disbursement_pay(
        actor=mission_officer, disbursement=d, paid_on=dt.date.today(), receipt=pdf_upload()
    )
    return case, plan, d


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_page_renders(client, worked_case, mission_officer, language):
    case, plan, d = worked_case
    client.force_login(mission_officer)
    client.cookies["django_language"] = language
    visit = plan.visits.first()
    component = plan.components.first()
    urls = [
        "/reintegration/",
        *[
            f"/reintegration/?show={s}"
            for s in ("arrivals", "plans", "approvals", "payments", "overdue", "due")
        ],
        f"/reintegration/cases/{case.pk}/",
        f"/reintegration/cases/{case.pk}/arrival/",
        f"/reintegration/cases/{case.pk}/counselling/",
        f"/reintegration/cases/{case.pk}/surveys/new/",
        f"/reintegration/cases/{case.pk}/satisfaction/new/",
        f"/reintegration/cases/{case.pk}/close/",
        f"/reintegration/plans/{plan.pk}/",
        f"/reintegration/plans/{plan.pk}/edit/",
        f"/reintegration/plans/{plan.pk}/cancel/",
        f"/reintegration/plans/{plan.pk}/visits/new/",
        f"/reintegration/components/{component.pk}/disbursements/new/",
        f"/reintegration/visits/{visit.pk}/",
        "/reintegration/activities/",
        f"/cases/{case.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    receipt = client.get(f"/reintegration/disbursements/{d.pk}/receipt/")
    assert receipt.status_code == 200 and receipt["Cache-Control"] == "private, no-store"


def test_my_work_lists_what_waits(client, worked_case, mission_officer):
    client.force_login(mission_officer)
    body = client.get("/").content.decode()
    assert reverse("reintegration:index") + "?show=overdue" in body


def test_survey_form_keeps_answers_and_names_the_missing_ones(client, worked_case, mission_officer):
    case, plan, d = worked_case
    client.force_login(mission_officer)
    person = case.members.get().person
    r = client.post(
        f"/reintegration/cases/{case.pk}/surveys/new/",
        {
            "person": person.pk,
            "surveyed_on": dt.date.today().isoformat(),
            "q_employment": "regular",
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert 'value="regular" required id="id_q_employment_0" checked' in html or (
        'value="regular"' in html and "checked" in html
    )
    assert html.count("errorlist") >= 10


@pytest.mark.parametrize(
    "who", ["donor_user", "consulate_guinea", "ngo_user", "mission_officer_senegal", "police_user"]
)
def test_outsiders_get_nothing(client, worked_case, who, request):
    case, plan, d = worked_case
    client.force_login(request.getfixturevalue(who))
    for url in (
        f"/reintegration/cases/{case.pk}/",
        f"/reintegration/plans/{plan.pk}/",
        f"/reintegration/disbursements/{d.pk}/receipt/",
        f"/reintegration/visits/{plan.visits.first().pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_scoring_definition_loaded_as_a_new_version(client, me_officer, mission_officer):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    from awda.reintegration.scoring import load_default_definition

    client.force_login(mission_officer)
    assert client.get("/reintegration/scoring/new/").status_code == 403
    client.force_login(me_officer)
    assert client.get("/reintegration/scoring/").status_code == 200
    r = client.post(
        "/reintegration/scoring/new/", {"definition": "{not json", "note": "x", "activate": "on"}
    )
    assert r.status_code == 400 and "JSON" in r.content.decode()
    data = load_default_definition()
    data["label"] = "Programme weights 2024"
    data["dimensions"][0]["weight"] = 2
    upload = SimpleUploadedFile(
        "rss.json", json.dumps(data).encode(), content_type="application/json"
    )
    r = client.post(
        "/reintegration/scoring/new/", {"file": upload, "note": "Economic × 2", "activate": "on"}
    )
    assert r.status_code == 302
    assert ScoringDefinition.objects.get(is_active=True).label == "Programme weights 2024"
    assert client.get("/reintegration/scoring/2/").status_code == 200


def test_a_case_worker_cannot_open_an_outbound_plan_form(client, worked_case, case_worker):
    case, plan, d = worked_case
    client.force_login(case_worker)
    assert client.get(f"/reintegration/cases/{case.pk}/").status_code == 200
    assert client.get(f"/reintegration/cases/{case.pk}/plans/new/").status_code == 403
    assert departed_case
