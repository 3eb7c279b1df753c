"""Searching people and listing documents about to expire, always within the user's scope."""

import datetime as dt

import pytest

from awda.people.selectors import documents_expiring, person_search
from tests import factories as f
from tests.people.helpers import ask_consulate

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def in_case(office, status="registered", case_type="outbound", **person):
    p = f.PersonFactory(**person)
    f.MemberFactory(case=f.CaseFactory(office=office, status=status, case_type=case_type), person=p)
    return p


@pytest.mark.parametrize(
    "q",
    ["Mamadou Dialo", "Mamadou Djalo", "diallo mamadou", "MAMADOU DIALLO", "Mama", "مامادو ديالو"],
)
def test_name_search_finds_spelling_variants(case_worker, office_rabat, q):
    target = in_case(office_rabat, given_name="Mamadou", family_name="Diallo")
    in_case(office_rabat, given_name="Ibrahima", family_name="Sow")
    assert list(person_search(case_worker, q)) == [target]


def test_single_word_finds_given_or_family_name_while_typing(case_worker, office_rabat):
    camara = in_case(office_rabat, given_name="Awa", family_name="Camara")
    kamara = in_case(office_rabat, given_name="Sia", family_name="Kamara")
    in_case(office_rabat, given_name="Moussa", family_name="Diallo")
    assert set(person_search(case_worker, "Camara")) == {camara, kamara}
    assert set(person_search(case_worker, "Cama")) == {camara, kamara}


def test_search_by_document_number_and_phone(case_worker, office_rabat):
    holder = in_case(office_rabat, given_name="Awa", family_name="Camara")
    f.DocumentFactory(person=holder, number="GN-1234567")
    caller = in_case(office_rabat, given_name="Moussa", family_name="Kone", phone="+212612345678")
    assert list(person_search(case_worker, "gn 1234567")) == [holder]
    assert list(person_search(case_worker, "GN123")) == [holder]
    assert list(person_search(case_worker, "GN1")) == []
    assert list(person_search(case_worker, "06 12 34 56 78")) == [caller]


def test_search_stays_within_the_users_cases(case_worker_oujda, office_rabat, office_oujda):
    in_case(office_rabat, given_name="Mamadou", family_name="Diallo")
    mine = in_case(office_oujda, given_name="Mamadou", family_name="Diallo")
    assert list(person_search(case_worker_oujda, "Mamadou Diallo")) == [mine]


def test_search_by_document_needs_the_documents_section(ngo_user, office_rabat):
    # An NGO sees people and contacts of the cases it refers, never their documents.
    from awda.accounts.models import Organisation

    ngo = Organisation.objects.get(code="NGO-ALCS")
    p = f.PersonFactory(given_name="Awa", family_name="Camara", phone="+212612345678")
    f.MemberFactory(case=f.CaseFactory(office=office_rabat, referred_by=ngo), person=p)
    f.DocumentFactory(person=p, number="GN7654321")
    assert list(person_search(ngo_user, "GN7654321")) == []
    assert list(person_search(ngo_user, "0612345678")) == [p]
    assert list(person_search(ngo_user, "Awa Camara")) == [p]


def test_donor_finds_nobody(donor_user, office_rabat):
    in_case(office_rabat, given_name="Awa", family_name="Camara")
    assert list(person_search(donor_user, "Awa Camara")) == []


def test_documents_expiring_for_people_still_to_travel(case_worker, office_rabat):
    soon = in_case(office_rabat, status="travel_documents", given_name="Soon")
    f.DocumentFactory(person=soon, number="P1", expires_on=TODAY + dt.timedelta(days=10))
    expired = in_case(office_rabat, status="counselling", given_name="Expired")
    f.DocumentFactory(person=expired, number="P2", expires_on=TODAY - dt.timedelta(days=3))
    later = in_case(office_rabat, status="ready", given_name="Later")
    f.DocumentFactory(person=later, number="P3", expires_on=TODAY + dt.timedelta(days=90))
    departed = in_case(office_rabat, status="departed", given_name="Departed")
    f.DocumentFactory(person=departed, number="P4", expires_on=TODAY + dt.timedelta(days=5))
    renewed = in_case(office_rabat, status="ready", given_name="Renewed")
    f.DocumentFactory(person=renewed, number="P5", expires_on=TODAY + dt.timedelta(days=5))
    f.DocumentFactory(
        person=renewed, number="L5", kind="lpc", expires_on=TODAY + dt.timedelta(days=200)
    )
    inbound = in_case(office_rabat, status="registered", case_type="inbound", given_name="Inbound")
    f.DocumentFactory(person=inbound, number="P6", expires_on=TODAY + dt.timedelta(days=5))

    listed = documents_expiring(case_worker, 30, today=TODAY)
    assert [d.person.given_name for d in listed] == ["Expired", "Soon"]


def test_documents_expiring_is_scoped(case_worker_oujda, consulate_guinea, office_rabat):
    p = in_case(office_rabat, status="travel_documents")
    f.DocumentFactory(person=p, expires_on=TODAY + dt.timedelta(days=10))
    assert list(documents_expiring(case_worker_oujda, 30, today=TODAY)) == []
    # The Guinean consulate sees the documents of its nationals it was asked an LPC for.
    assert list(documents_expiring(consulate_guinea, 30, today=TODAY)) == []
    ask_consulate(p.memberships.get().case, p, consulate_guinea.organisation)
    assert len(documents_expiring(consulate_guinea, 30, today=TODAY)) == 1
