"""Checks shared by the demo and generator tests: what any case history must satisfy."""

from __future__ import annotations

from collections import defaultdict

from awda.cases.models import Case, CaseMember, TimelineEvent
from awda.cases.workflow import PREVIOUS
from awda.cases.workflows import workflow_for
from awda.people.models import TRAVEL_DOCUMENT_KINDS, IdentityDocument


def age_on(born, on) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def timeline_problems(cases=None) -> list[str]:
    """Replay each case's timeline through its workflow; return what does not add up.

    The case is opened once, in the workflow's initial status, before any transition; each
    transition must be allowed from the status reached so far and lead where the workflow
    says; the last status reached must be the case's status.
    """
    cases = cases if cases is not None else Case.objects.all()
    state = {
        pk: (case_type, status)
        for pk, case_type, status in cases.values_list("pk", "case_type", "status")
    }
    events = defaultdict(list)
    rows = (
        TimelineEvent.objects.filter(case_id__in=list(state))
        .order_by("case_id", "at", "id")
        .values_list("case_id", "kind", "action", "from_status", "to_status")
    )
    for case_id, kind, action, from_status, to_status in rows.iterator(chunk_size=10000):
        events[case_id].append((kind, action, from_status, to_status))
    problems = []
    for pk, (case_type, status) in state.items():
        workflow = workflow_for(case_type)
        history = events.get(pk, [])
        created = [e for e in history if e[0] == "created"]
        if len(created) != 1 or created[0][3] != workflow.initial:
            problems.append(f"case {pk}: not opened once in {workflow.initial}")
            continue
        if any(e[0] == "transition" for e in history[: history.index(created[0])]):
            problems.append(f"case {pk}: a transition before the case was opened")
            continue
        current, before_suspension = workflow.initial, ""
        for kind, action, from_status, to_status in history:
            if kind != "transition":
                continue
            t = workflow.transition(action)
            if t is None or current not in t.sources or from_status != current:
                problems.append(f"case {pk}: {action} from {from_status} while {current}")
                break
            expected = (before_suspension or workflow.initial) if t.target == PREVIOUS else t.target
            if to_status != expected:
                problems.append(f"case {pk}: {action} went to {to_status}, not {expected}")
                break
            if to_status == "suspended":
                before_suspension = current
            current = to_status
        else:
            if current != status:
                problems.append(f"case {pk}: timeline ends in {current}, case is {status}")
    return problems


def departed_without_travel_document(cases=None) -> list[str]:
    """Members of departed cases without a passport or LPC valid on the departure date."""
    cases = cases if cases is not None else Case.objects.all()
    departed = dict(cases.filter(departure_date__isnull=False).values_list("pk", "departure_date"))
    valid = defaultdict(list)
    for person_id, expires in IdentityDocument.objects.filter(
        kind__in=TRAVEL_DOCUMENT_KINDS, person__memberships__case_id__in=list(departed)
    ).values_list("person_id", "expires_on"):
        valid[person_id].append(expires)
    missing = []
    for case_id, person_id in CaseMember.objects.filter(case_id__in=list(departed)).values_list(
        "case_id", "person_id"
    ):
        on = departed[case_id]
        if not any(e is None or e >= on for e in valid.get(person_id, [])):
            missing.append(f"case {case_id}, person {person_id}")
    return missing
