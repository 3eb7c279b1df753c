"""The case file's travel section (see awda.web.registry): travel documents per person and
their laissez-passer requests, fitness to travel, the resettlement steps, and the journey."""

from __future__ import annotations

from django.utils import timezone

from awda.accounts.access import has_capability
from awda.travel import selectors
from awda.travel.forms import (
    ExaminationForm,
    FitnessForm,
    LpcRequestForm,
    OrientationForm,
    ReasonForm,
)
from awda.travel.models import LPC_OPEN_STATUSES

_TRAVELLED = {"departed", "arrived", "reintegration", "monitoring", "closed"}


def travel(request, case, members, **extra) -> dict:
    user = request.user
    can_manage = has_capability(user, "manage_travel")
    movement = selectors.current_movement(case)
    on = (
        movement.departure.date if movement else case.planned_departure_date or timezone.localdate()
    )
    persons = [m.person for m in members]
    # One query for every member's documents (the rows below read them).
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(persons, "documents")
    requests = selectors.lpc_requests_of_case(case)
    latest: dict[int, object] = {}
    for r in requests:
        latest.setdefault(r.person_id, r)
    rows = []
    for m in members:
        state, document = selectors.document_state(m.person, on)
        request_obj = latest.get(m.person_id)
        rows.append(
            {
                "member": m,
                "person": m.person,
                "state": state,
                "document": document,
                "request": request_obj,
                "open_request": request_obj
                if request_obj is not None and request_obj.status in LPC_OPEN_STATUSES
                else None,
            }
        )
    needs_lpc = [
        r["person"]
        for r in rows
        if r["state"] != "valid" and r["open_request"] is None and r["person"].nationality
    ]
    travelled = case.status in _TRAVELLED
    can_request_lpc = (
        can_manage
        and case.case_type == "outbound"
        and not travelled
        and case.workflow.state(case.status).active
    )
    fitness_people = selectors.fitness_required(case)
    fitness_records = selectors.fitness_of_case(case)
    cancel_forms = extra.get("cancel_forms", {})
    for r in rows:
        if r["open_request"] is not None:
            pk = r["open_request"].pk
            r["cancel_form"] = cancel_forms.get(pk) or ReasonForm(prefix=f"cancel{pk}")
    context = {
        "travel_on": on,
        "doc_rows": rows,
        "lpc_requests": requests,
        "lpc_form": extra.get("lpc_form")
        or LpcRequestForm(prefix="lpc", persons=needs_lpc or persons),
        "needs_lpc": needs_lpc,
        "can_request_lpc": can_request_lpc,
        "can_manage": can_manage,
        "movement": movement,
        "movements": selectors.movements_of_case(case),
        "can_book": can_manage
        and (case.status == "ready" or (case.status == "booked" and movement is None))
        and case.case_type in ("outbound", "resettlement"),
        "fitness_people": fitness_people,
        "fitness_records": fitness_records,
        "fitness_missing": selectors.fitness_missing(case, on) if fitness_people else None,
        "can_record_fitness": has_capability(user, "screen_protection"),
        "fitness_form": extra.get("fitness_form")
        or FitnessForm(prefix="fitness", persons=fitness_people or persons),
        "escort_needed": selectors.escort_required(case, on),
        "notice": extra.get("notice", ""),
    }
    if case.case_type == "resettlement":
        exams, sessions = selectors.resettlement_steps_of_case(case)
        context.update(
            {
                "resettlement": True,
                "exams": exams,
                "sessions": sessions,
                "exam_missing": selectors.medical_examination_missing(case),
                "orientation_missing": selectors.cultural_orientation_missing(case),
                "can_record_exam": can_manage or has_capability(user, "screen_protection"),
                "can_record_orientation": has_capability(user, "advance_case"),
                "exam_form": extra.get("exam_form")
                or ExaminationForm(prefix="exam", persons=persons),
                "orientation_form": extra.get("orientation_form")
                or OrientationForm(prefix="orientation", persons=persons),
            }
        )
    return context
