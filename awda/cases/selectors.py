"""Reads of cases, always scoped to what the user may see (see accounts.access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BigAutoField,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awda.accounts.access import can_see_section, case_scope, clearance, sees_all_cases
from awda.accounts.models import User
from awda.cases.models import Case, CaseMember
from awda.cases.workflows import WORKFLOWS
from awda.people.models import Person


def cases_visible_to(user: User) -> QuerySet[Case]:
    return Case.objects.filter(case_scope(user))


def case_get_for_user(user: User, pk: int | str) -> Case:
    """The case if `user` may open it; Http404 otherwise (never 403: no hint it exists)."""
    try:
        return cases_visible_to(user).select_related("office", "programme").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case")


def case_section_for_user(user: User, pk: int | str, section: str) -> Case:
    """The case if `user` may open it *and* see its `section` (a consulate opens a case but
    not its vulnerabilities); Http404 otherwise, like any case out of scope."""
    if not can_see_section(user, section):
        raise Http404("No such case")
    return case_get_for_user(user, pk)


def case_get_by_reference_for_user(user: User, reference: str) -> Case:
    try:
        return cases_visible_to(user).select_related("office", "programme").get(reference=reference)
    except Case.DoesNotExist:
        raise Http404("No such case")


def persons_visible_to(user: User) -> QuerySet[Person]:
    """People who belong to at least one case the user may see.

    Written as correlated EXISTS rather than "id IN (every member of every visible case)":
    a search then narrows people by its indexed keys first and checks visibility for
    those few only (SQLite otherwise builds the list of every member first).
    """
    memberships = CaseMember.objects.filter(person=OuterRef("pk"))
    if not sees_all_cases(user):
        # Each membership's case is checked by primary key: a handful of lookups per
        # person, never a list of every case of the office.
        visible = cases_visible_to(user).filter(pk=OuterRef("case_id"))
        memberships = memberships.filter(Exists(visible))
    return Person.objects.filter(Exists(memberships))


def person_get_for_user(user: User, pk: int | str) -> Person:
    try:
        return persons_visible_to(user).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("No such person")


def case_members(case: Case) -> list[CaseMember]:
    return list(case.members.select_related("person").order_by("id"))


# --- The case list ------------------------------------------------------------------------

# The age bands of the annual report ("0-10 ans, 11-18 ans, 19-35 ans, 36-65 ans, +65 ans").
AGE_BANDS: dict[str, tuple[int, int | None, object]] = {
    "0-10": (0, 10, _("0–10 years")),
    "11-18": (11, 18, _("11–18 years")),
    "19-35": (19, 35, _("19–35 years")),
    "36-65": (36, 65, _("36–65 years")),
    "66+": (66, None, _("over 65 years")),
}

# Statuses in which a case is over, whatever its type.
TERMINAL_STATUSES = frozenset(s.code for w in WORKFLOWS.values() for s in w.states if s.terminal)

SORTS: dict[str, tuple[str, ...]] = {
    "-application_date": ("-application_date", "-id"),
    "application_date": ("application_date", "id"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "status": ("status", "-application_date", "-id"),
    "-status": ("-status", "-application_date", "-id"),
    "name": ("principal_family_name", "principal_given_name", "-id"),
    "-name": ("-principal_family_name", "-principal_given_name", "-id"),
}
DEFAULT_SORT = "-application_date"


@dataclass(frozen=True)
class CaseFilters:
    """What the case list (page, export and API) can be narrowed by.

    Person filters (nationality, sex, age band) select cases with at least one member
    matching all of them, so "girls aged 11–18" finds families with such a daughter.
    """

    q: str = ""
    status: tuple[str, ...] = ()
    case_type: str = ""
    office: str = ""  # Organisation code
    programme: str = ""  # Programme code
    nationality: str = ""  # ISO 3166-1 alpha-2
    sex: str = ""
    age_band: str = ""
    vulnerability: str = ""
    applied_from: dt.date | None = None
    applied_to: dt.date | None = None
    departed_from: dt.date | None = None
    departed_to: dt.date | None = None
    open_only: bool = False
    mine: bool = False  # registered by the user
    inactive_days: int | None = None  # no change for at least this many days
    documents_expiring_days: int | None = None
    sort: str = DEFAULT_SORT


def age_band_dob_range(band: str, today: dt.date, prefix: str = "") -> Q:
    """Dates of birth of people whose age today is in `band`: a range on the column, so
    the age is worked out in SQL and the date_of_birth index serves it."""
    low, high, _label = AGE_BANDS[band]
    q = Q(**{f"{prefix}date_of_birth__lte": _years_before(today, low)})
    if high is not None:
        q &= Q(**{f"{prefix}date_of_birth__gt": _years_before(today, high + 1)})
    return q


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def vulnerability_categories_for(user: User) -> list[str]:
    """Vulnerability categories `user` may filter on: knowing that a case *has* a
    trafficking record is itself restricted, so the category's sensitivity must be
    within the user's clearance."""
    from awda.protection.models import CATEGORY_SENSITIVITY, VulnerabilityCategory

    if not can_see_section(user, "vulnerabilities"):
        return []
    level = clearance(user)
    return [
        c
        for c in VulnerabilityCategory.values
        if CATEGORY_SENSITIVITY.get(c, 0) <= level and level >= 0
    ]


