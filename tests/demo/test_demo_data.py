"""The demo dataset against the published figures, cell by cell, and its consistency.

Counting rules: see awda.demo.counts. Expected values are read from the programme's
shared figures file when this checkout sits next to it, otherwise from the copy vendored
in awda/demo/data.
"""

import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_countries import countries

from awda.accounts.models import User
from awda.accounts.roles import Role
from awda.audit.models import AuditEvent
from awda.cases.models import Case, CaseMember, ReferenceCounter, TimelineEvent
from awda.demo import counts
from awda.demo.figures import VENDORED_PATH, shared_figures_path
from awda.demo.known import KNOWN_PEOPLE
from awda.demo.loader import run_extensions
from awda.demo.models import DemoLoad
from awda.people.models import Person
from awda.protection.models import (
    BestInterestsProcedure,
    VoluntaryReturnDeclaration,
    Vulnerability,
)
from tests.demo.checks import age_on, departed_without_travel_document, timeline_problems

pytestmark = [pytest.mark.xdist_group("demo"), pytest.mark.django_db]


def _code(iso3: str) -> str:
    return {"XKX": "XK"}.get(iso3) or countries.alpha2(iso3)


@pytest.fixture(scope="module")
def figures():
    shared = shared_figures_path()
    path = shared or VENDORED_PATH
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def test_vendored_figures_are_the_shared_ones():
    shared = shared_figures_path()
    if shared is None:
        pytest.skip("../shared/domain/published-figures.json is not next to this checkout")
    assert VENDORED_PATH.read_bytes() == shared.read_bytes()


@pytest.mark.parametrize("year", [2017, 2018, 2019, 2020, 2021])
def test_ministry_table_every_cell(demo_data, figures, year):
    table = figures["returns_from_morocco_by_nationality"]["years"][str(year)]
    got = Counter()
    for (_y, nationality, _band), n in counts.returns_by_year_nationality([year]).items():
        got[nationality] += n
    printed = {_code(r["iso3"]): r["count"] for r in table["rows"]}
    assert {c: got[c] for c in printed} == printed
    assert sum(n for c, n in got.items() if c not in printed) == table["autres"]["count"]
    assert sum(got.values()) == table["total"]


def test_iom_2022_table_every_printed_row(demo_data, figures):
    table = figures["returns_2022_by_country_and_sex"]
    returns = counts.returns_by_year_nationality([2022])
    by_country = Counter()
    by_country_sex = Counter()
    for (_y, nationality, band), n in returns.items():
        by_country[nationality] += n
        by_country_sex[(nationality, "F" if band in ("women", "girls") else "M")] += n
    checked = 0
    for row in table["rows"]:
        if row["confidence"] not in ("exact", "reconstructed"):
            continue
        code = _code(row["iso3"])
        assert by_country[code] == row["total"], row["country"]
        if row["femmes"] is not None:
            assert by_country_sex[(code, "F")] == row["femmes"], row["country"]
            assert by_country_sex[(code, "M")] == row["hommes"], row["country"]
        checked += 1
    assert checked == 13
    assert sum(by_country.values()) == table["total"]["value"]
    assert len(by_country) == table["countries_count"]["value"]
    # Where the two documents disagree (the Congos), the IOM table wins.
    assert (by_country["CG"], by_country["CD"]) == (111, 85)


def test_2022_applicants_and_returns_by_sex_and_age(demo_data, figures):
    returns = Counter()
    for (_y, _n, band), n in counts.returns_by_year_nationality([2022]).items():
        returns[band] += n
    applicants = counts.applicants_by_band(2022)
    for got, published in (
        (returns, figures["returns_2022"]),
        (applicants, figures["applications_2022"]),
    ):
        assert dict(got) == {
            "men": published["hommes"],
            "women": published["femmes"],
            "boys": published["garcons"],
            "girls": published["filles"],
        }
        assert sum(got.values()) == published["total"]


def test_moroccans_returned_2022_by_host_country(demo_data, figures):
    published = figures["moroccan_returnees"]["2022"]
    returned = counts.inbound_by_host(2022)
    assert sum(returned.values()) == published["returned"]["value"]
    for row in published["host_countries_returns_top5_002"]["rows"]:
        code = _code(row["iso3"])
        women = returned[(code, "women")] + returned[(code, "girls")]
        men = returned[(code, "men")] + returned[(code, "boys")]
        assert (women, men) == (row["femmes"], row["hommes"]), row["country"]


def test_moroccans_assisted_for_reintegration_2022(demo_data, figures):
    published = figures["moroccan_returnees"]["2022"]
    table = published["host_countries_reintegration_assisted_000"]
    assisted = counts.inbound_by_host(2022, assisted_only=True)
    got = {}
    for (host, band), n in assisted.items():
        f, m = got.get(host, (0, 0))
        got[host] = (f + n, m) if band in ("women", "girls") else (f, m + n)
    assert got == {_code(r["iso3"]): (r["femmes"], r["hommes"]) for r in table["rows"]}
    bands = Counter()
    for (_host, band), n in assisted.items():
        bands[band] += n
    totals = published["reintegration_assisted"]
    assert dict(bands) == {
        "men": totals["hommes"],
        "women": totals["femmes"],
        "boys": totals["garcons"],
        "girls": totals["filles"],
    }


def test_refugees_resettled_by_country(demo_data, figures):
    got = counts.resettled_by_destination()
    expected = {_code(r["iso3"]): r["refugees"] for r in figures["resettlement"]["by_country"]}
    assert dict(got) == expected
    assert sum(got.values()) == figures["resettlement"]["sum_of_rows"]


def test_every_timeline_leads_to_the_case_status(demo_data):
    assert timeline_problems() == []


