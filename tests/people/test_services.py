"""Registering and changing people and their documents: validation, traces, no duplicates."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from awda.audit.models import AuditEvent
from awda.cases.models import TimelineEvent
from awda.people.models import IdentityDocument, Person
from awda.people.services import (
    document_add,
    normalise_phone,
    person_create,
    person_keys_rebuild,
    person_update,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict[str, str]:
    return {k: v[0] for k, v in excinfo.value.message_dict.items()}


def test_phone_is_stored_in_international_form(case_worker):
    p = person_create(
        actor=case_worker, given_name="Awa", family_name="Camara", sex="F", phone="06 12 34 56 78"
    )
    assert p.phone == "+212612345678"
    assert normalise_phone("+224 622-12-34-56") == "+224622123456"


@pytest.mark.parametrize(
    "phone, message",
    [
        ("abc", "Ce n'est pas un numéro de téléphone."),
        ("06 12", "Ce numéro de téléphone n'est pas valide."),
        ("+224 1234567", "Ce numéro de téléphone n'est pas valide."),
    ],
)
def test_phone_errors_are_in_french_and_nothing_is_saved(case_worker, phone, message):
    with translation.override("fr"), pytest.raises(ValidationError) as e:
        person_create(actor=case_worker, given_name="Awa", sex="F", phone=phone)
    assert errors_of(e) == {"phone": message}
    assert Person.objects.count() == 0


def test_every_bad_field_is_reported_at_once_in_french(case_worker):
    with translation.override("fr"), pytest.raises(ValidationError) as e:
        person_create(
            actor=case_worker,
            given_name="  ",
            sex="X",
            nationality="XX",
            birth_year=1850,
        )
    assert errors_of(e) == {
        "given_name": "Donnez au moins un nom.",
        "sex": "Choisissez homme ou femme.",
        "nationality": "Code de pays inconnu : XX.",
        "birth_year": "Cette année de naissance n'est pas plausible.",
    }
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_estimated_year_of_birth(case_worker):
    p = person_create(actor=case_worker, given_name="Moussa", sex="M", birth_year=1990)
    assert (p.date_of_birth, p.dob_estimated) == (dt.date(1990, 7, 1), True)


def test_a_role_that_does_not_register_cannot_create(consulate_guinea):
    with pytest.raises(PermissionDenied):
        person_create(actor=consulate_guinea, given_name="Awa", sex="F")


def test_submitting_the_same_form_twice_creates_one_person(case_worker):
    a = person_create(actor=case_worker, given_name="Awa", sex="F", creation_key="form-1")
    b = person_create(actor=case_worker, given_name="Awa", sex="F", creation_key="form-1")
    assert a.pk == b.pk
    assert Person.objects.count() == 1


def _person_in_case(office, **kw):
    person = f.PersonFactory(**kw)
    f.MemberFactory(case=f.CaseFactory(office=office), person=person)
    return person


def test_update_writes_audit_and_timeline_without_personal_values(case_worker, office_rabat):
    person = _person_in_case(office_rabat, given_name="Mamadou", family_name="Dialo")
    person_update(
        actor=case_worker, person=person, data={"family_name": "Diallo", "phone": "0612345678"}
    )
    person.refresh_from_db()
    assert (person.family_name, person.phone) == ("Diallo", "+212612345678")
    assert person.last_key == "jl"
    event = AuditEvent.objects.get(verb="person.update")
    assert sorted(event.data["fields"]) == ["family_name", "phone"]
    assert "Diallo" not in str(event.data) and "612345678" not in str(event.data)
    line = TimelineEvent.objects.get(kind="update")
    assert line.data["person"] == person.pk


def test_update_with_nothing_changed_leaves_no_trace(case_worker, office_rabat):
    person = _person_in_case(office_rabat, given_name="Awa", family_name="Camara")
    person_update(actor=case_worker, person=person, data={"given_name": " Awa "})
    assert not AuditEvent.objects.filter(verb="person.update").exists()


def test_update_refuses_to_overwrite_a_newer_change(case_worker, office_rabat):
    person = _person_in_case(office_rabat, given_name="Awa", family_name="Camara")
    opened_at = person.updated_at
    Person.objects.filter(pk=person.pk).update(
        family_name="Kamara", updated_at=timezone.now() + dt.timedelta(seconds=5)
    )
    with translation.override("fr"), pytest.raises(ValidationError) as e:
        person_update(
            actor=case_worker, person=person, data={"given_name": "Aoua"}, seen_at=opened_at
        )
    assert "Quelqu'un d'autre" in e.value.messages[0]
    assert Person.objects.get(pk=person.pk).given_name == "Awa"


def test_update_errors_keep_the_record_unchanged(case_worker, office_rabat):
    person = _person_in_case(office_rabat, given_name="Awa")
    with translation.override("fr"), pytest.raises(ValidationError) as e:
        person_update(actor=case_worker, person=person, data={"phone": "12", "given_name": "Aoua"})
    assert errors_of(e) == {"phone": "Ce numéro de téléphone n'est pas valide."}
    assert Person.objects.get(pk=person.pk).given_name == "Awa"


def test_a_case_worker_of_another_office_cannot_update(case_worker_oujda, office_rabat):
    person = _person_in_case(office_rabat)
    with pytest.raises(PermissionDenied):
        person_update(actor=case_worker_oujda, person=person, data={"given_name": "X"})


def test_adding_the_same_document_twice_keeps_one(case_worker, office_rabat):
    person = _person_in_case(office_rabat)
    a = document_add(
        actor=case_worker, person=person, kind="passport", number="R0123456", issuing_country="GN"
    )
    b = document_add(
        actor=case_worker, person=person, kind="passport", number="r0-123 456", issuing_country="gn"
    )
    assert a.pk == b.pk
    assert IdentityDocument.objects.count() == 1


def test_a_number_held_by_someone_visible_names_the_holder(case_worker, office_rabat):
    holder = _person_in_case(office_rabat, given_name="Mariama", family_name="Bah")
    other = _person_in_case(office_rabat)
    document_add(actor=case_worker, person=holder, kind="passport", number="R0123456")
    with translation.override("fr"), pytest.raises(ValidationError) as e:
        document_add(actor=case_worker, person=other, kind="passport", number="R0123456")
    assert errors_of(e) == {"number": "Ce numéro est déjà enregistré pour Mariama Bah."}


def test_a_number_held_by_someone_out_of_scope_is_not_named(
    case_worker, case_worker_oujda, office_rabat, office_oujda
):
    holder = _person_in_case(office_rabat, given_name="Mariama", family_name="Bah")
    other = _person_in_case(office_oujda)
    document_add(actor=case_worker, person=holder, kind="passport", number="R0123456")
    with translation.override("fr"), pytest.raises(ValidationError) as e:
        document_add(actor=case_worker_oujda, person=other, kind="passport", number="R0123456")
    assert errors_of(e) == {"number": "Ce numéro est déjà enregistré pour une autre personne."}


def test_birth_certificate_numbers_may_repeat(case_worker, office_rabat):
    a, b = _person_in_case(office_rabat), _person_in_case(office_rabat)
    document_add(actor=case_worker, person=a, kind="birth_certificate", number="1234/2001")
    document_add(actor=case_worker, person=b, kind="birth_certificate", number="1234/2001")
    assert IdentityDocument.objects.count() == 2


def test_document_errors(case_worker, office_rabat):
    person = _person_in_case(office_rabat)
    with translation.override("fr"), pytest.raises(ValidationError) as e:
        document_add(
            actor=case_worker,
            person=person,
            kind="passport",
            number="",
            issuing_country="ZZ",
            issued_on=dt.date(2024, 1, 1),
            expires_on=dt.date(2023, 1, 1),
        )
    assert errors_of(e) == {
        "number": "Donnez le numéro du document.",
        "issuing_country": "Code de pays inconnu : ZZ.",
        "expires_on": "La date d'expiration est antérieure à la date de délivrance.",
    }


def test_rebuilding_keys_repairs_stale_ones():
    person = f.PersonFactory(given_name="Mamadou", family_name="Diallo")
    f.PersonFactory(given_name="Awa", family_name="Camara")
    Person.objects.filter(pk=person.pk).update(pair_key="stale", last_key="stale")
    assert person_keys_rebuild() == (1, 0)
    person.refresh_from_db()
    assert (person.pair_key, person.last_key) == ("jl mmd", "jl")


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and concurrent inserts need PostgreSQL"
)


def _race(*calls):
    """Run the calls at the same moment in threads; return their results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        from django.db import connections

        try:
            barrier.wait()
            results[i] = call()
        except Exception as e:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = e
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_users_adding_the_same_passport_to_two_people_at_once(case_worker, office_rabat):
    a, b = _person_in_case(office_rabat), _person_in_case(office_rabat)
    for attempt in range(5):
        number = f"RACE{attempt:05d}"
        results = _race(
            lambda n=number: document_add(actor=case_worker, person=a, kind="passport", number=n),
            lambda n=number: document_add(actor=case_worker, person=b, kind="passport", number=n),
        )
        assert sum(isinstance(r, IdentityDocument) for r in results) == 1, results
        assert sum(isinstance(r, ValidationError) for r in results) == 1, results
        assert IdentityDocument.objects.filter(number_key=number).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_creates_one_person(case_worker):
    for attempt in range(5):
        key = f"form-{attempt}"
        results = _race(
            *[
                (
                    lambda k=key: person_create(
                        actor=case_worker, given_name="Awa", sex="F", creation_key=k
                    )
                )
                for _ in range(3)
            ]
        )
        assert all(isinstance(r, Person) for r in results), results
        assert len({r.pk for r in results}) == 1
    assert Person.objects.count() == 5
