"""The last ticket of a quota is sold once, however many bookings arrive together."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from awda.cases.models import Case
from awda.cases.services import TransitionRefused
from awda.funding.models import QuotaAgreement
from awda.travel.models import Movement, Passenger
from awda.travel.services import movement_book
from tests.travel.conftest import flight, make_case, today

PARALLEL = 20


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_bookings_for_the_last_ticket(case_worker, office_rabat, programme, quota):
    QuotaAgreement.objects.filter(pk=quota.pk).update(tickets_used_before=quota.tickets - 1)
    cases = [
        make_case(
            case_worker,
            office_rabat,
            given_name=f"Voyageur{i}",
            family_name="Camara",
            programme=programme,
        )
        for i in range(PARALLEL)
    ]
    day = today() + dt.timedelta(days=14)
    barrier = threading.Barrier(PARALLEL)
    booked, refused, errors = [], [], []

    def attempt(case):
        try:
            barrier.wait(timeout=30)
            translation.activate("en")  # each thread has its own active language
            movement_book(
                actor=case_worker,
                case=Case.objects.get(pk=case.pk),
                mode="air",
                post="CMN",
                legs=flight(day),
            )
            booked.append(case.pk)
        except TransitionRefused as e:
            refused.append(e.reasons)
        except Exception as e:  # anything else is a bug the test must show
            errors.append(repr(e))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    assert len(booked) == 1
    assert len(refused) == PARALLEL - 1
    for reasons in refused:
        assert len(reasons) == 1
        assert "3ème Avenant" in reasons[0] and "exhausted" in reasons[0]
    quota.refresh_from_db()
    assert quota.remaining == 0 and quota.tickets_charged == 1
    assert Movement.objects.count() == 1
    assert Passenger.objects.count() == 1
    assert Case.objects.filter(status="booked").count() == 1
    assert Case.objects.filter(status="ready").count() == PARALLEL - 1
