"""Case-file sections of this app (see awda.web.registry): counselling and assistance."""

from __future__ import annotations

from collections import Counter

from django.utils import timezone

from awda.accounts.access import has_capability
from awda.assistance.forms import AppointmentForm, AssistanceForm, SessionForm
from awda.assistance.models import AssistanceType
from awda.assistance.selectors import (
    appointments_for_case,
    assistance_for_case,
    next_appointment,
    sessions_for_case,
)
from awda.protection.viewutils import new_request_key


def _open(case) -> bool:
    return case.workflow.state(case.status).active


def counselling(
    request,
    case,
    members,
    form: SessionForm | None = None,
    appointment_form: AppointmentForm | None = None,
) -> dict:
    user = request.user
    can_edit = has_capability(user, "advance_case") and _open(case)
    ctx = {
        "case": case,
        "sessions": sessions_for_case(user, case),
        "appointments": appointments_for_case(user, case),
        "next_appointment": next_appointment(case),
        "can_edit": can_edit,
        "now": timezone.now(),
    }
    if can_edit:
        ctx["form"] = form or SessionForm(
            prefix="session",
            initial={"date": timezone.localdate(), "request_key": new_request_key()},
        )
        ctx["appointment_form"] = appointment_form or AppointmentForm(prefix="appt")
    return ctx


def assistance(request, case, members, form: AssistanceForm | None = None) -> dict:
    user = request.user
    records = assistance_for_case(user, case)
    can_record = has_capability(user, "record_assistance") and _open(case)
    counts = Counter(r.type for r in records)
    labels = dict(AssistanceType.choices)
    ctx = {
        "case": case,
        "records": records,
        "totals": [(labels[t], counts[t]) for t in AssistanceType.values if counts[t]],
        "can_record": can_record,
    }
    if can_record:
        ctx["form"] = form or AssistanceForm(
            members=members,
            prefix="assist",
            initial={
                "date": timezone.localdate(),
                "request_key": new_request_key(),
                "provider": case.office_id,
                "programme": case.programme_id,
                "currency": "MAD",
                "quantity": 1,
            },
        )
    return ctx
