import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from awda.cases.services import case_transition
from tests.web.helpers import register_case

pytestmark = pytest.mark.django_db


def items(body: str) -> dict[str, tuple[str, str]]:
    """{label: (count, url)} of the "my work" page."""
    found = re.findall(
        r'<a href="([^"]+)"><span class="work-label">([^<]+)</span> '
        r'<span class="count[^"]*"><bdi>([^<]+)</bdi>',
        body,
    )
    return {label: (count, url.replace("&amp;", "&")) for url, label, count in found}


def test_my_work_counts_cases_per_stage_and_links_to_the_filtered_list(
    client, case_worker, office_rabat, case_worker_oujda, office_oujda
):
    first = register_case(case_worker, office_rabat, given_name="A")
    register_case(case_worker, office_rabat, given_name="B")
    register_case(case_worker_oujda, office_oujda, given_name="C")  # another office
    case_transition(case=first, action="start_counselling", actor=case_worker)
    client.force_login(case_worker)
    found = items(client.get(reverse("web:home")).content.decode())
    assert found["Enregistré"][0] == "1"
    assert found["Conseil"][0] == "1"
    count, url = found["Conseil"]
    listing = client.get(url).content.decode()
    assert first.reference in listing
    assert "Dossiers trouvés : <strong><bdi>1</bdi></strong>" in listing
    assert found["Dossiers ouverts que vous avez enregistrés"][0] == "2"


def test_expiring_travel_documents_are_counted(client, case_worker, office_rabat):
    soon = timezone.localdate() + dt.timedelta(days=10)
    case = register_case(case_worker, office_rabat, passport="GN0000111", passport_expires=soon)
    register_case(case_worker, office_rabat, given_name="Later", passport="GN0000222")
    client.force_login(case_worker)
    found = items(client.get(reverse("web:home")).content.decode())
    count, url = found["Documents de voyage expirés ou expirant dans les 30 jours"]
    assert count == "1"
    listing = client.get(url).content.decode()
    assert case.reference in listing


def test_a_donor_has_nothing_waiting(client, donor_user):
    client.force_login(donor_user)
    body = client.get(reverse("web:home")).content.decode()
    assert "Rien ne vous attend." in body
    assert client.get(reverse("web:case_list")).status_code == 404
