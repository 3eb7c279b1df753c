"""Consent per purpose and recipient: the one rule every sharing path calls."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awda.partners.models import PartnerProfile, Referral
from awda.partners.services import referral_send
from awda.protection.models import Consent
from awda.protection.selectors import consent_purpose_for, consent_refusal
from awda.protection.services import consent_give, consent_withdraw
from tests import factories as f
from tests.protection.helpers import family_case

TODAY = timezone.localdate()


@pytest.fixture
def case(office_rabat):
    return family_case(office_rabat)


@pytest.fixture
def alcs(db):
    return f.OrganisationFactory(code="NGO-ALCS", name="ALCS", kind="ngo", country="MA")


@pytest.fixture
def health_ministry(db):
    org = f.OrganisationFactory(code="MS", name="Ministère de la Santé", kind="ministry")
    PartnerProfile.objects.create(organisation=org, services=["health"], consent_purpose="health")
    return org


def test_recipient_kinds_map_to_purposes(alcs, health_ministry, office_rabat):
    unhcr = f.OrganisationFactory(code="UNHCR", name="HCR", kind="un_agency")
    entraide = f.OrganisationFactory(code="EN", name="Entraide Nationale", kind="ministry")
    consulate = f.OrganisationFactory(code="CONS-GN", name="Consulat", kind="consulate")
    assert consent_purpose_for(alcs) == "ngos"
    assert consent_purpose_for(health_ministry) == "health"
    assert consent_purpose_for(unhcr) == "un_agencies"
    assert consent_purpose_for(entraide) == "public_bodies"
    assert consent_purpose_for(consulate) == "consulate"
    assert consent_purpose_for(office_rabat) is None


def test_refusal_says_why_until_consent_is_given_and_again_after_withdrawal(case, case_worker):
    assert "consulat" in consent_refusal(case, "consulate").lower()
    consent_give(actor=case_worker, case=case, purpose="consulate", given_on=TODAY)
    assert consent_refusal(case, "consulate") is None
    consent_withdraw(actor=case_worker, case=case, purpose="consulate", reason="Ne veut plus")
    refusal = consent_refusal(case, "consulate")
    assert refusal and TODAY.strftime("%d/%m/%Y") in refusal
    # Given again: one row, in force.
    consent_give(actor=case_worker, case=case, purpose="consulate", given_on=TODAY)
    assert Consent.objects.filter(case=case, purpose="consulate").count() == 1
    assert consent_refusal(case, "consulate") is None
    actions = list(case.timeline.values_list("action", flat=True))
    assert actions.count("consent_given") == 2 and actions.count("consent_withdrawn") == 1


def test_sharing_with_a_recipient_without_consent_is_refused_with_the_reason(
    case, case_worker, alcs
):
    with pytest.raises(ValidationError) as e:
        referral_send(
            actor=case_worker, case=case, to_organisation=alcs, service="health", reason="Suivi VIH"
        )
    message = " ".join(e.value.message_dict["to_organisation"])
    assert "ALCS" in message and "ONG" in message
    assert not Referral.objects.exists()


def test_withdrawal_cancels_open_referrals_that_relied_on_it(case, case_worker, alcs):
    consent_give(
        actor=case_worker, case=case, purpose="ngos", given_on=TODAY - dt.timedelta(days=3)
    )
    referral = referral_send(
        actor=case_worker, case=case, to_organisation=alcs, service="health", reason="Suivi"
    )
    consent_withdraw(actor=case_worker, case=case, purpose="ngos", reason="Changement d'avis")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CANCELLED
    assert referral.events.last().status == "cancelled"


def test_withdrawal_needs_a_reason_and_guardian_consent_needs_a_name(case, case_worker):
    with pytest.raises(ValidationError) as e:
        consent_give(
            actor=case_worker, case=case, purpose="ngos", given_on=TODAY, given_by_guardian=True
        )
    assert "guardian_name" in e.value.message_dict
    consent_give(actor=case_worker, case=case, purpose="ngos", given_on=TODAY)
    with pytest.raises(ValidationError) as e:
        consent_withdraw(actor=case_worker, case=case, purpose="ngos", reason=" ")
    assert "reason" in e.value.message_dict


def test_consent_forms_on_the_case_page(client, case, case_worker):
    client.force_login(case_worker)
    answer = client.post(
        f"/protection/cases/{case.pk}/consents/give/",
        {
            "purpose_key": "health",
            "g-health-purpose": "health",
            "g-health-given_on": TODAY.isoformat(),
        },
    )
    assert answer.status_code == 302
    assert consent_refusal(case, "health") is None
    answer = client.post(
        f"/protection/cases/{case.pk}/consents/withdraw/",
        {
            "purpose_key": "health",
            "w-health-purpose": "health",
            "w-health-withdrawn_on": TODAY.isoformat(),
            "w-health-reason": "",
        },
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert "errorlist" in answer.content.decode()  # the reason is required
    assert consent_refusal(case, "health") is None
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Share with health partners" in page or "partenaires de santé" in page


def test_consent_api(client, case, case_worker, donor_user):
    client.force_login(case_worker)
    answer = client.post(
        f"/api/cases/{case.pk}/consents/",
        {"purpose": "consulate", "given_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert next(c for c in answer.json() if c["purpose"] == "consulate")["given"] is True
    answer = client.post(
        f"/api/cases/{case.pk}/consents/consulate/withdraw/",
        {"reason": "refus"},
        content_type="application/json",
    )
    assert next(c for c in answer.json() if c["purpose"] == "consulate")["given"] is False
    client.force_login(donor_user)
    assert client.get(f"/api/cases/{case.pk}/consents/").status_code == 404