# Up to this many people found, a search hands the database the list of their cases;
# beyond it (a very common name) the database joins the search itself.
SEARCH_LIST_LIMIT = 5000


@BigAutoField.register_lookup
class AnyOf(Lookup):
    """`id__any_of=[…]`: like `__in`, but one array parameter on PostgreSQL.

    psycopg splits a query on its placeholders client-side, which for a few thousand ids
    costs more than running the query; `= ANY(%s)` sends the list as one value.
    """

    lookup_name = "any_of"
    prepare_rhs = False  # a list of ids, not one value of the field

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(v) for v in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


def _search(user: User, q: str) -> Q:
    """A reference, or anyone of the group matched by `people.selectors.person_match_q`
    (name across spellings and scripts, document number, phone, as the user may see).

    The people are looked up first (one query, on their own indexed keys), then their
    cases, and the case query gets the ids: planners (PostgreSQL's as SQLite's) otherwise
    tend to read every member of every case to join the two.
    """
    from awda.people.models import Person
    from awda.people.selectors import person_match_q

    q = q.strip()
    condition = Q(pk__in=[])
    if any(ch.isdigit() for ch in q):
        # References have digits: a name alone is not compared with every reference.
        condition = Q(reference=q.upper())
        if "-" in q:
            # A fragment of a reference ("2022-00123").
            condition |= Q(reference__contains=q.upper())
    # The people's own scope is not applied here: the cases are narrowed to those the user
    # may see (case_filter), so only people of visible cases can bring a case in.
    persons = Person.objects.filter(person_match_q(user, q))
    person_ids = list(persons.values_list("pk", flat=True)[: SEARCH_LIST_LIMIT + 1])
    if len(person_ids) > SEARCH_LIST_LIMIT:
        members = CaseMember.objects.filter(person__in=persons.values("pk"))
        return condition | Q(pk__in=members.values("case_id"))
    # Their cases as a list too: with the exact ids the planner sorts a few rows, where a
    # subquery lets it walk the whole date index looking for them.
    case_ids = CaseMember.objects.filter(person__id__any_of=person_ids).values_list(
        "case_id", flat=True
    )
    return condition | Q(pk__any_of=sorted(set(case_ids)))


