"""The "my work" items of departure operations (see awda.web.registry.WORK_PROVIDERS):
the consulate's queue, laissez-passer requests waiting at consulates, bookings to make,
today's departures, and the police's manifests of the day."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awda.accounts.access import has_capability
from awda.accounts.models import User
from awda.travel import selectors
from awda.travel.models import LPC_OPEN_STATUSES, LpcStatus
from awda.web.registry import WorkItem


def _url(name: str, **params) -> str:
    query = urlencode([(k, v) for k, v in params.items() if v not in (None, "")])
    return f"{reverse(name)}?{query}" if query else reverse(name)


def lpc_requests_waiting(user: User) -> list[WorkItem]:
    """For a consulate: its queue. For IOM staff: requests still waiting on a consulate."""
    if selectors.consulate_of(user) is not None:
        counts = selectors.lpc_queue_counts(user)
        group = _("Consular queue")
        return [
            WorkItem(
                group,
                _("New laissez-passer requests"),
                counts.get(LpcStatus.REQUESTED, 0),
                _url("travel:lpc_queue", status="open"),
            ),
            WorkItem(
                group,
                _("Interviews scheduled"),
                counts.get(LpcStatus.INTERVIEW_SCHEDULED, 0),
                _url("travel:lpc_queue", status="open"),
            ),
            WorkItem(
                group,
                _("Identity confirmed, LPC to issue"),
                counts.get(LpcStatus.IDENTITY_CONFIRMED, 0),
                _url("travel:lpc_queue", status="open"),
            ),
        ]
    if not has_capability(user, "manage_travel") or not selectors.sees_travel(user):
        return []
    counts = selectors.lpc_queue_counts(user)
    unbatched = sum(n for _org, n in selectors.consulates_with_unbatched_requests(user))
    group = _("Travel documents")
    return [
        WorkItem(
            group,
            _("Laissez-passer requests waiting at consulates"),
            sum(counts.get(s, 0) for s in LPC_OPEN_STATUSES),
            _url("travel:lpc_queue", status="open"),
        ),
        WorkItem(
            group,
            _("Requests not yet on a nominal list"),
            unbatched,
            _url("travel:lpc_queue", status="open"),
        ),
    ]


def bookings_to_make(user: User) -> list[WorkItem]:
    if not has_capability(user, "manage_travel") or not selectors.sees_travel(user):
        return []
    group = _("Departures")
    case_list = reverse("web:case_list")
    items = [
        WorkItem(
            group,
            _("Cases ready for booking"),
            selectors.cases_ready_for_booking(user).count(),
            f"{case_list}?status=ready",
        )
    ]
    without_tickets = selectors.cases_booked_without_tickets(user).count()
    if without_tickets:
        items.append(
            WorkItem(
                group,
                _("Booked cases without tickets recorded"),
                without_tickets,
                f"{case_list}?status=booked",
            )
        )
    return items


def departures_today(user: User) -> list[WorkItem]:
    """Movement staff: today's departures; police: today's manifests at their post."""
    today = timezone.localdate()
    day = today.isoformat()
    if selectors.police_post_of(user) is not None:
        return [
            WorkItem(
                _("Border post"),
                _("Manifests of the day"),
                selectors.departures_on(user, today).count(),
                _url("travel:departures", start=day, end=day),
            )
        ]
    if not has_capability(user, "manage_travel") or not selectors.sees_travel(user):
        return []
    return [
        WorkItem(
            _("Departures"),
            _("Departures today"),
            selectors.departures_on(user, today).count(),
            _url("travel:departures", start=day, end=day),
        )
    ]
