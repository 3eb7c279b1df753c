"""The REST API, the consulate's nominal list exports, the "my work" items, the resettlement
steps and the report selectors."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from awda.cases.services import TransitionRefused, case_create, case_transition
from awda.people.services import person_create
from awda.travel.models import Departure, LpcRequest
from awda.travel.selectors import return_mode_counts, tickets_by_programme
from awda.travel.services import (
    cultural_orientation_record,
    lpc_batch_create,
    lpc_request_create,
    medical_examination_record,
    movement_book,
    passenger_check,
)
from awda.travel.work import bookings_to_make, departures_today, lpc_requests_waiting
from tests import factories as f
from tests.travel.conftest import flight, make_case, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def leg_json(day):
    return {
        "carrier": "Royal Air Maroc",
        "flight_number": "AT571",
        "from_place": "CMN Casablanca",
        "to_place": "CKY Conakry",
        "departs_on": day.isoformat(),
    }


def test_api_booking_refused_then_accepted(client, case_worker, ready_case, quota):
    client.force_login(case_worker)
    day = today() + dt.timedelta(days=5)
    bad = client.post(
        "/api/travel/movements/",
        {
            "case": ready_case.pk,
            "mode": "air",
            "post": "CMN",
            "legs": [{**leg_json(day), "flight_number": ""}],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "leg0_flight_number" in bad.json()
    from awda.funding.models import QuotaAgreement

    QuotaAgreement.objects.filter(pk=quota.pk).update(tickets_used_before=3000)
    refused = client.post(
        "/api/travel/movements/",
        {"case": ready_case.pk, "mode": "air", "post": "CMN", "legs": [leg_json(day)]},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert "épuisé" in refused.json()["refused"][0]  # the API answers in French too
    QuotaAgreement.objects.filter(pk=quota.pk).update(tickets_used_before=0)
    ok = client.post(
        "/api/travel/movements/",
        {
            "case": ready_case.pk,
            "mode": "air",
            "post": "CMN",
            "legs": [leg_json(day)],
            "programme": "MI-FUNDING",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["programme"] == "MI-FUNDING"


def test_api_other_office_gets_404(client, case_worker_oujda, ready_case):
    client.force_login(case_worker_oujda)
    response = client.post(
        "/api/travel/movements/",
        {"case": ready_case.pk, "mode": "air", "post": "CMN", "legs": [leg_json(today())]},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_api_consulate_queue_and_decision(
    client, case_worker, office_rabat, consulate_guinea, consulate_org
):
    case = make_case(case_worker, office_rabat, passport_expires=None, status="travel_documents")
    person = case.members.get().person
    lpc = lpc_request_create(actor=case_worker, case=case, person=person, document_situation="lost")
    client.force_login(consulate_guinea)
    rows = client.get("/api/travel/lpc-requests/").json()
    assert [r["id"] for r in rows] == [lpc.pk]
    # Identity and travel fields only.
    assert set(rows[0]["person"]) == {
        "id",
        "given_name",
        "family_name",
        "name_other_script",
        "sex",
        "date_of_birth",
        "dob_estimated",
        "nationality",
    }
    issued = client.post(
        f"/api/travel/lpc-requests/{lpc.pk}/decision/",
        {
            "action": "issue",
            "number": "LPC-1",
            "issued_on": today().isoformat(),
            "expires_on": (today() + dt.timedelta(days=60)).isoformat(),
        },
        content_type="application/json",
    )
    assert issued.status_code == 200 and issued.json()["status"] == "issued"
    client.force_login(case_worker)
    assert (
        client.post(
            f"/api/travel/lpc-requests/{lpc.pk}/decision/",
            {"action": "refuse", "reason": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_nominal_list_exports(client, case_worker, office_rabat, consulate_guinea, consulate_org):
    from openpyxl import load_workbook

    requests = []
    for name in ("Mamadou", "Alpha"):
        case = make_case(
            case_worker,
            office_rabat,
            given_name=name,
            passport_expires=None,
            status="travel_documents",
        )
        requests.append(
            lpc_request_create(
                actor=case_worker,
                case=case,
                person=case.members.get().person,
                document_situation="lost",
                place_of_birth="Labé",
            )
        )
    batch = lpc_batch_create(actor=case_worker, consulate=consulate_org, requests=requests)
    for user in (case_worker, consulate_guinea):
        client.force_login(user)
        xlsx = client.get(reverse("travel:lpc_batch_export", args=[batch.pk, "xlsx"]))
        assert xlsx.status_code == 200
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        header = next(i for i, row in enumerate(values) if row[0] == "N°")
        body = values[header + 1 :]
        assert sorted(row[2] for row in body) == ["Alpha", "Mamadou"]
        assert {row[6] for row in body} == {"Labé"}
        assert "Photo" in values[header]
        pdf = client.get(reverse("travel:lpc_batch_export", args=[batch.pk, "pdf"]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = f.OrganisationFactory(code="CONS-SN", kind="consulate", country="SN")
    client.force_login(f.UserFactory(username="sn", organisation=other, role="consulate_officer"))
    assert client.get(reverse("travel:lpc_batch", args=[batch.pk])).status_code == 404


def test_work_items(
    case_worker, consulate_guinea, police_user, office_rabat, programme, consulate_org
):
    case = make_case(case_worker, office_rabat, passport_expires=None, status="travel_documents")
    lpc_request_create(
        actor=case_worker, case=case, person=case.members.get().person, document_situation="lost"
    )
    ready = make_case(case_worker, office_rabat, given_name="Alpha", programme=programme)
    consular = {str(i.label): i.count for i in lpc_requests_waiting(consulate_guinea)}
    assert consular["New laissez-passer requests"] == 1
    office = {str(i.label): i.count for i in lpc_requests_waiting(case_worker)}
    assert office["Laissez-passer requests waiting at consulates"] == 1
    assert {str(i.label): i.count for i in bookings_to_make(case_worker)}[
        "Cases ready for booking"
    ] == 1
    movement_book(actor=case_worker, case=ready, mode="air", post="CMN", legs=flight(today()))
    assert departures_today(case_worker)[0].count == 1
    assert departures_today(police_user)[0].count == 1
    assert lpc_requests_waiting(police_user) == [] and bookings_to_make(consulate_guinea) == []


def test_report_selectors(case_worker, police_user, office_rabat, programme):
    from awda.travel.services import exit_authorisation_record

    case = make_case(case_worker, office_rabat, programme=programme)
    movement = movement_book(
        actor=case_worker, case=case, mode="air", post="CMN", legs=flight(today())
    )
    passenger = movement.passengers.get()
    exit_authorisation_record(actor=police_user, passenger=passenger, pv_number="PV1")
    passenger_check(actor=case_worker, passenger=passenger, step="checked_in")
    passenger_check(actor=case_worker, passenger=passenger, step="boarded")
    assert return_mode_counts(start=today(), end=today()) == {"air": 1, "land": 0, "total": 1}
    rows = tickets_by_programme(start=today(), end=today())
    assert rows == [
        {
            "programme_code": "MI-FUNDING",
            "programme_name": programme.name,
            "tickets": 1,
            "departed": 1,
            "quota_tickets": 0,
        }
    ]


def test_resettlement_steps_guard_the_workflow(case_worker, office_rabat, programme):
    refugee = person_create(
        actor=case_worker,
        given_name="Amal",
        family_name="Haddad",
        sex="F",
        birth_year=1988,
        nationality="SY",
    )
    case = case_create(
        actor=case_worker,
        case_type="resettlement",
        office=office_rabat,
        principal=refugee,
        destination_country="CA",
    )
    case_transition(case=case, action="start_medical_examination", actor=case_worker)
    with pytest.raises(TransitionRefused) as refused:
        case_transition(case=case, action="start_cultural_orientation", actor=case_worker)
    assert refused.value.reasons == [
        "Amal Haddad has not had the medical examination before travel."
    ]
    medical_examination_record(
        actor=case_worker, case=case, person=refugee, examined_on=today(), result="cleared"
    )
    case_transition(case=case, action="start_cultural_orientation", actor=case_worker)
    with pytest.raises(TransitionRefused) as refused:
        case_transition(case=case, action="request_travel_documents", actor=case_worker)
    assert "cultural orientation" in refused.value.reasons[0]
    cultural_orientation_record(actor=case_worker, case=case, person=refugee, session_on=today())
    case_transition(case=case, action="request_travel_documents", actor=case_worker)
    assert case.status == "travel_documents"


def test_departures_page_for_office_and_police(client, case_worker, police_user, ready_case):
    movement_book(actor=case_worker, case=ready_case, mode="air", post="CMN", legs=flight(today()))
    for user in (case_worker, police_user):
        client.force_login(user)
        html = client.get(reverse("travel:departures")).content.decode()
        assert "AT571" in html
    assert Departure.objects.count() == 1
    assert not LpcRequest.objects.exists()


def test_manifest_and_departures_pages_have_a_constant_number_of_queries(
    client, case_worker, office_rabat, programme
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(case_worker)

    def counts():
        departure = Departure.objects.get()
        result = []
        for url in (reverse("travel:departure", args=[departure.pk]), reverse("travel:departures")):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    first = make_case(case_worker, office_rabat, programme=programme)
    movement_book(actor=case_worker, case=first, mode="air", post="CMN", legs=flight(today()))
    small = counts()
    for name in ("Alpha", "Boubacar", "Cellou"):
        case = make_case(
            case_worker,
            office_rabat,
            given_name=name,
            programme=programme,
            extra_members=[
                {"given_name": f"{name}-Fille", "relationship": "child", "birth_year": 2015}
            ],
        )
        movement_book(actor=case_worker, case=case, mode="air", post="CMN", legs=flight(today()))
    assert counts() == small
