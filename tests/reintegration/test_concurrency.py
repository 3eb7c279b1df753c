"""Two officers asking for money at the same moment cannot both overdraw the budget, and two
officers drafting a plan for the same returnee get one plan (PostgreSQL only: SQLite
serialises writers anyway)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from awda.reintegration import services as svc
from awda.reintegration.models import Disbursement, PlanBeneficiary

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(call())
        except ValidationError as e:
            outcomes.append(e)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_two_requests_at_once_stay_within_the_budget(
    make_departed, mission_officer, mission_approver
):
    case = make_departed()
    svc.arrival_record(actor=mission_officer, case=case, arrived_on=case.departure_date)
    plan = svc.plan_create(
        actor=mission_officer,
        case=case,
        level="individual",
        beneficiaries=[(m.person, case) for m in case.members.all()],
    )
    component = svc.component_add(actor=mission_officer, plan=plan, kind="cash", budget=1000)
    svc.plan_approve(actor=mission_approver, plan=plan)

    def ask(user):
        return lambda: svc.disbursement_request(
            actor=user,
            component=component,
            kind="cash",
            amount=700,
            planned_on=dt.date.today(),
            purpose="Loyer",
        )

    outcomes = _race(ask(mission_officer), ask(mission_approver))
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1
    assert Disbursement.objects.count() == 1


def test_two_plans_at_once_for_the_same_returnee(make_departed, mission_officer, mission_approver):
    case = make_departed()
    svc.arrival_record(actor=mission_officer, case=case, arrived_on=case.departure_date)
    members = [(m.person, case) for m in case.members.all()]

    def draft(user):
        return lambda: svc.plan_create(
            actor=user, case=case, level="individual", beneficiaries=members
        )

    outcomes = _race(draft(mission_officer), draft(mission_approver))
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1
    assert PlanBeneficiary.objects.filter(active=True).count() == 1
