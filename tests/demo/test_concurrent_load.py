"""Two `load-demo` at once never load the demo twice (PostgreSQL: real concurrent writers)."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from awda.cases.models import Case
from awda.demo.loader import load_core
from awda.demo.models import DemoLoad

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


@pytest.mark.django_db(transaction=True)
def test_a_second_loader_waits_then_changes_nothing():
    first_has_marker = threading.Event()
    second_started = threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                DemoLoad.objects.create(
                    version="1",
                    seed=2022,
                    history_today=dt.date(2023, 3, 31),
                    started_at=timezone.now(),
                    finished_at=timezone.now(),
                )
                first_has_marker.set()
                # Keep the transaction open while the second loader starts.
                second_started.wait(10)
                threading.Event().wait(1.5)
        finally:
            connections.close_all()

    def second():
        first_has_marker.wait(10)
        second_started.set()
        try:
            load_core(lambda line: None)
        except IntegrityError:
            outcome["refused"] = True
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert outcome == {"refused": True}
    assert DemoLoad.objects.count() == 1
    assert Case.objects.count() == 0
