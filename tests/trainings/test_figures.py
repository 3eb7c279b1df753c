"""FORAS: enrolment, attendance, completion, and the yearly figures the report reuses."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awda.trainings import selectors as sel
from awda.trainings import services as svc
from tests import factories as f

pytestmark = pytest.mark.django_db


def registered(office, name, sex, status="counselling"):
    case = f.CaseFactory(office=office, status=status)
    person = f.PersonFactory(given_name=name, sex=sex)
    f.MemberFactory(case=case, person=person)
    return person, case


@pytest.fixture
def rabat(office_rabat):
    office_rabat.city = "Rabat"
    office_rabat.save()
    return office_rabat


def test_training_figures_for_a_year_come_from_one_selector(rabat, office_oujda, case_worker):
    office_oujda.city = "Oujda"
    office_oujda.save()
    people = [
        registered(rabat, n, s)
        for n, s in [("Awa", "F"), ("Ali", "M"), ("Binta", "F"), ("Cheikh", "M"), ("Dame", "M")]
    ]
    # Awareness sessions: Awa and Ali twice (counted once), Binta once; one session in 2021.
    s1 = svc.awareness_session_create(
        actor=case_worker, office=rabat, country="GN", held_on=dt.date(2022, 3, 1)
    )
    s2 = svc.awareness_session_create(
        actor=case_worker, office=rabat, country="SN", held_on=dt.date(2022, 4, 1)
    )
    old = svc.awareness_session_create(
        actor=case_worker, office=rabat, country="CI", held_on=dt.date(2021, 12, 1)
    )
    svc.awareness_participants_add(actor=case_worker, session=s1, participants=people[:3])
    svc.awareness_participants_add(actor=case_worker, session=s2, participants=people[:2])
    svc.awareness_participants_add(actor=case_worker, session=old, participants=people[3:])
    # A cycle of two sessions in Rabat; Awa and Ali attend, Binta enrolled but absent.
    cycle = svc.cycle_create(
        actor=case_worker,
        office=rabat,
        title="Entrepreneuriat — mars",
        starts_on=dt.date(2022, 3, 7),
        ends_on=dt.date(2022, 3, 18),
    )
    e = {
        p.given_name: svc.enrolment_add(actor=case_worker, cycle=cycle, person=p, case=c)
        for p, c in people[:3]
    }
    t1 = svc.session_add(
        actor=case_worker, cycle=cycle, module="entrepreneurship", held_on=dt.date(2022, 3, 8)
    )
    t2 = svc.session_add(
        actor=case_worker, cycle=cycle, module="commercialisation", held_on=dt.date(2022, 3, 15)
    )
    svc.attendance_record(actor=case_worker, session=t1, present=[e["Awa"].pk, e["Ali"].pk])
    svc.attendance_record(actor=case_worker, session=t2, present=[e["Awa"].pk])
    # Binta attended nothing: she cannot be marked as having completed.
    with pytest.raises(ValidationError):
        svc.enrolment_complete(actor=case_worker, enrolment=e["Binta"], completed=True)
    svc.enrolment_complete(
        actor=case_worker,
        enrolment=e["Awa"],
        completed=True,
        completed_on=dt.date(2022, 3, 18),
        satisfied=True,
    )
    svc.enrolment_complete(
        actor=case_worker,
        enrolment=e["Ali"],
        completed=True,
        completed_on=dt.date(2022, 3, 18),
        satisfied=False,
    )

    with CaptureQueriesContext(connection) as queries:
        figures = sel.training_figures(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))
    assert len(queries) <= 8
    assert figures["orientation"] == {"men": 1, "women": 2, "total": 3}
    assert figures["trained"] == {"men": 1, "women": 1, "total": 2}
    assert figures["sessions"] == {"awareness": 2, "training": 2, "cycles": 1}
    assert figures["completed"] == 2
    assert figures["satisfaction"] == {"answered": 2, "satisfied": 1, "pct": 50.0}
    # By office: nothing in Oujda; 2021 has its own awareness session only.
    assert (
        sel.training_figures(
            start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31), office=office_oujda
        )["orientation"]["total"]
        == 0
    )
    assert sel.training_figures(start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31))[
        "orientation"
    ] == {"men": 2, "women": 0, "total": 2}


def test_attendance_sheet_is_set_not_added(rabat, case_worker):
    p, c = registered(rabat, "Awa", "F")
    cycle = svc.cycle_create(
        actor=case_worker,
        office=rabat,
        title="Soft skills",
        starts_on=dt.date(2022, 5, 2),
        ends_on=dt.date(2022, 5, 6),
    )
    enrolment = svc.enrolment_add(actor=case_worker, cycle=cycle, person=p, case=c)
    session = svc.session_add(
        actor=case_worker, cycle=cycle, module="soft_skills", held_on=dt.date(2022, 5, 3)
    )
    svc.attendance_record(actor=case_worker, session=session, present=[enrolment.pk])
    svc.attendance_record(actor=case_worker, session=session, present=[enrolment.pk])
    assert session.attendance.count() == 1 and session.attendance.get().present
    svc.attendance_record(actor=case_worker, session=session, present=[])
    assert session.attendance.get().present is False
    with pytest.raises(ValidationError):
        svc.enrolment_add(actor=case_worker, cycle=cycle, person=p, case=c)


def test_rules_of_enrolment_and_sessions(rabat, case_worker, donor_user):
    departed = registered(rabat, "Sidy", "M", status="departed")
    cycle = svc.cycle_create(
        actor=case_worker,
        office=rabat,
        title="Artisanat",
        starts_on=dt.date(2022, 6, 1),
        ends_on=dt.date(2022, 6, 10),
    )
    with pytest.raises(ValidationError) as e:
        svc.enrolment_add(actor=case_worker, cycle=cycle, person=departed[0], case=departed[1])
    assert "person" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.session_add(
            actor=case_worker, cycle=cycle, module="handicrafts", held_on=dt.date(2022, 7, 1)
        )
    assert "held_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.cycle_create(
            actor=case_worker,
            office=rabat,
            title="x",
            starts_on=dt.date(2022, 6, 10),
            ends_on=dt.date(2022, 6, 1),
        )
    assert "ends_on" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        svc.cycle_create(
            actor=donor_user,
            office=rabat,
            title="x",
            starts_on=dt.date(2022, 6, 1),
            ends_on=dt.date(2022, 6, 2),
        )


def test_office_staff_see_their_own_cycles(
    rabat, office_oujda, case_worker, case_worker_oujda, me_officer, donor_user
):
    svc.cycle_create(
        actor=case_worker,
        office=rabat,
        title="Rabat",
        starts_on=dt.date(2022, 6, 1),
        ends_on=dt.date(2022, 6, 2),
    )
    assert sel.cycles_visible_to(case_worker).count() == 1
    assert sel.cycles_visible_to(case_worker_oujda).count() == 0
    assert sel.cycles_visible_to(me_officer).count() == 1
    assert sel.cycles_visible_to(donor_user).count() == 0
