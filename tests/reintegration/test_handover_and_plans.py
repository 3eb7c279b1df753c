"""Handover to the mission, arrival, plans and their history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from awda.cases.selectors import case_get_for_user, cases_visible_to
from awda.cases.services import case_transition
from awda.reintegration import selectors as sel
from awda.reintegration import services as svc
from awda.reintegration.models import PlanRevision, Reception
from tests import factories as f
from tests.reintegration.conftest import departed_case

pytestmark = pytest.mark.django_db


def _arrive(case, user, days_after=1):
    return svc.arrival_record(
        actor=user,
        case=case,
        arrived_on=case.departure_date + dt.timedelta(days=days_after),
        met_at_airport=True,
        arrival_point="Conakry Gbessia",
        onward_transport=True,
        onward_destination="Kindia",
        first_counselling_on=case.departure_date + dt.timedelta(days=days_after),
    )


def _members(case):
    return [(m.person, case) for m in case.members.select_related("person")]


def test_departure_hands_the_case_to_the_mission_of_the_country(
    make_departed, mission_officer, mission_officer_senegal, case_worker
):
    case = make_departed()
    assert case.receiving_mission.code == "MIS-GN"
    reception = Reception.objects.get(case=case)
    assert reception.handed_over_on == case.departure_date
    assert case.timeline.filter(action="handover").exists()
    # The Guinea mission now sees it; the Senegal mission does not; the office still does.
    assert case_get_for_user(mission_officer, case.pk) == case
    with pytest.raises(Http404):
        case_get_for_user(mission_officer_senegal, case.pk)
    assert cases_visible_to(case_worker).filter(pk=case.pk).exists()
    assert list(sel.arrivals_to_record(mission_officer)) == [case]
    assert list(sel.arrivals_to_record(mission_officer_senegal)) == []


def test_departure_to_a_country_without_mission_stays_with_the_office(office_rabat, db):
    case = departed_case(office_rabat, nationality="LK")
    assert case.receiving_mission is None
    assert not Reception.objects.filter(case=case).exists()
    assert not case.timeline.filter(action="handover").exists()


def test_arrival_confirms_the_arrival_and_records_the_reception(make_departed, mission_officer):
    case = make_departed()
    _arrive(case, mission_officer)
    case.refresh_from_db()
    assert case.status == "arrived"
    assert case.arrival_date == case.departure_date + dt.timedelta(days=1)
    reception = Reception.objects.get(case=case)
    assert reception.met_at_airport and reception.onward_destination == "Kindia"
    assert sel.arrivals_to_record(mission_officer).count() == 0


def test_arrival_refuses_impossible_dates(make_departed, mission_officer):
    case = make_departed()
    with pytest.raises(ValidationError) as e:
        svc.arrival_record(
            actor=mission_officer, case=case, arrived_on=case.departure_date - dt.timedelta(days=1)
        )
    assert "arrived_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.arrival_record(
            actor=mission_officer, case=case, arrived_on=dt.date.today() + dt.timedelta(days=2)
        )
    assert "arrived_on" in e.value.message_dict
    case.refresh_from_db()
    assert case.status == "departed"


def test_collective_plan_needs_two_returnees_of_the_same_mission(
    make_departed, mission_officer, office_rabat, mission_senegal
):
    one = make_departed(names=("Ibrahima",))
    two = make_departed(names=("Fatoumata",), sexes="F")
    _arrive(one, mission_officer)
    _arrive(two, mission_officer)
    with pytest.raises(ValidationError) as e:
        svc.plan_create(
            actor=mission_officer,
            case=one,
            level="collective",
            beneficiaries=_members(one),
            project_title="Boutique",
        )
    assert "at least two returnees" in e.value.message_dict["beneficiaries"][0]
    # An individual plan cannot reach into another case.
    with pytest.raises(ValidationError) as e:
        svc.plan_create(
            actor=mission_officer,
            case=one,
            level="individual",
            beneficiaries=_members(one) + _members(two),
        )
    assert "collective" in e.value.message_dict["beneficiaries"][0]
    plan = svc.plan_create(
        actor=mission_officer,
        case=one,
        level="collective",
        beneficiaries=_members(one) + _members(two),
        project_title="Boutique de pagnes",
    )
    assert plan.beneficiaries.count() == 2
    assert plan.managed_by.code == "MIS-GN"
    # Both cases show the plan, and each has it in its timeline.
    assert sel.plans_for_case(two) == [plan]
    assert two.timeline.filter(action="plan_created").exists()
    # A returnee has one plan at a time.
    with pytest.raises(ValidationError) as e:
        svc.plan_create(
            actor=mission_officer, case=two, level="individual", beneficiaries=_members(two)
        )
    assert "already has a reintegration plan" in e.value.message_dict["beneficiaries"][0]
    # A returnee of another mission cannot join.
    other = departed_case(office_rabat, nationality="SN", names=("Moussa",))
    with pytest.raises(ValidationError):
        svc.plan_create(
            actor=mission_officer,
            case=one,
            level="collective",
            beneficiaries=_members(one) + _members(other),
            project_title="x",
        )


def test_only_reintegration_officers_draft_plans_for_returns_abroad(
    make_departed, case_worker, mission_officer
):
    case = make_departed()
    _arrive(case, mission_officer)
    with pytest.raises(PermissionDenied):
        svc.plan_create(
            actor=case_worker, case=case, level="individual", beneficiaries=_members(case)
        )


def test_revising_an_approved_plan_keeps_its_history_and_needs_a_new_approval(
    make_departed, mission_officer, mission_approver
):
    case = make_departed()
    _arrive(case, mission_officer)
    plan = svc.plan_create(
        actor=mission_officer, case=case, level="individual", beneficiaries=_members(case)
    )
    svc.component_add(actor=mission_officer, plan=plan, kind="trade", budget="1200", supplier="X")
    with pytest.raises(ValidationError):
        svc.component_add(actor=mission_officer, plan=plan, kind="income_generating", budget=1)
    svc.plan_approve(actor=mission_approver, plan=plan)
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.revision == 2
    svc.plan_update(
        actor=mission_officer, plan=plan, reason="Larger stock", needs_assessment="Stock of cloth"
    )
    plan.refresh_from_db()
    assert plan.status == "draft" and plan.revision == 3
    revisions = list(PlanRevision.objects.filter(plan=plan).order_by("number"))
    assert [r.number for r in revisions] == [1, 2, 3]
    assert revisions[1].snapshot["status"] == "approved"
    assert revisions[1].snapshot["needs_assessment"] == ""
    assert revisions[2].snapshot["needs_assessment"] == "Stock of cloth"
    assert revisions[2].reason == "Larger stock"
    with pytest.raises(ValidationError) as e:
        svc.plan_update(actor=mission_officer, plan=plan, reason="")
    assert "reason" in e.value.message_dict


def test_visits_fall_due_from_the_return_date_and_show_when_overdue(
    make_departed, mission_officer, mission_approver
):
    departed_on = dt.date.today() - dt.timedelta(days=200)
    case = make_departed(departed_on=departed_on)
    _arrive(case, mission_officer, days_after=0)
    plan = svc.plan_create(
        actor=mission_officer, case=case, level="individual", beneficiaries=_members(case)
    )
    svc.component_add(actor=mission_officer, plan=plan, kind="cash", budget=300)
    svc.plan_approve(actor=mission_approver, plan=plan)
    due = list(plan.visits.order_by("due_on").values_list("months_after", "due_on"))
    assert due == [
        (3, svc.add_months(departed_on, 3)),
        (6, svc.add_months(departed_on, 6)),
        (12, svc.add_months(departed_on, 12)),
    ]
    # 200 days after return: the 3- and 6-month visits are overdue.
    assert sel.visits_overdue(mission_officer).count() == 2
    visit = plan.visits.get(months_after=3)
    svc.visit_report(
        actor=mission_officer,
        visit=visit,
        done_on=dt.date.today(),
        project_status="operating",
        notes="Shop open",
    )
    assert sel.visits_overdue(mission_officer).count() == 1
    # Approving again never schedules twice.
    assert svc.visits_schedule(plan=plan) == []


def test_programme_sets_the_months_of_the_visits(make_departed, mission_officer, mission_approver):
    from awda.funding.models import Programme

    programme = Programme.objects.create(code="COMPASS", name="COMPASS", monitoring_months=[1, 9])
    case = make_departed()
    _arrive(case, mission_officer)
    plan = svc.plan_create(
        actor=mission_officer,
        case=case,
        level="individual",
        beneficiaries=_members(case),
        programme=programme,
    )
    svc.component_add(actor=mission_officer, plan=plan, kind="transport", budget=900)
    svc.plan_approve(actor=mission_approver, plan=plan)
    assert sorted(plan.visits.values_list("months_after", flat=True)) == [1, 9]


def test_close_with_a_reason_and_reopen(make_departed, mission_officer):
    case = make_departed()
    _arrive(case, mission_officer)
    with pytest.raises(ValidationError) as e:
        svc.case_close(actor=mission_officer, case=case, closure_reason="")
    assert "closure_reason" in e.value.message_dict
    svc.case_close(actor=mission_officer, case=case, closure_reason="unreachable", note="No answer")
    case.refresh_from_db()
    assert case.status == "closed" and case.closure_reason == "unreachable"
    with pytest.raises(ValidationError):
        svc.case_reopen(actor=mission_officer, case=case, reason=" ")
    svc.case_reopen(actor=mission_officer, case=case, reason="Called back")
    case.refresh_from_db()
    assert case.status == "monitoring" and case.closure_reason == ""


def test_mission_users_see_only_plans_of_their_cases(
    make_departed, mission_officer, mission_officer_senegal
):
    case = make_departed()
    _arrive(case, mission_officer)
    plan = svc.plan_create(
        actor=mission_officer, case=case, level="individual", beneficiaries=_members(case)
    )
    assert sel.plan_get_for_user(mission_officer, plan.pk) == plan
    with pytest.raises(Http404):
        sel.plan_get_for_user(mission_officer_senegal, plan.pk)
    assert case_transition  # imported for symmetry with other tests
    assert f
