"""Writing and verifying the audit chain."""

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from awda.audit.models import AuditEvent

GENESIS = "0" * 64


def _digest(previous: str, at: str, actor: str, verb: str, otype: str, oid: str, data: Any) -> str:
    payload = json.dumps(
        [previous, at, actor, verb, otype, oid, data], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor,
    verb: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    data = data or {}
    with transaction.atomic():
        # Lock the tail so that two writers cannot chain onto the same row.
        last = AuditEvent.objects.select_for_update().order_by("-id").only("digest").first()
        previous = last.digest if last else GENESIS
        at = timezone.now()
        actor_label = actor.get_username() if actor is not None and actor.pk else ""
        digest = _digest(previous, at.isoformat(), actor_label, verb, object_type, object_id, data)
        return AuditEvent.objects.create(
            at=at,
            actor=actor if actor is not None and actor.pk else None,
            actor_label=actor_label,
            verb=verb,
            object_type=object_type,
            object_id=object_id,
            data=data,
            previous_digest=previous,
            digest=digest,
        )


def audit_verify() -> tuple[int, int | None]:
    """(rows checked, id of the first broken row or None)."""
    previous = GENESIS
    count = 0
    for e in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        expected = _digest(
            previous, e.at.isoformat(), e.actor_label, e.verb, e.object_type, e.object_id, e.data
        )
        if e.previous_digest != previous or e.digest != expected:
            return count, e.id
        previous = e.digest
        count += 1
    return count, None
