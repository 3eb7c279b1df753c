"""Programmes, budget lines and ticket quota agreements: who may read and change them, and
the figures they show."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from awda.funding.models import Programme, QuotaAgreement
from awda.funding.selectors import programmes_visible_to, quota_consumption, quota_remaining
from awda.funding.services import (
    QuotaRefused,
    budget_line_create,
    programme_create,
    quota_agreement_create,
    quota_charge,
    quota_release,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def manager(office_rabat):
    return f.UserFactory(username="mgr", organisation=office_rabat, role="office_manager")


@pytest.fixture
def ministry(db):
    return f.OrganisationFactory(code="MI", name="Ministère de l'Intérieur", kind="ministry")


@pytest.fixture
def mi(manager, ministry):
    programme = programme_create(
        actor=manager, code="mi-funding", name="Programme du Ministère", donor=ministry
    )
    for title, tickets, signed in (
        ("1er avenant", 1000, dt.date(2014, 2, 28)),
        ("2ème avenant", 1500, dt.date(2015, 6, 1)),
        ("3ème avenant", 3000, dt.date(2016, 5, 4)),
    ):
        quota_agreement_create(
            actor=manager, programme=programme, title=title, signed_on=signed, tickets=tickets
        )
    return programme


def test_the_mou_amendments_add_up_to_5500_tickets(mi):
    assert mi.code == "MI-FUNDING"
    rows = quota_consumption(programme=mi)
    assert [(r["title"], r["tickets"], r["remaining"]) for r in rows] == [
        ("1er avenant", 1000, 1000),
        ("2ème avenant", 1500, 1500),
        ("3ème avenant", 3000, 3000),
    ]
    assert quota_remaining(mi) == 5500


def test_tickets_go_to_the_oldest_agreement_first_and_come_back(mi):
    QuotaAgreement.objects.filter(title="1er avenant").update(tickets_used_before=999)
    charged = quota_charge(programme=mi, tickets=3, on=dt.date(2017, 1, 1))
    assert [a.title for a in charged] == ["1er avenant", "2ème avenant", "2ème avenant"]
    assert quota_remaining(mi) == 5500 - 999 - 3
    quota_release(agreement_ids=[a.pk for a in charged])
    assert quota_remaining(mi) == 5500 - 999


def test_an_agreement_not_yet_signed_is_not_in_force(mi):
    with pytest.raises(QuotaRefused) as refused:
        quota_charge(programme=mi, tickets=1, on=dt.date(2013, 12, 31))
    assert "No ticket quota" in refused.value.message


def test_the_database_refuses_an_oversold_quota(mi):
    agreement = QuotaAgreement.objects.get(title="1er avenant")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuotaAgreement.objects.filter(pk=agreement.pk).update(tickets_charged=1001)


def test_agreement_input_errors_are_per_field(mi, manager):
    with pytest.raises(ValidationError) as err:
        quota_agreement_create(
            actor=manager,
            programme=mi,
            title="3ème avenant",
            signed_on=dt.date(2016, 5, 4),
            tickets=0,
            tickets_used_before=-1,
        )
    assert set(err.value.message_dict) == {"title", "tickets", "tickets_used_before"}


def test_only_programme_managers_change_programmes(mi, case_worker):
    with pytest.raises(PermissionDenied):
        budget_line_create(
            actor=case_worker,
            programme=mi,
            code="T-01",
            label="Billets",
            category="tickets",
            amount=Decimal("10"),
        )


def test_budget_lines(mi, manager):
    line = budget_line_create(
        actor=manager,
        programme=mi,
        code="t-01",
        label="Billetterie",
        category="tickets",
        amount=Decimal("27500000"),
        currency="mad",
    )
    assert (line.code, line.currency) == ("T-01", "MAD")
    with pytest.raises(ValidationError) as err:
        budget_line_create(
            actor=manager,
            programme=mi,
            code="T-01",
            label="x",
            category="nope",
            amount=Decimal("-1"),
        )
    assert set(err.value.message_dict) == {"code", "category", "amount"}


def test_donors_read_only_their_programmes(mi, donor_user, ministry):
    other = Programme.objects.create(code="COMPASS", name="COMPASS", donor=donor_user.organisation)
    assert list(programmes_visible_to(donor_user)) == [other]
    minister = f.UserFactory(username="mi_focal", organisation=ministry, role="ministry_viewer")
    assert list(programmes_visible_to(minister)) == [mi]


def test_programme_pages(client, mi, manager, ngo_user):
    client.force_login(manager)
    page = client.get(reverse("funding:programmes"))
    assert page.status_code == 200
    assert "Programme du Ministère" in page.content.decode()
    detail = client.get(reverse("funding:programme", args=["MI-FUNDING"]))
    assert "3ème avenant" in detail.content.decode()
    bad = client.post(
        reverse("funding:quota_new", args=["MI-FUNDING"]),
        {"quota-title": "4ème avenant", "quota-signed_on": "", "quota-tickets": "500"},
    )
    assert bad.status_code == 400
    assert 'value="4ème avenant"' in bad.content.decode()
    assert not QuotaAgreement.objects.filter(title="4ème avenant").exists()
    ok = client.post(
        reverse("funding:quota_new", args=["MI-FUNDING"]),
        {
            "quota-title": "4ème avenant",
            "quota-signed_on": "2024-01-15",
            "quota-tickets": "500",
            "quota-tickets_used_before": "0",
        },
    )
    assert ok.status_code == 302
    assert quota_remaining(mi) == 6000
    client.force_login(ngo_user)
    assert client.get(reverse("funding:programmes")).status_code == 404
    assert client.get("/api/funding/programmes/").status_code == 404


def test_quota_api(client, mi, manager):
    client.force_login(manager)
    rows = client.get("/api/funding/programmes/MI-FUNDING/quotas/").json()
    assert sum(r["tickets"] for r in rows) == 5500
