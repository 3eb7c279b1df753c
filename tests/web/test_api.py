import datetime as dt

import pytest
from django.urls import reverse

from awda.protection.services import declaration_sign
from tests.web.helpers import register_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(case_worker, office_rabat):
    return register_case(
        case_worker,
        office_rabat,
        given_name="Mamadou",
        family_name="Diallo",
        sex="M",
        phone="0661234567",
        passport="GN5550001",
    )


def test_list_is_scoped_and_filtered(client, case_worker, case_worker_oujda, case, office_oujda):
    register_case(case_worker_oujda, office_oujda, given_name="Fanta", family_name="Traoré")
    client.force_login(case_worker)
    data = client.get(reverse("api:case-list"), {"q": "diallo"}).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["reference"] == case.reference
    assert row["principal"]["family_name"] == "Diallo"
    assert client.get(reverse("api:case-list")).json()["count"] == 1  # not Oujda's case
    bad = client.get(reverse("api:case-list"), {"applied_from": "yesterday"})
    assert bad.status_code == 400 and "applied_from" in bad.json()


def test_detail_shows_only_the_sections_the_role_may_see(client, case_worker, me_officer, case):
    client.force_login(case_worker)
    full = client.get(reverse("api:case-detail", args=[case.pk])).json()
    assert full["members"][0]["phone"] == "+212661234567"
    assert full["members"][0]["documents"][0]["number"] == "GN5550001"
    assert "timeline" in full and "actions" in full
    client.force_login(me_officer)
    national = client.get(reverse("api:case-detail", args=[case.pk])).json()
    assert "phone" not in national["members"][0]
    assert "actions" not in national


@pytest.mark.parametrize("persona", ["case_worker_oujda", "consulate_guinea", "donor_user"])
def test_outsiders_get_404(client, request, case, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("api:case-detail", args=[case.pk])).status_code == 404
    response = client.post(
        reverse("api:case-transitions", args=[case.pk]),
        {"action": "start_counselling"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_transition_and_refusal_with_reasons(client, case_worker, case):
    client.force_login(case_worker)
    url = reverse("api:case-transitions", args=[case.pk])
    ok = client.post(url, {"action": "start_counselling"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "counselling"
    case.refresh_from_db()
    case.status = "ready"
    case.save()
    refused = client.post(
        url,
        {"action": "book", "planned_departure_date": str(dt.date.today() + dt.timedelta(days=9))},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert any("déclaration" in r for r in refused.json()["reasons"])
    case.refresh_from_db()
    assert case.status == "ready"
    declaration_sign(
        actor=case_worker,
        case=case,
        signed_on=dt.date.today(),
        language="Français",
        information_version="2024-01",
    )
    booked = client.post(
        url,
        {"action": "book", "planned_departure_date": str(dt.date.today() + dt.timedelta(days=9))},
        content_type="application/json",
    )
    assert booked.status_code == 200, booked.json()
    assert booked.json()["status"] == "booked"


def test_schema_lists_the_case_endpoints(client, case_worker):
    client.force_login(case_worker)
    schema = client.get("/api/schema/").content.decode()
    assert "/api/cases/{id}/transitions/" in schema
