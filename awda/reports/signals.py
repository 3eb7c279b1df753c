"""Keep the fact table current: a committed change to a case re-derives that case's rows.

Changes are collected per thread and applied after the transaction commits, once per
case, so a service that touches a case ten times refreshes it once and a rolled-back
change refreshes nothing it should not. Bulk writes (bulk_create, queryset.update) send no
signals: their callers run `facts_rebuild()` (see services).
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)
_pending = threading.local()


def _pending_ids() -> set[int]:
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
    return ids


def _flush() -> None:
    ids = _pending_ids()
    if not ids:
        return
    batch = set(ids)
    ids.clear()
    from awda.reports.services import facts_refresh_cases

    facts_refresh_cases(batch)


def mark_cases(case_ids) -> None:
    ids = {i for i in case_ids if i is not None}
    if not ids:
        return
    _pending_ids().update(ids)
    # robust: a failure here is logged and must never undo or break the user's change.
    transaction.on_commit(_flush, robust=True)


def _case_changed(sender, instance, **kwargs):
    mark_cases([instance.pk])


def _case_child_changed(sender, instance, **kwargs):
    mark_cases([getattr(instance, "case_id", None)])


def _person_changed(sender, instance, created=False, **kwargs):
    if created:
        return  # a new person belongs to no case yet
    from awda.cases.models import CaseMember

    mark_cases(CaseMember.objects.filter(person_id=instance.pk).values_list("case_id", flat=True))


def connect() -> None:
    from awda.cases.models import Case, CaseMember, CaseReturnReason, TimelineEvent
    from awda.people.models import Person
    from awda.protection.models import Vulnerability

    uid = "awda.reports.facts"
    post_save.connect(_case_changed, sender=Case, dispatch_uid=f"{uid}.case")
    for model in (CaseMember, CaseReturnReason, Vulnerability, TimelineEvent):
        post_save.connect(_case_child_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}")
        post_delete.connect(
            _case_child_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.del"
        )
    post_save.connect(_person_changed, sender=Person, dispatch_uid=f"{uid}.person")
