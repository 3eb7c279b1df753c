import datetime as dt

import pytest

from awda.cases.services import TransitionRefused, case_create, case_transition
from awda.people.services import person_create


@pytest.mark.django_db
def test_outbound_case_opens_with_reference(case_worker, office_rabat):
    p = person_create(
        actor=case_worker,
        given_name="Awa",
        family_name="Camara",
        sex="F",
        birth_year=1990,
        nationality="GN",
    )
    case = case_create(
        actor=case_worker,
        case_type="outbound",
        office=office_rabat,
        principal=p,
        application_date=dt.date(2022, 3, 1),
    )
    assert case.reference == "RBA-2022-00001"
    assert case.status == "registered"
    case_transition(case=case, action="start_counselling", actor=case_worker)
    case_transition(case=case, action="start_screening", actor=case_worker)
    case_transition(case=case, action="confirm_eligibility", actor=case_worker)
    with pytest.raises(TransitionRefused) as e:
        case_transition(case=case, action="mark_ready", actor=case_worker)
    assert "Awa Camara" in str(e.value)
    assert case.timeline.count() == 4
