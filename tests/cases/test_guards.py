"""Each guard refuses with a sentence a case worker understands, and nothing changes."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from awda.audit.models import AuditEvent
from awda.cases.models import Case, TimelineEvent
from awda.cases.services import TransitionRefused, case_transition
from awda.people.models import IdentityDocument
from awda.protection.models import BestInterestsProcedure, Vulnerability
from tests import factories as f
from tests.cases.helpers import registered_case, sign_declaration

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def snapshot(case):
    row = Case.objects.filter(pk=case.pk).values().get()
    row.pop("updated_at")
    return row, TimelineEvent.objects.filter(case=case).count(), AuditEvent.objects.count()


def refused(case, action, actor, **kw):
    before = snapshot(case)
    with pytest.raises(TransitionRefused) as exc:
        case_transition(case=case, action=action, actor=actor, **kw)
    assert snapshot(case) == before, "a refused transition changed something"
    return " ".join(exc.value.reasons)


def at(case, status, **fields):
    Case.objects.filter(pk=case.pk).update(status=status, **fields)
    case.refresh_from_db()
    return case


@pytest.fixture
def ready_case(case_worker, office_rabat):
    case = registered_case(case_worker, office_rabat)
    return at(case, "ready")


def test_has_members(case_worker, office_rabat):
    case = f.CaseFactory(office=office_rabat)
    assert "nobody in its group" in refused(case, "start_counselling", case_worker)


def test_members_identified(case_worker, office_rabat):
    case = registered_case(case_worker, office_rabat)
    at(case, "counselling")
    case.members.get().person.__class__.objects.update(nationality="")
    assert "no nationality" in refused(case, "start_screening", case_worker)


def test_declaration_not_signed(ready_case, case_worker):
    msg = refused(ready_case, "book", case_worker, planned_departure_date=TODAY)
    assert "declaration has not been signed" in msg


def test_declaration_withdrawn(ready_case, case_worker):
    declaration = sign_declaration(case_worker, ready_case)
    declaration.withdrawn_on = TODAY
    declaration.save()
    msg = refused(ready_case, "book", case_worker, planned_departure_date=TODAY)
    assert "was withdrawn on" in msg


def test_planned_departure_missing(ready_case, case_worker):
    sign_declaration(case_worker, ready_case)
    assert "No planned departure date" in refused(ready_case, "book", case_worker)


def test_travel_document_missing(case_worker, office_rabat):
    case = at(registered_case(case_worker, office_rabat, passport=False), "travel_documents")
    msg = refused(case, "mark_ready", case_worker)
    assert "Awa Camara has no passport or laissez-passer" in msg


def test_travel_document_expires_before_departure(ready_case, case_worker):
    sign_declaration(case_worker, ready_case)
    IdentityDocument.objects.update(expires_on=TODAY + dt.timedelta(days=5))
    msg = refused(
        ready_case, "book", case_worker, planned_departure_date=TODAY + dt.timedelta(days=10)
    )
    assert "expires on" in msg and "before the planned departure" in msg


def test_child_alone_without_best_interests_procedure(ready_case, case_worker):
    sign_declaration(case_worker, ready_case)
    child = ready_case.members.get().person
    Vulnerability.objects.create(
        case=ready_case, person=child, category="uasc_unaccompanied", assessed_on=TODAY
    )
    msg = refused(ready_case, "book", case_worker, planned_departure_date=TODAY)
    assert "identification of the child" in msg
    BestInterestsProcedure.objects.create(
        case=ready_case,
        child=child,
        identified_on=TODAY,
        guardian_name="M. Tuteur",
        guardian_appointed_on=TODAY,
    )
    msg = refused(ready_case, "book", case_worker, planned_departure_date=TODAY)
    assert "best-interests assessment is not done yet" in msg


def test_best_interests_determination_against_return(ready_case, case_worker):
    sign_declaration(case_worker, ready_case)
    child = ready_case.members.get().person
    Vulnerability.objects.create(
        case=ready_case, person=child, category="uasc_separated", assessed_on=TODAY
    )
    BestInterestsProcedure.objects.create(
        case=ready_case,
        child=child,
        identified_on=TODAY,
        guardian_appointed_on=TODAY,
        assessment_on=TODAY,
        family_tracing_on=TODAY,
        determination="no_return",
        determination_on=TODAY,
        panel_reasons="Family not found",
    )
    msg = refused(ready_case, "book", case_worker, planned_departure_date=TODAY)
    assert "not in the child's best interests" in msg


def test_departure_in_the_future(case_worker, office_rabat):
    case = at(registered_case(case_worker, office_rabat), "booked")
    msg = refused(case, "depart", case_worker, date=TODAY + dt.timedelta(days=1))
    assert "future date" in msg


def test_arrival_before_departure(case_worker, office_rabat):
    case = at(registered_case(case_worker, office_rabat), "departed", departure_date=TODAY)
    msg = refused(case, "confirm_arrival", case_worker, date=TODAY - dt.timedelta(days=2))
    assert "before the departure" in msg


def test_closure_reason_required(case_worker, office_rabat):
    case = at(registered_case(case_worker, office_rabat), "monitoring")
    assert "why the case is closed" in refused(case, "close", case_worker)
    assert "why the case is closed" in refused(case, "close", case_worker, closure_reason="bored")


def test_host_country_required_for_inbound(case_worker, office_rabat):
    case = registered_case(
        case_worker, office_rabat, case_type="inbound", nationality="MA", passport=False
    )
    assert "host country" in refused(case, "start_family_tracing", case_worker)


def test_settlement_region_required(case_worker, office_rabat):
    case = registered_case(
        case_worker,
        office_rabat,
        case_type="inbound",
        nationality="MA",
        host_country="TR",
        passport=False,
    )
    at(case, "arrived")
    assert "region of settlement" in refused(case, "start_counselling", case_worker)


def test_destination_required_for_resettlement(case_worker, office_rabat):
    case = registered_case(case_worker, office_rabat, case_type="resettlement")
    assert "destination country" in refused(case, "start_medical_examination", case_worker)


def test_reason_required_and_wrong_state_and_role(case_worker, office_rabat, donor_user):
    case = registered_case(case_worker, office_rabat)
    assert "Give a reason" in refused(case, "withdraw", case_worker)
    assert "not possible while the case is" in refused(case, "depart", case_worker)
    assert "does not allow" in refused(case, "start_counselling", donor_user)


def test_two_clicks_make_one_transition(case_worker, office_rabat):
    case = registered_case(case_worker, office_rabat)
    stale = Case.objects.get(pk=case.pk)
    case_transition(case=case, action="start_counselling", actor=case_worker)
    # The second click arrives with the page's stale copy of the case.
    msg = refused(stale, "start_counselling", case_worker)
    assert "not possible while the case is" in msg
    assert TimelineEvent.objects.filter(case=case, action="start_counselling").count() == 1


def test_refusal_is_in_the_users_language(ready_case, case_worker):
    with translation.override("fr"):
        msg = refused(ready_case, "book", case_worker, planned_departure_date=TODAY)
    assert "déclaration" in msg.lower()
