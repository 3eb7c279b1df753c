"""Every case type walks from its first state to closed through services, one event per step."""

import datetime as dt

import pytest
from django.utils import timezone

from awda.audit.models import AuditEvent
from awda.cases.models import Case, TimelineEvent
from awda.cases.services import available_actions, case_transition
from awda.cases.workflows import WORKFLOWS
from awda.travel.services import cultural_orientation_record, medical_examination_record
from tests.cases.helpers import registered_case, sign_declaration

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def step(case, action, actor, **kw):
    """Apply one transition and check it wrote exactly one timeline event."""
    before = TimelineEvent.objects.filter(case=case).count()
    case_transition(case=case, action=action, actor=actor, **kw)
    events = TimelineEvent.objects.filter(case=case).order_by("-id")
    assert events.count() == before + 1
    event = events.first()
    assert (event.kind, event.action, event.to_status) == ("transition", action, case.status)
    assert event.actor == actor
    return case


def test_outbound_from_registration_to_closure(case_worker, office_rabat):
    case = registered_case(case_worker, office_rabat)
    path = []
    for action in ("start_counselling", "start_screening", "confirm_eligibility", "mark_ready"):
        step(case, action, case_worker)
        path.append(case.status)
    sign_declaration(case_worker, case)
    step(case, "book", case_worker, planned_departure_date=timezone.localdate())
    step(case, "depart", case_worker, date=YESTERDAY)
    step(case, "confirm_arrival", case_worker, date=timezone.localdate())
    step(case, "start_reintegration", case_worker)
    step(case, "start_monitoring", case_worker)
    step(case, "close", case_worker, closure_reason="support_ended")
    case.refresh_from_db()
    assert path == ["counselling", "screening", "travel_documents", "ready"]
    assert case.status == "closed"
    assert (case.departure_date, case.arrival_date) == (YESTERDAY, timezone.localdate())
    assert case.closure_reason == "support_ended"
    assert WORKFLOWS["outbound"].main_path()[-1] == "closed"


def test_inbound_five_steps_to_closure(case_worker, office_rabat):
    case = registered_case(
        case_worker,
        office_rabat,
        case_type="inbound",
        nationality="MA",
        host_country="TR",
        passport=False,
    )
    assert (case.country_of_origin, case.destination_country) == ("MA", "MA")
    for action in ("start_family_tracing", "start_information_exchange", "confirm_arrival"):
        step(case, action, case_worker)
    step(case, "start_counselling", case_worker, settlement_region="06")
    step(case, "start_reintegration", case_worker)
    step(case, "start_monitoring", case_worker)
    step(case, "close", case_worker, closure_reason="support_ended")
    case.refresh_from_db()
    assert case.status == "closed" and case.settlement_region == "06"


def test_resettlement_to_closure(case_worker, office_rabat):
    case = registered_case(
        case_worker, office_rabat, case_type="resettlement", destination_country="CA"
    )
    principal = case.members.get().person
    step(case, "start_medical_examination", case_worker)
    medical_examination_record(
        actor=case_worker, case=case, person=principal, examined_on=YESTERDAY, result="cleared"
    )
    step(case, "start_cultural_orientation", case_worker)
    cultural_orientation_record(
        actor=case_worker, case=case, person=principal, session_on=YESTERDAY
    )
    step(case, "request_travel_documents", case_worker)
    step(case, "mark_ready", case_worker)
    step(case, "book", case_worker, planned_departure_date=timezone.localdate())
    step(case, "depart", case_worker, date=YESTERDAY)
    step(case, "confirm_arrival", case_worker)
    step(case, "close", case_worker, closure_reason="resettled")
    assert Case.objects.get(pk=case.pk).status == "closed"


@pytest.mark.parametrize("case_type", sorted(WORKFLOWS))
def test_every_state_is_reachable_and_closed_is_reachable(case_type):
    workflow = WORKFLOWS[case_type]
    reachable, frontier = {workflow.initial}, [workflow.initial]
    while frontier:
        state = frontier.pop()
        for t in workflow.transitions_from(state):
            targets = [t.target] if t.target != "__previous__" else list(reachable)
            for target in targets:
                if target not in reachable:
                    reachable.add(target)
                    frontier.append(target)
    assert set(workflow.state_codes) == reachable
    assert "closed" in reachable and "withdrawn" in reachable


def test_suspend_and_resume_returns_to_previous_state(case_worker, office_rabat):
    case = registered_case(case_worker, office_rabat)
    step(case, "start_counselling", case_worker)
    step(case, "suspend", case_worker, reason="Hospitalised")
    assert case.status == "suspended"
    step(case, "resume", case_worker)
    assert case.status == "counselling" and case.previous_status == ""


def test_withdrawing_the_declaration_withdraws_the_case(case_worker, office_rabat):
    from awda.protection.services import declaration_withdraw

    case = registered_case(case_worker, office_rabat)
    step(case, "start_counselling", case_worker)
    sign_declaration(case_worker, case)
    declaration_withdraw(actor=case_worker, case=case, reason="Wants to stay with family")
    case.refresh_from_db()
    assert case.status == "withdrawn"
    last = case.timeline.order_by("-id").first()
    assert last.action == "withdraw"
    assert "Wants to stay with family" in last.reason
    assert case.declaration.withdrawn_on == timezone.localdate()


def test_every_change_is_in_the_audit_chain(case_worker, office_rabat):
    from awda.audit.services import audit_verify

    case = registered_case(case_worker, office_rabat)
    step(case, "start_counselling", case_worker)
    count, broken = audit_verify()
    assert broken is None and count == AuditEvent.objects.count() >= 4
    # Tampering with any row breaks the chain.
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("id")[1].pk).update(verb="forged")
    assert audit_verify()[1] is not None


def test_available_actions_show_refusals_without_changing_anything(case_worker, office_rabat):
    case = registered_case(case_worker, office_rabat, passport=False)
    for action in ("start_counselling", "start_screening", "confirm_eligibility"):
        step(case, action, case_worker)
    states = {a.transition.action: a for a in available_actions(case, case_worker)}
    assert not states["mark_ready"].allowed
    assert "Awa Camara" in states["mark_ready"].refusals[0]
    assert states["withdraw"].allowed
    assert Case.objects.get(pk=case.pk).status == "travel_documents"
