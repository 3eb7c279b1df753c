"""Each persona sees exactly its scope; everything else answers 404."""

import datetime as dt

import pytest
from django.http import Http404

from awda.cases.selectors import case_get_for_user, cases_visible_to, persons_visible_to
from awda.partners.models import Referral
from tests import factories as f

pytestmark = pytest.mark.django_db


def make_case(office, ref, nationality="GN", status="registered", **kw):
    case = f.CaseFactory(
        reference=ref, office=office, status=status, country_of_origin=nationality, **kw
    )
    f.MemberFactory(case=case, person=f.PersonFactory(nationality=nationality))
    return case


@pytest.fixture
def world(office_rabat, office_oujda, ngo_user):
    mission = f.OrganisationFactory(code="MIS-GN", kind="iom_mission", country="GN")
    return {
        "rabat_gn": make_case(office_rabat, "RBA-1"),
        "rabat_sn": make_case(office_rabat, "RBA-2", nationality="SN"),
        "oujda_gn_booked": make_case(office_oujda, "OUJ-1", status="booked"),
        "oujda_referred": make_case(
            office_oujda, "OUJ-2", nationality="CI", referred_by=ngo_user.organisation
        ),
        "rabat_departed": make_case(
            office_rabat, "RBA-3", status="departed", receiving_mission=mission
        ),
        "mission": mission,
    }


def refs(user):
    return set(cases_visible_to(user).values_list("reference", flat=True))


def test_case_worker_sees_own_office_only(world, case_worker, case_worker_oujda):
    assert refs(case_worker) == {"RBA-1", "RBA-2", "RBA-3"}
    assert refs(case_worker_oujda) == {"OUJ-1", "OUJ-2"}


def test_consulate_sees_only_its_nationals(world, consulate_guinea):
    assert refs(consulate_guinea) == {"RBA-1", "OUJ-1", "RBA-3"}


def test_consulate_does_not_see_mixed_nationality_group(world, consulate_guinea, office_rabat):
    mixed = make_case(office_rabat, "RBA-9")
    f.MemberFactory(case=mixed, person=f.PersonFactory(nationality="SN"), relationship="spouse")
    assert "RBA-9" not in refs(consulate_guinea)


def test_police_see_booked_cases_only(world, police_user):
    assert refs(police_user) == {"OUJ-1"}


def test_ngo_sees_cases_it_referred_or_was_referred(world, ngo_user, case_worker):
    assert refs(ngo_user) == {"OUJ-2"}
    Referral.objects.create(
        case=world["rabat_sn"],
        from_organisation=world["rabat_sn"].office,
        to_organisation=ngo_user.organisation,
        reason="Medical",
        sent_on=dt.date(2026, 1, 1),
    )
    assert refs(ngo_user) == {"OUJ-2", "RBA-2"}


def test_mission_sees_cases_handed_to_it(world):
    user = f.UserFactory(username="mission", organisation=world["mission"], role="mission_officer")
    assert refs(user) == {"RBA-3"}


def test_donor_and_ministry_viewer_see_no_case(world, donor_user):
    ministry = f.OrganisationFactory(code="MI", kind="ministry")
    viewer = f.UserFactory(username="mi", organisation=ministry, role="ministry_viewer")
    assert refs(donor_user) == set() and refs(viewer) == set()
    assert not persons_visible_to(donor_user).exists()


def test_me_officer_and_admin_see_everything(world, me_officer):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True, role="")
    assert len(refs(me_officer)) == len(refs(admin)) == 5


def test_user_without_organisation_or_role_sees_nothing(world):
    assert refs(f.UserFactory(username="lost", organisation=None, role="case_worker")) == set()
    office = world["rabat_gn"].office
    assert refs(f.UserFactory(username="norole", organisation=office, role="")) == set()


@pytest.mark.parametrize(
    "persona", ["case_worker_oujda", "consulate_guinea", "donor_user", "police_user", "ngo_user"]
)
def test_out_of_scope_case_is_404(world, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(Http404):
        case_get_for_user(user, world["rabat_sn"].pk)


def test_persons_follow_case_scope(world, case_worker, consulate_guinea):
    rabat_people = persons_visible_to(case_worker)
    assert rabat_people.count() == 3
    assert set(persons_visible_to(consulate_guinea).values_list("nationality", flat=True)) == {"GN"}


def test_admin_site_is_for_superusers_only(client, case_worker):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True, role="")
    client.force_login(case_worker)
    assert client.get("/admin/").status_code == 404
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert client.get("/admin/").status_code == 404
