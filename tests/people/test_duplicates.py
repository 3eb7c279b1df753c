"""Duplicate detection: what a case worker sees before registering someone."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from awda.people.duplicates import find_duplicates
from awda.people.services import document_add, person_create
from tests import factories as f

pytestmark = pytest.mark.django_db


def register(given, family="", *, dob=None, year=None, nationality="GN", sex="M", **kw):
    return person_create(
        actor=None,
        given_name=given,
        family_name=family,
        sex=sex,
        date_of_birth=dob,
        birth_year=year,
        nationality=nationality,
        **kw,
    )


def found(candidates, person):
    return next((c for c in candidates if c.person.pk == person.pk), None)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "stored, typed",
    [
        (("Mohamed", "Osman"), ("Mohammed", "Osman")),
        (("Muhammad", "Osman"), ("Mohamed", "Osman")),
        (("Mohammad", "Osman"), ("Mouhamed", "Osman")),
        (("Mamadou", "Diallo"), ("Mamadou", "Djalo")),
        (("Mamadou", "Diallo"), ("Mamadou", "Dialo")),
        (("Aissatou", "Barry"), ("Aisatou", "Barry")),
        (("Ousmane", "Sow"), ("Usman", "Sow")),
    ],
)
def test_spelling_variants_are_found_with_a_similar_name_reason(stored, typed):
    person = register(*stored, dob=dt.date(1994, 5, 2))
    candidates = find_duplicates(
        given_name=typed[0],
        family_name=typed[1],
        date_of_birth=dt.date(1994, 5, 2),
        nationality="GN",
    )
    c = found(candidates, person)
    assert c is not None
    assert f"Similar name: {typed[0]} {typed[1]} ≈ {stored[0]} {stored[1]}" in c.reasons
    assert any(r.startswith("Same date of birth") for r in c.reasons)
    assert "Same nationality" in c.reasons
    assert c.score >= 80


@pytest.mark.parametrize(
    "stored, typed",
    [(("Aïssatou", "Barry"), ("Aissatou", "Barry")), (("Seydou", "Traoré"), ("Seydou", "Traore"))],
)
def test_names_differing_only_by_accents_are_the_same_name(stored, typed):
    person = register(*stored, dob=dt.date(1994, 5, 2))
    [c] = find_duplicates(given_name=typed[0], family_name=typed[1], birth_year=1994)
    assert c.person == person
    assert c.reasons[0] == f"Same name: {stored[0]} {stored[1]}"


def test_identical_name_says_same_name():
    person = register("Awa", "Camara", dob=dt.date(1990, 1, 1), sex="F")
    [c] = find_duplicates(given_name="awa", family_name="CAMARA", birth_year=1990)
    assert c.person == person
    assert c.reasons[0] == "Same name: Awa Camara"
    assert "Born in 1990 (± 1 year)" in c.reasons


def test_given_and_family_names_swapped():
    person = register("Mamadou", "Diallo", dob=dt.date(1992, 3, 1))
    [c] = find_duplicates(given_name="Diallo", family_name="Mamadou", birth_year=1992)
    assert c.person == person
    assert "Given and family names swapped" in c.reasons


def test_arabic_script_query_finds_the_latin_record():
    person = register("Mohamed", "Osman", year=1988, nationality="SD")
    [c] = find_duplicates(given_name="محمد عثمان", birth_year=1988, nationality="SD")
    assert c.person == person
    assert c.reasons[0] == "Name in Arabic script matches: محمد عثمان ≈ Mohamed Osman"


def test_latin_query_finds_a_record_written_in_arabic_only():
    person = register("محمد", "عثمان", year=1988, nationality="SD")
    [c] = find_duplicates(given_name="Mohamed", family_name="Osman", birth_year=1989)
    assert c.person == person
    assert c.reasons[0].startswith("Name in Arabic script matches")


def test_the_other_script_field_is_compared_too():
    person = register(
        "Youssef", "Benali", year=1999, nationality="MA", name_other_script="يوسف بن علي"
    )
    [c] = find_duplicates(given_name="X", name_other_script="يوسف بن علي", birth_year=1999)
    assert c.person == person


def test_birth_year_one_year_apart_is_proposed_three_years_is_not():
    near = register("Ibrahima", "Sylla", dob=dt.date(1993, 6, 10))
    far = register("Ibrahima", "Sylla", dob=dt.date(1997, 6, 10))
    candidates = find_duplicates(given_name="Ibrahima", family_name="Sylla", birth_year=1994)
    assert found(candidates, near) is not None
    assert "Born in 1993 (± 1 year)" in found(candidates, near).reasons
    assert found(candidates, far) is None


def test_estimated_age_is_matched_within_two_years():
    estimated = register("Fanta", "Keita", year=1996, sex="F")
    [c] = find_duplicates(
        given_name="Fanta", family_name="Keita", date_of_birth=dt.date(1998, 2, 3)
    )
    assert c.person == estimated
    assert "Born in 1996 (estimated age, ± 2 years)" in c.reasons


def test_three_years_apart_is_proposed_when_the_passport_number_matches():
    person = register("Ibrahima", "Sylla", dob=dt.date(1990, 6, 10))
    document_add(
        actor=None, person=person, kind="passport", number="GN1234567", issuing_country="GN"
    )
    [c] = find_duplicates(
        given_name="Ibrahima",
        family_name="Sylla",
        date_of_birth=dt.date(1993, 6, 10),
        document_numbers=["gn 123-4567"],
    )
    assert c.person == person
    assert c.reasons[0] == "Same passport number GN1234567"
    assert c.document_match
    assert c.score >= 90


def test_document_number_typed_with_spaces_and_dashes_matches():
    person = register("Moussa", "Kone", nationality="CI")
    document_add(actor=None, person=person, kind="lpc", number="CI-0045 8812", issuing_country="CI")
    [c] = find_duplicates(given_name="Unknown", document_numbers=["ci00458812"])
    assert c.person == person
    assert c.reasons[0].startswith("Same laissez-passer consulaire (LPC) number CI-0045 8812")


def test_document_match_ranks_before_a_perfect_name_match():
    namesake = register("Alpha", "Bah", dob=dt.date(1995, 1, 1))
    holder = register("Alfa", "Ba", dob=dt.date(1991, 1, 1), nationality="SN")
    document_add(
        actor=None, person=holder, kind="passport", number="A00112233", issuing_country="SN"
    )
    candidates = find_duplicates(
        given_name="Alpha",
        family_name="Bah",
        date_of_birth=dt.date(1995, 1, 1),
        nationality="GN",
        document_numbers=["A00112233"],
    )
    assert [c.person for c in candidates] == [holder, namesake]


def test_ranking_prefers_name_date_and_nationality_together():
    exact = register("Kadiatou", "Conde", dob=dt.date(2000, 4, 4), sex="F")
    near_year = register("Kadiatou", "Condé", dob=dt.date(2001, 8, 8), sex="F")
    other_country = register(
        "Kadiatou", "Conde", dob=dt.date(2000, 4, 4), sex="F", nationality="ML"
    )
    candidates = find_duplicates(
        given_name="Kadiatou",
        family_name="Conde",
        date_of_birth=dt.date(2000, 4, 4),
        nationality="GN",
    )
    # All three agreeing first; a nationality that differs weighs more than a birth year
    # one off (people are often registered under a nationality they claim).
    assert [c.person for c in candidates] == [exact, near_year, other_country]
    assert candidates[0].score > candidates[1].score > candidates[2].score


def test_a_common_given_name_alone_is_not_proposed():
    register("Mohamed", "Diallo", dob=dt.date(1994, 1, 1))
    register("Mohamed", "Camara", dob=dt.date(1994, 1, 1))
    register("Mohamed", "", dob=dt.date(1994, 2, 2))
    assert (
        find_duplicates(
            given_name="Mohamed", family_name="Osman", birth_year=1994, nationality="GN"
        )
        == []
    )


def test_a_single_word_name_needs_the_same_birth_date():
    awa = register("Awa", "", dob=dt.date(1990, 3, 3), sex="F")
    assert find_duplicates(given_name="Awa", birth_year=1990) == []
    [c] = find_duplicates(given_name="Awa", date_of_birth=dt.date(1990, 3, 3), nationality="GN")
    assert c.person == awa


def test_same_phone_is_a_reason():
    person = register("Bakary", "Doumbia", phone="+224 622 12 34 56")
    [c] = find_duplicates(given_name="Bakary", family_name="Doumbia", phone="+224622123456")
    assert c.person == person
    assert "Same phone" in c.reasons


def test_the_cases_of_a_candidate_are_listed(office_oujda):
    person = register("Salif", "Sangare", dob=dt.date(1985, 1, 1), nationality="ML")
    case = f.CaseFactory(reference="OUJ-2023-00007", office=office_oujda, status="counselling")
    f.MemberFactory(case=case, person=person)
    [c] = find_duplicates(given_name="Salif", family_name="Sangaré", birth_year=1985)
    [listed] = c.cases
    assert (listed.reference, listed.office_code, listed.status) == (
        "OUJ-2023-00007",
        "OUJ",
        "counselling",
    )
    assert listed.status_label == "Counselling"


def test_reasons_are_in_the_users_language():
    register("Mamadou", "Diallo", dob=dt.date(1994, 5, 2))
    with translation.override("fr"):
        [c] = find_duplicates(given_name="Mamadou", family_name="Djalo", birth_year=1994)
    assert c.reasons[0] == "Nom semblable : Mamadou Djalo ≈ Mamadou Diallo"
    assert "Même nationalité" not in c.reasons  # no nationality was given
    assert "Né(e) en 1994 (± 1 an)" in c.reasons


def test_query_count_does_not_grow_with_the_number_of_candidates(office_rabat):
    def run():
        with CaptureQueriesContext(connection) as ctx:
            result = find_duplicates(
                given_name="Mohamed",
                family_name="Osman",
                birth_year=1994,
                document_numbers=["SD7654321"],
            )
        return len(ctx.captured_queries), len(result)

    for _ in range(3):
        p = register("Mohamed", "Osman", dob=dt.date(1994, 1, 1))
        f.MemberFactory(case=f.CaseFactory(office=office_rabat), person=p)
    few_queries, few = run()
    for _ in range(20):
        p = register("Mohammed", "Osman", dob=dt.date(1994, 1, 1))
        f.MemberFactory(case=f.CaseFactory(office=office_rabat), person=p)
    many_queries, many = run()
    assert (few, many) == (3, 10)
    assert few_queries == many_queries <= 3


def test_exclude_leaves_out_the_person_being_edited():
    person = register("Hawa", "Kouyate", dob=dt.date(1999, 9, 9), sex="F")
    assert find_duplicates(given_name="Hawa", family_name="Kouyate", exclude=[person.pk]) == []


def test_a_shared_birth_certificate_number_is_no_evidence():
    a = register("Nene", "Sow", dob=dt.date(2001, 1, 1), sex="F")
    document_add(actor=None, person=a, kind="birth_certificate", number="12345/2001")
    assert (
        find_duplicates(given_name="Binta", family_name="Barry", document_numbers=["12345/2001"])
        == []
    )
