"""Changes to people and their identity documents."""

from __future__ import annotations

import datetime as dt

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awda.accounts.models import User
from awda.audit.services import audit_record
from awda.people.models import DocumentKind, IdentityDocument, Person


def normalise_phone(raw: str, default_region: str = "MA") -> str:
    """E.164 form of a phone number ('06 12 34 56 78' -> '+212612345678'), or ValidationError."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        raise ValidationError({"phone": _("This is not a phone number.")})
    if not phonenumbers.is_valid_number(number):
        raise ValidationError({"phone": _("This phone number is not valid.")})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def estimated_birth_date(year: int) -> dt.date:
    return dt.date(year, 7, 1)


def person_create(
    *,
    actor: User | None,
    given_name: str,
    family_name: str = "",
    sex: str,
    date_of_birth: dt.date | None = None,
    birth_year: int | None = None,
    nationality: str = "",
    name_other_script: str = "",
    languages: str = "",
    phone: str = "",
    residence_city: str = "",
    residence_region: str = "",
) -> Person:
    """Register a person. Give a date of birth, or the estimated year of birth."""
    errors: dict[str, str] = {}
    if not (given_name or "").strip():
        errors["given_name"] = _("Give at least one name.")
    today = timezone.localdate()
    dob_estimated = False
    if date_of_birth is None and birth_year:
        if not (today.year - 110 <= birth_year <= today.year):
            errors["birth_year"] = _("This year of birth is not plausible.")
        else:
            date_of_birth, dob_estimated = estimated_birth_date(birth_year), True
    if date_of_birth and date_of_birth > today:
        errors["date_of_birth"] = _("The date of birth cannot be in the future.")
    try:
        phone = normalise_phone(phone)
    except ValidationError as e:
        errors.update({k: v[0] for k, v in e.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        person = Person(
            given_name=given_name.strip(),
            family_name=(family_name or "").strip(),
            sex=sex,
            date_of_birth=date_of_birth,
            dob_estimated=dob_estimated,
            nationality=nationality,
            name_other_script=(name_other_script or "").strip(),
            languages=languages,
            phone=phone,
            residence_city=residence_city,
            residence_region=residence_region,
            created_by=actor if actor is not None and actor.pk else None,
        )
        person.full_clean()
        person.save()
        audit_record(actor=actor, verb="person.create", obj=person)
    return person


def document_add(
    *,
    actor: User | None,
    person: Person,
    kind: str,
    number: str,
    issuing_country: str = "",
    issued_on: dt.date | None = None,
    expires_on: dt.date | None = None,
) -> IdentityDocument:
    errors = {}
    if not (number or "").strip():
        errors["number"] = _("Give the document number.")
    if kind not in DocumentKind.values:
        errors["kind"] = _("Unknown document type.")
    if issued_on and expires_on and expires_on < issued_on:
        errors["expires_on"] = _("The expiry date is before the issue date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        document = IdentityDocument(
            person=person,
            kind=kind,
            number=number.strip(),
            issuing_country=issuing_country,
            issued_on=issued_on,
            expires_on=expires_on,
        )
        document.full_clean()
        document.save()
        audit_record(actor=actor, verb="document.add", obj=document, data={"person": person.pk})
    return document