def case_filter(user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases `user` may see, narrowed by `filters` (no row columns, no order)."""
    f = filters or CaseFilters()
    today = timezone.localdate()
    qs = cases_visible_to(user)

    if f.q.strip():
        qs = qs.filter(_search(user, f.q))
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.case_type:
        qs = qs.filter(case_type=f.case_type)
    if f.office:
        qs = qs.filter(office__code=f.office)
    if f.programme:
        qs = qs.filter(programme__code=f.programme)
    if f.applied_from:
        qs = qs.filter(application_date__gte=f.applied_from)
    if f.applied_to:
        qs = qs.filter(application_date__lte=f.applied_to)
    if f.departed_from:
        qs = qs.filter(departure_date__gte=f.departed_from)
    if f.departed_to:
        qs = qs.filter(departure_date__lte=f.departed_to)
    if f.open_only:
        qs = qs.exclude(status__in=TERMINAL_STATUSES)
    if f.mine:
        qs = qs.filter(created_by=user)
    if f.inactive_days is not None:
        qs = qs.filter(updated_at__lt=timezone.now() - dt.timedelta(days=f.inactive_days))

    person = Q()
    if f.nationality:
        person &= Q(person__nationality=f.nationality)
    if f.sex:
        person &= Q(person__sex=f.sex)
    if f.age_band in AGE_BANDS:
        person &= age_band_dob_range(f.age_band, today, prefix="person__")
    if person:
        qs = qs.filter(Exists(CaseMember.objects.filter(person, case=OuterRef("pk"))))

    if f.vulnerability:
        from awda.protection.models import Vulnerability

        if f.vulnerability not in vulnerability_categories_for(user):
            return qs.none()
        qs = qs.filter(
            Exists(
                Vulnerability.objects.filter(
                    case=OuterRef("pk"),
                    category=f.vulnerability,
                    sensitivity__lte=clearance(user),
                    resolved_on__isnull=True,
                )
            )
        )

    if f.documents_expiring_days is not None:
        qs = qs.filter(documents_expiring_q(user, f.documents_expiring_days, today))

    return qs


def _with_principal(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.annotate(
        principal=FilteredRelation("members", condition=Q(members__relationship="principal")),
        principal_person_id=F("principal__person_id"),
        principal_given_name=F("principal__person__given_name"),
        principal_family_name=F("principal__person__family_name"),
    )


def case_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    """`cases` with what a list row shows: the principal applicant (name, sex, date of
    birth, nationality) and the size of the group, as annotations of one query."""
    return (
        _with_principal(cases)
        .annotate(
            principal_other_script=F("principal__person__name_other_script"),
            principal_sex=F("principal__person__sex"),
            principal_date_of_birth=F("principal__person__date_of_birth"),
            principal_dob_estimated=F("principal__person__dob_estimated"),
            principal_nationality=F("principal__person__nationality"),
            member_count=Coalesce(
                Subquery(
                    CaseMember.objects.filter(case=OuterRef("pk"))
                    .order_by()
                    .values("case")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .select_related("office", "programme")
    )


def _ordered(cases: QuerySet[Case], sort: str) -> QuerySet[Case]:
    if sort not in SORTS:
        sort = DEFAULT_SORT
    if sort.lstrip("-") == "name":
        cases = _with_principal(cases)
    return cases.order_by(*SORTS[sort])


def case_list(user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases `user` may see, narrowed and sorted by `filters`, each with its row
    columns (`case_rows`). For a paginated page, `CaseListPages` is cheaper."""
    f = filters or CaseFilters()
    return _ordered(case_rows(case_filter(user, f)), f.sort)


class CaseListPages:
    """The case list as Django's Paginator reads it, in three queries whatever the page
    size: the count (filters only, none of the row columns), the ids of the page in the
    chosen order, then the rows of those ids. The principal's details and the group size
    are so worked out for one page, not for every case that matches."""

    # The paginator reads `ordered` (a queryset's flag) to warn about unordered lists.
    ordered = True

    def __init__(self, user: User, filters: CaseFilters | None = None):
        f = filters or CaseFilters()
        self.sort = f.sort if f.sort in SORTS else DEFAULT_SORT
        self.filtered = case_filter(user, f)
        self.sorted = _ordered(self.filtered, self.sort)

    def count(self) -> int:
        return self.filtered.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[Case]:
        if self.sort.lstrip("-") == "name":
            ids = self._ids_by_name(key)
        else:
            ids = list(self.sorted.values_list("pk", flat=True)[key])
        rows = {c.pk: c for c in case_rows(Case.objects.filter(pk__in=ids))}
        return [rows[pk] for pk in ids if pk in rows]

    def _ids_by_name(self, key: slice) -> list[int]:
        # Walked from the principal applicants' side (an inner join), so that an index
        # on the person's name can give the first page without sorting every case.
        desc = "-" if self.sort.startswith("-") else ""
        principals = CaseMember.objects.filter(
            relationship="principal", case__in=self.filtered.values("pk")
        ).order_by(f"{desc}person__family_name", f"{desc}person__given_name", "-case_id")
        return list(principals.values_list("case_id", flat=True)[key])


def documents_expiring_q(user: User, days: int, today: dt.date | None = None) -> Q:
    """Cases not yet departed in which someone's travel document has expired or expires
    within `days` (`people.selectors.documents_expiring` decides which documents)."""
    from awda.people.selectors import documents_expiring

    holders = documents_expiring(user, days, today=today).order_by().values("person_id")
    members = CaseMember.objects.filter(person_id__in=holders).values("case_id")
    return Q(pk__in=members, departure_date__isnull=True) & ~Q(status__in=TERMINAL_STATUSES)


def case_status_counts(user: User) -> list[dict]:
    """How many cases the user may see are in each (case type, status), open cases only."""
    return list(
        cases_visible_to(user)
        .exclude(status__in=TERMINAL_STATUSES)
        .order_by()
        .values("case_type", "status")
        .annotate(n=Count("pk"))
    )
