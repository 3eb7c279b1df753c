"""Shared fixtures: fast settings and the personas every access test uses."""

import os
import shutil

import pytest

from tests import factories as f


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture
def office_rabat(db):
    return f.OfficeFactory(code="RBA", name="OIM Rabat", city="Rabat")


@pytest.fixture
def office_oujda(db):
    return f.OfficeFactory(code="OUJ", name="OIM Oujda", city="Oujda")


@pytest.fixture
def case_worker(office_rabat):
    return f.UserFactory(username="cw_rabat", organisation=office_rabat, role="case_worker")


@pytest.fixture
def case_worker_oujda(office_oujda):
    return f.UserFactory(username="cw_oujda", organisation=office_oujda, role="case_worker")


@pytest.fixture
def consulate_guinea(db):
    org = f.OrganisationFactory(
        code="CONS-GIN", name="Consulat de Guinée", kind="consulate", country="GN"
    )
    return f.UserFactory(username="consul_gin", organisation=org, role="consulate_officer")


@pytest.fixture
def police_user(db):
    org = f.OrganisationFactory(code="DGSN-CMN", name="DGSN Aéroport Mohammed V", kind="police")
    return f.UserFactory(username="police", organisation=org, role="police_officer")


@pytest.fixture
def ngo_user(db):
    org = f.OrganisationFactory(code="NGO-ALCS", name="ALCS", kind="ngo", country="MA")
    return f.UserFactory(username="ngo", organisation=org, role="partner_worker")


@pytest.fixture
def donor_user(db):
    org = f.OrganisationFactory(code="DONOR-EU", name="Union européenne", kind="donor")
    return f.UserFactory(username="donor", organisation=org, role="donor_viewer")


@pytest.fixture
def me_officer(db):
    org = f.OrganisationFactory(code="IOM-MA", name="OIM Maroc (national)", kind="iom_office")
    return f.UserFactory(username="me", organisation=org, role="me_officer")


def browser_available() -> bool:
    return shutil.which("chromium") is not None or os.path.exists("/usr/bin/chromium")
