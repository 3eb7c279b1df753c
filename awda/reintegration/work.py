"""The "my work" items of reintegration: arrivals to record, plans to draft, disbursements
to approve or pay, follow-up visits overdue or due soon. Each links to the queue filtered
to exactly what it counts."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awda.accounts.access import can_see_section, has_capability
from awda.accounts.models import User
from awda.accounts.roles import Capability
from awda.reintegration import selectors as sel
from awda.web.registry import WorkItem


def _url(show: str) -> str:
    return f"{reverse('reintegration:index')}?show={show}"


def reintegration_work(user: User) -> list[WorkItem]:
    if not can_see_section(user, "reintegration"):
        return []
    manages = has_capability(user, Capability.MANAGE_REINTEGRATION) or has_capability(
        user, Capability.RECORD_ASSISTANCE
    )
    if not (manages or has_capability(user, Capability.APPROVE_DISBURSEMENT)):
        return []
    group = _("Reintegration")
    counts = sel.queue_counts(user)
    items = []
    if manages:
        items += [
            WorkItem(group, _("Arrivals to record"), counts.arrivals, _url("arrivals")),
            WorkItem(
                group, _("Returnees without a reintegration plan"), counts.plans, _url("plans")
            ),
            WorkItem(group, _("Follow-up visits overdue"), counts.overdue, _url("overdue")),
            WorkItem(group, _("Follow-up visits due within 30 days"), counts.due_soon, _url("due")),
            WorkItem(group, _("Approved disbursements to pay"), counts.payments, _url("payments")),
        ]
    if has_capability(user, Capability.APPROVE_DISBURSEMENT):
        items.append(
            WorkItem(
                group,
                _("Disbursements awaiting your approval"),
                counts.approvals,
                _url("approvals"),
            )
        )
    return items
