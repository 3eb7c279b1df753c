import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from awda.cases.models import Case
from awda.protection.models import VoluntaryReturnDeclaration
from tests import factories as f
from tests.web.helpers import register_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(case_worker, office_rabat):
    return register_case(
        case_worker,
        office_rabat,
        given_name="Mamadou",
        family_name="Diallo",
        sex="M",
        passport="GN7654321",
        phone="0661234567",
        members=[("child", {"given_name": "Aminata", "sex": "F", "birth_year": 2018})],
    )


def page(client, user, case):
    client.force_login(user)
    return client.get(reverse("web:case_detail", args=[case.pk]))


# --- Who may open a case file -------------------------------------------------------------


def test_case_worker_of_the_office_sees_every_section(client, case_worker, case):
    response = page(client, case_worker, case)
    assert response.status_code == 200
    body = response.content.decode()
    for anchor in ("people", "documents", "declaration", "timeline", "vulnerabilities"):
        assert f'id="section-{anchor}"' in body
    assert "Aminata" in body and "GN7654321" in body and "+212661234567" in body


@pytest.mark.parametrize(
    "persona", ["case_worker_oujda", "consulate_guinea", "donor_user", "police_user", "ngo_user"]
)
def test_outsiders_get_404_on_a_case_that_is_not_theirs(client, request, case, persona):
    outsider = request.getfixturevalue(persona)
    assert page(client, outsider, case).status_code == 404
    client.force_login(outsider)
    for url in (
        reverse("web:case_transition", args=[case.pk, "start_counselling"]),
        reverse("web:declaration_sign", args=[case.pk]),
        reverse("web:document_add", args=[case.pk]),
    ):
        assert client.post(url, {}).status_code == 404
    case.refresh_from_db()
    assert case.status == "registered"


def test_consulate_of_the_nationals_sees_identity_parts_only(client, office_rabat, case_worker):
    # Every member Guinean and an LPC asked of it: the Guinean consulate may open the case,
    # without contact details.
    guinean = register_case(
        case_worker, office_rabat, given_name="Ibrahima", family_name="Sow", phone="0662222222"
    )
    consulate = f.OrganisationFactory(code="CONS-GN", kind="consulate", country="GN")
    consul = f.UserFactory(username="consul", organisation=consulate, role="consulate_officer")
    assert page(client, consul, guinean).status_code == 404  # nothing asked of it yet
    from awda.travel.models import LpcRequest

    LpcRequest.objects.create(
        case=guinean,
        person=guinean.members.get().person,
        consulate=consulate,
        document_situation="lost",
        requested_on=dt.date(2026, 2, 1),
    )
    response = page(client, consul, guinean)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="section-documents"' in body
    assert 'id="section-declaration"' not in body and 'id="section-timeline"' not in body
    assert "+212662222222" not in body
    assert "actions-title" not in body  # no workflow buttons


# --- Workflow actions ---------------------------------------------------------------------


def test_allowed_actions_are_buttons_and_refused_ones_say_why(client, case_worker, case):
    case.status = "ready"
    case.save()
    body = page(client, case_worker, case).content.decode()
    # Booking is refused while the declaration is unsigned; the reason is next to it.
    assert 'disabled aria-describedby="why-book"' in body
    why = body.split('id="why-book"')[1].split("</ul>")[0]
    assert "La déclaration de retour volontaire n&#x27;a pas été signée." in why


