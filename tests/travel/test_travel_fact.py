"""The report's travel fact follows the travel services after each commit, and counts what
the live travel selectors count (the rules are the travel app's, stored as flags)."""

import pytest

from awda.reports.models import TravelFact
from awda.reports.params import ReportParams
from awda.reports.selectors import TABLES_BY_CODE, build_table
from awda.travel.models import Departure
from awda.travel.selectors import return_mode_counts, tickets_by_programme
from awda.travel.services import (
    exit_authorisation_record,
    movement_book,
    movement_no_show,
    passenger_check,
)
from tests.travel.conftest import flight, make_case, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _report_mode() -> dict[str, int]:
    params = ReportParams(start=today(), end=today())
    rows = build_table(TABLES_BY_CODE["return_mode"], params).data.rows
    return {r.key: r.values["n"] for r in rows if not r.is_total}


def test_travel_fact_follows_booking_no_show_and_boarding(
    case_worker, police_user, office_rabat, programme, django_capture_on_commit_callbacks
):
    case = make_case(case_worker, office_rabat, programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        movement = movement_book(
            actor=case_worker, case=case, mode="air", post="CMN", legs=flight(today())
        )
    fact = TravelFact.objects.get()
    assert (fact.case_id, fact.mode, fact.departure_date) == (case.pk, "air", today())
    assert fact.ticket and not fact.returned and fact.programme_id == programme.pk

    with django_capture_on_commit_callbacks(execute=True):
        movement_no_show(actor=case_worker, movement=movement, reason="absent")
    assert TravelFact.objects.get().ticket  # a no-show used its ticket
    assert not TravelFact.objects.get().returned

    # Booked again, then boarded: two passengers, one who left.
    from awda.cases.services import case_transition

    with django_capture_on_commit_callbacks(execute=True):
        case_transition(actor=case_worker, case=case, action="rebook", reason="nouvelle date")
    with django_capture_on_commit_callbacks(execute=True):
        movement = movement_book(
            actor=case_worker, case=case, mode="air", post="CMN", legs=flight(today(), "AT 573")
        )
    passenger = movement.passengers.get()
    with django_capture_on_commit_callbacks(execute=True):
        exit_authorisation_record(actor=police_user, passenger=passenger, pv_number="PV1")
        passenger_check(actor=case_worker, passenger=passenger, step="checked_in")
        passenger_check(actor=case_worker, passenger=passenger, step="boarded")
    assert TravelFact.objects.count() == 2
    assert TravelFact.objects.filter(returned=True).count() == 1

    live = return_mode_counts(start=today(), end=today())
    assert live == {"air": 1, "land": 0, "total": 1}
    assert _report_mode() == {"air": 1, "land": 0}
    (row,) = tickets_by_programme(start=today(), end=today())
    assert (
        TravelFact.objects.filter(ticket=True, programme_id=programme.pk).count() == row["tickets"]
    )

    # A departure that moves to another day takes its passengers' rows with it.
    departure = Departure.objects.get(pk=movement.departure_id)
    with django_capture_on_commit_callbacks(execute=True):
        departure.date = today().replace(year=today().year - 1)
        departure.save()
    assert _report_mode() == {"air": 0, "land": 0}
    assert TravelFact.objects.get(passenger_id=passenger.pk).departure_date == departure.date
