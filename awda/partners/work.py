"""The "my work" items of referrals: for a partner, the referrals to answer and to complete;
for IOM staff, referrals addressed to their office and those a partner has not answered."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awda.accounts.access import Section, can_see_section
from awda.accounts.models import User
from awda.partners.selectors import (
    is_partner_user,
    referrals_awaiting_answer,
    referrals_sent_unanswered,
    referrals_to_complete,
)
from awda.web.registry import WorkItem


def _url(**params) -> str:
    return f"{reverse('partners:queue')}?{urlencode(params)}"


def referrals(user: User) -> list[WorkItem]:
    partner = is_partner_user(user)
    if not partner and not can_see_section(user, Section.REFERRALS):
        return []
    group = _("Referrals")
    items = [
        WorkItem(
            group,
            _("Referrals to answer"),
            referrals_awaiting_answer(user).count(),
            _url(direction="received", status="sent"),
        )
    ]
    if partner:
        items.append(
            WorkItem(
                group,
                _("Accepted referrals to complete"),
                referrals_to_complete(user).count(),
                _url(direction="received", status="accepted"),
            )
        )
    else:
        items.append(
            WorkItem(
                group,
                _("Referrals sent, awaiting the partner's answer"),
                referrals_sent_unanswered(user).count(),
                _url(direction="sent", status="sent"),
            )
        )
    return items
