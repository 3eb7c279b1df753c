"""Reads of this app's own records, scoped like every case read."""

from __future__ import annotations

import uuid

from awda.accounts.models import User
from awda.cases.models import Case
from awda.cases.selectors import cases_visible_to
from awda.web.models import IntakeSubmission


def intake_case_for_token(user: User, token: uuid.UUID) -> Case | None:
    """The case an intake form (identified by its one-time token) already registered."""
    case_id = (
        IntakeSubmission.objects.filter(token=token, case__isnull=False)
        .values_list("case_id", flat=True)
        .first()
    )
    if case_id is None:
        return None
    return cases_visible_to(user).filter(pk=case_id).first()
