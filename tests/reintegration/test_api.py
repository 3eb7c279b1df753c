"""The API drives the same services and scoping as the pages."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from awda.reintegration import services as svc

pytestmark = pytest.mark.django_db


def test_plan_and_money_through_the_api(
    make_departed, mission_officer, mission_approver, mission_officer_senegal
):
    case = make_departed()
    svc.arrival_record(actor=mission_officer, case=case, arrived_on=case.departure_date)
    person = case.members.get().person
    api = APIClient()
    api.force_authenticate(mission_officer)
    r = api.post(
        f"/api/reintegration/cases/{case.pk}/plans/",
        {
            "level": "collective",
            "beneficiaries": [{"person": person.pk, "case": case.pk}],
            "project_title": "x",
        },
        format="json",
    )
    assert r.status_code == 400 and "au moins deux personnes" in r.json()["beneficiaries"][0]
    r = api.post(
        f"/api/reintegration/cases/{case.pk}/plans/",
        {"level": "individual", "beneficiaries": [{"person": person.pk, "case": case.pk}]},
        format="json",
    )
    assert r.status_code == 201
    plan_id = r.json()["id"]
    r = api.post(
        f"/api/reintegration/plans/{plan_id}/components/",
        {"kind": "catering", "budget": "700"},
        format="json",
    )
    assert r.status_code == 201
    component_id = r.json()["id"]
    approver = APIClient()
    approver.force_authenticate(mission_approver)
    assert (
        approver.post(f"/api/reintegration/plans/{plan_id}/approve/").json()["status"] == "approved"
    )
    r = api.post(
        f"/api/reintegration/components/{component_id}/disbursements/",
        {
            "kind": "cash",
            "amount": "300",
            "planned_on": dt.date.today().isoformat(),
            "purpose": "Ustensiles",
        },
        format="json",
    )
    assert r.status_code == 201
    d = r.json()["id"]
    assert api.post(f"/api/reintegration/disbursements/{d}/approve/").status_code == 400
    assert (
        approver.post(f"/api/reintegration/disbursements/{d}/approve/").json()["status"]
        == "approved"
    )
    outsider = APIClient()
    outsider.force_authenticate(mission_officer_senegal)
    assert outsider.get(f"/api/reintegration/plans/{plan_id}/").status_code == 404
    assert outsider.get("/api/reintegration/plans/").json()["count"] == 0
    assert api.get("/api/reintegration/plans/").json()["count"] == 1


def test_figures_for_report_readers_only(me_officer, donor_user, mission_officer):
    api = APIClient()
    api.force_authenticate(me_officer)
    r = api.get("/api/reintegration/figures/?start=2022-01-01&end=2022-12-31")
    assert r.status_code == 200 and r.json()["outbound"]["persons"]["total"] == 0
    assert api.get("/api/trainings/figures/?year=2022").json()["trained"]["total"] == 0
    api.force_authenticate(mission_officer)
    assert api.get("/api/reintegration/figures/?start=2022-01-01&end=2022-12-31").status_code == 403
    api.force_authenticate(donor_user)
    assert api.get("/api/trainings/figures/?year=x").status_code == 400
