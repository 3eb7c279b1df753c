"""Changes to people and their identity documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from awda.accounts.access import can_see_section, has_capability
from awda.accounts.models import User
from awda.accounts.roles import Capability
from awda.audit.services import audit_record
from awda.people.models import (
    UNIQUE_NUMBER_KINDS,
    DocumentKind,
    IdentityDocument,
    MoroccanRegion,
    Person,
    Sex,
)
from awda.people.names import document_key, person_keys


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


def _country_code(value: str, field: str, errors: dict[str, str]) -> str:
    code = (value or "").strip().upper()
    if code and code not in countries:
        errors[field] = _("Unknown country code: %(code)s.") % {"code": code}
    return code


def _clean_person(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Checked and normalised person fields from `data`, and the errors by field.

    Shared by creation and update so that a rule (phone format, plausible birth year,
    known country) holds whichever way a person is written.
    """
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    today = timezone.localdate()
    if "given_name" in data:
        clean["given_name"] = " ".join((data["given_name"] or "").split())
        if not clean["given_name"]:
            errors["given_name"] = _("Give at least one name.")
    for field in ("family_name", "name_other_script", "languages", "residence_city"):
        if field in data:
            clean[field] = " ".join((data[field] or "").split())
    if "sex" in data:
        clean["sex"] = data["sex"] or ""
        if clean["sex"] not in Sex.values:
            errors["sex"] = _("Choose male or female.")
    if "residence_region" in data:
        clean["residence_region"] = data["residence_region"] or ""
        if clean["residence_region"] and clean["residence_region"] not in MoroccanRegion.values:
            errors["residence_region"] = _("Unknown region.")
    if "nationality" in data:
        clean["nationality"] = _country_code(data["nationality"], "nationality", errors)
    if "date_of_birth" in data or "birth_year" in data:
        date_of_birth = data.get("date_of_birth")
        birth_year = data.get("birth_year")
        dob_estimated = False
        if date_of_birth is None and birth_year:
            if not (today.year - 110 <= birth_year <= today.year):
                errors["birth_year"] = _("This year of birth is not plausible.")
            else:
                date_of_birth, dob_estimated = estimated_birth_date(birth_year), True
        if date_of_birth and date_of_birth > today:
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif date_of_birth and date_of_birth.year < today.year - 110:
            errors["date_of_birth"] = _("This date of birth is not plausible.")
        clean["date_of_birth"] = date_of_birth
        clean["dob_estimated"] = dob_estimated
    if "phone" in data:
        try:
            clean["phone"] = normalise_phone(data["phone"])
        except ValidationError as e:
            errors.update({k: v[0] for k, v in e.message_dict.items()})
    return clean, errors


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
    creation_key: str = "",
) -> Person:
    """Register a person. Give a date of birth, or the estimated year of birth.

    `creation_key` (e.g. a UUID rendered in the registration form) makes the call
    idempotent: a second call with the same key returns the person the first created.
    Checking for duplicates first is the caller's job (`people.duplicates`).
    """
    if actor is not None and not has_capability(actor, Capability.REGISTER):
        raise PermissionDenied(_("You may not register people."))
    if creation_key:
        existing = Person.objects.filter(creation_key=creation_key).first()
        if existing is not None:
            return existing
    clean, errors = _clean_person(
        {
            "given_name": given_name,
            "family_name": family_name,
            "sex": sex,
            "date_of_birth": date_of_birth,
            "birth_year": birth_year,
            "nationality": nationality,
            "name_other_script": name_other_script,
            "languages": languages,
            "phone": phone,
            "residence_city": residence_city,
            "residence_region": residence_region,
        }
    )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            person = Person(
                **clean,
                creation_key=creation_key,
                created_by=actor if actor is not None and actor.pk else None,
            )
            # The creation key's uniqueness is left to the database (see below): checked
            # here, a concurrent double submit would surface as a form error.
            person.full_clean(validate_constraints=False)
            person.save()
            audit_record(actor=actor, verb="person.create", obj=person)
    except IntegrityError:
        # The same form submitted twice at once: the other request created the person.
        existing = (
            Person.objects.filter(creation_key=creation_key).first() if creation_key else None
        )
        if existing is None:
            raise
        return existing
    return person


UPDATABLE_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "name_other_script",
        "sex",
        "date_of_birth",
        "birth_year",
        "nationality",
        "languages",
        "phone",
        "residence_city",
        "residence_region",
    }
)


def _may_edit(actor: User, person: Person) -> bool:
    from awda.cases.selectors import persons_visible_to

    if not has_capability(actor, Capability.REGISTER):
        return False
    if person.created_by_id == actor.pk:
        return True
    return persons_visible_to(actor).filter(pk=person.pk).exists()


