"""The distribution-day page: cases ticked or pasted, errors next to the field, the same
form twice recorded once."""

import pytest
from django.utils import timezone

from awda.assistance.models import AssistanceRecord, Distribution
from tests.protection.helpers import family_case

TODAY = timezone.localdate().isoformat()


@pytest.fixture
def oujda_cases(office_oujda):
    return [family_case(office_oujda) for _ in range(3)]


def form(office, **extra):
    return {
        "idempotency_key": "page-key",
        "office": office.pk,
        "date": TODAY,
        "type": "food_kit",
        "quantity_per_case": "1",
        "currency": "MAD",
        "provider": office.pk,
        **extra,
    }


def test_the_page_lists_the_office_open_cases_only(
    client, oujda_cases, office_oujda, office_rabat, case_worker_oujda
):
    family_case(office_rabat)
    closed = family_case(office_oujda, status="withdrawn")
    client.force_login(case_worker_oujda)
    page = client.get("/assistance/distributions/new/").content.decode()
    for c in oujda_cases:
        assert c.reference in page
    assert closed.reference not in page
    assert "RBA" not in page.split('id="case-picker"')[1]


def test_ticked_and_pasted_cases_get_one_record_each(client, oujda_cases, case_worker_oujda):
    office = oujda_cases[0].office
    client.force_login(case_worker_oujda)
    data = form(
        office,
        cases=[oujda_cases[0].pk],
        references=f"{oujda_cases[1].reference.lower()}, {oujda_cases[2].reference}\n"
        f"{oujda_cases[0].reference}",
    )
    first = client.post("/assistance/distributions/new/", data)
    assert first.status_code == 302
    again = client.post("/assistance/distributions/new/", data)
    assert again["Location"] == first["Location"]
    assert Distribution.objects.count() == 1
    assert AssistanceRecord.objects.count() == 3


def test_unknown_references_are_named_and_the_form_keeps_its_values(
    client, oujda_cases, case_worker_oujda, office_rabat
):
    rabat_case = family_case(office_rabat)
    office = oujda_cases[0].office
    client.force_login(case_worker_oujda)
    answer = client.post(
        "/assistance/distributions/new/",
        form(
            office, location="Centre Al Amal", references=f"{rabat_case.reference} OUJ-1999-00001"
        ),
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    assert rabat_case.reference in html and "OUJ-1999-00001" in html
    assert "Centre Al Amal" in html
    assert not Distribution.objects.exists()


def test_nothing_chosen_is_refused(client, oujda_cases, case_worker_oujda):
    client.force_login(case_worker_oujda)
    answer = client.post("/assistance/distributions/new/", form(oujda_cases[0].office))
    assert answer.status_code == 422
    assert "Choisissez au moins un dossier" in answer.content.decode()


def test_roles_without_assistance_cannot_open_it(client, ngo_user, donor_user):
    for user in (ngo_user, donor_user):
        client.force_login(user)
        assert client.get("/assistance/distributions/new/").status_code == 404


def test_distribution_api_is_idempotent(client, oujda_cases, case_worker_oujda):
    client.force_login(case_worker_oujda)
    body = {
        "idempotency_key": "api-key",
        "office": "OUJ",
        "date": TODAY,
        "type": "hygiene_kit",
        "references": [c.reference for c in oujda_cases],
        "provider": "OUJ",
    }
    first = client.post("/api/distributions/", body, content_type="application/json")
    second = client.post("/api/distributions/", body, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert sorted(first.json()["cases"]) == sorted(c.reference for c in oujda_cases)
