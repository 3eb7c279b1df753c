"""A case's history as a dated list of workflow actions, checked against its workflow.

Bulk loaders cannot call `case_transition` per case (too slow for tens of thousands of
cases), so they describe what happened as steps and `walk` replays them through the same
workflow definition: every step must be a transition allowed from the status the case is
in, and the result carries the case fields and timeline rows that `case_transition` would
have written (status, previous status, stamped dates, closure reason, …).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from awda.cases.workflow import PREVIOUS, Workflow


class JourneyError(ValueError):
    """A step that the workflow does not allow from the status the case has reached."""


@dataclass
class Step:
    action: str
    on: dt.date
    reason: str = ""
    # What the service would receive as context: closure_reason, planned_departure_date,
    # settlement_region.
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class Walked:
    status: str
    previous_status: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    # (step, from_status, to_status, data) for each transition, in order.
    transitions: list[tuple[Step, str, str, dict]] = field(default_factory=list)


def walk(workflow: Workflow, steps: list[Step]) -> Walked:
    """Replay `steps` from the workflow's initial status, as `case_transition` would."""
    status = workflow.initial
    previous = ""
    fields: dict[str, Any] = {}
    out: list[tuple[Step, str, str, dict]] = []
    last_on: dt.date | None = None
    for step in steps:
        t = workflow.transition(step.action)
        if t is None or status not in t.sources:
            raise JourneyError(
                f"{workflow.case_type}: {step.action!r} is not allowed from {status!r}"
            )
        if last_on is not None and step.on < last_on:
            raise JourneyError(f"{step.action!r} on {step.on} is before the previous step")
        if t.requires_reason and not step.reason:
            raise JourneyError(f"{step.action!r} needs a reason")
        if t.target == PREVIOUS:
            to_status = previous or workflow.initial
            previous = ""
        else:
            to_status = t.target
        if to_status == "suspended":
            previous = status
        if t.stamps:
            fields[t.stamps] = step.on
        for key in ("planned_departure_date", "closure_reason", "settlement_region"):
            if step.context.get(key):
                fields[key] = step.context[key]
        if step.action == "reopen":
            fields["closed_on"] = None
            fields["closure_reason"] = ""
        data = {"date": step.on.isoformat()} if t.stamps else {}
        out.append((step, status, to_status, data))
        status = to_status
        last_on = step.on
    return Walked(status=status, previous_status=previous, fields=fields, transitions=out)
