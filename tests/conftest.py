"""Shared fixtures: fast settings and the personas every access test uses."""

import os
import shutil

import pytest

from tests import factories as f


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        # demo users are stored with PBKDF2 by `awda load-demo`
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
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


# Playwright's sync API runs an event loop in the test thread; Django's ORM then refuses
# to run there unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def _browser():
    if not browser_available():
        if os.environ.get("AWDA_REQUIRE_BROWSER"):
            pytest.fail(
                "Chromium is required (AWDA_REQUIRE_BROWSER) but /usr/bin/chromium is missing"
            )
        pytest.skip("Chromium is not installed: apt-get install chromium (scripts/system-deps)")
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    """A fresh browser tab (desktop width) for one test."""
    context = _browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The full demo dataset, loaded once for a test module and flushed after it.

    Modules using it should also set `pytestmark = pytest.mark.xdist_group("demo")` so that
    their tests run together on one worker.
    """
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load-demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
