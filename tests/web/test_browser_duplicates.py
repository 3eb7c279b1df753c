"""Registering someone the demo already holds, under another spelling, proposes them."""

import re

import pytest
from playwright.sync_api import expect

from awda.cases.models import Case
from awda.demo.known import KNOWN_PEOPLE
from awda.people.models import Person
from tests.browser import login, screenshot, submit

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo")]


@pytest.mark.django_db(transaction=True)
def test_the_seeded_person_is_proposed_and_linked(demo_data, page, live_server, settings):
    # The demo users were hashed (PBKDF2) before the test's fast MD5-only setting applied.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    spec = next(p for p in KNOWN_PEOPLE if p["family_name"] == "Osman")
    seeded = Person.objects.get(
        given_name=spec["given_name"],
        family_name=spec["family_name"],
        date_of_birth=spec["date_of_birth"],
    )
    persons_before = Person.objects.count()
    cases_before = Case.objects.count()

    login(page, live_server, "cw.rabat", password="awda-demo")
    page.goto(f"{live_server.url}/register/")
    page.check("input[name=reasons][value=lack_of_resources]")
    page.fill("[name=p0-given_name]", "Muhammad")  # seeded as "Mohammed Osman"
    page.fill("[name=p0-family_name]", "Usman")
    page.check("input[name=p0-sex][value=M]")
    page.fill("[name=p0-date_of_birth]", spec["date_of_birth"].isoformat())
    page.select_option("[name=p0-nationality]", spec["nationality"])
    submit(page, page.get_by_role("button", name="Vérifier les doublons et enregistrer"))

    expect(page.locator(".notice.warn")).to_contain_text("Des personnes similaires")
    candidate = page.locator(f"label[for=p0-match-{seeded.pk}]")
    expect(candidate).to_contain_text("Mohammed Osman")
    expect(candidate).to_contain_text("Muhammad Usman ≈ Mohammed Osman")  # why it matched
    expect(candidate).to_contain_text("Même date de naissance")
    expect(candidate).to_contain_text(seeded.memberships.get().case.reference)
    assert Case.objects.count() == cases_before  # nothing saved yet
    screenshot(page, "intake_duplicate_proposed_fr")

    candidate.click()
    page.get_by_role("button", name="Enregistrer le dossier").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.order_by("-pk").first()
    assert Case.objects.count() == cases_before + 1
    assert Person.objects.count() == persons_before  # linked, not created again
    assert case.members.get().person == seeded
    expect(page.locator("#section-people")).to_contain_text("محمد عثمان")
    screenshot(page, "case_file_linked_person_fr")
