"""A case worker's day in a real browser: register a family, record the declaration, move
the case along, meet a refused step, then the same pages in Arabic and on a tablet."""

import re

import pytest
from playwright.sync_api import expect

from awda.cases.models import Case
from tests.browser import login, screenshot, submit
from tests.web.helpers import register_case

pytestmark = pytest.mark.browser


def fill_person(page, i: int, **values) -> None:
    for name, value in values.items():
        if name == "sex":
            page.check(f"input[name=p{i}-sex][value={value}]")
        elif name in ("nationality", "relationship", "residence_region"):
            page.select_option(f"[name=p{i}-{name}]", value)
        else:
            page.fill(f"[name=p{i}-{name}]", value)


@pytest.mark.django_db(transaction=True)
def test_register_a_family_then_declaration_workflow_and_refusal(page, live_server, case_worker):
    login(page, live_server, "cw_rabat")
    page.goto(f"{live_server.url}/register/")
    expect(page.locator("h1")).to_have_text("Enregistrer une personne ou un groupe")
    page.check("input[name=reasons][value=lack_of_resources]")
    page.check("input[name=reasons][value=family]")
    fill_person(
        page,
        0,
        given_name="Kadiatou",
        family_name="Keita",
        sex="F",
        date_of_birth="1992-06-14",
        nationality="ML",
        phone="06 12 34 56 78",
        residence_city="Casablanca",
    )
    page.select_option("[name=p0-d0-kind]", "passport")
    page.fill("[name=p0-d0-number]", "ML884411")
    page.select_option("[name=p0-d0-issuing_country]", "ML")
    page.fill("[name=p0-d0-expires_on]", "2031-05-01")

    page.get_by_role("button", name="Ajouter un membre").click()
    page.wait_for_selector("[name=p1-given_name]")
    fill_person(
        page, 1, relationship="spouse", given_name="Oumar", family_name="Keita", sex="M",
        age="38", nationality="ML",
    )  # fmt: skip
    page.get_by_role("button", name="Ajouter un membre").click()
    page.wait_for_selector("[name=p2-given_name]")
    fill_person(
        page, 2, relationship="child", given_name="Fatoumata", family_name="Keita", sex="F",
        date_of_birth="2019-09-01", nationality="ML",
    )  # fmt: skip
    screenshot(page, "intake_family_fr")
    page.get_by_role("button", name="Vérifier les doublons et enregistrer").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))

    case = Case.objects.get()
    assert case.members.count() == 3
    expect(page.locator(".messages")).to_contain_text(
        f"Le dossier {case.reference} est enregistré."
    )
    expect(page.locator("#section-people")).to_contain_text("Fatoumata")
    expect(page.locator("#section-people")).to_contain_text("Enfant")
    screenshot(page, "case_file_registered_fr")

    # The voluntary-return declaration.
    declaration = page.locator("#section-declaration")
    declaration.get_by_label("Langue dans laquelle l'information a été donnée").fill("Bambara")
    declaration.get_by_label("Version de la fiche d'information").fill("2024-01")
    submit(page, declaration.get_by_role("button", name="Enregistrer la déclaration"))
    expect(page.locator(".messages")).to_contain_text(
        "La déclaration de retour volontaire est enregistrée."
    )
    expect(page.locator("#section-declaration")).to_contain_text("signée et valide")
    screenshot(page, "case_file_declaration_fr")

    # Move the case forward through three steps.
    for button, status in (
        ("Commencer le conseil", "Conseil"),
        ("Commencer l'examen", "Examen de l'éligibilité et des vulnérabilités"),
        ("Confirmer l'éligibilité", "Documents de voyage"),
    ):
        submit(page, page.locator(".case-actions").get_by_role("button", name=button))
        expect(page.locator(".case-head .badge")).to_have_text(status)
    case.refresh_from_db()
    assert case.status == "travel_documents"

    # The next step is refused: the spouse and the child have no travel document yet.
    ready = page.locator(".case-actions").get_by_role("button", name="Documents de voyage prêts")
    expect(ready).to_be_disabled()
    expect(page.locator("#why-mark_ready")).to_contain_text(
        "Oumar Keita n'a ni passeport ni laissez-passer consulaire."
    )
    expect(page.locator("#section-timeline")).to_contain_text("Confirmer l'éligibilité")
    screenshot(page, "case_file_refused_reason_fr")


@pytest.mark.django_db(transaction=True)
def test_arabic_pages_are_right_to_left_and_translated(
    page, live_server, case_worker, office_rabat
):
    case = register_case(case_worker, office_rabat, given_name="Awa", family_name="Camara")
    login(page, live_server, "cw_rabat")
    with page.expect_navigation():
        page.select_option("#lang-select", "ar")  # submits the language form on change
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    expect(page.locator("h1")).to_have_text("عملي")  # My work
    screenshot(page, "home_ar")

    page.goto(f"{live_server.url}/cases/")
    expect(page.locator("h1")).to_have_text("الملفات")
    expect(page.get_by_label("بحث")).to_be_visible()  # the search box, labelled in Arabic
    expect(page.locator(".case-table")).to_contain_text("غينيا")  # Guinea
    screenshot(page, "case_list_ar")

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.get_attribute("html", "dir") == "rtl"
    expect(page.locator("#section-people-title")).to_have_text("الأشخاص")
    expect(page.locator(".case-actions")).to_contain_text("بدء الإرشاد")  # Start counselling
    # The language follows the user: stored on the account.
    case_worker.refresh_from_db()
    assert case_worker.language == "ar"
    screenshot(page, "case_file_ar")


@pytest.mark.django_db(transaction=True)
def test_intake_and_case_file_fit_a_tablet(page, live_server, case_worker, office_rabat):
    case = register_case(
        case_worker,
        office_rabat,
        members=[("child", {"given_name": "Aminata", "sex": "F", "birth_year": 2018})],
        passport="GN7000001",
    )
    page.set_viewport_size({"width": 1024, "height": 768})
    login(page, live_server, "cw_rabat")
    for url, name in ((f"/cases/{case.pk}/", "case_file_1024"), ("/register/", "intake_1024"),
                      ("/cases/", "case_list_1024")):  # fmt: skip
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 1024, f"{url} scrolls sideways ({overflow}px)"
        screenshot(page, name)
    # Keyboard: the skip link is the first stop and the focus is visible.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
