"""Fixtures for reintegration: missions of countries of origin, their officers, and cases
that have departed from Morocco (departure through the workflow, so the handover runs)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awda.cases.services import case_transition
from tests import factories as f


@pytest.fixture
def mission_guinea(db):
    return f.OrganisationFactory(
        code="MIS-GN", name="OIM Guinée", kind="iom_mission", country="GN", city="Conakry"
    )


@pytest.fixture
def mission_senegal(db):
    return f.OrganisationFactory(
        code="MIS-SN", name="OIM Sénégal", kind="iom_mission", country="SN", city="Dakar"
    )


@pytest.fixture
def mission_officer(mission_guinea):
    return f.UserFactory(username="mission_gn", organisation=mission_guinea, role="mission_officer")


@pytest.fixture
def mission_approver(mission_guinea):
    return f.UserFactory(
        username="mission_gn_head", organisation=mission_guinea, role="mission_officer"
    )


@pytest.fixture
def mission_officer_senegal(mission_senegal):
    return f.UserFactory(
        username="mission_sn", organisation=mission_senegal, role="mission_officer"
    )


def departed_case(office, *, nationality="GN", names=("Mamadou",), departed_on=None, sexes=None):
    """A case of `names` (the first is the principal) that departed on `departed_on`."""
    departed_on = departed_on or dt.date.today() - dt.timedelta(days=3)
    case = f.CaseFactory(
        office=office,
        status="booked",
        country_of_origin=nationality,
        destination_country=nationality,
        application_date=departed_on - dt.timedelta(days=60),
    )
    for i, name in enumerate(names):
        person = f.PersonFactory(
            given_name=name, nationality=nationality, sex=(sexes or "M" * len(names))[i]
        )
        f.MemberFactory(case=case, person=person, relationship="principal" if i == 0 else "spouse")
    case_transition(case=case, action="depart", actor=None, date=departed_on)
    case.refresh_from_db()
    return case


@pytest.fixture
def make_departed(office_rabat, mission_guinea):
    def make(**kwargs):
        return departed_case(office_rabat, **kwargs)

    return make


def pdf_upload(name="receipt.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test receipt\n", content_type="application/pdf")


def png_upload(name="photo.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Service messages are asserted in English (pages render in the user's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
