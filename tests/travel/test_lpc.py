"""Laissez-passer requests: to the consulate of the person's nationality, with consent, and
the consulate's decisions on its own nationals only."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from awda.cases.selectors import case_get_for_user
from awda.people.selectors import travel_documents_of
from awda.protection.models import Consent
from awda.travel import selectors
from awda.travel.models import LpcStatus
from awda.travel.services import (
    lpc_batch_create,
    lpc_identity_record,
    lpc_interview_schedule,
    lpc_issue,
    lpc_refuse,
    lpc_request_cancel,
    lpc_request_create,
)
from tests import factories as f
from tests.travel.conftest import make_case, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def lpc_case(case_worker, office_rabat, consulate_org, programme):
    return make_case(
        case_worker,
        office_rabat,
        programme=programme,
        passport_expires=None,
        status="travel_documents",
    )


@pytest.fixture
def consulate_senegal(db):
    org = f.OrganisationFactory(
        code="CONS-SN", name="Consulat du Sénégal", kind="consulate", country="SN"
    )
    return f.UserFactory(username="consul_sn", organisation=org, role="consulate_officer")


def request_for(case, actor, **kwargs):
    person = case.members.get(relationship="principal").person
    params = {"document_situation": "lost", "place_of_birth": "Labé"}
    params.update(kwargs)
    return lpc_request_create(actor=actor, case=case, person=person, **params)


def test_request_goes_to_the_consulate_of_the_nationality(lpc_case, case_worker, consulate_org):
    request = request_for(lpc_case, case_worker)
    assert request.consulate == consulate_org
    assert request.status == LpcStatus.REQUESTED
    assert lpc_case.timeline.filter(action="lpc_requested").exists()


def test_request_without_consent_is_refused_with_the_reason(lpc_case, case_worker, consulate_org):
    Consent.objects.filter(case=lpc_case).delete()
    with pytest.raises(ValidationError) as err:
        request_for(lpc_case, case_worker)
    assert "consulate" in " ".join(err.value.messages).lower()
    assert not lpc_case.lpc_requests.exists()


def test_request_after_consent_withdrawn_is_refused(lpc_case, case_worker, consulate_org):
    Consent.objects.filter(case=lpc_case).update(withdrawn_on=today())
    with pytest.raises(ValidationError) as err:
        request_for(lpc_case, case_worker)
    assert "withdrawn" in " ".join(err.value.messages)


def test_no_consulate_for_the_nationality(case_worker, office_rabat, programme):
    case = make_case(
        case_worker,
        office_rabat,
        nationality="ML",
        passport_expires=None,
        status="travel_documents",
    )
    with pytest.raises(ValidationError) as err:
        request_for(case, case_worker)
    assert "consulate" in err.value.message_dict


def test_one_open_request_per_person(lpc_case, case_worker, consulate_org):
    request_for(lpc_case, case_worker)
    with pytest.raises(ValidationError) as err:
        request_for(lpc_case, case_worker)
    assert "already open" in " ".join(err.value.messages)
    assert lpc_case.lpc_requests.count() == 1


def test_consulate_sees_only_its_nationals_requests(
    lpc_case, case_worker, consulate_guinea, consulate_senegal, office_rabat
):
    request = request_for(lpc_case, case_worker)
    senegalese = make_case(
        case_worker,
        office_rabat,
        nationality="SN",
        passport_expires=None,
        status="travel_documents",
    )
    request_for(senegalese, case_worker)
    assert list(selectors.lpc_queue(consulate_guinea)) == [request]
    assert [r.person.nationality.code for r in selectors.lpc_queue(consulate_senegal)] == ["SN"]
    with pytest.raises(Http404):
        selectors.lpc_request_get_for_user(consulate_senegal, request.pk)


def test_consulate_case_scope_needs_a_request(lpc_case, case_worker, consulate_guinea):
    with pytest.raises(Http404):
        case_get_for_user(consulate_guinea, lpc_case.pk)
    request_for(lpc_case, case_worker)
    assert case_get_for_user(consulate_guinea, lpc_case.pk) == lpc_case


def test_consulate_issues_an_lpc_which_becomes_the_travel_document(
    lpc_case, case_worker, consulate_guinea
):
    request = request_for(lpc_case, case_worker)
    request = lpc_interview_schedule(
        actor=consulate_guinea,
        request=request,
        interview_at=dt.datetime(2030, 1, 2, 10, 0, tzinfo=dt.UTC),
        place="Consulat, Rabat",
    )
    assert request.status == LpcStatus.INTERVIEW_SCHEDULED
    request = lpc_identity_record(actor=consulate_guinea, request=request, confirmed=True)
    request = lpc_issue(
        actor=consulate_guinea,
        request=request,
        number="LPC-GN-000123",
        issued_on=today(),
        expires_on=today() + dt.timedelta(days=90),
    )
    assert request.status == LpcStatus.ISSUED
    person = request.person
    documents = travel_documents_of(person)
    assert [(d.kind, d.number, d.issuing_country.code) for d in documents] == [
        ("lpc", "LPC-GN-000123", "GN")
    ]
    # The case can now move on: every member holds a valid travel document.
    from awda.cases.services import case_transition

    case_transition(case=lpc_case, action="mark_ready", actor=case_worker)


def test_identity_not_confirmed_closes_the_request_with_the_reason(
    lpc_case, case_worker, consulate_guinea
):
    request = request_for(lpc_case, case_worker)
    with pytest.raises(ValidationError):
        lpc_identity_record(actor=consulate_guinea, request=request, confirmed=False)
    request = lpc_identity_record(
        actor=consulate_guinea, request=request, confirmed=False, reason="Not Guinean"
    )
    assert request.status == LpcStatus.REFUSED
    assert "Not Guinean" in request.refusal_reason


def test_another_consulate_cannot_decide(lpc_case, case_worker, consulate_senegal):
    request = request_for(lpc_case, case_worker)
    with pytest.raises(PermissionDenied):
        lpc_refuse(actor=consulate_senegal, request=request, reason="no")


def test_case_worker_cannot_issue(lpc_case, case_worker):
    request = request_for(lpc_case, case_worker)
    with pytest.raises(PermissionDenied):
        lpc_issue(
            actor=case_worker,
            request=request,
            number="X",
            issued_on=today(),
            expires_on=today() + dt.timedelta(days=30),
        )


def test_issue_validates_dates_and_keeps_the_request_open(lpc_case, case_worker, consulate_guinea):
    request = request_for(lpc_case, case_worker)
    with pytest.raises(ValidationError) as err:
        lpc_issue(
            actor=consulate_guinea,
            request=request,
            number="",
            issued_on=today(),
            expires_on=today() - dt.timedelta(days=1),
        )
    assert set(err.value.message_dict) == {"number", "expires_on"}
    request.refresh_from_db()
    assert request.status == LpcStatus.REQUESTED
    assert not travel_documents_of(request.person)


def test_closed_request_cannot_be_decided_again(lpc_case, case_worker, consulate_guinea):
    request = request_for(lpc_case, case_worker)
    lpc_refuse(actor=consulate_guinea, request=request, reason="Incomplete file")
    with pytest.raises(ValidationError):
        lpc_issue(
            actor=consulate_guinea,
            request=request,
            number="LPC1",
            issued_on=today(),
            expires_on=today() + dt.timedelta(days=30),
        )
    # A new request can be sent once the previous one is closed.
    again = request_for(lpc_case, case_worker)
    assert again.pk != request.pk


def test_batch_list_of_requests_to_one_consulate(
    lpc_case, case_worker, office_rabat, consulate_org, consulate_guinea
):
    second = make_case(
        case_worker,
        office_rabat,
        given_name="Alpha",
        passport_expires=None,
        status="travel_documents",
    )
    r1 = request_for(lpc_case, case_worker)
    r2 = request_for(second, case_worker)
    batch = lpc_batch_create(actor=case_worker, consulate=consulate_org, requests=[r1, r2])
    assert batch.reference.startswith("LPC-RBA-")
    assert batch.requests.count() == 2
    with pytest.raises(ValidationError):
        lpc_batch_create(actor=case_worker, consulate=consulate_org, requests=[r1])
    assert list(selectors.lpc_batches_visible_to(consulate_guinea)) == [batch]
    assert len(selectors.lpc_batch_requests(consulate_guinea, batch)) == 2


def test_cancelled_request_hides_the_case_from_the_consulate(
    lpc_case, case_worker, consulate_guinea
):
    request = request_for(lpc_case, case_worker)
    lpc_request_cancel(actor=case_worker, request=request, reason="Passport found")
    with pytest.raises(Http404):
        case_get_for_user(consulate_guinea, lpc_case.pk)
