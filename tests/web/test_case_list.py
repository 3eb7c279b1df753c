import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awda.cases.selectors import CaseFilters, CaseListPages, case_list
from awda.cases.services import case_transition
from awda.protection.models import Vulnerability
from tests import factories as f
from tests.web.helpers import register_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def rabat_cases(case_worker, office_rabat):
    """Three cases of the Rabat office, with people a case worker would search for."""
    diallo = register_case(
        case_worker,
        office_rabat,
        given_name="Mamadou",
        family_name="Diallo",
        sex="M",
        date_of_birth=dt.date(1994, 5, 12),
        passport="GN 123-4567",
        phone="0661234567",
        application_date=dt.date(2026, 3, 1),
    )
    camara = register_case(
        case_worker,
        office_rabat,
        given_name="Awa",
        family_name="Camara",
        nationality="CI",
        application_date=dt.date(2026, 2, 1),
        members=[("child", {"given_name": "Fanta", "sex": "F", "birth_year": 2019})],
    )
    osman = register_case(
        case_worker,
        office_rabat,
        given_name="Mohammed",
        family_name="Osman",
        sex="M",
        nationality="SD",
        application_date=dt.date(2026, 1, 1),
    )
    return {"diallo": diallo, "camara": camara, "osman": osman}


def refs(qs):
    return [c.reference for c in qs]


def test_search_by_name_spelling_document_phone_and_reference(case_worker, rabat_cases):
    diallo = rabat_cases["diallo"]
    for q in ["Diallo", "mamadou diallo", "Mamadou Dialo", "GN1234567", "+212661234567"]:
        assert refs(case_list(case_worker, CaseFilters(q=q))) == [diallo.reference], q
    assert refs(case_list(case_worker, CaseFilters(q=diallo.reference.lower()))) == [
        diallo.reference
    ]
    assert refs(case_list(case_worker, CaseFilters(q="Muhammad Usman"))) == [
        rabat_cases["osman"].reference
    ]
    assert refs(case_list(case_worker, CaseFilters(q="Zzyzx Qwrtp"))) == []


def test_search_of_a_name_in_two_offices_finds_only_the_users_cases(
    case_worker, rabat_cases, office_oujda
):
    oujda_worker = f.UserFactory(organisation=office_oujda, role="case_worker")
    oujda = register_case(
        oujda_worker, office_oujda, given_name="Ibrahima", family_name="Diallo", sex="M"
    )
    for q in ["Diallo", "Dialo", "GN1234567"]:
        rabat = refs(case_list(case_worker, CaseFilters(q=q)))
        assert rabat == [rabat_cases["diallo"].reference], q
        assert refs(case_list(oujda_worker, CaseFilters(q=q))) == (
            [oujda.reference] if q != "GN1234567" else []
        ), q
        pages = CaseListPages(oujda_worker, CaseFilters(q=q))
        assert pages.count() == (0 if q == "GN1234567" else 1)


def test_member_filters_find_the_family_with_a_young_child(case_worker, rabat_cases):
    found = case_list(case_worker, CaseFilters(age_band="0-10"))
    assert refs(found) == [rabat_cases["camara"].reference]
    assert refs(case_list(case_worker, CaseFilters(nationality="SD"))) == [
        rabat_cases["osman"].reference
    ]
    assert refs(case_list(case_worker, CaseFilters(sex="F", age_band="19-35"))) == []


def test_sorting_and_rows_carry_the_principal(case_worker, rabat_cases):
    by_name = case_list(case_worker, CaseFilters(sort="name"))
    assert [c.principal_family_name for c in by_name] == ["Camara", "Diallo", "Osman"]
    by_date = case_list(case_worker, CaseFilters(sort="application_date"))
    assert [c.principal_family_name for c in by_date] == ["Osman", "Camara", "Diallo"]
    camara = next(c for c in by_name if c.principal_family_name == "Camara")
    assert camara.member_count == 2


def test_status_and_date_filters(case_worker, rabat_cases):
    case_transition(case=rabat_cases["osman"], action="start_counselling", actor=case_worker)
    assert refs(case_list(case_worker, CaseFilters(status=("counselling",)))) == [
        rabat_cases["osman"].reference
    ]
    window = CaseFilters(applied_from=dt.date(2026, 1, 15), applied_to=dt.date(2026, 2, 15))
    assert refs(case_list(case_worker, window)) == [rabat_cases["camara"].reference]


def test_vulnerability_filter_respects_clearance(case_worker, rabat_cases, office_rabat):
    case = rabat_cases["diallo"]
    person = case.members.get().person
    Vulnerability.objects.create(
        case=case, person=person, category="trafficking", sensitivity=2, assessed_on=dt.date.today()
    )
    # A case worker (clearance 1) may not learn who is a trafficking victim by filtering.
    assert list(case_list(case_worker, CaseFilters(vulnerability="trafficking"))) == []
    manager = f.UserFactory(username="manager", organisation=office_rabat, role="office_manager")
    assert refs(case_list(manager, CaseFilters(vulnerability="trafficking"))) == [case.reference]


