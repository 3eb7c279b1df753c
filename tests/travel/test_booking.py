"""Booking a journey: one transaction that charges the quota and moves the case to "booked",
or is refused with a reason a movement officer understands and leaves nothing behind."""

import datetime as dt

import pytest

from awda.cases.services import TransitionRefused, case_add_member, case_transition
from awda.funding.models import QuotaAgreement
from awda.people.services import person_create
from awda.protection.models import BestInterestsProcedure, VoluntaryReturnDeclaration, Vulnerability
from awda.protection.services import declaration_withdraw
from awda.travel.models import Departure, Movement, Passenger
from awda.travel.services import movement_book, movement_no_show, movement_rebook
from tests.travel.conftest import flight, make_case, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def book(case, actor, **kwargs):
    params = {"mode": "air", "post": "CMN", "legs": flight(today() + dt.timedelta(days=10))}
    params.update(kwargs)
    return movement_book(actor=actor, case=case, **params)


def nothing_left(case, quota=None, used_before=None):
    assert not Movement.objects.filter(case=case).exists()
    assert not Passenger.objects.filter(movement__case=case).exists()
    case.refresh_from_db()
    assert case.status == "ready"
    if quota is not None:
        quota.refresh_from_db()
        assert quota.used == used_before


def test_booking_charges_the_quota_and_books_the_case(ready_case, case_worker, quota):
    movement = book(ready_case, case_worker, booking_reference="x7k2pq", tickets={})
    ready_case.refresh_from_db()
    assert ready_case.status == "booked"
    assert ready_case.planned_departure_date == today() + dt.timedelta(days=10)
    assert movement.booking_reference == "X7K2PQ"
    assert movement.departure.flight_number == "AT571"
    passenger = movement.passengers.get()
    assert passenger.quota == quota
    assert passenger.travel_document.kind == "passport"
    quota.refresh_from_db()
    assert (quota.tickets_charged, quota.used, quota.remaining) == (1, 2991, 9)
    assert ready_case.timeline.filter(action="movement_booked").exists()
    assert ready_case.timeline.filter(action="book", to_status="booked").exists()


def test_two_groups_on_the_same_flight_share_one_manifest(
    ready_case, case_worker, office_rabat, programme, quota
):
    other = make_case(
        case_worker, office_rabat, given_name="Alpha", family_name="Barry", programme=programme
    )
    m1 = book(ready_case, case_worker)
    m2 = book(other, case_worker, legs=flight(today() + dt.timedelta(days=10), number="at571"))
    assert m1.departure_id == m2.departure_id
    assert Departure.objects.count() == 1


def test_booking_the_same_case_twice_is_refused(ready_case, case_worker, quota):
    book(ready_case, case_worker)
    with pytest.raises(TransitionRefused) as refused:
        book(ready_case, case_worker)
    assert "ready for booking" in str(refused.value) or "already booked" in str(refused.value)
    quota.refresh_from_db()
    assert quota.tickets_charged == 1


def test_expired_passport_blocks_booking_with_its_reason(
    case_worker, office_rabat, programme, quota
):
    departure_day = today() + dt.timedelta(days=20)
    case = make_case(
        case_worker,
        office_rabat,
        programme=programme,
        passport_expires=today() + dt.timedelta(days=5),
    )
    with pytest.raises(TransitionRefused) as refused:
        book(case, case_worker, legs=flight(departure_day))
    message = str(refused.value)
    assert "Mamadou Diallo" in message and "expire" in message
    assert refused.value.reasons == [r for r in refused.value.reasons if "expire" in r]
    nothing_left(case, quota, 2990)


def test_missing_travel_document_blocks_booking_with_its_reason(
    ready_case, case_worker, programme, quota
):
    child = person_create(
        actor=case_worker,
        given_name="Fanta",
        family_name="Diallo",
        sex="F",
        birth_year=2015,
        nationality="GN",
    )
    case_add_member(actor=case_worker, case=ready_case, person=child, relationship="child")
    with pytest.raises(TransitionRefused) as refused:
        book(ready_case, case_worker)
    assert refused.value.reasons == ["Fanta Diallo has no passport or laissez-passer consulaire."]
    nothing_left(ready_case, quota, 2990)


