import datetime as dt
import threading
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from awda.cases.models import Case, CaseMember
from awda.people.models import IdentityDocument, Person
from awda.web.services import IntakeInvalid, PersonEntry, intake_register
from tests.web.helpers import intake_post, register_case

pytestmark = pytest.mark.django_db

FAMILY = [
    {
        "given_name": "Kadiatou",
        "family_name": "Keita",
        "sex": "F",
        "date_of_birth": "1992-06-14",
        "nationality": "ML",
        "phone": "06 12 34 56 78",
        "residence_city": "Casablanca",
        "residence_region": "06",
        "documents": [
            {
                "kind": "passport",
                "number": "ML-884411",
                "issuing_country": "ML",
                "expires_on": "2031-05-01",
            }
        ],
    },
    {
        "relationship": "spouse",
        "given_name": "Oumar",
        "family_name": "Keita",
        "sex": "M",
        "age": "38",
        "nationality": "ML",
    },
    {
        "relationship": "child",
        "given_name": "Fatoumata",
        "family_name": "Keita",
        "sex": "F",
        "date_of_birth": "2019-09-01",
        "nationality": "ML",
    },
]


def post(client, data):
    return client.post(reverse("web:intake"), data)


def test_register_a_family_of_three(client, case_worker):
    client.force_login(case_worker)
    token = str(uuid.uuid4())
    response = post(client, intake_post(token, people=FAMILY))
    assert response.status_code == 302
    case = Case.objects.get()
    assert response.url == reverse("web:case_detail", args=[case.pk])
    assert case.reference.startswith("RBA-2026-")
    members = {m.person.given_name: m for m in case.members.select_related("person")}
    assert members["Kadiatou"].relationship == "principal"
    assert members["Oumar"].relationship == "spouse"
    assert members["Fatoumata"].relationship == "child"
    kadiatou = members["Kadiatou"].person
    assert kadiatou.phone == "+212612345678"
    assert kadiatou.documents.get().number_key == "ML884411"
    oumar = members["Oumar"].person
    assert oumar.dob_estimated and oumar.date_of_birth.year == dt.date.today().year - 38
    # The group shares the principal's residence.
    assert oumar.residence_city == "Casablanca"
    assert case.country_of_origin == "ML"
    assert list(case.return_reasons.values_list("reason", flat=True)) == ["lack_of_resources"]


def test_errors_are_shown_next_to_fields_and_nothing_is_saved(client, case_worker):
    client.force_login(case_worker)
    family = [dict(p) for p in FAMILY]
    family[0] = {**family[0], "phone": "12", "given_name": "Kadiatou"}
    family[2] = {**family[2], "date_of_birth": "", "age": ""}  # no birth date nor age
    response = post(client, intake_post(str(uuid.uuid4()), people=family))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_p0-phone_error"' in body
    assert 'id="id_p2-date_of_birth_error"' in body
    # What was typed is still there.
    assert (
        'value="Kadiatou"' in body and 'value="Fatoumata"' in body and 'value="ML-884411"' in body
    )
    assert Person.objects.count() == 0 and Case.objects.count() == 0


