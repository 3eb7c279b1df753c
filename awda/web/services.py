"""Intake: registering a person or a whole group as one new case, in one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awda.accounts.access import has_capability
from awda.accounts.models import Organisation, User
from awda.cases.models import Case, Relationship
from awda.cases.services import case_add_member, case_create
from awda.people.models import Person
from awda.people.services import document_add, person_create
from awda.web.models import IntakeSubmission

# Fields of Person the members of a group take from the principal applicant.
SHARED_WITH_GROUP = ("residence_city", "residence_region")


@dataclass
class PersonEntry:
    """One person of the group as typed in the intake form.

    `existing` is set when the case worker recognised an already registered person among
    the duplicate candidates: that person joins the case and no new Person is created.
    `key` names the form part errors belong to (e.g. "p1", documents "p1-d0").
    """

    key: str
    relationship: str
    person: dict  # keyword arguments of people.services.person_create
    documents: list[dict] = field(default_factory=list)  # of document_add, with "key"
    existing: Person | None = None


class IntakeInvalid(Exception):
    """The group could not be registered; nothing was saved. `errors` maps a form part
    ("case", "p0", "p1-d0") to {field: [messages]}."""

    def __init__(self, errors: dict[str, dict[str, list[str]]]):
        self.errors = errors
        super().__init__(errors)


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {k: [str(m) for m in v] for k, v in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def intake_register(
    *,
    actor: User,
    token: uuid.UUID,
    case_type: str,
    office: Organisation,
    people: list[PersonEntry],
    application_date=None,
    programme=None,
    referral_source: str = "self",
    referred_by: Organisation | None = None,
    arrival_in_morocco_date=None,
    host_country: str = "",
    destination_country: str = "",
    reasons: list[str] | tuple[str, ...] = (),
) -> tuple[Case, bool]:
    """Register the group as a new case: people, their documents, the case and its members.

    Returns (case, created). `created` is False when this form (`token`) was already
    submitted: the case the first submission registered is returned and nothing is added.
    Raises IntakeInvalid (nothing saved) when a service refuses a value.
    """
    if not has_capability(actor, "register"):
        raise PermissionDenied(_("You may not register cases."))
    if not people or people[0].relationship != Relationship.PRINCIPAL:
        raise IntakeInvalid({"p0": {"__all__": [_("Register the principal applicant first.")]}})
    previous = IntakeSubmission.objects.filter(token=token, case__isnull=False).first()
    if previous is not None:
        return previous.case, False
    try:
        with transaction.atomic():
            # Taken first, so that a concurrent second submission of the same form waits on
            # this row and then fails on the unique token instead of registering again.
            submission = IntakeSubmission.objects.create(token=token, created_by=actor)
            case = _register(
                actor=actor,
                case_type=case_type,
                office=office,
                people=people,
                application_date=application_date,
                programme=programme,
                referral_source=referral_source,
                referred_by=referred_by,
                arrival_in_morocco_date=arrival_in_morocco_date,
                host_country=host_country,
                destination_country=destination_country,
                reasons=reasons,
            )
            submission.case = case
            submission.save(update_fields=["case"])
    except IntegrityError:
        previous = IntakeSubmission.objects.filter(token=token, case__isnull=False).first()
        if previous is None:
            raise
        return previous.case, False
    return case, True


def _register(*, actor, case_type, office, people, reasons, **case_fields) -> Case:
    errors: dict[str, dict[str, list[str]]] = {}
    chosen = [e.existing.pk for e in people if e.existing is not None]
    if len(chosen) != len(set(chosen)):
        for e in people:
            if e.existing is not None and chosen.count(e.existing.pk) > 1:
                errors[e.key] = {"match": [_("The same registered person is chosen twice.")]}
    principal_fields = people[0].person
    persons: list[Person | None] = []
    for entry in people:
        person = entry.existing
        if person is None:
            kwargs = dict(entry.person)
            if entry.relationship != Relationship.PRINCIPAL:
                for name in SHARED_WITH_GROUP:
                    kwargs[name] = kwargs.get(name) or principal_fields.get(name, "")
            try:
                person = person_create(actor=actor, **kwargs)
            except ValidationError as e:
                errors[entry.key] = _messages(e)
        persons.append(person)
        if person is None:
            continue
        for document in entry.documents:
            # A document the recognised person already holds is returned, not doubled.
            fields = {k: v for k, v in document.items() if k != "key"}
            try:
                document_add(actor=actor, person=person, **fields)
            except ValidationError as e:
                errors[document["key"]] = _messages(e)
    if errors:
        raise IntakeInvalid(errors)
    try:
        case = case_create(
            actor=actor,
            case_type=case_type,
            office=office,
            principal=persons[0],
            reasons=reasons,
            **case_fields,
        )
    except ValidationError as e:
        raise IntakeInvalid({"case": _messages(e)})
    for entry, person in zip(people[1:], persons[1:], strict=True):
        try:
            case_add_member(actor=actor, case=case, person=person, relationship=entry.relationship)
        except ValidationError as e:
            errors[entry.key] = _messages(e)
    if errors:
        raise IntakeInvalid(errors)
    return case
