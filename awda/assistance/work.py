"""The "my work" items of this app: the user's next appointments, and those that passed
without being marked attended or missed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awda.accounts.access import Section, can_see_section
from awda.accounts.models import User
from awda.assistance.selectors import overdue_appointments, upcoming_appointments
from awda.web.registry import WorkItem

UPCOMING_DAYS = 7


def appointments(user: User) -> list[WorkItem]:
    if not can_see_section(user, Section.COUNSELLING):
        return []
    group = _("Appointments")
    url = reverse("assistance:appointments")
    items = [
        WorkItem(
            group,
            _("Your appointments in the next 7 days"),
            upcoming_appointments(user, days=UPCOMING_DAYS).count(),
            url,
        )
    ]
    overdue = overdue_appointments(user).count()
    if overdue:
        items.append(
            WorkItem(group, _("Past appointments still to mark attended or missed"), overdue, url)
        )
    return items
