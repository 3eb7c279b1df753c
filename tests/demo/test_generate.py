"""`awda generate`: large synthetic datasets whose rows hang together."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from awda.cases.models import Case, CaseMember, CaseReturnReason, ReferenceCounter, TimelineEvent
from awda.demo.generate import generate_cases
from awda.people.models import IdentityDocument, Person
from awda.people.services import person_create
from tests.demo.checks import departed_without_travel_document, timeline_problems

pytestmark = pytest.mark.django_db


def test_generated_cases_hang_together():
    totals = generate_cases(500, seed=7, start_year=2019, end_year=2024, batch_size=200)
    assert totals["cases"] == Case.objects.count() == 500
    assert totals["persons"] == Person.objects.count() == CaseMember.objects.count()
    assert 1.15 <= totals["persons"] / totals["cases"] <= 1.5
    # One principal per case, everyone in exactly one group.
    assert not Case.objects.annotate(n=Count("members")).filter(n=0).exists()
    assert CaseMember.objects.filter(relationship="principal").count() == 500
    assert IdentityDocument.objects.count() == totals["documents"] > 0
    assert (
        CaseReturnReason.objects.filter(case__case_type="outbound")
        .values("case")
        .distinct()
        .count()
        == Case.objects.filter(case_type="outbound").count()
    )
    assert TimelineEvent.objects.count() == totals["timeline_events"] >= 500 * 3
    years = {d.year for d in Case.objects.values_list("application_date", flat=True)}
    # Resettled refugees applied up to eighteen months before leaving.
    assert min(years) >= 2017 and max(years) <= 2024
    assert {"outbound", "inbound", "resettlement"} == set(
        Case.objects.values_list("case_type", flat=True)
    )
    assert timeline_problems() == []
    assert departed_without_travel_document() == []


def test_generated_references_continue_after_registered_cases(office_rabat, case_worker):
    from awda.cases.services import case_create

    person = person_create(
        actor=case_worker, given_name="Awa", family_name="Sow", sex="F", birth_year=1990
    )
    first = case_create(
        actor=case_worker,
        case_type="outbound",
        office=office_rabat,
        principal=person,
        application_date=dt.date(2023, 5, 2),
    )
    generate_cases(300, seed=1, start_year=2023, end_year=2023, batch_size=100)
    generate_cases(300, seed=1, start_year=2023, end_year=2023, batch_size=100)
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 601
    assert first.reference == "RBA-2023-00001"
    counter = ReferenceCounter.objects.get(office_code="RBA", year=2023)
    assert counter.last_value == Case.objects.filter(reference__startswith="RBA-2023-").count()
    # Running the same seed twice never reuses a document number.
    keys = IdentityDocument.objects.values_list("kind", "issuing_country", "number_key")
    assert len(set(keys)) == len(keys)


def test_generate_command_reports_what_it_wrote(capsys):
    call_command("generate", "--cases", "40", "--seed", "3")
    out = capsys.readouterr().out
    assert "cases: 40" in out
    assert Case.objects.count() == 40
    with pytest.raises(CommandError):
        call_command("generate", "--cases", "5", "--start-year", "2024", "--end-year", "2020")