def test_a_transition_moves_the_case_and_writes_the_timeline(client, case_worker, case):
    client.force_login(case_worker)
    response = client.post(reverse("web:case_transition", args=[case.pk, "start_counselling"]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "counselling"
    assert case.timeline.filter(action="start_counselling").exists()


def test_a_refused_transition_changes_nothing_and_says_why(client, case_worker, case):
    case.status = "ready"
    case.save()
    client.force_login(case_worker)
    planned = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    response = client.post(
        reverse("web:case_transition", args=[case.pk, "book"]),
        {"book-planned_departure_date": planned},
        follow=True,
    )
    case.refresh_from_db()
    assert case.status == "ready" and case.planned_departure_date is None
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "déclaration" in body.lower() or "declaration" in body.lower()


def test_an_action_needing_a_reason_keeps_the_form_and_shows_the_error(client, case_worker, case):
    client.force_login(case_worker)
    response = client.post(
        reverse("web:case_transition", args=[case.pk, "suspend"]), {"suspend-reason": "  "}
    )
    assert response.status_code == 400
    assert 'id="id_suspend-reason_error"' in response.content.decode()
    case.refresh_from_db()
    assert case.status == "registered"


def test_two_clicks_on_the_same_button_move_the_case_once(client, case_worker, case):
    client.force_login(case_worker)
    url = reverse("web:case_transition", args=[case.pk, "start_counselling"])
    client.post(url)
    client.post(url)
    assert case.timeline.filter(action="start_counselling").count() == 1


# --- Voluntary-return declaration ---------------------------------------------------------


def test_record_and_withdraw_the_declaration(client, case_worker, case):
    client.force_login(case_worker)
    response = client.post(
        reverse("web:declaration_sign", args=[case.pk]),
        {
            "sign-signed_on": "2026-02-03",
            "sign-language": "Pulaar (Fula)",
            "sign-information_version": "2024-01",
        },
    )
    assert response.status_code == 302
    declaration = VoluntaryReturnDeclaration.objects.get(case=case)
    assert declaration.language == "Pulaar (Fula)" and declaration.is_valid

    response = client.post(
        reverse("web:declaration_withdraw", args=[case.pk]),
        {"withdraw-withdrawn_on": "2026-02-10", "withdraw-reason": "Wants to stay with family"},
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    case.refresh_from_db()
    assert declaration.withdrawn_on == dt.date(2026, 2, 10)
    assert case.status == "withdrawn"


def test_declaration_errors_come_back_next_to_the_field_with_the_values(client, case_worker, case):
    client.force_login(case_worker)
    response = client.post(
        reverse("web:declaration_sign", args=[case.pk]),
        {
            "sign-signed_on": "2026-02-03",
            "sign-language": "Wolof",
            "sign-information_version": "v3",
            "sign-signed_by_guardian": "on",
            "sign-guardian_name": "",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_sign-guardian_name_error"' in body
    assert 'value="Wolof"' in body and 'value="v3"' in body
    assert not VoluntaryReturnDeclaration.objects.filter(case=case).exists()


def test_add_a_document_from_the_case_file(client, case_worker, case):
    child = case.members.get(relationship="child").person
    client.force_login(case_worker)
    response = client.post(
        reverse("web:document_add", args=[case.pk]),
        {
            "doc-person": child.pk,
            "doc-kind": "lpc",
            "doc-number": "LPC-0099",
            "doc-issuing_country": "GN",
            "doc-expires_on": "2027-06-30",
        },
    )
    assert response.status_code == 302
    assert child.documents.get().number == "LPC-0099"


def test_a_document_number_held_by_someone_else_is_refused_next_to_the_number(
    client, case_worker, case
):
    child = case.members.get(relationship="child").person
    client.force_login(case_worker)
    response = client.post(
        reverse("web:document_add", args=[case.pk]),
        {
            "doc-person": child.pk,
            "doc-kind": "passport",
            "doc-number": "GN7654321",
            "doc-issuing_country": "GN",
        },
    )
    assert response.status_code == 400
    assert 'id="id_doc-number_error"' in response.content.decode()
    assert not child.documents.exists()


def test_case_file_sections_survive_without_optional_data(client, case_worker, office_rabat):
    bare = register_case(case_worker, office_rabat, reasons=())
    assert page(client, case_worker, bare).status_code == 200
    assert Case.objects.count() == 1


def test_a_failing_section_of_another_app_does_not_take_the_case_file_down(
    client, case_worker, case, monkeypatch
):
    from awda.web import registry

    broken = registry.CaseSection(
        "referrals", "Broken", "web/sections/timeline.html", "awda.web.sections.no_such_function"
    )
    monkeypatch.setattr(registry, "CASE_SECTIONS", (*registry.CASE_SECTIONS, broken))
    response = page(client, case_worker, case)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cette rubrique ne peut pas être affichée pour le moment." in body
    assert 'id="section-people"' in body
