"""The trainings pages render for office staff, keep typed input on errors, refuse outsiders."""

import datetime as dt

import pytest

from awda.trainings.models import Enrolment, TrainingCycle
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def rabat(office_rabat):
    office_rabat.city = "Rabat"
    office_rabat.save()
    return office_rabat


def test_a_cycle_from_creation_to_attendance(client, rabat, case_worker):
    case = f.CaseFactory(office=rabat, status="counselling")
    person = f.PersonFactory(given_name="Awa", family_name="Camara", sex="F")
    f.MemberFactory(case=case, person=person)
    client.force_login(case_worker)
    assert client.get("/trainings/").status_code == 200
    # A cycle ending before it starts: the error sits next to the field and the title stays.
    r = client.post(
        "/trainings/cycles/new/",
        {
            "office": rabat.pk,
            "title": "Life skills",
            "starts_on": "2022-03-10",
            "ends_on": "2022-03-01",
        },
    )
    assert r.status_code == 400
    assert 'value="Life skills"' in r.content.decode()
    r = client.post(
        "/trainings/cycles/new/",
        {
            "office": rabat.pk,
            "title": "Life skills",
            "starts_on": "2022-03-01",
            "ends_on": "2022-03-10",
        },
    )
    cycle = TrainingCycle.objects.get()
    assert r.status_code == 302 and r.url == f"/trainings/cycles/{cycle.pk}/"
    r = client.get(f"/trainings/cycles/{cycle.pk}/?q=camara")
    assert "Awa Camara" in r.content.decode()
    client.post(
        f"/trainings/cycles/{cycle.pk}/sessions/",
        {"module": "life_skills", "held_on": "2022-03-02"},
    )
    client.post(
        f"/trainings/cycles/{cycle.pk}/enrol/?q=camara", {"people": [f"{person.pk}:{case.pk}"]}
    )
    enrolment = Enrolment.objects.get()
    session = cycle.sessions.get()
    r = client.post(f"/trainings/sessions/{session.pk}/attendance/", {"present": [enrolment.pk]})
    assert r.status_code == 302
    assert session.attendance.get().present
    r = client.post(
        f"/trainings/enrolments/{enrolment.pk}/completion/", {"completed": "1", "satisfied": "yes"}
    )
    enrolment.refresh_from_db()
    assert enrolment.completed_on == dt.date.today() and enrolment.satisfied is True
    r = client.get("/trainings/?year=2022")
    assert r.status_code == 200


@pytest.mark.parametrize("who", ["donor_user", "consulate_guinea", "police_user", "ngo_user"])
def test_outsiders_do_not_see_trainings(client, rabat, case_worker, who, request):
    from awda.trainings.services import cycle_create

    cycle = cycle_create(
        actor=case_worker,
        office=rabat,
        title="x",
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2022, 1, 2),
    )
    client.force_login(request.getfixturevalue(who))
    assert client.get("/trainings/").status_code == 404
    assert client.get(f"/trainings/cycles/{cycle.pk}/").status_code == 404


def test_other_office_cannot_open_a_cycle(client, rabat, case_worker, case_worker_oujda):
    from awda.trainings.services import cycle_create

    cycle = cycle_create(
        actor=case_worker,
        office=rabat,
        title="x",
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2022, 1, 2),
    )
    client.force_login(case_worker_oujda)
    assert client.get(f"/trainings/cycles/{cycle.pk}/").status_code == 404
