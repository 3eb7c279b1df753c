"""The "my work" providers of this app: cases per workflow stage, cases waiting on the
user, and travel documents that will not last until departure. Each item links to the case
list filtered to exactly the cases it counts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awda.accounts.access import can_see_section, has_capability
from awda.accounts.models import User
from awda.cases.selectors import (
    CaseFilters,
    case_filter,
    case_status_counts,
    cases_visible_to,
    documents_expiring_q,
)
from awda.cases.workflows import WORKFLOWS
from awda.web.registry import WorkItem

EXPIRY_WINDOW_DAYS = 30
INACTIVE_DAYS = 30


def list_url(**params) -> str:
    query = urlencode([(k, v) for k, v in params.items() if v not in (None, "", False)])
    return f"{reverse('web:case_list')}?{query}" if query else reverse("web:case_list")


def cases_by_stage(user: User) -> list[WorkItem]:
    """Open cases per status, in the order of each workflow (one group per kind of case)."""
    if not can_see_section(user, "summary"):
        return []
    counts = {(r["case_type"], r["status"]): r["n"] for r in case_status_counts(user)}
    items = []
    for case_type, workflow in WORKFLOWS.items():
        for state in workflow.states:
            n = counts.get((case_type, state.code))
            if n:
                items.append(
                    WorkItem(
                        group=workflow.label,
                        label=state.label,
                        count=n,
                        url=list_url(case_type=case_type, status=state.code),
                    )
                )
    return items


def waiting_on_you(user: User) -> list[WorkItem]:
    """The cases this user registered that are still open, and open cases nobody has
    touched for a month (they are the ones forgotten)."""
    if not can_see_section(user, "summary"):
        return []
    group = _("Waiting on you")
    items = []
    if has_capability(user, "register"):
        mine = case_filter(user, CaseFilters(mine=True, open_only=True)).count()
        items.append(
            WorkItem(group, _("Open cases you registered"), mine, list_url(mine=1, open=1))
        )
    if has_capability(user, "advance_case"):
        stale = case_filter(user, CaseFilters(open_only=True, inactive_days=INACTIVE_DAYS)).count()
        items.append(
            WorkItem(
                group,
                _("Open cases with no change for 30 days"),
                stale,
                list_url(open=1, inactive=INACTIVE_DAYS),
            )
        )
    return items


def documents_expiring(user: User) -> list[WorkItem]:
    if not (can_see_section(user, "documents") and can_see_section(user, "summary")):
        return []
    n = cases_visible_to(user).filter(documents_expiring_q(user, EXPIRY_WINDOW_DAYS)).count()
    return [
        WorkItem(
            _("Documents"),
            _("Travel documents expired or expiring within 30 days"),
            n,
            list_url(expiring=EXPIRY_WINDOW_DAYS),
        )
    ]
