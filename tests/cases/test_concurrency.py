"""Parallel registrations in one office never share a reference (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from awda.cases.models import Case
from awda.cases.services import case_create
from awda.people.services import person_create

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_get_distinct_sequential_references(case_worker, office_rabat):
    people = [
        person_create(
            actor=case_worker, given_name=f"P{i}", sex="M", birth_year=1990, nationality="SN"
        )
        for i in range(10)
    ]
    barrier = threading.Barrier(10)
    errors = []

    def register(person):
        try:
            barrier.wait()
            case_create(
                actor=case_worker,
                case_type="outbound",
                office=office_rabat,
                principal=person,
                application_date=dt.date(2026, 2, 1),
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    refs = sorted(Case.objects.values_list("reference", flat=True))
    assert refs == [f"RBA-2026-{n:05d}" for n in range(1, 11)]


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_one_unbroken_audit_chain(case_worker):
    from awda.audit.models import AuditEvent
    from awda.audit.services import audit_verify

    before = AuditEvent.objects.count()
    barrier = threading.Barrier(12)
    errors = []

    def write(i):
        try:
            barrier.wait()
            person_create(
                actor=case_worker, given_name=f"Q{i}", sex="F", birth_year=1991, nationality="GN"
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.count() >= before + 12
    count, broken = audit_verify()
    assert broken is None and count == AuditEvent.objects.count()
    # No two events chain onto the same predecessor.
    previous = list(AuditEvent.objects.values_list("previous_digest", flat=True))
    assert len(previous) == len(set(previous))
