"""Writing and verifying the audit chain."""

import hashlib
import json
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from awda.audit.models import AuditEvent

GENESIS = "0" * 64
# Key of the PostgreSQL advisory lock that serialises appends to the chain.
AUDIT_CHAIN_LOCK = 0x41574441  # "AWDA"


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
        # One writer at a time appends to the chain, until its transaction ends. Locking the
        # last row is not enough on PostgreSQL: a writer waiting on it would, once it gets
        # the lock, still chain onto that row while another has already been appended. A
        # transaction-level advisory lock makes the next statement see the committed tail.
        # (SQLite serialises writers itself.)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
        last = AuditEvent.objects.order_by("-id").only("digest").first()
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
