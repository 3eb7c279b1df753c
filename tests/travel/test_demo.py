"""The demo's departure operations: consistent with the cases and the published figures."""

import datetime as dt

import pytest
from django.utils import timezone

from awda.accounts.models import User
from awda.cases.models import CaseMember
from awda.funding.selectors import quota_consumption
from awda.travel.models import Movement, Passenger
from awda.travel.selectors import departures_on, lpc_queue, return_mode_counts

pytestmark = [pytest.mark.xdist_group("demo"), pytest.mark.django_db]


def test_every_departed_case_has_its_journey(demo_data):
    departed = CaseMember.objects.filter(
        case__case_type="outbound", case__departure_date__year=2022
    ).count()
    modes = return_mode_counts(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))
    assert modes["total"] == departed == 2457
    # "par voie aérienne (90 %)" (seed 001): about nine in ten by air.
    assert 0.85 <= modes["air"] / modes["total"] <= 0.95
    # The report's table reads the travel fact the demo load filled: the same counts.
    from awda.reports.params import ReportParams
    from awda.reports.selectors import TABLES_BY_CODE, build_table

    table = build_table(
        TABLES_BY_CODE["return_mode"],
        ReportParams(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31)),
    )
    assert {r.key: r.values["n"] for r in table.data.rows if r.key in modes} == {
        "air": modes["air"],
        "land": modes["land"],
    }
    assert not Movement.objects.filter(
        status="departed", case__departure_date__isnull=True
    ).exists()
    assert not Passenger.objects.filter(
        movement__status="departed",
        movement__case__case_type="outbound",
        per_diem_amount__isnull=True,
    ).exists()


def test_the_ministry_quotas(demo_data):
    rows = [r for r in quota_consumption() if r["programme_code"] == "MI-FUNDING"]
    assert [(r["title"], r["tickets"], str(r["signed_on"])) for r in rows] == [
        ("1er avenant", 1000, "2014-02-28"),
        ("2ème avenant", 1500, "2015-06-01"),
        ("3ème avenant", 3000, "2016-05-04"),
    ]
    assert sum(r["tickets"] for r in rows) == 5500
    assert (
        rows[2]["charged"]
        == Passenger.objects.filter(quota__title="3ème avenant").exclude(status="cancelled").count()
    )
    assert 0 < rows[2]["remaining"] <= 40


def test_demo_users_have_work(demo_data):
    consul = User.objects.get(username="consul.guinea")
    police = User.objects.get(username="police.cmn")
    assert lpc_queue(consul).exists()
    assert all(str(r.person.nationality) == "GN" for r in lpc_queue(consul, status="all")[:200])
    assert departures_on(police, timezone.localdate()).exists()
