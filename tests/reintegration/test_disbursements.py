"""Money: requested within the budget, approved by someone else, paid with a receipt."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from awda.reintegration import selectors as sel
from awda.reintegration import services as svc
from awda.reintegration.models import Disbursement
from tests.reintegration.conftest import pdf_upload, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_component(make_departed, mission_officer, mission_approver):
    case = make_departed()
    svc.arrival_record(actor=mission_officer, case=case, arrived_on=case.departure_date)
    plan = svc.plan_create(
        actor=mission_officer,
        case=case,
        level="individual",
        beneficiaries=[(m.person, case) for m in case.members.all()],
    )
    component = svc.component_add(
        actor=mission_officer, plan=plan, kind="trade", budget="1000", supplier="Marché Madina"
    )
    return plan, component


def test_no_money_before_the_plan_is_approved(approved_component, mission_officer):
    plan, component = approved_component
    with pytest.raises(ValidationError) as e:
        svc.disbursement_request(
            actor=mission_officer,
            component=component,
            kind="in_kind",
            amount=100,
            planned_on=dt.date.today(),
            purpose="Stock",
        )
    assert "approved" in e.value.messages[0]


def test_request_approve_pay(approved_component, mission_officer, mission_approver):
    plan, component = approved_component
    svc.plan_approve(actor=mission_approver, plan=plan)
    d = svc.disbursement_request(
        actor=mission_officer,
        component=component,
        kind="in_kind",
        amount="600",
        planned_on=dt.date.today(),
        purpose="Stock of fabric",
    )
    assert d.status == "requested" and d.supplier == "Marché Madina"
    # Over the remaining budget (400): refused, with the remaining amount named.
    with pytest.raises(ValidationError) as e:
        svc.disbursement_request(
            actor=mission_officer,
            component=component,
            kind="cash",
            amount="450",
            planned_on=dt.date.today(),
            purpose="Rent",
        )
    assert "400.00" in e.value.message_dict["amount"][0]
    # The requester cannot approve their own request; it is not in their approval queue.
    assert list(sel.disbursements_awaiting(mission_officer)) == []
    with pytest.raises(ValidationError) as e:
        svc.disbursement_approve(actor=mission_officer, disbursement=d)
    assert "another person" in e.value.messages[0]
    assert list(sel.disbursements_awaiting(mission_approver)) == [d]
    # Paying needs the approval first.
    with pytest.raises(ValidationError):
        svc.disbursement_pay(
            actor=mission_officer, disbursement=d, paid_on=dt.date.today(), receipt=pdf_upload()
        )
    svc.disbursement_approve(actor=mission_approver, disbursement=d)
    # A receipt that is not a PDF or an image is refused, whatever its name.
    fake = SimpleUploadedFile(
        "receipt.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as e:
        svc.disbursement_pay(
            actor=mission_officer, disbursement=d, paid_on=dt.date.today(), receipt=fake
        )
    assert "receipt" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        svc.disbursement_pay(
            actor=mission_officer, disbursement=d, paid_on=dt.date.today(), receipt=None
        )
    assert "receipt" in e.value.message_dict
    d = svc.disbursement_pay(
        actor=mission_officer,
        disbursement=d,
        paid_on=dt.date.today(),
        receipt=png_upload(),
        receipt_number="R-0042",
    )
    d.refresh_from_db()
    assert d.status == "paid" and d.receipt.name.endswith(".png")
    assert "receipt" not in d.receipt.name.split("/")[-1]  # random name, nothing personal
    totals = sel.plan_totals(plan)
    assert totals["paid"] == Decimal("600") and totals["budget"] == Decimal("1000")
    actions = list(plan.case.timeline.values_list("action", flat=True))
    assert actions[-3:] == ["disbursement_requested", "disbursement_approved", "disbursement_paid"]


def test_the_same_form_submitted_twice_creates_one_disbursement(
    approved_component, mission_officer, mission_approver
):
    import uuid

    plan, component = approved_component
    svc.plan_approve(actor=mission_approver, plan=plan)
    key = uuid.uuid4()
    kwargs = {
        "actor": mission_officer,
        "component": component,
        "kind": "cash",
        "amount": 100,
        "planned_on": dt.date.today(),
        "purpose": "First month",
        "request_key": key,
    }
    first = svc.disbursement_request(**kwargs)
    second = svc.disbursement_request(**kwargs)
    assert first.pk == second.pk
    assert Disbursement.objects.count() == 1


def test_rejected_money_frees_the_budget(approved_component, mission_officer, mission_approver):
    plan, component = approved_component
    svc.plan_approve(actor=mission_approver, plan=plan)
    d = svc.disbursement_request(
        actor=mission_officer,
        component=component,
        kind="cash",
        amount=1000,
        planned_on=dt.date.today(),
        purpose="All",
    )
    with pytest.raises(ValidationError):
        svc.disbursement_reject(actor=mission_approver, disbursement=d, reason="")
    svc.disbursement_reject(actor=mission_approver, disbursement=d, reason="Too much at once")
    svc.disbursement_request(
        actor=mission_officer,
        component=component,
        kind="cash",
        amount=500,
        planned_on=dt.date.today(),
        purpose="Half",
    )
