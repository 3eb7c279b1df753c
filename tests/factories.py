"""Factories for tests. They build rows directly; behaviour under test goes through services."""

import datetime as dt

import factory

from awda.accounts.models import Organisation, User
from awda.cases.models import Case, CaseMember
from awda.people.models import IdentityDocument, Person


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.LazyAttribute(lambda o: f"Organisation {o.code}")
    kind = "ngo"


class OfficeFactory(OrganisationFactory):
    kind = "iom_office"
    country = "MA"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password("pass")
    role = "case_worker"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = "Mamadou"
    family_name = factory.Sequence(lambda n: f"Diallo{n}")
    sex = "M"
    date_of_birth = dt.date(1995, 3, 14)
    nationality = "GN"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentityDocument

    person = factory.SubFactory(PersonFactory)
    kind = "passport"
    number = factory.Sequence(lambda n: f"P{n:07d}")
    issuing_country = "GN"
    expires_on = dt.date(2035, 1, 1)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"TST-2026-{n:05d}")
    case_type = "outbound"
    status = "registered"
    office = factory.SubFactory(OfficeFactory, code="RBA")
    country_of_origin = "GN"
    destination_country = "GN"
    application_date = dt.date(2026, 1, 10)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseMember

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory)
    relationship = "principal"