def test_unsigned_declaration_blocks_booking_with_its_reason(ready_case, case_worker, quota):
    VoluntaryReturnDeclaration.objects.filter(case=ready_case).delete()
    with pytest.raises(TransitionRefused) as refused:
        book(ready_case, case_worker)
    assert refused.value.reasons == ["The voluntary-return declaration has not been signed."]
    nothing_left(ready_case, quota, 2990)


def test_withdrawn_declaration_blocks_booking_with_its_reason(ready_case, case_worker, quota):
    # A withdrawal recorded on a case that stayed "ready" (e.g. imported history).
    VoluntaryReturnDeclaration.objects.filter(case=ready_case).update(withdrawn_on=today())
    with pytest.raises(TransitionRefused) as refused:
        book(ready_case, case_worker)
    assert len(refused.value.reasons) == 1
    assert "withdrawn" in refused.value.reasons[0]
    nothing_left(ready_case, quota, 2990)


def test_withdrawal_after_booking_cancels_the_tickets_and_gives_the_quota_back(
    ready_case, case_worker, quota
):
    movement = book(ready_case, case_worker)
    declaration_withdraw(actor=case_worker, case=ready_case, reason="Wants to stay")
    movement.refresh_from_db()
    ready_case.refresh_from_db()
    assert ready_case.status == "withdrawn"
    assert movement.status == "cancelled"
    assert "Wants to stay" in movement.status_reason
    assert list(movement.passengers.values_list("status", flat=True)) == ["cancelled"]
    quota.refresh_from_db()
    assert quota.tickets_charged == 0


def _child_alone(case_worker, office_rabat, programme):
    case = make_case(
        case_worker,
        office_rabat,
        given_name="Ibrahima",
        family_name="Sow",
        birth_year=today().year - 15,
        programme=programme,
    )
    child = case.members.get().person
    Vulnerability.objects.create(
        case=case, person=child, category="uasc_unaccompanied", assessed_on=today()
    )
    return case, child


def test_child_alone_without_best_interests_determination_cannot_be_booked(
    case_worker, office_rabat, programme, quota
):
    case, child = _child_alone(case_worker, office_rabat, programme)
    with pytest.raises(TransitionRefused) as refused:
        book(case, case_worker, escort=case_worker)
    assert len(refused.value.reasons) == 1
    assert "Best-interests procedure for Ibrahima Sow" in refused.value.reasons[0]
    nothing_left(case, quota, 2990)


def test_child_alone_needs_an_escort(case_worker, office_rabat, programme, quota):
    case, child = _child_alone(case_worker, office_rabat, programme)
    day = today() - dt.timedelta(days=10)
    BestInterestsProcedure.objects.create(
        case=case,
        child=child,
        identified_on=day,
        guardian_name="Tuteur",
        guardian_appointed_on=day,
        assessment_on=day,
        family_tracing_on=day,
        determination="return",
        determination_on=day,
    )
    with pytest.raises(TransitionRefused) as refused:
        book(case, case_worker)
    assert refused.value.reasons == [
        "An escort must be assigned: Ibrahima Sow cannot travel alone."
    ]
    nothing_left(case, quota, 2990)
    movement = book(case, case_worker, escort=case_worker)
    assert movement.escort == case_worker
    case.refresh_from_db()
    assert case.status == "booked"


def test_medical_needs_require_fitness_to_travel(ready_case, case_worker, medical_officer, quota):
    from awda.travel.services import fitness_record

    person = ready_case.members.get().person
    Vulnerability.objects.create(
        case=ready_case, person=person, category="medical", assessed_on=today()
    )
    with pytest.raises(TransitionRefused) as refused:
        book(ready_case, case_worker)
    assert refused.value.reasons == [
        "Mamadou Diallo needs a fitness-to-travel decision before booking."
    ]
    fitness_record(
        actor=medical_officer,
        case=ready_case,
        person=person,
        assessed_on=today(),
        outcome="fit_with_conditions",
        conditions="Wheelchair at the airport",
        valid_until=today() + dt.timedelta(days=30),
    )
    book(ready_case, case_worker)
    ready_case.refresh_from_db()
    assert ready_case.status == "booked"


