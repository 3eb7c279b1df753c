"""REST endpoints for people: each role gets its scope and its sections, nothing more."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from awda.audit.models import AuditEvent
from tests import factories as f
from tests.people.helpers import ask_consulate

pytestmark = pytest.mark.django_db


@pytest.fixture
def guinean(office_rabat):
    p = f.PersonFactory(
        given_name="Mamadou", family_name="Diallo", nationality="GN", phone="+224622123456"
    )
    case = f.CaseFactory(office=office_rabat, reference="RBA-2026-00001")
    f.MemberFactory(case=case, person=p)
    f.DocumentFactory(person=p, number="GN1234567")
    return p


@pytest.fixture
def ivorian(office_rabat):
    p = f.PersonFactory(given_name="Moussa", family_name="Kone", nationality="CI")
    f.MemberFactory(case=f.CaseFactory(office=office_rabat, country_of_origin="CI"), person=p)
    return p


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_anonymous_is_refused(guinean):
    assert APIClient().get("/api/persons/").status_code in (401, 403)


def test_case_worker_gets_people_contact_and_documents(case_worker, guinean, ivorian):
    data = client_for(case_worker).get(f"/api/persons/{guinean.pk}/").json()
    assert data["given_name"] == "Mamadou"
    assert data["phone"] == "+224622123456"
    assert data["nationality"] == "GN"
    assert [d["number"] for d in data["documents"]] == ["GN1234567"]
    listed = client_for(case_worker).get("/api/persons/").json()
    assert listed["count"] == 2


def test_search_parameter(case_worker, guinean, ivorian):
    listed = client_for(case_worker).get("/api/persons/", {"q": "mamadou dialo"}).json()
    assert [p["id"] for p in listed["results"]] == [guinean.pk]


def test_other_office_gets_404_and_an_empty_list(case_worker_oujda, guinean):
    client = client_for(case_worker_oujda)
    assert client.get(f"/api/persons/{guinean.pk}/").status_code == 404
    assert client.get("/api/persons/").json()["count"] == 0


def test_consulate_sees_only_its_nationals_without_contact(consulate_guinea, guinean, ivorian):
    for person in (guinean, ivorian):
        ask_consulate(person.memberships.get().case, person, consulate_guinea.organisation)
    client = client_for(consulate_guinea)
    listed = client.get("/api/persons/").json()
    assert [p["id"] for p in listed["results"]] == [guinean.pk]
    data = client.get(f"/api/persons/{guinean.pk}/").json()
    assert "phone" not in data and "residence_city" not in data
    assert [d["number"] for d in data["documents"]] == ["GN1234567"]
    assert client.get(f"/api/persons/{ivorian.pk}/").status_code == 404


def test_donor_sees_nothing(donor_user, guinean):
    client = client_for(donor_user)
    assert client.get(f"/api/persons/{guinean.pk}/").status_code == 404
    assert client.get("/api/persons/").json()["count"] == 0
    assert client.get("/api/persons/", {"q": "Diallo"}).json()["count"] == 0


def test_partner_ngo_gets_contact_but_never_documents(ngo_user, office_rabat):
    p = f.PersonFactory(given_name="Awa", family_name="Camara", phone="+212612345678")
    case = f.CaseFactory(office=office_rabat, referred_by=ngo_user.organisation)
    f.MemberFactory(case=case, person=p)
    f.DocumentFactory(person=p)
    data = client_for(ngo_user).get(f"/api/persons/{p.pk}/").json()
    assert (data["given_name"], data["phone"]) == ("Awa", "+212612345678")
    assert "documents" not in data


def test_duplicates_across_offices_with_minimal_fields(case_worker_oujda, guinean):
    with translation.override("en"):
        response = client_for(case_worker_oujda).post(
            "/api/persons/duplicates/",
            {
                "given_name": "Mamadou",
                "family_name": "Djalo",
                "birth_year": 1995,
                "nationality": "gn",
                "document_numbers": ["GN 123 4567"],
            },
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    [c] = response.json()
    assert c["person"]["id"] == guinean.pk
    assert c["person"]["birth_year"] == 1995
    assert "phone" not in c["person"] and "date_of_birth" not in c["person"]
    assert c["document_match"] is True
    assert c["cases"][0]["reference"] == "RBA-2026-00001"
    assert c["cases"][0]["office_code"] == "RBA"
    assert c["in_scope"] is False  # a Rabat case: Oujda cannot open it
    assert c["score"] >= 90
    assert AuditEvent.objects.get(verb="person.duplicates_shown").data == {"persons": [guinean.pk]}


def test_duplicates_reasons_in_french(case_worker, guinean):
    response = client_for(case_worker).post(
        "/api/persons/duplicates/",
        {"given_name": "Mamadou", "family_name": "Diallo", "date_of_birth": "1995-03-14"},
        format="json",
    )
    [c] = response.json()
    assert c["reasons"][0] == "Même nom : Mamadou Diallo"
    assert c["in_scope"] is True


@pytest.mark.parametrize("persona", ["consulate_guinea", "donor_user", "police_user", "me_officer"])
def test_duplicates_only_for_roles_that_register(request, persona, guinean):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(
        "/api/persons/duplicates/", {"given_name": "Mamadou"}, format="json"
    )
    assert response.status_code == 403


def test_duplicates_input_errors(case_worker):
    client = client_for(case_worker)
    response = client.post("/api/persons/duplicates/", {}, format="json")
    assert response.status_code == 400
    assert "given_name" in response.json()
    response = client.post(
        "/api/persons/duplicates/",
        {"given_name": "Awa", "nationality": "QQ", "date_of_birth": "1990-13-01"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"date_of_birth"}
    response = client.post(
        "/api/persons/duplicates/", {"given_name": "Awa", "nationality": "QQ"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"nationality"}


def test_schema_lists_the_endpoints(case_worker):
    schema = client_for(case_worker).get("/api/schema/", {"format": "json"}).json()
    assert {"/api/persons/", "/api/persons/{id}/", "/api/persons/duplicates/"} <= set(
        schema["paths"]
    )