def test_a_refusal_by_a_service_late_in_the_group_saves_nothing(client, case_worker, office_rabat):
    # The child's passport number already belongs to someone else. The duplicate check
    # proposes that person; the case worker insists it is a new person: the passport is
    # refused, and the principal, the spouse and the case written before it are rolled back.
    other = register_case(
        case_worker, office_rabat, given_name="Other", nationality="ML", passport="ML999000"
    )
    other_person = other.members.get().person
    before = (Person.objects.count(), Case.objects.count(), IdentityDocument.objects.count())
    family = [dict(p) for p in FAMILY]
    family[2] = {
        **family[2],
        "documents": [{"kind": "passport", "number": "ML 999000", "issuing_country": "ML"}],
    }
    client.force_login(case_worker)
    token = str(uuid.uuid4())
    review = post(client, intake_post(token, people=family))
    assert f'id="p2-match-{other_person.pk}"' in review.content.decode()
    data = {
        **intake_post(token, people=family, action="create"),
        "p2-shown": [str(other_person.pk)],
        "p2-match": "new",
    }
    response = post(client, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_p2-d0-number_error"' in body
    assert 'value="Kadiatou"' in body
    after = (Person.objects.count(), Case.objects.count(), IdentityDocument.objects.count())
    assert after == before


def test_submitting_the_same_form_twice_registers_one_case(client, case_worker):
    client.force_login(case_worker)
    data = intake_post(str(uuid.uuid4()), people=FAMILY)
    first = post(client, data)
    second = post(client, data)
    assert Case.objects.count() == 1
    assert first.url == second.url
    assert Person.objects.count() == 3


def test_duplicates_are_proposed_with_reasons_before_anything_is_saved(
    client, case_worker, office_rabat
):
    existing = register_case(
        case_worker,
        office_rabat,
        given_name="Mohammed",
        family_name="Osman",
        sex="M",
        nationality="SD",
        date_of_birth=dt.date(1991, 11, 3),
    )
    person = existing.members.get().person
    client.force_login(case_worker)
    token = str(uuid.uuid4())
    people = [
        {
            "given_name": "Muhammad",
            "family_name": "Usman",
            "sex": "M",
            "date_of_birth": "1991-11-03",
            "nationality": "SD",
        }
    ]
    response = post(client, intake_post(token, people=people))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'name="p0-match" id="p0-match-{person.pk}" value="{person.pk}"' in body
    assert existing.reference in body
    assert Case.objects.count() == 1

    # Registering without saying whether it is the same person is not possible.
    response = post(
        client, {**intake_post(token, people=people, action="create"), "p0-shown": [str(person.pk)]}
    )
    assert response.status_code == 400
    assert Case.objects.count() == 1

    # "This is the same person": the new case links the existing Person, no new row.
    data = {
        **intake_post(token, people=people, action="create"),
        "p0-shown": [str(person.pk)],
        "p0-match": str(person.pk),
    }
    response = post(client, data)
    assert response.status_code == 302
    assert Person.objects.count() == 1
    new_case = Case.objects.exclude(pk=existing.pk).get()
    assert new_case.members.get().person == person


def test_confirming_a_new_person_creates_one(client, case_worker, office_rabat):
    existing = register_case(
        case_worker,
        office_rabat,
        given_name="Mamadou",
        family_name="Diallo",
        sex="M",
        date_of_birth=dt.date(1994, 5, 12),
    )
    person = existing.members.get().person
    client.force_login(case_worker)
    token = str(uuid.uuid4())
    people = [
        {
            "given_name": "Mamadou",
            "family_name": "Dialo",
            "sex": "M",
            "date_of_birth": "1994-05-12",
            "nationality": "GN",
        }
    ]
    assert "p0-match-new" in post(client, intake_post(token, people=people)).content.decode()
    data = {
        **intake_post(token, people=people, action="create"),
        "p0-shown": [str(person.pk)],
        "p0-match": "new",
    }
    assert post(client, data).status_code == 302
    assert Person.objects.count() == 2


def test_a_candidate_appearing_after_the_review_is_shown_again(client, case_worker, office_rabat):
    client.force_login(case_worker)
    token = str(uuid.uuid4())
    people = [
        {
            "given_name": "Aissatou",
            "family_name": "Barry",
            "sex": "F",
            "date_of_birth": "1998-02-20",
            "nationality": "GN",
        }
    ]
    # Reviewed with no candidate shown, then someone else registers her meanwhile.
    register_case(
        case_worker,
        office_rabat,
        given_name="Aïssatou",
        family_name="Barry",
        date_of_birth=dt.date(1998, 2, 20),
    )
    response = post(
        client, {**intake_post(token, people=people, action="create"), "p0-match": "new"}
    )
    assert response.status_code == 400
    assert "p0-match-" in response.content.decode()
    assert Case.objects.count() == 1


def test_intake_keeps_the_office_of_the_case_worker(client, case_worker, office_oujda):
    client.force_login(case_worker)
    data = intake_post(str(uuid.uuid4()), people=FAMILY[:1], case={"office": str(office_oujda.pk)})
    assert post(client, data).status_code == 302
    assert Case.objects.get().office.code == "RBA"


@pytest.mark.parametrize("persona", ["consulate_guinea", "donor_user", "me_officer"])
def test_only_registering_roles_may_open_intake(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("web:intake")).status_code == 403


def test_add_member_row_for_htmx(client, case_worker):
    client.force_login(case_worker)
    response = client.get(
        reverse("web:intake_member_row"), {"member_count": "3"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'name="p3-given_name"' in body and 'name="p3-relationship"' in body
    assert 'value="4" hx-swap-oob="true"' in body
    response = client.get(reverse("web:intake_document_row"), {"person": "2", "p2-doc_count": "1"})
    assert 'name="p2-d1-number"' in response.content.decode()


def test_intake_service_rolls_back_on_a_member_error(case_worker, office_rabat):
    principal = PersonEntry(
        key="p0",
        relationship="principal",
        person={"given_name": "Awa", "sex": "F", "birth_year": 1990, "nationality": "GN"},
    )
    bad = PersonEntry(
        key="p1", relationship="child", person={"given_name": "", "sex": "F", "birth_year": 2015}
    )
    with pytest.raises(IntakeInvalid) as refused:
        intake_register(
            actor=case_worker,
            token=uuid.uuid4(),
            case_type="outbound",
            office=office_rabat,
            people=[principal, bad],
            reasons=["family"],
        )
    assert "given_name" in refused.value.errors["p1"]
    assert Person.objects.count() == 0 and Case.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_simultaneous_submissions_register_one_case(case_worker, office_rabat):
    token = uuid.uuid4()
    results, errors = [], []
    barrier = threading.Barrier(2)

    def submit():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            principal = PersonEntry(
                key="p0",
                relationship="principal",
                person={
                    "given_name": "Awa",
                    "family_name": "Sylla",
                    "sex": "F",
                    "birth_year": 1990,
                    "nationality": "GN",
                },
            )
            results.append(
                intake_register(
                    actor=case_worker,
                    token=token,
                    case_type="outbound",
                    office=office_rabat,
                    people=[principal],
                    reasons=["family"],
                )
            )
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Case.objects.count() == 1
    assert CaseMember.objects.count() == 1 and Person.objects.count() == 1
    assert sorted(created for _case, created in results) == [False, True]
    assert {case.pk for case, _created in results} == {Case.objects.get().pk}