def test_list_page_filters_from_the_url(client, case_worker, rabat_cases):
    client.force_login(case_worker)
    response = client.get(reverse("web:case_list"), {"q": "Camara", "sort": "name"})
    assert response.status_code == 200
    body = response.content.decode()
    assert rabat_cases["camara"].reference in body
    assert rabat_cases["diallo"].reference not in body
    assert 'value="Camara"' in body  # the search box keeps the query


def test_a_bad_date_filter_is_flagged_and_the_rest_still_applies(client, case_worker, rabat_cases):
    client.force_login(case_worker)
    response = client.get(reverse("web:case_list"), {"q": "Camara", "applied_from": "31/02/x"})
    body = response.content.decode()
    assert rabat_cases["camara"].reference in body
    assert rabat_cases["diallo"].reference not in body
    assert 'id="id_applied_from_error"' in body


def test_htmx_request_gets_only_the_results(client, case_worker, rabat_cases):
    client.force_login(case_worker)
    response = client.get(
        reverse("web:case_list"),
        {"q": "Osman"},
        headers={"HX-Request": "true", "HX-Target": "case-results"},
    )
    body = response.content.decode()
    assert "<html" not in body
    assert rabat_cases["osman"].reference in body


def test_case_list_page_runs_the_same_queries_whatever_the_page_size(
    client, case_worker, office_rabat
):
    # 120 cases with families of two: a full page at either size.
    for i in range(120):
        register_case(
            case_worker,
            office_rabat,
            given_name=f"Person{i}",
            family_name="Keita",
            members=[("spouse", {"given_name": f"Spouse{i}", "sex": "M", "birth_year": 1988})],
        )
    client.force_login(case_worker)
    url = reverse("web:case_list")
    client.get(url)  # first-request caches (content types, session)
    counts = {}
    for size in (25, 100):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"per_page": size, "sort": "name", "q": "Keita"})
        assert response.status_code == 200
        assert len(re.findall(r'href="/cases/\d+/"', response.content.decode())) == size
        counts[size] = len(ctx.captured_queries)
    assert counts[25] == counts[100]
    # Session, user, their organisation, programmes (a filter), the people found by the
    # search and their cases, the count, the ids of the page, the rows of the page.
    assert counts[100] <= 9, counts


def test_export_csv_and_xlsx_follow_the_filters(client, case_worker, rabat_cases):
    client.force_login(case_worker)
    response = client.get(reverse("web:case_export", args=["csv"]), {"q": "Camara"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Référence"  # French, the user's language
    assert len(rows) == 2 and rows[1][0] == rabat_cases["camara"].reference
    assert "Téléphone" in rows[0]

    response = client.get(reverse("web:case_export", args=["xlsx"]), {"sort": "name"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    values = list(sheet.values)
    assert [r[0] for r in values[1:]] == [
        rabat_cases[k].reference for k in ("camara", "diallo", "osman")
    ]


def test_export_columns_follow_what_the_role_may_see(client, consulate_guinea, office_rabat):
    worker = f.UserFactory(username="cw_x", organisation=office_rabat, role="case_worker")
    register_case(worker, office_rabat, given_name="Alpha", family_name="Bah", phone="0661111111")
    # A consulate may not export (no capability); an M&E officer gets no phone column.
    client.force_login(consulate_guinea)
    assert client.get(reverse("web:case_export", args=["csv"])).status_code == 404
    me = f.UserFactory(
        username="me2",
        organisation=f.OfficeFactory(code="IOM-MA", kind="iom_office"),
        role="me_officer",
    )
    client.force_login(me)
    response = client.get(reverse("web:case_export", args=["csv"]))
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert "Téléphone" not in header and "Référence" in header


def test_export_is_audited(client, case_worker, rabat_cases):
    from awda.audit.models import AuditEvent

    client.force_login(case_worker)
    b"".join(client.get(reverse("web:case_export", args=["csv"])).streaming_content)
    event = AuditEvent.objects.filter(verb="case_list.export").get()
    assert event.actor == case_worker


def test_list_page_sorts_by_name_both_ways_and_paginates(client, case_worker, rabat_cases):
    client.force_login(case_worker)
    url = reverse("web:case_list")

    def references(**params):
        body = client.get(url, params).content.decode()
        return re.findall(r'<a href="/cases/\d+/"><bdi>([A-Z]+-\d+-\d+)</bdi>', body)

    order = [rabat_cases[k].reference for k in ("camara", "diallo", "osman")]
    assert references(sort="name") == order
    assert references(sort="-name") == order[::-1]
    assert references(sort="reference") == sorted(order)
    # A slice further down keeps the same order (what page 2 of a long list reads).
    pages = CaseListPages(case_worker, CaseFilters(sort="name"))
    assert pages.count() == 3
    assert [c.reference for c in pages[1:3]] == order[1:]
