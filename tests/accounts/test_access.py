"""Each persona sees exactly its scope; everything else answers 404."""

import datetime as dt

import pytest
from django.http import Http404

from awda.cases.selectors import case_get_for_user, cases_visible_to, persons_visible_to
from awda.funding.models import Programme
from awda.partners.models import Referral
from awda.travel.models import Departure, LpcRequest, Movement
from tests import factories as f

pytestmark = pytest.mark.django_db


def make_case(office, ref, nationality="GN", status="registered", **kw):
    case = f.CaseFactory(
        reference=ref, office=office, status=status, country_of_origin=nationality, **kw
    )
    f.MemberFactory(case=case, person=f.PersonFactory(nationality=nationality))
    return case


def ask_lpc(case, consulate, status="requested"):
    """A laissez-passer request sent to the consulate: what opens a case to it."""
    LpcRequest.objects.create(
        case=case,
        person=case.members.first().person,
        consulate=consulate,
        status=status,
        requested_on=dt.date.today(),
    )


def book(case, post, status="booked", on=None):
    """A movement on a departure from a border post: what puts a case on a manifest."""
    programme, _ = Programme.objects.get_or_create(code="AVRR-T", defaults={"name": "AVRR"})
    departure = Departure.objects.create(
        date=on or dt.date.today() + dt.timedelta(days=3), post=post, mode="air", carrier="RAM"
    )
    Movement.objects.create(
        case=case,
        departure=departure,
        mode="air",
        status=status,
        programme=programme,
        destination_country=case.country_of_origin,
        booked_on=dt.date.today(),
    )


@pytest.fixture
def world(office_rabat, office_oujda, ngo_user, consulate_guinea):
    mission = f.OrganisationFactory(code="MIS-GN", kind="iom_mission", country="GN")
    cases = {
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
    consulate = consulate_guinea.organisation
    for key in ("rabat_gn", "oujda_gn_booked", "rabat_departed"):
        ask_lpc(cases[key], consulate)
    book(cases["oujda_gn_booked"], "CMN")
    book(
        cases["rabat_departed"], "CMN", status="departed", on=dt.date.today() - dt.timedelta(days=9)
    )
    return cases


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
    ask_lpc(mixed, consulate_guinea.organisation)
    assert "RBA-9" not in refs(consulate_guinea)


def test_consulate_sees_no_case_it_was_not_asked_about(world, consulate_guinea, office_rabat):
    make_case(office_rabat, "RBA-10")
    cancelled = make_case(office_rabat, "RBA-11")
    ask_lpc(cancelled, consulate_guinea.organisation, status="cancelled")
    assert refs(consulate_guinea) == {"RBA-1", "OUJ-1", "RBA-3"}


def test_police_see_booked_cases_of_their_post_only(world, police_user, office_rabat):
    # Booked from another post, and departed from theirs long ago: not on their manifests.
    book(make_case(office_rabat, "RBA-12", status="booked"), "OUD")
    assert refs(police_user) == {"OUJ-1"}
    # Departed from their post yesterday: still on the day's manifest.
    book(
        make_case(office_rabat, "RBA-13", status="departed"),
        "CMN",
        status="departed",
        on=dt.date.today(),
    )
    assert refs(police_user) == {"OUJ-1", "RBA-13"}


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