def test_exhausted_quota_refuses_with_the_figures(ready_case, case_worker, quota):
    QuotaAgreement.objects.filter(pk=quota.pk).update(tickets_used_before=3000)
    with pytest.raises(TransitionRefused) as refused:
        book(ready_case, case_worker)
    message = refused.value.reasons[0]
    assert "3ème Avenant" in message
    assert "05/04/2016" in message  # English short date: month first
    assert "3,000 tickets, 3,000 used, 0 remaining" in message
    nothing_left(ready_case, quota, 3000)


def test_a_group_larger_than_what_remains_is_refused(case_worker, office_rabat, programme, quota):
    QuotaAgreement.objects.filter(pk=quota.pk).update(tickets_used_before=2999)
    case = make_case(
        case_worker,
        office_rabat,
        programme=programme,
        extra_members=[{"given_name": "Aminata", "relationship": "spouse", "birth_year": 1996}],
    )
    with pytest.raises(TransitionRefused) as refused:
        book(case, case_worker)
    assert "only 1 remain" in refused.value.reasons[0]


def test_no_show_then_rebooking_releases_the_unused_tickets(ready_case, case_worker, quota):
    movement = book(ready_case, case_worker)
    movement_no_show(actor=case_worker, movement=movement, reason="Did not come to the airport")
    movement.refresh_from_db()
    assert movement.status == "no_show"
    quota.refresh_from_db()
    assert quota.tickets_charged == 1  # the ticket was issued and is still charged
    movement_rebook(actor=case_worker, case=ready_case, reason="New date agreed")
    movement.refresh_from_db()
    quota.refresh_from_db()
    assert movement.status == "cancelled"
    assert quota.tickets_charged == 0
    second = book(ready_case, case_worker, legs=flight(today() + dt.timedelta(days=17), "AT573"))
    quota.refresh_from_db()
    assert second.status == "booked" and quota.tickets_charged == 1


def test_workflow_button_booking_then_tickets_recorded(ready_case, case_worker, quota):
    case_transition(
        case=ready_case,
        action="book",
        actor=case_worker,
        planned_departure_date=today() + dt.timedelta(days=10),
    )
    movement = book(ready_case, case_worker)
    quota.refresh_from_db()
    assert movement.passengers.count() == 1 and quota.tickets_charged == 1
    assert ready_case.timeline.filter(action="book").count() == 1


def test_programme_without_quota_is_not_limited(ready_case, case_worker):
    movement = book(ready_case, case_worker)
    assert movement.passengers.get().quota is None


def test_charter_capacity_is_enforced(case_worker, office_rabat, programme):
    from awda.travel.services import departure_create

    charter = departure_create(
        actor=case_worker,
        date=today() + dt.timedelta(days=12),
        post="OUD",
        mode="air",
        carrier="Air Sénégal",
        flight_number="HC 9001",
        is_charter=True,
        capacity=2,
    )
    family = make_case(
        case_worker,
        office_rabat,
        programme=programme,
        nationality="SN",
        extra_members=[
            {"given_name": "Awa", "relationship": "spouse", "birth_year": 1990},
            {"given_name": "Modou", "relationship": "child", "birth_year": 2016},
        ],
    )
    with pytest.raises(TransitionRefused) as refused:
        book(family, case_worker, departure=charter, legs=flight(charter.date))
    assert "2 seats left for a group of 3" in refused.value.reasons[0]


def test_past_departure_date_is_a_field_error(ready_case, case_worker):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        book(ready_case, case_worker, legs=flight(today() - dt.timedelta(days=1)))
    assert "leg0_departs_on" in err.value.message_dict


def test_consulate_user_cannot_book(ready_case, consulate_guinea):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        book(ready_case, consulate_guinea)


def test_refusal_is_in_the_users_language(ready_case, case_worker, quota):
    from django.utils import translation

    QuotaAgreement.objects.filter(pk=quota.pk).update(tickets_used_before=3000)
    with translation.override("fr"), pytest.raises(TransitionRefused) as refused:
        book(ready_case, case_worker)
    message = refused.value.reasons[0].replace("\u202f", " ").replace("\xa0", " ")
    assert message.startswith(
        "Le quota de billets de Financement du Ministère de l'Intérieur est épuisé"
    )
    assert (
        "3ème Avenant (signé le 04/05/2016) : 3 000 billets, 3 000 utilisés, 0 restants" in message
    )
