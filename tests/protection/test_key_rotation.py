"""Field-key rotation: `awda rotate-field-keys` re-encrypts every encrypted column under the
first key, so the old key can then be removed."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from awda.lib import crypto
from awda.protection.models import Vulnerability
from awda.protection.services import vulnerability_record
from tests.protection.helpers import family_case, principal

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def raw_details(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM protection_vulnerability WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def recorded(settings, office_rabat, protection_officer):
    settings.AWDA_FIELD_KEYS = [OLD]
    case = family_case(office_rabat)
    return vulnerability_record(
        actor=protection_officer,
        case=case,
        person=principal(case),
        category="medical",
        assessed_on=timezone.localdate(),
        details="Diabète, insuline",
    )


def test_rotation_moves_everything_to_the_new_key(settings, recorded, capsys):
    before = raw_details(recorded.pk)
    settings.AWDA_FIELD_KEYS = [NEW, OLD]
    call_command("rotate-field-keys")
    after = raw_details(recorded.pk)
    assert after != before and after.startswith("fernet:")
    assert "protection.Vulnerability.details: 1 values, 1 re-encrypted" in capsys.readouterr().out
    # The old key can go: the new one alone reads the data.
    settings.AWDA_FIELD_KEYS = [NEW]
    assert Vulnerability.objects.get(pk=recorded.pk).details == "Diabète, insuline"
    # Running it again changes nothing.
    call_command("rotate-field-keys")
    assert raw_details(recorded.pk) == after


def test_dry_run_writes_nothing_and_plaintext_gets_encrypted(settings, recorded):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE protection_vulnerability SET details = %s WHERE id = %s",
            ["écrit en clair par un import", recorded.pk],
        )
    settings.AWDA_FIELD_KEYS = [NEW, OLD]
    call_command("rotate-field-keys", "--dry-run")
    assert raw_details(recorded.pk) == "écrit en clair par un import"
    call_command("rotate-field-keys")
    assert raw_details(recorded.pk).startswith("fernet:")
    assert Vulnerability.objects.get(pk=recorded.pk).details == "écrit en clair par un import"


def test_values_no_key_opens_are_reported_and_left_alone(settings, recorded):
    settings.AWDA_FIELD_KEYS = [NEW]  # the old key was dropped too early
    before = raw_details(recorded.pk)
    with pytest.raises(CommandError, match="could not be decrypted"):
        call_command("rotate-field-keys")
    assert raw_details(recorded.pk) == before


def test_every_encrypted_column_is_covered():
    columns = {f"{m._meta.label}.{f.name}" for m, f in crypto.encrypted_fields()}
    assert {
        "protection.Vulnerability.details",
        "protection.BestInterestsProcedure.panel_reasons",
        "protection.BestInterestsProcedure.tracing_outcome",
        "assistance.CounsellingSession.notes",
    } <= columns


def test_system_checks_refuse_bad_keys_and_the_development_key_in_deployment(settings):
    settings.AWDA_FIELD_KEYS = ["not-a-key"]
    assert [e.id for e in crypto.check_field_keys()] == ["awda.E002"]
    settings.AWDA_FIELD_KEYS = [crypto.DEVELOPMENT_KEY]
    assert [e.id for e in crypto.check_field_keys_deploy()] == ["awda.E003"]
    settings.AWDA_FIELD_KEYS = [NEW]
    assert crypto.check_field_keys() == [] and crypto.check_field_keys_deploy() == []
