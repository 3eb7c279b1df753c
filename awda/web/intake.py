"""The intake page's state: the group's forms rebuilt from what was posted, and the
duplicate candidates proposed for each person.

The page is one form. Person blocks are numbered p0 (the principal applicant), p1, …;
documents of a person p1 are p1-d0, p1-d1, …. Blocks can be added (htmx, or the no-script
button) and removed, so the numbers may have gaps; a block exists when its "present"
marker was posted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.http import QueryDict

from awda.accounts.models import User
from awda.cases.models import Relationship
from awda.web.forms import DocumentForm, IntakeCaseForm, PersonForm
from awda.web.services import PersonEntry

MAX_PEOPLE = 30
MAX_DOCUMENTS = 6


@dataclass
class PersonBlock:
    index: int
    form: PersonForm
    documents: list[DocumentForm] = field(default_factory=list)
    document_count: int = 1
    candidates: list = field(default_factory=list)
    # Person ids proposed last time the page was shown (to notice new candidates).
    shown: list[int] = field(default_factory=list)
    match: str = ""  # "new", a person id, or "" (not chosen yet)
    match_error: str = ""

    @property
    def prefix(self) -> str:
        return f"p{self.index}"

    @property
    def is_principal(self) -> bool:
        return self.index == 0

    def entry(self) -> PersonEntry:
        existing = None
        if self.match and self.match != "new":
            existing = next(
                (c.person for c in self.candidates if str(c.person.pk) == self.match), None
            )
        documents = []
        for d in self.documents:
            if d.has_changed() and d.is_valid():
                documents.append({"key": d.prefix, **d.cleaned_data})
        return PersonEntry(
            key=self.prefix,
            relationship=(
                Relationship.PRINCIPAL
                if self.is_principal
                else self.form.cleaned_data["relationship"]
            ),
            person=self.form.service_kwargs(),
            documents=documents,
            existing=existing,
        )


def person_block(index: int, data: QueryDict | None = None) -> PersonBlock:
    prefix = f"p{index}"
    form = PersonForm(data, prefix=prefix, principal=index == 0)
    if data is None:
        count = 1
        indices = [0]
    else:
        count = _int(data.get(f"{prefix}-doc_count"), 1, MAX_DOCUMENTS)
        indices = [i for i in range(count) if data.get(f"{prefix}-d{i}-present")]
    documents = [document_form(index, i, data) for i in indices]
    shown = [int(x) for x in (data.getlist(f"{prefix}-shown") if data else []) if x.isdigit()]
    return PersonBlock(
        index=index,
        form=form,
        documents=documents,
        document_count=count,
        shown=shown,
        match=(data.get(f"{prefix}-match", "") if data else ""),
    )


def document_form(person_index: int, index: int, data: QueryDict | None = None) -> DocumentForm:
    return DocumentForm(data, prefix=f"p{person_index}-d{index}")


def _int(raw, default: int, maximum: int) -> int:
    try:
        return max(0, min(int(raw), maximum))
    except (TypeError, ValueError):
        return default


@dataclass
class IntakeState:
    token: str
    case_form: IntakeCaseForm
    people: list[PersonBlock]
    member_count: int

    @classmethod
    def new(cls, user: User) -> IntakeState:
        return cls(
            token=str(uuid.uuid4()),
            case_form=IntakeCaseForm(user=user),
            people=[person_block(0)],
            member_count=1,
        )

    @classmethod
    def from_post(cls, data: QueryDict, user: User) -> IntakeState:
        count = _int(data.get("member_count"), 1, MAX_PEOPLE)
        indices = [0] + [i for i in range(1, count) if data.get(f"p{i}-present")]
        return cls(
            token=data.get("token", ""),
            case_form=IntakeCaseForm(data, user=user),
            people=[person_block(i, data) for i in indices],
            member_count=count,
        )

    @property
    def token_uuid(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(self.token)
        except (TypeError, ValueError):
            return None

    def is_valid(self) -> bool:
        # Validate every part (no short-circuit) so all errors show at once.
        results = [self.case_form.is_valid()]
        for block in self.people:
            results.append(block.form.is_valid())
            results.extend(d.is_valid() for d in block.documents)
        return all(results)

    def find_candidates(self, user: User) -> None:
        """Ask the duplicate finder about every person of the group."""
        for block in self.people:
            block.candidates = candidates_for(block, user)

    @property
    def has_candidates(self) -> bool:
        return any(b.candidates for b in self.people)

    def decisions_complete(self) -> bool:
        """Every person with candidates has a decision, and no new candidate appeared
        since the page was shown (the details may have been edited in between)."""
        complete = True
        for block in self.people:
            ids = {c.person.pk for c in block.candidates}
            if not ids:
                block.match = "new"
                continue
            if not ids <= set(block.shown):
                block.match = ""
                complete = False
                continue
            if block.match != "new" and block.match not in {str(i) for i in ids}:
                block.match_error = "choose"
                complete = False
        return complete

    def entries(self) -> list[PersonEntry]:
        return [b.entry() for b in self.people]

    def apply_errors(self, errors: dict[str, dict[str, list[str]]]) -> None:
        """Put the services' refusals next to the fields they are about."""
        parts = {"case": self.case_form}
        for block in self.people:
            parts[block.prefix] = block.form
            for d in block.documents:
                parts[d.prefix] = d
        for key, field_errors in errors.items():
            form = parts.get(key, self.case_form)
            for name, messages in field_errors.items():
                if name == "match":
                    block = next(b for b in self.people if b.prefix == key)
                    block.match_error = " ".join(messages)
                    continue
                target = name if name in form.fields else None
                if name == "birth_year":
                    target = "age"
                for message in messages:
                    form.add_error(target, message)


def candidates_for(block: PersonBlock, user: User) -> list:
    """Already registered people who may be this one, best first, with why they match."""
    from awda.people.duplicates import find_duplicates_for_user

    kwargs = block.form.service_kwargs()
    numbers = [
        doc.cleaned_data["number"]
        for doc in block.documents
        if doc.has_changed() and doc.is_valid() and doc.cleaned_data.get("number")
    ]
    return find_duplicates_for_user(
        user,
        given_name=kwargs["given_name"],
        family_name=kwargs["family_name"],
        name_other_script=kwargs["name_other_script"],
        date_of_birth=kwargs["date_of_birth"],
        birth_year=kwargs["birth_year"],
        nationality=kwargs["nationality"],
        document_numbers=numbers,
        phone=kwargs["phone"],
    )
