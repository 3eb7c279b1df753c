"""Reads of people and their documents."""

from __future__ import annotations

from awda.people.models import TRAVEL_DOCUMENT_KINDS, IdentityDocument, Person


def travel_documents_of(person: Person) -> list[IdentityDocument]:
    """Passports and laissez-passer a person can cross a border with."""
    return list(person.documents.filter(kind__in=TRAVEL_DOCUMENT_KINDS).order_by("-expires_on"))
