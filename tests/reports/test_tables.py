"""Report tables computed from crafted cases: the counting rules a reader relies on."""

import datetime as dt

import pytest

from awda.reports.params import ReportParams
from awda.reports.selectors import TABLES_BY_CODE, build_table
from awda.reports.services import facts_rebuild
from tests.reports.helpers import add_case

D = dt.date


def values(table):
    return {
        row.key: {c.key: cell.value for c, cell in zip(table.columns, cells, strict=True)}
        for row, cells in table.rows
    }


@pytest.fixture
def data(office_rabat, office_oujda):
    # A family to Guinea: woman 30, girl 8, boy 17 at departure; applied 2021, left 2022.
    add_case(
        office_rabat,
        [("F", D(1992, 1, 1), "GN"), ("F", D(2014, 3, 1), "GN"), ("M", D(2005, 6, 1), "GN")],
        application_date=D(2021, 11, 2),
        departure_date=D(2022, 3, 10),
        reasons=["lack_of_resources", "family"],
        vulnerabilities=[(0, "single_parent"), (1, "medical")],
    )
    # A man who turns 18 the day before departure: an adult on the departure date.
    add_case(
        office_oujda,
        [("M", D(2004, 5, 9), "CI")],
        application_date=D(2022, 1, 5),
        departure_date=D(2022, 5, 10),
        reasons=["lack_of_resources"],
    )
    # Applied in 2022, not departed.
    add_case(
        office_rabat,
        [("M", D(1980, 1, 1), "SN")],
        status="withdrawn",
        application_date=D(2022, 4, 1),
    )
    # Departed in 2021.
    add_case(
        office_rabat,
        [("M", D(1990, 1, 1), "GN")],
        application_date=D(2021, 1, 1),
        departure_date=D(2021, 6, 1),
    )
    # Inbound Moroccan from Türkiye, assisted for reintegration.
    add_case(
        office_rabat,
        [("M", D(1995, 1, 1), "MA")],
        case_type="inbound",
        status="reintegration",
        application_date=D(2022, 1, 1),
        arrival_date=D(2022, 2, 1),
        host_country="TR",
        settlement_region="04",
    )
    add_case(
        office_rabat,
        [("F", D(1999, 1, 1), "MA")],
        case_type="inbound",
        status="arrived",
        application_date=D(2022, 1, 1),
        arrival_date=D(2022, 2, 1),
        host_country="TN",
        settlement_region="06",
    )
    add_case(
        office_rabat,
        [("F", D(1980, 1, 1), "SY"), ("M", D(1978, 1, 1), "SY")],
        case_type="resettlement",
        status="arrived",
        application_date=D(2021, 1, 1),
        departure_date=D(2022, 9, 1),
        destination_country="CA",
    )
    facts_rebuild()


def build(code, **kw):
    return build_table(TABLES_BY_CODE[code], ReportParams.for_year(2022, **kw))


def test_applicants_and_returns_split_men_women_boys_girls_on_their_own_dates(data):
    v = values(build("applicants_returns"))
    # applicants 2022: the Ivorian (17 on application: a boy) and the Senegalese man.
    assert v["applicants"] == {"men": 1, "women": 0, "boys": 1, "girls": 0, "total": 2}
    # returns 2022: the family (woman, girl, boy) and the Ivorian, 18 on departure: a man.
    assert v["returns"] == {"men": 1, "women": 1, "boys": 1, "girls": 1, "total": 4}


def test_returns_by_country_and_sex_with_shares(data):
    v = values(build("returns_by_country"))
    assert v["GN"] == {"f": 2, "m": 1, "total": 3, "share": 75.0}
    assert v["CI"] == {"f": 0, "m": 1, "total": 1, "share": 25.0}
    assert v["__total__"]["total"] == 4


def test_office_filter(data, office_oujda):
    v = values(build("returns_by_country", office_id=office_oujda.pk))
    assert set(v) == {"CI", "__total__"}


