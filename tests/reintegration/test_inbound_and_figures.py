"""The five steps for Moroccans coming home, and the report's reintegration figures."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from awda.reintegration import selectors as sel
from awda.reintegration import services as svc
from awda.reintegration.models import InformationExchange
from tests import factories as f
from tests.reintegration.conftest import departed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission_turkey(db):
    return f.OrganisationFactory(
        code="MIS-TR", name="OIM Türkiye", kind="iom_mission", country="TR", city="Ankara"
    )


def inbound_case(office, *, names=("Youssef",), sexes="M", host="TR", births=None):
    case = f.CaseFactory(
        office=office,
        case_type="inbound",
        status="registered",
        country_of_origin="MA",
        destination_country="MA",
        host_country=host,
        application_date=dt.date.today() - dt.timedelta(days=90),
    )
    for i, name in enumerate(names):
        person = f.PersonFactory(
            given_name=name,
            nationality="MA",
            sex=sexes[i],
            date_of_birth=(births or [dt.date(1994, 5, 2)] * len(names))[i],
        )
        f.MemberFactory(case=case, person=person, relationship="principal" if i == 0 else "child")
    return case


def test_five_steps_of_a_moroccan_returnee(
    office_rabat, case_worker, mission_turkey, mission_guinea
):
    office_rabat.city = "Rabat"
    office_rabat.save()
    case = inbound_case(office_rabat)
    today = dt.date.today()
    # Step 1 starts with the family tracing.
    svc.family_tracing_record(
        actor=case_worker,
        case=case,
        started_on=today - dt.timedelta(days=30),
        outcome="located",
        contact_name="Fatima",
        contact_relationship="mother",
        contact_phone="0612345678",
        contact_city="Khouribga",
    )
    case.refresh_from_db()
    assert case.status == "family_tracing"
    # Step 2: only the mission of the host country.
    with pytest.raises(ValidationError) as e:
        svc.information_exchange_record(
            actor=case_worker,
            case=case,
            exchanged_on=today - dt.timedelta(days=20),
            mission=mission_guinea,
            channel="email",
            subject="Plan",
        )
    assert "mission" in e.value.message_dict
    svc.information_exchange_record(
        actor=case_worker,
        case=case,
        exchanged_on=today - dt.timedelta(days=20),
        mission=mission_turkey,
        channel="virtual_session",
        subject="Context in Khouribga; plan for a grocery",
        plan_feasibility="feasible",
    )
    case.refresh_from_db()
    assert case.status == "information_exchange"
    assert InformationExchange.objects.get(case=case).plan_feasibility == "feasible"
    # Arrival.
    svc.arrival_record(
        actor=case_worker, case=case, arrived_on=today - dt.timedelta(days=10), met_at_airport=True
    )
    case.refresh_from_db()
    assert case.status == "arrived" and case.arrival_date == today - dt.timedelta(days=10)
    # Step 3: the region of settlement is required.
    with pytest.raises(ValidationError) as e:
        svc.counselling_record(
            actor=case_worker, case=case, counselled_on=today - dt.timedelta(days=9)
        )
    assert "settlement_region" in e.value.message_dict
    svc.counselling_record(
        actor=case_worker,
        case=case,
        counselled_on=today - dt.timedelta(days=9),
        notes="Wants to open a grocery",
        settlement_region="05",
    )
    case.refresh_from_db()
    assert case.status == "counselling" and case.settlement_region == "05"
    # Step 4 needs a plan: office staff do the reintegration of Moroccans themselves.
    with pytest.raises(ValidationError):
        svc.reintegration_advance(actor=case_worker, case=case, action="start_reintegration")
    plan = svc.plan_create(
        actor=case_worker,
        case=case,
        level="individual",
        beneficiaries=[(m.person, case) for m in case.members.all()],
    )
    assert plan.managed_by == office_rabat
    svc.component_add(actor=case_worker, plan=plan, kind="income_generating", budget=2000)
    with pytest.raises(ValidationError):
        svc.component_add(actor=case_worker, plan=plan, kind="fishing", budget=10)
    svc.reintegration_advance(actor=case_worker, case=case, action="start_reintegration")
    case.refresh_from_db()
    assert case.status == "reintegration"
    # Step 5 needs the approved plan.
    with pytest.raises(ValidationError):
        svc.reintegration_advance(actor=case_worker, case=case, action="start_monitoring")
    manager = f.UserFactory(username="manager", organisation=office_rabat, role="office_manager")
    svc.plan_approve(actor=manager, plan=plan)
    svc.reintegration_advance(actor=case_worker, case=case, action="start_monitoring")
    case.refresh_from_db()
    assert case.status == "monitoring"
    assert plan.visits.count() == 3
    assert list(sel.reintegration_cases(case_worker)) == [case]


def test_reintegration_figures_by_type_sex_and_age(office_rabat, mission_officer, mission_approver):
    from awda.funding.models import Programme

    ji = Programme.objects.create(code="EU-IOM-JI", name="JI")
    year = dt.date.today().year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    adult, child = dt.date(1990, 1, 1), dt.date.today() - dt.timedelta(days=365 * 10)
    family = departed_case(office_rabat, names=("Aminata", "Kadiatou", "Sekou"), sexes="FFM")
    for m, dob in zip(family.members.order_by("id"), (adult, child, child), strict=True):
        m.person.date_of_birth = dob
        m.person.save()
    alone = departed_case(office_rabat, names=("Alpha",))
    covered_by_ji = departed_case(office_rabat, names=("Ousmane",))
    for case in (family, alone, covered_by_ji):
        svc.arrival_record(actor=mission_officer, case=case, arrived_on=case.departure_date)
    p1 = svc.plan_create(
        actor=mission_officer,
        case=family,
        level="individual",
        beneficiaries=[(m.person, family) for m in family.members.all()],
    )
    svc.component_add(actor=mission_officer, plan=p1, kind="trade", budget=800)
    svc.component_add(actor=mission_officer, plan=p1, kind="cash", budget=150)
    p2 = svc.plan_create(
        actor=mission_officer,
        case=alone,
        level="individual",
        beneficiaries=[(m.person, alone) for m in alone.members.all()],
    )
    svc.component_add(actor=mission_officer, plan=p2, kind="transport", budget=1500)
    svc.component_add(
        actor=mission_officer,
        plan=p2,
        kind="cash",
        budget=150,
        beneficiary=alone.members.get().person,
    )
    p3 = svc.plan_create(
        actor=mission_officer,
        case=covered_by_ji,
        level="individual",
        beneficiaries=[(m.person, covered_by_ji) for m in covered_by_ji.members.all()],
        programme=ji,
    )
    svc.component_add(actor=mission_officer, plan=p3, kind="fishing", budget=900)
    for p in (p1, p2, p3):
        svc.plan_approve(actor=mission_approver, plan=p)
    figures = sel.reintegration_assistance_by_type(
        start=start, end=end, exclude_programmes=("EU-IOM-JI",)
    )
    assert figures["persons"] == {"men": 1, "women": 1, "boys": 1, "girls": 1, "total": 4}
    assert figures["by_kind"]["cash"] == {"components": 2, "persons": 4}
    assert figures["by_kind"]["trade"] == {"components": 1, "persons": 3}
    assert figures["by_group"]["sales"]["components"] == 1
    assert figures["by_group"]["fishing_livestock"]["components"] == 0
    everyone = sel.reintegration_assistance_by_type(start=start, end=end)
    assert everyone["by_group"]["fishing_livestock"]["components"] == 1
    assert everyone["persons"]["total"] == 5
    sectors = sel.micro_projects_by_sector(start=start, end=end)
    assert sectors["transport"]["projects"] == 1 and sectors["transport"]["individual"] == 1
    last_year = sel.reintegration_assistance_by_type(
        start=dt.date(year - 1, 1, 1), end=dt.date(year - 1, 12, 31)
    )
    assert last_year["persons"]["total"] == 0
