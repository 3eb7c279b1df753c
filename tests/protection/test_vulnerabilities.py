"""Vulnerability screening: sensitivity, encryption at rest, and restricted details kept
from pages, exports and API answers of roles not cleared for them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from awda.audit.models import AuditEvent
from awda.protection.models import Sensitivity, Vulnerability
from awda.protection.selectors import (
    vulnerabilities_for_case,
    vulnerabilities_for_export,
    vulnerability_reveal,
)
from awda.protection.services import vulnerability_record, vulnerability_resolve
from tests.protection.helpers import family_case, principal

SECRET = "Recrutée à Lagos par un réseau, passeport confisqué"
TODAY = timezone.localdate()


@pytest.fixture
def case(office_rabat):
    return family_case(office_rabat)


@pytest.fixture
def trafficking(case, protection_officer):
    return vulnerability_record(
        actor=protection_officer,
        case=case,
        person=principal(case),
        category="trafficking",
        assessed_on=TODAY,
        details=SECRET,
    )


def test_category_sets_the_sensitivity_and_details_are_ciphertext_in_the_database(trafficking):
    assert trafficking.sensitivity == Sensitivity.HIGHLY_RESTRICTED
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT details FROM protection_vulnerability WHERE id = %s", [trafficking.pk]
        )
        (raw,) = cursor.fetchone()
    assert raw.startswith("fernet:")
    assert "Lagos" not in raw and "passeport" not in raw
    assert Vulnerability.objects.get(pk=trafficking.pk).details == SECRET


def test_sensitivity_can_be_raised_never_below_the_category(case, protection_officer):
    person = principal(case)
    v = vulnerability_record(
        actor=protection_officer,
        case=case,
        person=person,
        category="medical",
        assessed_on=TODAY,
        sensitivity=Sensitivity.NORMAL,
    )
    assert v.sensitivity == Sensitivity.RESTRICTED
    v = vulnerability_record(
        actor=protection_officer,
        case=case,
        person=person,
        category="single_parent",
        assessed_on=TODAY,
        sensitivity=Sensitivity.HIGHLY_RESTRICTED,
    )
    assert v.sensitivity == Sensitivity.HIGHLY_RESTRICTED


def test_recording_twice_updates_the_same_finding(case, protection_officer):
    person = principal(case)
    for details in ("first", "second"):
        vulnerability_record(
            actor=protection_officer,
            case=case,
            person=person,
            category="elderly" if False else "single_parent",
            assessed_on=TODAY,
            details=details,
        )
    rows = Vulnerability.objects.filter(case=case, category="single_parent")
    assert rows.count() == 1
    assert rows.get().details == "second"


def test_screening_needs_the_capability(case, case_worker):
    with pytest.raises(PermissionDenied):
        vulnerability_record(
            actor=case_worker,
            case=case,
            person=principal(case),
            category="medical",
            assessed_on=TODAY,
        )


@pytest.mark.parametrize(
    "who,category,message",
    [
        ("father", "uasc_unaccompanied", "seul un enfant"),
        ("father", "pregnancy", "pour un homme"),
        ("child", "elderly", "60 ans ou plus"),
    ],
)
def test_implausible_findings_are_refused_with_the_reason(
    case, protection_officer, who, category, message
):
    person = {
        "father": case.members.get(relationship="spouse").person,
        "child": case.members.get(relationship="child").person,
    }[who]
    with pytest.raises(ValidationError) as e:
        vulnerability_record(
            actor=protection_officer,
            case=case,
            person=person,
            category=category,
            assessed_on=TODAY,
        )
    assert message in " ".join(e.value.message_dict["category"])
    assert not Vulnerability.objects.filter(case=case).exists()


def test_future_assessment_and_strangers_are_refused(case, protection_officer, office_rabat):
    with pytest.raises(ValidationError) as e:
        vulnerability_record(
            actor=protection_officer,
            case=case,
            person=principal(case),
            category="medical",
            assessed_on=TODAY + dt.timedelta(days=1),
        )
    assert "assessed_on" in e.value.message_dict
    other = family_case(office_rabat)
    with pytest.raises(ValidationError) as e:
        vulnerability_record(
            actor=protection_officer,
            case=case,
            person=principal(other),
            category="medical",
            assessed_on=TODAY,
        )
    assert "person" in e.value.message_dict


def test_what_each_role_sees_of_a_trafficking_record(
    trafficking, case, case_worker, protection_officer, movement_officer
):
    # Case worker (cleared for "restricted" only): the category itself is masked.
    (seen,) = vulnerabilities_for_case(case_worker, case)
    assert seen.category is None and seen.details is None and not seen.can_reveal
    assert seen.category_label == "Préoccupation de protection (restreinte)"
    # Movement officer (not cleared at all): the same.
    (seen,) = vulnerabilities_for_case(movement_officer, case)
    assert seen.category is None and not seen.can_reveal
    # Protection officer: the category, and the details on request only.
    (seen,) = vulnerabilities_for_case(protection_officer, case)
    assert seen.category == "trafficking" and seen.details is None and seen.can_reveal


def test_revealing_restricted_details_is_audited_and_refused_below_clearance(
    trafficking, case_worker, protection_officer
):
    before = AuditEvent.objects.filter(verb="vulnerability.read_restricted").count()
    assert vulnerability_reveal(protection_officer, trafficking.pk).details == SECRET
    event = AuditEvent.objects.filter(verb="vulnerability.read_restricted").last()
    assert AuditEvent.objects.filter(verb="vulnerability.read_restricted").count() == before + 1
    assert event.actor == protection_officer and event.object_id == str(trafficking.pk)
    from django.http import Http404

    with pytest.raises(Http404):
        vulnerability_reveal(case_worker, trafficking.pk)


def test_case_page_of_a_role_without_clearance_does_not_contain_the_details(
    client, trafficking, case, case_worker, protection_officer
):
    client.force_login(case_worker)
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert "Lagos" not in page
    assert "Victime ou victime potentielle de la traite" not in page  # the label is masked too
    assert "Préoccupation de protection (restreinte)" in page
    assert reverse("protection:vulnerability_details", args=[trafficking.pk]) not in page
    assert (
        client.get(reverse("protection:vulnerability_details", args=[trafficking.pk])).status_code
        == 404
    )

    client.force_login(protection_officer)
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    # Even the cleared officer's page does not carry the details until asked for.
    assert "Lagos" not in page
    url = reverse("protection:vulnerability_details", args=[trafficking.pk])
    assert url in page
    answer = client.get(url, HTTP_HX_REQUEST="true")
    assert SECRET in answer.content.decode()


def test_export_rows_drop_what_the_user_may_not_read(
    trafficking, case, case_worker, protection_officer, me_officer
):
    rows = vulnerabilities_for_export(case_worker, [case.pk])[case.pk]
    assert rows[0]["details"] == "" and rows[0]["category"] is None
    assert SECRET not in repr(rows)
    # M&E: national scope, no clearance.
    assert SECRET not in repr(vulnerabilities_for_export(me_officer, [case.pk]))
    before = AuditEvent.objects.filter(verb="vulnerability.read_restricted").count()
    rows = vulnerabilities_for_export(protection_officer, [case.pk])[case.pk]
    assert rows[0]["details"] == SECRET
    assert AuditEvent.objects.filter(verb="vulnerability.read_restricted").count() == before + 1


def test_export_drops_cases_out_of_scope(trafficking, case, case_worker_oujda):
    assert vulnerabilities_for_export(case_worker_oujda, [case.pk]) == {}


def test_api_answers_without_the_restricted_details_below_clearance(
    client, trafficking, case, case_worker, protection_officer, consulate_guinea
):
    url = f"/api/cases/{case.pk}/vulnerabilities/"
    client.force_login(case_worker)
    answer = client.get(url)
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "Lagos" not in body and "trafficking" not in body
    assert answer.json()[0]["details"] is None

    client.force_login(protection_officer)
    answer = client.get(url)
    assert answer.json()[0]["details"] == SECRET
    assert AuditEvent.objects.filter(
        verb="vulnerability.read_restricted", actor=protection_officer, data__via="api"
    ).exists()

    client.force_login(consulate_guinea)
    assert client.get(url).status_code == 404


def test_api_records_through_the_service(client, case, protection_officer, case_worker):
    person = principal(case)
    url = f"/api/cases/{case.pk}/vulnerabilities/"
    client.force_login(case_worker)
    answer = client.post(
        url,
        {"person": person.pk, "category": "medical", "assessed_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert answer.status_code == 403
    client.force_login(protection_officer)
    answer = client.post(
        url,
        {"person": person.pk, "category": "medical", "assessed_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert answer.status_code == 201 and answer.json()["sensitivity"] == 1


def test_form_errors_come_back_next_to_the_field_and_nothing_is_saved(
    client, case, protection_officer
):
    client.force_login(protection_officer)
    father = case.members.get(relationship="spouse").person
    answer = client.post(
        reverse("protection:vulnerability_add", args=[case.pk]),
        {
            "vuln-person": father.pk,
            "vuln-category": "pregnancy",
            "vuln-assessed_on": TODAY.isoformat(),
            "vuln-details": "texte saisi",
        },
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200  # htmx swaps only 2xx answers
    html = answer.content.decode()
    assert "texte saisi" in html  # kept
    assert "homme" in html  # the French error, next to the category field
    assert not Vulnerability.objects.filter(case=case).exists()


def test_resolving_keeps_the_record_and_lifts_it(case, protection_officer):
    v = vulnerability_record(
        actor=protection_officer,
        case=case,
        person=principal(case),
        category="medical",
        assessed_on=TODAY - dt.timedelta(days=5),
    )
    with pytest.raises(ValidationError):
        vulnerability_resolve(
            actor=protection_officer, vulnerability=v, resolved_on=TODAY, reason=""
        )
    vulnerability_resolve(
        actor=protection_officer, vulnerability=v, resolved_on=TODAY, reason="Soigné"
    )
    v.refresh_from_db()
    assert v.resolved_on == TODAY