def test_age_bands_are_the_published_ones_by_default_and_can_change(data):
    table = build("returns_age_sex")
    labels = [str(r.label).strip("\u2066\u2069") for r in table.data.rows]
    assert labels == ["0–10", "11–18", "19–35", "36–65", "> 65", "Total"]
    v = values(table)
    assert v["0"] == {"f": 1, "m": 0, "total": 1}
    assert v["1"] == {"f": 0, "m": 2, "total": 2}
    assert v["2"] == {"f": 1, "m": 0, "total": 1}
    from awda.reports.params import parse_bands

    other = values(build("returns_age_sex", bands=parse_bands("0-17,18+")))
    assert other["0"]["total"] == 2 and other["1"]["total"] == 2


def test_nationality_by_year_since_first_recorded_year(data):
    table = build("returns_by_year")
    assert [c.key for c in table.columns] == ["2021", "2022", "total"]
    v = values(table)
    assert v["GN"] == {"2021": 1, "2022": 3, "total": 4}
    assert v["__total__"] == {"2021": 1, "2022": 4, "total": 5}


def test_reasons_count_cases_cumulatively(data):
    v = values(build("return_reasons"))
    assert v["lack_of_resources"] == {"cases": 2, "share": 100.0}
    assert v["family"] == {"cases": 1, "share": 50.0}


def test_vulnerabilities_count_persons(data):
    v = values(build("vulnerabilities"))
    assert v["medical"] == {"f": 1, "m": 0, "total": 1, "share": 25.0}
    assert v["single_parent"]["total"] == 1
    assert v["any"]["total"] == 2


def test_inbound_tables(data):
    v = values(build("inbound_by_host"))
    assert v["TR"]["m"] == 1 and v["TN"]["f"] == 1 and v["__total__"]["total"] == 2
    assisted = values(build("inbound_assisted_by_host"))
    assert set(assisted) == {"TR", "__total__"}
    regions = values(build("inbound_by_region"))
    assert regions["04"]["total"] == 1 and regions["06"]["total"] == 1


def test_resettlement_by_destination(data):
    v = values(build("resettlement_by_country"))
    assert v["CA"] == {"f": 1, "m": 1, "total": 2, "share": 100.0}


def test_facts_follow_committed_changes(office_rabat, django_capture_on_commit_callbacks):
    from awda.cases.models import Case

    with django_capture_on_commit_callbacks(execute=True):
        case = add_case(
            office_rabat,
            [("M", D(1990, 1, 1), "ML")],
            status="booked",
            application_date=D(2022, 1, 3),
        )
    assert values(build("returns_by_country")) == {
        "__total__": {"f": 0, "m": 0, "total": 0, "share": None}
    }
    with django_capture_on_commit_callbacks(execute=True):
        Case.objects.get(pk=case.pk).__class__.objects.filter(pk=case.pk)  # no-op read
        c = Case.objects.get(pk=case.pk)
        c.status, c.departure_date = "departed", D(2022, 7, 1)
        c.save()
    assert values(build("returns_by_country"))["ML"]["total"] == 1


def test_yearly_summary_follows_changes_and_partial_years(
    data, office_rabat, django_capture_on_commit_callbacks
):
    from awda.cases.models import Case

    with django_capture_on_commit_callbacks(execute=True):
        case = add_case(
            office_rabat,
            [("M", D(1990, 1, 1), "GN"), ("F", D(1991, 1, 1), "GN")],
            application_date=D(2022, 1, 3),
            departure_date=D(2022, 11, 5),
        )
    assert values(build("returns_by_year"))["GN"]["2022"] == 5
    with django_capture_on_commit_callbacks(execute=True):
        c = Case.objects.get(pk=case.pk)
        c.departure_date = D(2021, 11, 5)
        c.save()
    v = values(build("returns_by_year"))
    assert v["GN"] == {"2021": 3, "2022": 3, "total": 6}
    # A period ending mid-year counts that year up to its end only.
    short = build_table(
        TABLES_BY_CODE["returns_by_year"], ReportParams(start=D(2022, 1, 1), end=D(2022, 3, 31))
    )
    assert values(short)["GN"] == {"2021": 3, "2022": 3, "total": 6}
    shorter = build_table(
        TABLES_BY_CODE["returns_by_year"], ReportParams(start=D(2022, 1, 1), end=D(2022, 3, 9))
    )
    assert values(shorter)["GN"] == {"2021": 3, "2022": 0, "total": 3}
