"""Referrals to and from partners: consent checked, answers by the partner, and a partner
sees the referrals that concern it and nothing else."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from awda.partners.models import Referral
from awda.partners.selectors import referrals_visible_to
from awda.partners.services import (
    referral_answer,
    referral_cancel,
    referral_receive,
    referral_send,
)
from awda.partners.work import referrals as referral_work
from awda.protection.services import consent_give
from tests.protection.helpers import family_case

TODAY = timezone.localdate()


@pytest.fixture
def case(office_rabat, case_worker):
    case = family_case(office_rabat)
    consent_give(
        actor=case_worker, case=case, purpose="ngos", given_on=TODAY - dt.timedelta(days=2)
    )
    return case


@pytest.fixture
def referral(case, case_worker, alcs):
    return referral_send(
        actor=case_worker,
        case=case,
        to_organisation=alcs,
        service="health",
        reason="Dépistage et suivi",
        request_key="k1",
    )


def test_sending_records_the_consent_checked_and_a_timeline_event(referral, case):
    assert referral.from_organisation == case.office
    assert referral.status == "sent" and referral.consent_purpose == "ngos"
    assert case.timeline.filter(action="referral_sent").exists()
    assert list(referral.events.values_list("status", flat=True)) == ["sent"]


def test_the_same_form_twice_gives_one_referral_and_duplicates_are_refused(
    referral, case, case_worker, alcs
):
    again = referral_send(
        actor=case_worker,
        case=case,
        to_organisation=alcs,
        service="health",
        reason="Dépistage et suivi",
        request_key="k1",
    )
    assert again.pk == referral.pk
    with pytest.raises(ValidationError) as e:
        referral_send(
            actor=case_worker, case=case, to_organisation=alcs, service="health", reason="bis"
        )
    assert "to_organisation" in e.value.message_dict
    assert Referral.objects.count() == 1


def test_the_partner_answers_and_only_the_partner(referral, ngo_user, bayti_user, case_worker):
    with pytest.raises(PermissionDenied):
        referral_answer(actor=bayti_user, referral=referral, status="accepted")
    with pytest.raises(PermissionDenied):
        referral_answer(actor=case_worker, referral=referral, status="accepted")
    with pytest.raises(ValidationError) as e:
        referral_answer(actor=ngo_user, referral=referral, status="declined")
    assert "note" in e.value.message_dict
    referral_answer(actor=ngo_user, referral=referral, status="accepted", note="RDV lundi")
    referral_answer(actor=ngo_user, referral=referral, status="accepted")  # second click
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.answered_on == TODAY
    referral_answer(actor=ngo_user, referral=referral, status="completed", note="Suivi fait")
    referral.refresh_from_db()
    assert referral.completed_on == TODAY
    assert list(referral.events.values_list("status", flat=True)) == [
        "sent",
        "accepted",
        "completed",
    ]
    with pytest.raises(ValidationError):
        referral_answer(actor=ngo_user, referral=referral, status="declined", note="trop tard")


def test_a_partner_sees_only_the_referrals_that_concern_it(
    referral, ngo_user, bayti_user, case_worker_oujda, donor_user
):
    assert list(referrals_visible_to(ngo_user)) == [referral]
    for outsider in (bayti_user, case_worker_oujda, donor_user):
        assert not referrals_visible_to(outsider).exists()


def test_partner_pages_and_api_answer_404_for_anything_else(
    client, referral, case, ngo_user, bayti_user, office_rabat, case_worker
):
    other = family_case(office_rabat)
    client.force_login(ngo_user)
    assert client.get(f"/partners/referrals/{referral.pk}/").status_code == 200
    assert client.get(f"/cases/{other.pk}/").status_code == 404
    assert client.get(f"/api/referrals/{referral.pk}/").status_code == 200
    assert client.get(f"/api/cases/{other.pk}/vulnerabilities/").status_code == 404
    client.force_login(bayti_user)
    assert client.get(f"/partners/referrals/{referral.pk}/").status_code == 404
    assert client.get(f"/api/referrals/{referral.pk}/").status_code == 404
    assert (
        client.post(
            f"/partners/referrals/{referral.pk}/answer/",
            {
                f"answer-{referral.pk}-status": "accepted",
                f"answer-{referral.pk}-on": TODAY.isoformat(),
            },
        ).status_code
        == 404
    )
    assert client.get("/api/referrals/").json()["count"] == 0


def test_partner_page_shows_the_minimal_case_data_and_takes_the_answer(
    client, referral, case, ngo_user
):
    client.force_login(ngo_user)
    page = client.get(f"/partners/referrals/{referral.pk}/").content.decode()
    assert "Awa" in page and "Dépistage et suivi" in page
    answer = client.post(
        f"/partners/referrals/{referral.pk}/answer/",
        {
            f"answer-{referral.pk}-status": "accepted",
            f"answer-{referral.pk}-on": TODAY.isoformat(),
            f"answer-{referral.pk}-note": "Reçue",
        },
    )
    assert answer.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_api_answer_and_send(client, referral, case, ngo_user, case_worker, alcs):
    client.force_login(ngo_user)
    answer = client.post(
        f"/api/referrals/{referral.pk}/answer/",
        {"status": "declined", "note": ""},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "note" in answer.json()
    answer = client.post(
        f"/api/referrals/{referral.pk}/answer/",
        {"status": "accepted"},
        content_type="application/json",
    )
    assert answer.json()["status"] == "accepted"
    client.force_login(case_worker)
    answer = client.post(
        f"/api/cases/{case.pk}/referrals/",
        {"to_organisation": "NGO-ALCS", "service": "mental_health", "reason": "Soutien"},
        content_type="application/json",
    )
    assert answer.status_code == 201


def test_cancel_by_the_sender_and_incoming_referrals(referral, case, case_worker, ngo_user, alcs):
    with pytest.raises(PermissionDenied):
        referral_cancel(actor=ngo_user, referral=referral, reason="x")
    referral_cancel(actor=case_worker, referral=referral, reason="Envoyée par erreur")
    referral.refresh_from_db()
    assert referral.status == "cancelled"
    incoming = referral_receive(
        actor=case_worker,
        case=case,
        from_organisation=alcs,
        service="avrr",
        reason="Souhaite rentrer",
        sent_on=TODAY,
    )
    assert incoming.to_organisation == case.office
    referral_answer(actor=case_worker, referral=incoming, status="accepted")


def test_my_work_counts(referral, ngo_user, case_worker):
    partner_items = {str(i.label): i.count for i in referral_work(ngo_user)}
    assert 1 in partner_items.values()
    office_items = referral_work(case_worker)
    assert any(i.count == 1 and "direction=sent" in i.url for i in office_items)


def test_referral_section_form_refuses_without_consent(client, office_rabat, case_worker, alcs):
    case = family_case(office_rabat)
    client.force_login(case_worker)
    answer = client.post(
        f"/partners/cases/{case.pk}/referrals/",
        {
            "ref-request_key": "abc",
            "ref-to_organisation": alcs.pk,
            "ref-service": "health",
            "ref-reason": "texte gardé",
            "ref-sent_on": TODAY.isoformat(),
        },
        HTTP_HX_REQUEST="true",
    )
    html = answer.content.decode()
    assert "texte gardé" in html and "ALCS" in html and "errorlist" in html
    assert not Referral.objects.filter(case=case).exists()
