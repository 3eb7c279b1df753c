"""The demo data of protection, assistance and partners, as the reports and the partners
will read it."""

import datetime as dt

import pytest
from django.db.models import F

from awda.accounts.models import User
from awda.assistance.models import AssistanceRecord
from awda.assistance.selectors import assistance_counts_by_type
from awda.partners.models import Referral
from awda.partners.selectors import referrals_visible_to
from awda.protection.selectors import consent_refusal

pytestmark = [pytest.mark.xdist_group("demo"), pytest.mark.django_db]


def test_2022_direct_assistance_by_type(demo_data):
    rows = assistance_counts_by_type(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))
    by_type = {r["type"]: r["count"] for r in rows}
    assert sum(by_type.values()) == 9626  # "9 626 assistances humanitaires" (seed 000)
    assert by_type["voucher"] == 2592
    assert by_type["medical_consultation"] == 215
    assert by_type["shelter_nights"] == 1347


def test_assistance_is_dated_while_the_group_waited(demo_data):
    late = AssistanceRecord.objects.filter(date__gte=F("case__departure_date"))
    early = AssistanceRecord.objects.filter(date__lt=F("case__application_date"))
    assert not late.exists() and not early.exists()


def test_demo_referrals_respect_consent_and_reach_the_partners(demo_data):
    referrals = list(Referral.objects.select_related("case", "to_organisation"))
    assert {"NGO-ALCS", "EN", "MS", "UNHCR"} <= {r.to_organisation.code for r in referrals}
    for r in referrals:
        assert consent_refusal(r.case, r.consent_purpose) is None, r
    ngo = User.objects.get(username="ngo.alcs")
    mine = referrals_visible_to(ngo)
    assert mine.exists()
    assert set(mine.values_list("to_organisation__code", flat=True)) == {"NGO-ALCS"}
    assert mine.filter(status="sent").exists()
