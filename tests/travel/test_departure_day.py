"""Departure day: the police see their post's manifest and record PVs, and nothing else of
the case; the movement officer ticks the checklist; when everyone boarded, the case departs."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awda.assistance.models import AssistanceRecord
from awda.protection.models import Vulnerability
from awda.travel.models import Passenger
from awda.travel.services import exit_authorisation_record, movement_book, passenger_check
from tests import factories as f
from tests.travel.conftest import flight, make_case, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SECRET_DETAIL = "Insuffisance rénale, dialyse trois fois par semaine"
ASSISTANCE_NOTE = "Kit alimentaire remis au foyer Bayti"


@pytest.fixture
def booked(case_worker, medical_officer, office_rabat, programme):
    from awda.travel.services import fitness_record

    case = make_case(
        case_worker,
        office_rabat,
        programme=programme,
        extra_members=[{"given_name": "Aminata", "relationship": "spouse", "birth_year": 1997}],
    )
    principal = case.members.get(relationship="principal").person
    Vulnerability.objects.create(
        case=case,
        person=principal,
        category="medical",
        sensitivity=1,
        details=SECRET_DETAIL,
        assessed_on=today(),
    )
    fitness_record(
        actor=medical_officer,
        case=case,
        person=principal,
        assessed_on=today(),
        outcome="fit",
    )
    AssistanceRecord.objects.create(
        case=case,
        type="food_kit",
        date=today(),
        provider=office_rabat,
        description=ASSISTANCE_NOTE,
    )
    movement = movement_book(
        actor=case_worker,
        case=case,
        mode="air",
        post="CMN",
        legs=flight(today()),
        booking_reference="PNR123",
        tickets={principal.pk: "147-2400000001"},
    )
    return movement


@pytest.fixture
def police_rba(db):
    org = f.OrganisationFactory(code="DGSN-RBA", name="DGSN Rabat-Salé", kind="police")
    return f.UserFactory(username="police_rba", organisation=org, role="police_officer")


def test_police_see_their_post_manifest_and_nothing_else(client, booked, police_user):
    client.force_login(police_user)
    departure = booked.departure
    listing = client.get(reverse("travel:departures"))
    assert listing.status_code == 200
    assert "AT571" in listing.content.decode()
    page = client.get(reverse("travel:departure", args=[departure.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "DIALLO" in html and "Aminata" in html
    principal = booked.case.members.get(relationship="principal").person
    assert principal.documents.get().number in html
    assert "147-2400000001" in html
    for hidden in (SECRET_DETAIL, ASSISTANCE_NOTE, "Besoins médicaux", "Medical needs", "fitness"):
        assert hidden not in html
    assert booked.case.reference not in html  # the case file is not theirs to browse
    # The case file itself shows them no vulnerability, assistance or travel section.
    case_page = client.get(reverse("web:case_detail", args=[booked.case.pk]))
    if case_page.status_code == 200:
        text = case_page.content.decode()
        assert SECRET_DETAIL not in text and ASSISTANCE_NOTE not in text
    # The API answers the same fields only.
    api = client.get(f"/api/travel/departures/{departure.pk}/manifest/").json()
    assert {e["family_name"] for e in api} == {"Diallo"}
    assert "per_diem_amount" not in api[0] and "case_reference" not in api[0]
    pdf = client.get(reverse("travel:manifest_pdf", args=[departure.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("travel:per_diem_pdf", args=[departure.pk])).status_code == 404


def test_police_of_another_post_see_nothing(client, booked, police_rba):
    client.force_login(police_rba)
    assert client.get(reverse("travel:departure", args=[booked.departure.pk])).status_code == 404
    passenger = booked.passengers.first()
    response = client.post(
        reverse("travel:exit_authorisation", args=[passenger.pk]),
        {f"pv{passenger.pk}-pv_number": "PV-1", f"pv{passenger.pk}-issued_on": str(today())},
    )
    assert response.status_code == 404
    assert client.get(f"/api/travel/departures/{booked.departure.pk}/manifest/").status_code == 404


def test_police_record_the_pv_through_the_page(client, booked, police_user):
    client.force_login(police_user)
    passenger = booked.passengers.first()
    response = client.post(
        reverse("travel:exit_authorisation", args=[passenger.pk]),
        {f"pv{passenger.pk}-pv_number": "", f"pv{passenger.pk}-issued_on": str(today())},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "PV" in response.content.decode()
    response = client.post(
        reverse("travel:exit_authorisation", args=[passenger.pk]),
        {
            f"pv{passenger.pk}-pv_number": "PV 2025/0042",
            f"pv{passenger.pk}-issued_on": str(today()),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "PV 2025/0042" in response.content.decode()
    assert Passenger.objects.get(pk=passenger.pk).exit_authorisation.pv_number == "PV 2025/0042"


def test_a_case_worker_cannot_record_a_pv(booked, case_worker):
    with pytest.raises(PermissionDenied):
        exit_authorisation_record(
            actor=case_worker, passenger=booked.passengers.first(), pv_number="X"
        )


def test_boarding_needs_check_in_and_pv_then_the_case_departs(booked, case_worker, police_user):
    first, second = list(booked.passengers.order_by("id"))
    with pytest.raises(ValidationError) as refused:
        passenger_check(actor=case_worker, passenger=first, step="boarded")
    assert "check-in" in refused.value.messages[0] and "PV" in refused.value.messages[0]
    with pytest.raises(ValidationError) as unsigned:
        passenger_check(actor=case_worker, passenger=first, step="per_diem", amount=Decimal("100"))
    assert "receipt_signed" in unsigned.value.message_dict
    for p in (first, second):
        exit_authorisation_record(actor=police_user, passenger=p, pv_number=f"PV-{p.pk}")
        for step in ("escorted", "checked_in", "currency_exchanged"):
            passenger_check(actor=case_worker, passenger=p, step=step)
        passenger_check(
            actor=case_worker,
            passenger=p,
            step="per_diem",
            amount=Decimal("100"),
            currency="usd",
            receipt_signed=True,
        )
    passenger_check(actor=case_worker, passenger=first, step="boarded")
    booked.case.refresh_from_db()
    assert booked.case.status == "booked"  # one person still to board
    passenger_check(actor=case_worker, passenger=second, step="boarded")
    booked.refresh_from_db()
    booked.case.refresh_from_db()
    assert booked.status == "departed"
    assert booked.case.status == "departed"
    assert booked.case.departure_date == today()
    assert list(booked.passengers.values_list("per_diem_amount", "per_diem_currency")) == [
        (Decimal("100.00"), "USD"),
        (Decimal("100.00"), "USD"),
    ]
    # The checklist is closed once the group has left.
    with pytest.raises(ValidationError):
        passenger_check(actor=case_worker, passenger=first, step="boarded", done=False)


def test_checklist_is_for_the_day_of_departure(case_worker, office_rabat, programme):
    case = make_case(case_worker, office_rabat, programme=programme)
    movement = movement_book(
        actor=case_worker,
        case=case,
        mode="air",
        post="CMN",
        legs=flight(today() + dt.timedelta(days=3)),
    )
    with pytest.raises(ValidationError) as refused:
        passenger_check(actor=case_worker, passenger=movement.passengers.get(), step="escorted")
    assert "day of departure" in refused.value.messages[0]


def test_checklist_page_ticks_with_htmx(client, booked, case_worker):
    client.force_login(case_worker)
    passenger = booked.passengers.first()
    url = reverse("travel:passenger_check", args=[passenger.pk, "checked_in"])
    response = client.post(url, {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="passenger-{passenger.pk}"' in response.content.decode()
    assert Passenger.objects.get(pk=passenger.pk).checked_in_at is not None
    refused = client.post(
        reverse("travel:passenger_check", args=[passenger.pk, "boarded"]),
        {"done": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 400
    assert "PV" in refused.content.decode()


def test_other_office_cannot_open_the_manifest(client, booked, case_worker_oujda):
    client.force_login(case_worker_oujda)
    assert client.get(reverse("travel:departure", args=[booked.departure.pk])).status_code == 404
    assert client.get(reverse("travel:case", args=[booked.case.pk])).status_code == 404


def _png_is_not_blank(path) -> bool:
    from PIL import Image

    image = Image.open(path).convert("L")
    lo, hi = image.getextrema()
    dark = sum(image.histogram()[:128])
    return hi - lo > 100 and dark > 500


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("document", ["manifest_pdf", "per_diem_pdf"])
def test_manifest_and_receipt_pdfs_render(
    client, booked, case_worker, tmp_path, language, document
):
    from pypdf import PdfReader

    from tests.browser import ARTIFACTS

    case_worker.language = language
    case_worker.save()
    client.force_login(case_worker)
    client.cookies["django_language"] = language
    response = client.get(
        reverse(f"travel:{document}", args=[booked.departure.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(response.content)
    text = PdfReader(str(pdf)).pages[0].extract_text()
    assert "DIALLO" in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 0
    assert _png_is_not_blank(png)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, ARTIFACTS / f"travel_{document}_{language}.png")


def test_police_case_scope_is_their_posts_manifests(booked, police_user, police_rba, case_worker):
    from django.http import Http404

    from awda.cases.selectors import case_get_for_user
    from awda.travel.models import Movement

    assert case_get_for_user(police_user, booked.case.pk) == booked.case
    with pytest.raises(Http404):
        case_get_for_user(police_rba, booked.case.pk)
    # A departure of last week is no longer theirs to read.
    Movement.objects.filter(pk=booked.pk).update(status="departed")
    booked.departure.__class__.objects.filter(pk=booked.departure_id).update(
        date=today() - dt.timedelta(days=7)
    )
    with pytest.raises(Http404):
        case_get_for_user(police_user, booked.case.pk)
