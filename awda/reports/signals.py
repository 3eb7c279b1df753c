"""Keep the fact tables current: a committed change to a case re-derives that case's rows.

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


def _passenger_changed(sender, instance, **kwargs):
    from awda.travel.models import Movement

    mark_cases(Movement.objects.filter(pk=instance.movement_id).values_list("case_id", flat=True))


def _departure_changed(sender, instance, created=False, **kwargs):
    if created:
        return  # no movement on it yet
    mark_cases(instance.movements.values_list("case_id", flat=True))


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

    # The travel fact: a movement or a passenger changed, or a departure moved date.
    from awda.travel.models import Departure, Movement, Passenger

    post_save.connect(_case_child_changed, sender=Movement, dispatch_uid=f"{uid}.movement")
    post_delete.connect(_case_child_changed, sender=Movement, dispatch_uid=f"{uid}.movement.del")
    post_save.connect(_passenger_changed, sender=Passenger, dispatch_uid=f"{uid}.passenger")
    post_delete.connect(_passenger_changed, sender=Passenger, dispatch_uid=f"{uid}.passenger.del")
    post_save.connect(_departure_changed, sender=Departure, dispatch_uid=f"{uid}.departure")