def test_age_bands_are_unambiguous(demo_data):
    """Adults are 19 or more at application, children 17 or less at departure."""
    wrong = []
    rows = CaseMember.objects.filter(case__case_type="outbound").values_list(
        "person__date_of_birth", "case__application_date", "case__departure_date"
    )
    for born, applied, departed in rows.iterator(chunk_size=5000):
        for on in (applied, departed):
            if on is not None and age_on(born, on) == 18:
                wrong.append((born, on))
    assert wrong == []


def test_departed_cases_travelled_as_the_programme_requires(demo_data):
    departed = Case.objects.filter(case_type="outbound", departure_date__isnull=False)
    assert departed_without_travel_document(departed) == []
    declarations = dict(
        VoluntaryReturnDeclaration.objects.filter(case__in=departed).values_list(
            "case_id", "signed_on"
        )
    )
    late = [
        pk
        for pk, departure in departed.values_list("pk", "departure_date")
        if pk not in declarations or declarations[pk] > departure
    ]
    assert late == []
    # Arrival a day or two after departure; the mission of the country of origin receives.
    for departure, arrival in departed.filter(arrival_date__isnull=False).values_list(
        "departure_date", "arrival_date"
    ):
        assert 1 <= (arrival - departure).days <= 2
    assert (
        not departed.filter(country_of_origin="GN")
        .exclude(receiving_mission__code="MIS-GN")
        .exists()
    )


def test_children_alone_travelled_after_a_best_interests_determination(demo_data):
    alone = Vulnerability.objects.filter(
        category__in=["uasc_unaccompanied", "uasc_separated"],
        case__departure_date__isnull=False,
    ).values_list("case_id", "person_id", "case__departure_date")
    assert len(alone) >= 30
    for case_id, person_id, departure in alone:
        procedure = BestInterestsProcedure.objects.get(case_id=case_id, child_id=person_id)
        assert procedure.determination == "return"
        assert procedure.determination_on < departure
        assert CaseMember.objects.filter(case_id=case_id).count() == 1


def test_restricted_details_are_encrypted_at_rest(demo_data):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT details FROM protection_vulnerability WHERE category = 'medical' AND details <> ''"
        )
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(value.startswith("fernet:") for value in stored)
    medical = Vulnerability.objects.filter(category="medical").exclude(details="").first()
    assert not medical.details.startswith("fernet:")


def test_current_work_in_every_stage_and_office(demo_data):
    open_ = Case.objects.filter(case_type="outbound", application_date__year__gte=2024)
    stages = set(open_.values_list("status", flat=True))
    assert {
        "registered",
        "counselling",
        "screening",
        "travel_documents",
        "ready",
        "booked",
        "no_show",
        "suspended",
        "departed",
        "arrived",
        "reintegration",
    } <= stages
    assert set(open_.values_list("office__code", flat=True)) == {"RBA", "CAS", "OUJ", "TNG"}
    booked = open_.filter(status="booked")
    assert booked.exists()
    assert not booked.filter(planned_departure_date__lt=timezone.localdate()).exists()


def test_known_people_have_open_cases_and_unique_names(demo_data):
    for spec in KNOWN_PEOPLE:
        person = Person.objects.get(
            given_name=spec["given_name"],
            family_name=spec["family_name"],
            date_of_birth=spec["date_of_birth"],
        )
        assert person.memberships.get().case.status == "registered"
        # No other demo person carries the same name.
        assert (
            Person.objects.filter(
                given_name=spec["given_name"], family_name=spec["family_name"]
            ).count()
            == 1
        )


def test_references_follow_the_counters(demo_data):
    """A case registered after the load continues the numbering, never reuses it."""
    assert Case.objects.values("reference").distinct().count() == Case.objects.count()
    for counter in ReferenceCounter.objects.all():
        references = Case.objects.filter(
            reference__startswith=f"{counter.office_code}-{counter.year}-"
        ).values_list("reference", flat=True)
        assert max(int(r.rsplit("-", 1)[1]) for r in references) == counter.last_value


def test_one_demo_user_per_role_can_sign_in(demo_data, client, settings):
    # The demo hashes passwords with the production hasher; the test settings' fast
    # hasher alone could not check them.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    roles = set(User.objects.exclude(role="").values_list("role", flat=True))
    assert roles == set(Role.values)
    assert client.login(username="cw.rabat", password="awda-demo")
    assert User.objects.get(username="admin").is_superuser


def test_loading_twice_changes_nothing(demo_data):
    models = [Person, Case, CaseMember, TimelineEvent, Vulnerability, AuditEvent, User, DemoLoad]
    before = {m.__name__: m.objects.count() for m in models}
    call_command("load-demo", verbosity=0)
    assert {m.__name__: m.objects.count() for m in models} == before
    assert AuditEvent.objects.filter(verb="demo.loaded").count() == 1


def test_a_failed_extension_is_rolled_back_and_retried(demo_data):
    marker = DemoLoad.objects.get()
    before = Person.objects.count()
    results = run_extensions(marker, lambda line: None, ["tests.demo.extension_fails"])
    assert results["tests.demo.extension_fails"]["ok"] is False
    assert "half-way" in results["tests.demo.extension_fails"]["error"]
    assert Person.objects.count() == before  # what it wrote before failing is gone
    results = run_extensions(marker, lambda line: None, ["tests.demo.extension_works"])
    assert results["tests.demo.extension_works"]["ok"] is True
    marker.refresh_from_db()
    assert marker.extensions["tests.demo.extension_works"]["ok"] is True
    # A successful extension is not run a second time.
    calls = []
    run_extensions(marker, calls.append, ["tests.demo.extension_works"])
    assert calls == []
