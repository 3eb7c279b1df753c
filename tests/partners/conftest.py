import pytest

from awda.partners.models import PartnerProfile
from tests import factories as f


@pytest.fixture
def alcs(ngo_user):
    org = ngo_user.organisation
    PartnerProfile.objects.create(organisation=org, services=["health", "mental_health"])
    return org


@pytest.fixture
def bayti(db):
    return f.OrganisationFactory(code="NGO-BAYTI", name="Association Bayti", kind="ngo")


@pytest.fixture
def bayti_user(bayti):
    return f.UserFactory(username="bayti", organisation=bayti, role="partner_worker")
