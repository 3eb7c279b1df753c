"""Is this person already registered? Candidates for the case worker, ranked with reasons.

Duplicates most often come from another office (a migrant registered in Oujda comes
back in Rabat), so the search covers every person of the programme; what is shown of a
candidate is kept minimal (see the API). Two steps keep it fast on large registries:

1. *Blocking*: one SQL query collects the few people who share an indexed key with the
   query: a document number, the phone, the pair of name skeletons (first and last
   word, order-free) born within two years, or one name skeleton and the same birth date.
2. *Scoring*: those are compared in Python (rapidfuzz Jaro-Winkler on the spelled
   names, equality of consonant skeletons across spellings and scripts), and only
   plausible ones are returned, each with the sentences saying why.

A document number match ranks first; then name, date of birth and nationality
together. Sharing only a (common) given name is never enough.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from itertools import combinations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries
from rapidfuzz.distance import JaroWinkler

from awda.accounts.access import has_capability
from awda.accounts.models import User
from awda.accounts.roles import Capability
from awda.audit.services import audit_record
from awda.people.models import UNIQUE_NUMBER_KINDS, DocumentKind, IdentityDocument, Person
from awda.people.names import NameToken, document_key, tokens_of

# Two name words are taken as the same name from this similarity on (0–1).
TOKEN_MATCH = 0.88
# Scores (0–100) at or above which a candidate is shown.
PROPOSE_AT = 50.0
# Numbers shorter than this (after removing spaces and dashes) match too much by chance.
MIN_DOCUMENT_KEY = 5
# The blocking query never reads more rows than this, however common a name.
MAX_BLOCK = 1000
# Estimated ages are guesses: the blocking window and the "estimated" match allow this.
YEAR_WINDOW = 2


@dataclass(frozen=True)
class CandidateCase:
    """A case of a candidate, as much as a case worker of any office may see of it."""

    reference: str
    case_type: str
    office_code: str
    office_name: str
    status: str
    status_label: str


@dataclass(frozen=True)
class DuplicateCandidate:
    person: Person
    score: float  # 0–100, higher = more likely the same person
    reasons: tuple[str, ...]  # translated sentences, strongest first
    cases: tuple[CandidateCase, ...]
    document_match: bool = False


@dataclass(frozen=True)
class _NameVersion:
    tokens: tuple[NameToken, ...]
    display: str  # as written, for the reason sentence
    arabic: bool


@dataclass(frozen=True)
class _NameMatch:
    core: bool  # first and last words both match (or the single word, see _align)
    single: bool  # one side has a single word: trusted only with the same birth date
    similarity: float  # 0–1
    exact: bool
    swapped: bool
    query: _NameVersion
    candidate: _NameVersion


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[NameToken, ...]:
    return tokens_of(text)


def _version(text: str) -> _NameVersion | None:
    text = " ".join((text or "").split())
    tokens = _tokens(text)
    if not tokens:
        return None
    return _NameVersion(tokens, text, any(t.arabic for t in tokens))


@lru_cache(maxsize=262144)
def _token_similarity(a: NameToken, b: NameToken) -> float:
    if a.text == b.text:
        return 1.0
    if a.skeleton == b.skeleton and len(a.skeleton) >= 2:
        return 0.95
    skeletons = JaroWinkler.similarity(a.skeleton, b.skeleton) * 0.9
    if a.arabic != b.arabic:
        # Across scripts the spelled vowels mean nothing: only consonants compare.
        return skeletons
    return max(JaroWinkler.similarity(a.text, b.text), skeletons)


def _align(q: _NameVersion, c: _NameVersion) -> _NameMatch:
    """Pair the words of two names one to one, most similar first."""
    pairs = sorted(
        (
            (_token_similarity(a, b), i, j)
            for i, a in enumerate(q.tokens)
            for j, b in enumerate(c.tokens)
        ),
        reverse=True,
    )
    used_q: dict[int, int] = {}
    used_c: set[int] = set()
    total = 0.0
    for sim, i, j in pairs:
        if sim < TOKEN_MATCH:
            break
        if i in used_q or j in used_c:
            continue
        used_q[i] = j
        used_c.add(j)
        total += sim
    nq, nc = len(q.tokens), len(c.tokens)
    similarity = (total / nq + total / nc) / 2
    single = min(nq, nc) == 1
    if single:
        core = bool(used_q)
    else:
        core = (0 in used_q and nq - 1 in used_q) or (0 in used_c and nc - 1 in used_c)
    swapped = not single and used_q.get(0) == nc - 1 and used_q.get(nq - 1) == 0
    exact = nq == nc and all(a.text == b.text for a, b in zip(q.tokens, c.tokens, strict=True))
    return _NameMatch(core, single, similarity, exact, swapped, q, c)


def _best_name_match(
    queries: Sequence[_NameVersion], candidates: Sequence[_NameVersion]
) -> _NameMatch | None:
    best = None
    for q in queries:
        for c in candidates:
            m = _align(q, c)
            if best is None or (m.core, m.similarity) > (best.core, best.similarity):
                best = m
    return best


def _name_reasons(m: _NameMatch) -> list[str]:
    values = {"query": m.query.display, "candidate": m.candidate.display}
    if m.query.arabic != m.candidate.arabic or (m.query.arabic and m.candidate.arabic):
        reasons = [_("Name in Arabic script matches: %(query)s ≈ %(candidate)s") % values]
    elif m.exact:
        reasons = [_("Same name: %(candidate)s") % values]
    else:
        reasons = [_("Similar name: %(query)s ≈ %(candidate)s") % values]
    if m.swapped:
        reasons.append(_("Given and family names swapped"))
    return reasons


def _birth(
    date_of_birth: dt.date | None, birth_year: int | None
) -> tuple[dt.date | None, int | None]:
    """(exact date or None, year or None) of the query."""
    if date_of_birth is not None:
        return date_of_birth, date_of_birth.year
    return None, birth_year or None


class _Birth(IntEnum):
    """How a candidate's birth date compares with the query's."""

    UNKNOWN = 0
    SAME_DATE = 1
    WITHIN_A_YEAR = 2
    ESTIMATED_WITHIN_TWO = 3
    FAR = 4


_BIRTH_POINTS = {
    _Birth.UNKNOWN: 0.0,
    _Birth.SAME_DATE: 20.0,
    _Birth.WITHIN_A_YEAR: 12.0,
    _Birth.ESTIMATED_WITHIN_TWO: 6.0,
    _Birth.FAR: -30.0,
}


def _birth_match(
    q_date: dt.date | None, q_year: int | None, born: dt.date | None, estimated: bool
) -> _Birth:
    if q_year is None or born is None:
        return _Birth.UNKNOWN
    if not estimated and q_date is not None and q_date == born:
        return _Birth.SAME_DATE
    gap = abs(born.year - q_year)
    if gap <= 1:
        return _Birth.WITHIN_A_YEAR
    if gap <= YEAR_WINDOW and (estimated or q_date is None):
        return _Birth.ESTIMATED_WITHIN_TWO
    return _Birth.FAR


def _birth_reason(match: _Birth, born: dt.date) -> str | None:
    if match == _Birth.SAME_DATE:
        return _("Same date of birth: %(date)s") % {"date": date_format(born, "SHORT_DATE_FORMAT")}
    if match == _Birth.WITHIN_A_YEAR:
        return _("Born in %(year)s (± 1 year)") % {"year": born.year}
    if match == _Birth.ESTIMATED_WITHIN_TWO:
        return _("Born in %(year)s (estimated age, ± 2 years)") % {"year": born.year}
    return None


@dataclass(frozen=True)
class _Evidence:
    """Why a candidate scored what it did; turned into sentences only for those shown."""

    score: float
    name: _NameMatch | None  # set when the name itself is a reason
    birth: _Birth
    same_nationality: bool
    same_phone: bool
    documents: tuple[tuple[str, str], ...]


def _reasons(e: _Evidence, person: Person) -> tuple[str, ...]:
    reasons = [
        _("Same %(document)s number %(number)s")
        % {"document": _document_label(kind), "number": number}
        for kind, number in e.documents
    ]
    if e.name is not None:
        reasons.extend(_name_reasons(e.name))
    if e.name is not None or e.documents:
        birth = _birth_reason(e.birth, person.date_of_birth) if person.date_of_birth else None
        if birth:
            reasons.append(birth)
    if e.same_nationality:
        reasons.append(_("Same nationality"))
    if e.same_phone:
        reasons.append(_("Same phone"))
    return tuple(reasons)


def _document_label(kind: str) -> str:
    label = str(DocumentKind(kind).label) if kind in DocumentKind.values else kind
    return label[:1].lower() + label[1:]


def _phone_key(phone: str) -> str:
    from awda.people.services import normalise_phone

    try:
        return normalise_phone(phone)
    except ValidationError:
        return ""


def _candidate_cases(person_ids: Sequence[int]) -> dict[int, list[CandidateCase]]:
    from awda.cases.models import CaseMember

    cases: dict[int, list[CandidateCase]] = {}
    memberships = (
        CaseMember.objects.filter(person_id__in=person_ids)
        .select_related("case__office")
        .order_by("-case__application_date", "-case_id")
    )
    for m in memberships:
        c = m.case
        cases.setdefault(m.person_id, []).append(
            CandidateCase(
                reference=c.reference,
                case_type=c.case_type,
                office_code=c.office.code,
                office_name=c.office.name,
                status=c.status,
                status_label=c.get_status_display(),
            )
        )
    return cases


def find_duplicates(
    *,
    given_name: str,
    family_name: str = "",
    name_other_script: str = "",
    date_of_birth: dt.date | None = None,
    birth_year: int | None = None,
    nationality: str = "",
    document_numbers: Sequence[str] = (),
    phone: str = "",
    limit: int = 10,
    exclude: Sequence[int] = (),
) -> list[DuplicateCandidate]:
    """People already registered who may be the one described, most likely first.

    Not scoped to a user: the whole registry is searched. Callers acting for a user go
    through `find_duplicates_for_user`, which checks the user may register people.
    Runs at most three queries, whatever the number of candidates.
    """
    queries = [
        v
        for v in (_version(f"{given_name or ''} {family_name or ''}"), _version(name_other_script))
        if v is not None
    ]
    q_date, q_year = _birth(date_of_birth, birth_year)
    nationality = (nationality or "").upper()
    phone_key = _phone_key(phone) if phone else ""
    doc_keys = sorted(
        {k for k in (document_key(n) for n in document_numbers) if len(k) >= MIN_DOCUMENT_KEY}
    )

    documents: dict[int, list[tuple[str, str]]] = {}
    if doc_keys:
        # Birth certificates are numbered per registry office: their numbers recur.
        for person_id, kind, number in IdentityDocument.objects.filter(
            number_key__in=doc_keys, kind__in=UNIQUE_NUMBER_KINDS
        ).values_list("person_id", "kind", "number"):
            documents.setdefault(person_id, []).append((kind, number))

    block = Q(pk__in=list(documents)) if documents else Q(pk__in=[])
    if phone_key:
        block |= Q(phone=phone_key)
    # Every pair of words of the query, not only its first and last: the name may have
    # been typed with a middle name, or with given and family names swapped.
    pairs = sorted(
        {
            " ".join(sorted((a.skeleton, b.skeleton)))
            for v in queries
            for a, b in combinations(v.tokens, 2)
            if a.skeleton and b.skeleton
        }
    )
    words = sorted({t.skeleton for v in queries for t in v.tokens} - {""})
    window = None
    if q_year is not None:
        window = (dt.date(q_year - YEAR_WINDOW, 1, 1), dt.date(q_year + YEAR_WINDOW, 12, 31))
    if pairs:
        # With a birth year, a namesake born far apart scores below PROPOSE_AT anyway:
        # leave them out of the block so that "Mamadou Diallo" stays a small set.
        near = Q(date_of_birth__range=window) | Q(date_of_birth__isnull=True) if window else Q()
        block |= (Q(pair_key__in=pairs) & near) | (Q(other_pair_key__in=pairs) & near)
    if words and q_date is not None:
        # One word alike (the other misspelt beyond its skeleton: "Traore" / "Taore") is
        # looked up only with the same exact birth date: a common word with a window of
        # years, or with an estimated age, would bring back thousands of people.
        block |= Q(first_key__in=words, date_of_birth=q_date)
        block |= Q(last_key__in=words, date_of_birth=q_date)
    if not (queries or documents or phone_key):
        return []

    # Plain tuples for the block: model instances are built only for the candidates shown.
    fields = [f.attname for f in Person._meta.concrete_fields]
    at = {name: i for i, name in enumerate(fields)}
    rows = (
        Person.objects.filter(block)
        .exclude(pk__in=list(exclude))
        .annotate(
            _sure=Case(
                When(pk__in=list(documents), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("_sure", "-pk")
        .values_list(*fields)[:MAX_BLOCK]
    )

    scored: list[tuple[float, int, tuple, _Evidence]] = []
    for row in rows:
        pk = row[at["id"]]
        given, family = row[at["given_name"]], row[at["family_name"]]
        full_name = f"{given} {family}" if family else given
        candidate_versions = [
            v for v in (_version(full_name), _version(row[at["name_other_script"]])) if v
        ]
        name = _best_name_match(queries, candidate_versions) if queries else None
        birth = _birth_match(q_date, q_year, row[at["date_of_birth"]], row[at["dob_estimated"]])
        name_core = bool(name and name.core)
        if name_core and name.single and birth != _Birth.SAME_DATE:
            # A single word ("Awa") is a name many share: only with the same birth date.
            name_core = False
        score = (40 + 20 * name.similarity) if name_core else 15 * (name.similarity if name else 0)
        score += _BIRTH_POINTS[birth]
        same_nationality = False
        if nationality and row[at["nationality"]]:
            same_nationality = row[at["nationality"]] == nationality
            score += 10 if same_nationality else -10
        same_phone = bool(phone_key and row[at["phone"]] == phone_key)
        if same_phone:
            score += 20
        score = max(0.0, min(score, 89.0))
        held = tuple(documents.get(pk, ()))
        if held:
            # A shared passport or card number outranks any resemblance of names.
            score = 90 + score / 9
        elif score < PROPOSE_AT or not (name_core or same_phone):
            continue
        evidence = _Evidence(
            score=round(score, 1),
            name=name if name_core else None,
            birth=birth,
            same_nationality=same_nationality,
            same_phone=same_phone,
            documents=held,
        )
        scored.append((evidence.score, pk, row, evidence))

    scored.sort(key=lambda s: (-s[0], -s[1]))
    top = scored[:limit]
    cases = _candidate_cases([pk for _score, pk, _row, _e in top]) if top else {}
    candidates = []
    for score, pk, row, evidence in top:
        person = Person.from_db(rows.db, fields, row)
        candidates.append(
            DuplicateCandidate(
                person=person,
                score=score,
                reasons=_reasons(evidence, person),
                cases=tuple(cases.get(pk, ())),
                document_match=bool(evidence.documents),
            )
        )
    return candidates


def find_duplicates_for_user(
    user: User,
    *,
    given_name: str,
    family_name: str = "",
    name_other_script: str = "",
    date_of_birth: dt.date | None = None,
    birth_year: int | None = None,
    nationality: str = "",
    document_numbers: Sequence[str] = (),
    phone: str = "",
    limit: int = 10,
    exclude: Sequence[int] = (),
) -> list[DuplicateCandidate]:
    """`find_duplicates` for a user about to register someone, with the disclosure audited.

    Candidates may belong to cases the user cannot open (another office), so only
    offices' registering roles may run it, and the people shown are written to the
    audit log.
    """
    if not has_capability(user, Capability.REGISTER):
        raise PermissionDenied(_("You may not register people."))
    nationality = (nationality or "").upper()
    if nationality and nationality not in countries:
        raise ValidationError(
            {"nationality": _("Unknown country code: %(code)s.") % {"code": nationality}}
        )
    candidates = find_duplicates(
        given_name=given_name,
        family_name=family_name,
        name_other_script=name_other_script,
        date_of_birth=date_of_birth,
        birth_year=birth_year,
        nationality=nationality,
        document_numbers=document_numbers,
        phone=phone,
        limit=limit,
        exclude=exclude,
    )
    if candidates:
        audit_record(
            actor=user,
            verb="person.duplicates_shown",
            object_type="people.person",
            data={"persons": [c.person.pk for c in candidates]},
        )
    return candidates
