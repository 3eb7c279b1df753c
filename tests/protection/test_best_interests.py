"""Children alone: booking is refused until the best-interests procedure is completed, in
order, with a determination that return is in the child's best interests."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from awda.cases.services import TransitionRefused, available_actions, case_transition
from awda.protection.models import BestInterestsProcedure
from awda.protection.selectors import best_interests_missing_step
from awda.protection.services import (
    bid_determine,
    bid_record_step,
    vulnerability_record,
    vulnerability_resolve,
)
from tests import factories as f
from tests.protection.helpers import case_with_child_alone, staff

TODAY = timezone.localdate()
D = lambda n: TODAY - dt.timedelta(days=n)  # noqa: E731


@pytest.fixture
def manager(office_rabat):
    return staff(office_rabat, "manager_rabat", "office_manager")


@pytest.fixture
def mission_gn(db):
    return f.OrganisationFactory(code="MIS-GN", name="OIM Guinée", kind="iom_mission", country="GN")


@pytest.fixture
def screened(office_rabat, protection_officer):
    case, child = case_with_child_alone(office_rabat)
    vulnerability_record(
        actor=protection_officer,
        case=case,
        person=child,
        category="uasc_unaccompanied",
        assessed_on=D(9),
    )
    return case, child, BestInterestsProcedure.objects.get(case=case, child=child)


def book_refusals(case, user):
    (book,) = [a for a in available_actions(case, user) if a.transition.action == "book"]
    return list(book.refusals)


def complete_steps(procedure, officer, mission):
    bid_record_step(actor=officer, procedure=procedure, step="identified_on", on=D(9))
    bid_record_step(
        actor=officer,
        procedure=procedure,
        step="guardian_appointed_on",
        on=D(8),
        guardian_name="Mme Naima Alaoui",
    )
    bid_record_step(
        actor=officer,
        procedure=procedure,
        step="assessment_on",
        on=D(6),
        assessment_summary="Souhaite retrouver sa mère.",
    )
    bid_record_step(
        actor=officer,
        procedure=procedure,
        step="family_tracing_on",
        on=D(3),
        tracing_mission=mission,
        tracing_outcome="Mère retrouvée à Kindia, prête à l'accueillir.",
    )


def test_screening_opens_the_procedure_and_booking_names_the_first_missing_step(screened, manager):
    case, child, _procedure = screened
    refusal = best_interests_missing_step(case)
    assert child.full_name in refusal and "identification" in refusal
    assert refusal in book_refusals(case, manager)
    with pytest.raises(TransitionRefused) as e:
        case_transition(case=case, action="book", actor=manager)
    assert refusal in e.value.reasons
    case.refresh_from_db()
    assert case.status == "ready"


def test_steps_are_recorded_in_order_and_dates_keep_the_order(
    screened, protection_officer, mission_gn
):
    case, _child, procedure = screened
    with pytest.raises(ValidationError) as e:
        bid_record_step(
            actor=protection_officer, procedure=procedure, step="assessment_on", on=D(5)
        )
    assert "identification" in " ".join(e.value.message_dict["on"])
    bid_record_step(actor=protection_officer, procedure=procedure, step="identified_on", on=D(5))
    with pytest.raises(ValidationError) as e:
        bid_record_step(
            actor=protection_officer,
            procedure=procedure,
            step="guardian_appointed_on",
            on=D(7),
            guardian_name="X",
        )
    assert "on" in e.value.message_dict  # before the identification
    with pytest.raises(ValidationError) as e:
        bid_record_step(
            actor=protection_officer, procedure=procedure, step="guardian_appointed_on", on=D(4)
        )
    assert "guardian_name" in e.value.message_dict
    assert "la désignation d'un tuteur" in best_interests_missing_step(case)


def test_family_tracing_names_the_mission_and_consulate(screened, protection_officer, office_rabat):
    _case, _child, procedure = screened
    bid_record_step(actor=protection_officer, procedure=procedure, step="identified_on", on=D(9))
    bid_record_step(
        actor=protection_officer,
        procedure=procedure,
        step="guardian_appointed_on",
        on=D(8),
        guardian_name="G",
    )
    bid_record_step(actor=protection_officer, procedure=procedure, step="assessment_on", on=D(7))
    with pytest.raises(ValidationError) as e:
        bid_record_step(
            actor=protection_officer,
            procedure=procedure,
            step="family_tracing_on",
            on=D(3),
            tracing_mission=office_rabat,  # an office, not a mission
            tracing_outcome="…",
        )
    assert "tracing_mission" in e.value.message_dict


def test_no_return_keeps_booking_refused_and_return_allows_it(
    screened, protection_officer, manager, mission_gn
):
    case, child, procedure = screened
    complete_steps(procedure, protection_officer, mission_gn)
    assert "la décision d'intérêt supérieur" in best_interests_missing_step(case)
    with pytest.raises(ValidationError) as e:
        bid_determine(
            actor=protection_officer,
            procedure=procedure,
            determination="return",
            on=D(1),
            panel_reasons="",
        )
    assert "panel_reasons" in e.value.message_dict

    bid_determine(
        actor=protection_officer,
        procedure=procedure,
        determination="no_return",
        on=D(2),
        panel_reasons="Risque de remariage forcé au retour.",
    )
    refusal = best_interests_missing_step(case)
    assert "le retour n'est pas dans l'intérêt de l'enfant" in refusal
    assert refusal in book_refusals(case, manager)

    bid_determine(
        actor=protection_officer,
        procedure=procedure,
        determination="return",
        on=D(1),
        panel_reasons="La mère a été évaluée; soutien de l'OIM Guinée.",
        panel_members="OIM, Entraide Nationale, tuteur",
    )
    assert best_interests_missing_step(case) is None
    assert not any(child.full_name in r for r in book_refusals(case, manager))
    case_transition(case=case, action="book", actor=manager)
    case.refresh_from_db()
    assert case.status == "booked"
    actions = list(case.timeline.values_list("action", flat=True))
    assert actions.count("bid_determined") == 2 and "bid_step" in actions


def test_panel_reasons_and_tracing_outcome_are_encrypted(screened, protection_officer, mission_gn):
    _case, _child, procedure = screened
    complete_steps(procedure, protection_officer, mission_gn)
    bid_determine(
        actor=protection_officer,
        procedure=procedure,
        determination="return",
        on=D(1),
        panel_reasons="La mère a été évaluée.",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT panel_reasons, tracing_outcome FROM protection_bestinterestsprocedure "
            "WHERE id = %s",
            [procedure.pk],
        )
        reasons, outcome = cursor.fetchone()
    assert reasons.startswith("fernet:") and "mère" not in reasons
    assert outcome.startswith("fernet:") and "Kindia" not in outcome


def test_a_child_no_longer_alone_lifts_the_requirement(screened, protection_officer):
    case, child, _procedure = screened
    vulnerability = case.vulnerabilities.get(person=child)
    vulnerability_resolve(
        actor=protection_officer,
        vulnerability=vulnerability,
        resolved_on=TODAY,
        reason="Réunie avec sa tante à Rabat, qui voyage avec elle.",
    )
    assert best_interests_missing_step(case) is None


def test_bid_page_walks_the_steps(client, screened, protection_officer, mission_gn, case_worker):
    case, _child, procedure = screened
    client.force_login(protection_officer)
    page = client.get(f"/protection/bid/{procedure.pk}/")
    assert page.status_code == 200
    answer = client.post(
        f"/protection/bid/{procedure.pk}/steps/identified_on/", {"step-on": D(9).isoformat()}
    )
    assert answer.status_code == 302
    answer = client.post(
        f"/protection/bid/{procedure.pk}/steps/guardian_appointed_on/",
        {"step-on": D(8).isoformat(), "step-guardian_name": ""},
    )
    assert answer.status_code == 422  # the name is required, and shown next to the field
    procedure.refresh_from_db()
    assert procedure.guardian_appointed_on is None
    # A case worker of the office sees the procedure but not the panel's notes or the forms.
    client.force_login(case_worker)
    page = client.get(f"/protection/bid/{procedure.pk}/").content.decode()
    assert "steps/" not in page


def test_bid_page_is_404_outside_the_office(client, screened, case_worker_oujda, ngo_user):
    _case, _child, procedure = screened
    for user in (case_worker_oujda, ngo_user):
        client.force_login(user)
        assert client.get(f"/protection/bid/{procedure.pk}/").status_code == 404