def person_update(
    *,
    actor: User | None,
    person: Person,
    data: Mapping[str, Any],
    seen_at: dt.datetime | None = None,
) -> Person:
    """Change some of a person's details; `data` holds only the fields to change.

    `seen_at` is the person's `updated_at` when the form was opened: if someone else
    saved the person since, the change is refused rather than silently overwriting theirs.
    Each case the person belongs to gets a timeline line naming the changed fields; the
    audit record names the fields but not their values, so that the append-only log does
    not become a second copy of personal data.
    """
    from awda.cases.models import CaseMember, TimelineEvent
    from awda.cases.services import timeline_add

    unknown = set(data) - UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"Not updatable: {', '.join(sorted(unknown))}")
    if actor is not None and not _may_edit(actor, person):
        raise PermissionDenied(_("You may not change this person's details."))
    clean, errors = _clean_person(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if seen_at is not None and locked.updated_at > seen_at:
            raise ValidationError(
                _(
                    "Someone else changed this person's details after you opened the form. "
                    "Reload the page to see their changes."
                )
            )
        changed = [f for f, v in clean.items() if getattr(locked, f) != v]
        if not changed:
            return locked
        for field in changed:
            setattr(locked, field, clean[field])
        locked.full_clean()
        locked.save()
        audit_record(actor=actor, verb="person.update", obj=locked, data={"fields": changed})
        memberships = CaseMember.objects.filter(person=locked).select_related("case")
        for membership in memberships:
            timeline_add(
                case=membership.case,
                actor=actor,
                kind=TimelineEvent.Kind.UPDATE,
                action="person_update",
                reason=_("Details of %(name)s changed: %(fields)s.")
                % {
                    "name": locked.full_name,
                    "fields": ", ".join(
                        str(Person._meta.get_field(f).verbose_name) for f in changed
                    ),
                },
                data={"person": locked.pk, "fields": changed},
            )
    person.refresh_from_db()
    return person


def _holder_description(actor: User | None, document: IdentityDocument) -> str:
    """Who holds a number already: named only to a user who may see that person."""
    from awda.cases.selectors import persons_visible_to

    holder = document.person
    visible = actor is None or (
        can_see_section(actor, "people")
        and (
            holder.created_by_id == actor.pk
            or persons_visible_to(actor).filter(pk=holder.pk).exists()
        )
    )
    if visible:
        return _("This number is already registered to %(name)s.") % {"name": holder.full_name}
    return _("This number is already registered to another person.")


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
    """Record an identity or travel document of a person.

    Adding the same document to the same person again returns the recorded one (a double
    click is not an error); a passport or card number already held by someone else is
    refused, since one such document belongs to one person.
    """
    if actor is not None and not any(
        has_capability(actor, c)
        for c in (Capability.REGISTER, Capability.MANAGE_TRAVEL, Capability.CONSULAR_DECISION)
    ):
        raise PermissionDenied(_("You may not record identity documents."))
    errors: dict[str, str] = {}
    if not (number or "").strip():
        errors["number"] = _("Give the document number.")
    elif len(document_key(number)) < 3:
        errors["number"] = _("This document number is too short.")
    if kind not in DocumentKind.values:
        errors["kind"] = _("Unknown document type.")
    issuing_country = _country_code(issuing_country, "issuing_country", errors)
    if issued_on and expires_on and expires_on < issued_on:
        errors["expires_on"] = _("The expiry date is before the issue date.")
    if issued_on and issued_on > timezone.localdate():
        errors["issued_on"] = _("The issue date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    key = document_key(number)
    same_number = IdentityDocument.objects.filter(kind=kind, number_key=key).select_related(
        "person"
    )
    if issuing_country:
        same_number = same_number.filter(issuing_country__in=[issuing_country, ""])
    for existing in same_number:
        if existing.person_id == person.pk:
            return existing
    if kind in UNIQUE_NUMBER_KINDS:
        holder = next(iter(same_number), None)
        if holder is not None:
            raise ValidationError({"number": _holder_description(actor, holder)})
    try:
        with transaction.atomic():
            document = IdentityDocument(
                person=person,
                kind=kind,
                number=" ".join(number.split()),
                issuing_country=issuing_country,
                issued_on=issued_on,
                expires_on=expires_on,
            )
            document.full_clean(validate_constraints=False)
            document.save()
            audit_record(actor=actor, verb="document.add", obj=document, data={"person": person.pk})
    except IntegrityError:
        # Another request recorded the same number between our check and our insert.
        existing = (
            IdentityDocument.objects.filter(
                kind=kind, number_key=key, issuing_country=issuing_country
            )
            .select_related("person")
            .first()
        )
        if existing is None:
            raise
        if existing.person_id == person.pk:
            return existing
        raise ValidationError({"number": _holder_description(actor, existing)})
    return document


KEY_FIELDS = ("name_key", "first_key", "last_key", "pair_key", "other_pair_key")


def person_keys_rebuild(*, batch_size: int = 2000) -> tuple[int, int]:
    """Recompute the derived search keys of every person and document number.

    Needed after the spelling rules of `awda.people.names` change: keys stored under the
    old rules would no longer meet the keys of new queries. Returns the number of people
    and documents whose keys changed.
    """
    people_changed = documents_changed = 0
    batch: list[Person] = []

    def flush() -> None:
        nonlocal batch
        if batch:
            Person.objects.bulk_update(batch, KEY_FIELDS)
            batch = []

    persons = Person.objects.only("given_name", "family_name", "name_other_script", *KEY_FIELDS)
    for person in persons.order_by("pk").iterator(chunk_size=batch_size):
        keys = person_keys(person.given_name, person.family_name, person.name_other_script)
        if any(getattr(person, f) != v for f, v in keys.items()):
            for field, value in keys.items():
                setattr(person, field, value)
            batch.append(person)
            people_changed += 1
            if len(batch) >= batch_size:
                with transaction.atomic():
                    flush()
    with transaction.atomic():
        flush()
    documents = IdentityDocument.objects.only("number", "number_key").order_by("pk")
    for document in documents.iterator(chunk_size=batch_size):
        key = document_key(document.number)
        if key != document.number_key:
            IdentityDocument.objects.filter(pk=document.pk).update(number_key=key)
            documents_changed += 1
    return people_changed, documents_changed
