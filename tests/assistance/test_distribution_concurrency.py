"""A distribution day submitted twice at the same moment (two clicks, two tabs, a retried
request) is recorded once: 200 food kits in Oujda stay 200."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from awda.assistance.models import AssistanceRecord, Distribution
from awda.assistance.services import distribution_record
from awda.cases.models import Case, CaseMember
from awda.people.models import Person

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two writers at once need PostgreSQL (SQLite serialises whole transactions)",
    ),
]

N_CASES = 200


def open_cases(office, n=N_CASES) -> list[Case]:
    """n open cases of one person each, written in bulk (this test commits every write)."""
    today = timezone.localdate()
    people = Person.objects.bulk_create(
        [Person(given_name="Moussa", family_name=f"Traoré {i}", sex="M") for i in range(n)]
    )
    cases = Case.objects.bulk_create(
        [
            Case(
                reference=f"{office.code}-{today.year}-{i:05d}",
                case_type="outbound",
                status="counselling",
                office=office,
                application_date=today,
            )
            for i in range(1, n + 1)
        ]
    )
    CaseMember.objects.bulk_create(
        [
            CaseMember(case=c, person=p, relationship="principal")
            for c, p in zip(cases, people, strict=True)
        ]
    )
    return list(Case.objects.filter(office=office).order_by("pk"))


def run_in_parallel(*targets):
    """Run each target in its own thread (own database connection); return their results."""
    results, errors = [None] * len(targets), []

    def wrap(i, target):
        try:
            results[i] = target()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(i, t)) for i, t in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return results


@pytest.fixture
def both_pass_the_first_check(monkeypatch):
    """Hold each request just before it writes, until both are there: both have already
    looked for the key and not found it, which is the race the unique key must settle."""
    barrier = threading.Barrier(2, timeout=20)
    original = Distribution.objects.create

    def create(**kwargs):
        barrier.wait()
        return original(**kwargs)

    monkeypatch.setattr(Distribution.objects, "create", create)


@pytest.mark.django_db(transaction=True)
def test_two_parallel_submissions_record_one_distribution(
    office_oujda, case_worker_oujda, both_pass_the_first_check
):
    cases = open_cases(office_oujda)

    def submit():
        d, created = distribution_record(
            actor=case_worker_oujda,
            idempotency_key="oujda-food-kits",
            office=office_oujda,
            date=timezone.localdate(),
            type="food_kit",
            cases=cases,
            provider=office_oujda,
        )
        return d.pk, created

    first, second = run_in_parallel(submit, submit)
    assert first[0] == second[0]
    assert sorted([first[1], second[1]]) == [False, True]
    assert Distribution.objects.count() == 1
    assert AssistanceRecord.objects.filter(type="food_kit").count() == N_CASES


@pytest.mark.django_db(transaction=True)
def test_two_parallel_form_posts_record_one_distribution(
    office_oujda, case_worker_oujda, both_pass_the_first_check
):
    cases = open_cases(office_oujda)
    form = {
        "idempotency_key": "form-key-1",
        "office": office_oujda.pk,
        "date": timezone.localdate().isoformat(),
        "type": "food_kit",
        "quantity_per_case": "1",
        "currency": "MAD",
        "provider": office_oujda.pk,
        "cases": [c.pk for c in cases],
    }

    def post():
        client = Client()
        client.force_login(case_worker_oujda)
        response = client.post("/assistance/distributions/new/", form)
        return response.status_code, response.get("Location")

    first, second = run_in_parallel(post, post)
    assert first[0] == second[0] == 302
    assert first[1] == second[1]  # both land on the same distribution
    assert Distribution.objects.count() == 1
    assert AssistanceRecord.objects.count() == N_CASES
