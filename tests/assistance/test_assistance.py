"""Assistance records, the report selector, and counselling with appointments."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from awda.assistance.models import Appointment, AssistanceRecord
from awda.assistance.selectors import assistance_counts_by_type, persons_assisted
from awda.assistance.services import (
    appointment_set_status,
    assistance_record,
    counselling_session_record,
    distribution_record,
)
from awda.assistance.work import appointments as appointment_work
from tests import factories as f
from tests.protection.helpers import family_case, principal

TODAY = timezone.localdate()
YEAR = dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31)


@pytest.fixture
def case(office_rabat):
    return family_case(office_rabat)


def test_a_record_for_a_person_or_the_whole_group(case, case_worker, office_rabat):
    kit = assistance_record(
        actor=case_worker, case=case, type="food_kit", date=TODAY, provider=office_rabat
    )
    nights = assistance_record(
        actor=case_worker,
        case=case,
        type="shelter_nights",
        date=TODAY,
        provider=office_rabat,
        quantity=3,
        unit_value=Decimal("150.00"),
        person=principal(case),
    )
    assert kit.person is None and nights.total_value == Decimal("450.00")
    assert case.timeline.filter(action="assistance_recorded").count() == 2


def test_bad_input_is_refused_field_by_field(case, case_worker, office_rabat, police_user):
    with pytest.raises(ValidationError) as e:
        assistance_record(
            actor=case_worker,
            case=case,
            type="other",
            date=TODAY + dt.timedelta(days=1),
            provider=police_user.organisation,
            quantity=0,
            unit_value=Decimal("-1"),
        )
    assert set(e.value.message_dict) >= {
        "date",
        "provider",
        "quantity",
        "unit_value",
        "description",
    }
    assert not AssistanceRecord.objects.exists()
    with pytest.raises(PermissionDenied):
        assistance_record(
            actor=police_user, case=case, type="food_kit", date=TODAY, provider=office_rabat
        )


def test_the_same_form_twice_records_once(case, case_worker, office_rabat):
    for _ in range(2):
        assistance_record(
            actor=case_worker,
            case=case,
            type="voucher",
            date=TODAY,
            provider=office_rabat,
            request_key="form-1",
        )
    assert AssistanceRecord.objects.count() == 1


def test_counts_by_type_is_one_query_with_counts_quantities_and_values(
    case, case_worker, office_rabat, office_oujda, django_assert_num_queries
):
    other = family_case(office_oujda)
    assistance_record(
        actor=None,
        case=case,
        type="voucher",
        date=TODAY,
        provider=office_rabat,
        unit_value=Decimal("200"),
        quantity=2,
    )
    assistance_record(
        actor=None,
        case=case,
        type="voucher",
        date=TODAY,
        provider=office_rabat,
        unit_value=Decimal("20"),
        currency="EUR",
    )
    assistance_record(
        actor=None,
        case=other,
        type="shelter_nights",
        date=TODAY,
        provider=office_oujda,
        quantity=4,
    )
    # Outside the period: not counted.
    assistance_record(
        actor=None,
        case=case,
        type="voucher",
        date=dt.date(TODAY.year - 1, 12, 31),
        provider=office_rabat,
    )
    with django_assert_num_queries(1):
        rows = assistance_counts_by_type(start=YEAR[0], end=YEAR[1])
    by_type = {r["type"]: r for r in rows}
    assert [r["type"] for r in rows] == ["voucher", "shelter_nights"]  # AssistanceType order
    assert by_type["voucher"]["count"] == 2 and by_type["voucher"]["quantity"] == 3
    assert by_type["voucher"]["value"] == {"MAD": Decimal("400.00"), "EUR": Decimal("20.00")}
    assert by_type["shelter_nights"]["value"] == {}
    rabat_only = assistance_counts_by_type(start=YEAR[0], end=YEAR[1], office=office_rabat)
    assert [r["type"] for r in rabat_only] == ["voucher"]


def test_persons_assisted_counts_group_records_for_every_member(
    case, office_rabat, office_oujda, django_assert_num_queries
):
    other = family_case(office_oujda)
    assistance_record(actor=None, case=case, type="food_kit", date=TODAY, provider=office_rabat)
    assistance_record(
        actor=None,
        case=other,
        type="medication",
        date=TODAY,
        provider=office_oujda,
        person=principal(other),
    )
    assistance_record(
        actor=None,
        case=other,
        type="medication",
        date=TODAY,
        provider=office_oujda,
        person=principal(other),
    )
    with django_assert_num_queries(1):
        figures = persons_assisted(start=YEAR[0], end=YEAR[1])
    # The whole family of three in Rabat, one woman in Oujda.
    assert figures == {"total": 4, "women_and_girls": 3, "men_and_boys": 1}


def test_distribution_gives_each_case_one_record_and_is_idempotent(office_oujda, case_worker_oujda):
    cases = [family_case(office_oujda) for _ in range(5)]
    d, created = distribution_record(
        actor=case_worker_oujda,
        idempotency_key="dist-1",
        office=office_oujda,
        date=TODAY,
        type="food_kit",
        cases=cases,
        provider=office_oujda,
    )
    again, created_again = distribution_record(
        actor=case_worker_oujda,
        idempotency_key="dist-1",
        office=office_oujda,
        date=TODAY,
        type="food_kit",
        cases=cases,
        provider=office_oujda,
    )
    assert created and not created_again and again.pk == d.pk
    assert AssistanceRecord.objects.filter(distribution=d).count() == 5
    assert all(c.timeline.filter(action="distribution_received").exists() for c in cases)


def test_distribution_refuses_another_office_case(office_oujda, office_rabat, case_worker_oujda):
    mine, theirs = family_case(office_oujda), family_case(office_rabat)
    with pytest.raises(ValidationError) as e:
        distribution_record(
            actor=case_worker_oujda,
            idempotency_key="dist-2",
            office=office_oujda,
            date=TODAY,
            type="food_kit",
            cases=[mine, theirs],
            provider=office_oujda,
        )
    assert theirs.reference in " ".join(e.value.message_dict["cases"])
    assert not AssistanceRecord.objects.exists()


def test_session_with_next_appointment_shows_in_my_work(case, case_worker):
    counsellor = f.UserFactory(username="counsellor", organisation=case.office, role="counsellor")
    next_time = timezone.now() + dt.timedelta(days=2)
    counselling_session_record(
        actor=counsellor,
        case=case,
        date=TODAY,
        topics=["return_process", "reintegration"],
        interpreter_language="Bambara",
        notes="Hésite encore.",
        next_appointment_at=next_time,
    )
    appointment = Appointment.objects.get(case=case)
    assert appointment.with_user == counsellor and appointment.status == "planned"
    items = appointment_work(counsellor)
    assert items[0].count == 1
    assert appointment_work(case_worker)[0].count == 0
    with pytest.raises(ValidationError):
        appointment_set_status(actor=counsellor, appointment=appointment, status="attended")
    appointment_set_status(actor=counsellor, appointment=appointment, status="cancelled")
    assert appointment_work(counsellor)[0].count == 0


def test_session_needs_topics_and_a_past_date(case, case_worker):
    with pytest.raises(ValidationError) as e:
        counselling_session_record(
            actor=case_worker, case=case, date=TODAY + dt.timedelta(days=1), topics=[]
        )
    assert {"date", "topics"} <= set(e.value.message_dict)


def test_counselling_notes_are_encrypted(case, case_worker):
    from django.db import connection

    s = counselling_session_record(
        actor=case_worker, case=case, date=TODAY, topics=["family"], notes="Son frère est malade"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM assistance_counsellingsession WHERE id = %s", [s.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("fernet:") and "frère" not in raw


def test_case_page_forms(client, case, case_worker, office_rabat):
    client.force_login(case_worker)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="assist-request_key"' in page and 'name="session-request_key"' in page
    answer = client.post(
        f"/assistance/cases/{case.pk}/records/",
        {
            "assist-request_key": "r1",
            "assist-type": "hygiene_kit",
            "assist-quantity": "2",
            "assist-currency": "MAD",
            "assist-date": TODAY.isoformat(),
            "assist-provider": office_rabat.pk,
        },
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200 and AssistanceRecord.objects.filter(case=case).count() == 1
    answer = client.post(
        f"/assistance/cases/{case.pk}/sessions/",
        {"session-request_key": "s1", "session-date": TODAY.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert "errorlist" in answer.content.decode()


def test_assistance_api(client, case, case_worker, ngo_user):
    client.force_login(case_worker)
    answer = client.post(
        f"/api/cases/{case.pk}/assistance/",
        {"type": "voucher", "date": TODAY.isoformat(), "provider": "RBA", "unit_value": "100"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert client.get(f"/api/cases/{case.pk}/assistance/").json()[0]["type"] == "voucher"
    client.force_login(ngo_user)
    assert client.get(f"/api/cases/{case.pk}/assistance/").status_code == 404
