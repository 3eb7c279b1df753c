"""The annual report ("Bilan"): one selector per table, SQL aggregations only.

Tables on people and cases read the fact table (`PersonFact`, one row per person per
case); tables whose counting rules belong to another app (assistance, travel,
reintegration, trainings, funding) call that app's selector and only reshape its answer.
Who may see which report, and which figures they may open, is decided in `report_scope`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as When_
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.db.models.lookups import GreaterThan
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from awda.accounts import access
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.accounts.roles import OFFICE_ROLES, Capability, Role
from awda.cases.models import Case, ReturnReason
from awda.cases.selectors import cases_visible_to
from awda.funding.models import Programme
from awda.people.models import MoroccanRegion
from awda.protection.models import VulnerabilityCategory
from awda.reports import external, suppression
from awda.reports.definition import (
    TOTAL,
    Cell,
    Column,
    Report,
    Row,
    Table,
    TableData,
    TableSpec,
)
from awda.reports.external import _office, _programme
from awda.reports.models import FactsState, PersonFact, ReturnYearFact
from awda.reports.params import ReportParams, band_label
from awda.reports.services import REASON_BITS, VULNERABILITY_BITS

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------
# Who sees what


@dataclass(frozen=True)
class ReportScope:
    """What one user may do with the report."""

    office_id: int | None  # forced office filter (None: national)
    can_drill: bool
    force_suppress: bool
    suppress_default: bool

    @property
    def national(self) -> bool:
        return self.office_id is None


def report_scope(user: User) -> ReportScope:
    """The report a user may read; raises Http404 for users without reports.

    National roles (admin, M&E, ministry, donor) read national figures and may filter by
    office. Office staff read their own office's report: the figures they can open
    (drill-down) are exactly their office's cases, so every figure they see can be
    checked against the cases behind it. Donors see aggregates only, always suppressed.
    """
    if not access.has_capability(user, Capability.VIEW_REPORTS):
        raise Http404("No reports")
    is_donor = user.role == Role.DONOR_VIEWER and not access.is_admin(user)
    office_id = None
    if (
        not access.sees_all_cases(user)
        and user.role in OFFICE_ROLES
        and user.organisation
        and user.organisation.kind == OrganisationKind.IOM_OFFICE
    ):
        office_id = user.organisation_id
    return ReportScope(
        office_id=office_id,
        can_drill=access.has_capability(user, Capability.DRILL_DOWN) and not is_donor,
        force_suppress=is_donor,
        suppress_default=is_donor,
    )


def report_params_for(user: User, params: ReportParams) -> ReportParams:
    """The parameters as this user may have them (own office, forced suppression)."""
    scope = report_scope(user)
    if scope.office_id is not None:
        params = params.with_(office_id=scope.office_id)
    if scope.force_suppress:
        params = params.with_(suppress=True)
    return params


def default_year() -> int:
    """The latest year with recorded returns, or last year when there are none."""
    last = PersonFact.objects.filter(departure_date__isnull=False).aggregate(
        last=Max("departure_date")
    )["last"]
    return last.year if last else timezone.localdate().year - 1


def report_offices() -> QuerySet[Organisation]:
    """IOM offices that hold cases (the national IOM-MA record holds none)."""
    return Organisation.objects.filter(
        Exists(Case.objects.filter(office=OuterRef("pk"))), kind=OrganisationKind.IOM_OFFICE
    )


def report_programmes() -> QuerySet[Programme]:
    return Programme.objects.all()


# ---------------------------------------------------------------------------------------
# Building blocks

SEX_F = Q(sex="F")
SEX_M = Q(sex="M")


def _facts(p: ReportParams, case_type: str, date_field: str, dated: bool = True) -> QuerySet:
    qs = PersonFact.objects.filter(case_type=case_type)
    if dated:
        qs = qs.filter(**{f"{date_field}__gte": p.start, f"{date_field}__lte": p.end})
    if p.office_id:
        qs = qs.filter(office_id=p.office_id)
    if p.programme_id:
        qs = qs.filter(programme_id=p.programme_id)
    return qs


def _sex_columns(hxl: str) -> list[Column]:
    return [
        Column("f", pgettext_lazy("sex, report column", "Female"), f"{hxl}+f"),
        Column("m", pgettext_lazy("sex, report column", "Male"), f"{hxl}+m"),
        Column("total", _("Total"), f"{hxl}+total"),
    ]


def _share_column(hxl: str) -> Column:
    return Column("share", _("Share (%)"), f"{hxl}+pct", kind="share")


def _sex_q(col: str) -> Q:
    return {"f": SEX_F, "m": SEX_M}.get(col, Q())


def _by_sex_rows(
    qs: QuerySet, group: str, label: Callable[[str], Any], order_by_total: bool = True
) -> list[Row]:
    data = qs.values(group).annotate(
        f=Count("pk", filter=SEX_F), m=Count("pk", filter=SEX_M), total=Count("pk")
    )
    rows = [
        Row(
            key=str(r[group] or ""),
            code=str(r[group] or ""),
            label=label(r[group] or ""),
            values={"f": r["f"], "m": r["m"], "total": r["total"]},
        )
        for r in data
    ]
    if order_by_total:
        rows.sort(key=lambda r: (-r.values["total"], str(r.label)))
    else:
        rows.sort(key=lambda r: r.key)
    return rows


def _total_row(rows: list[Row], cols: list[str], label: Any = None) -> Row:
    return Row(
        key=TOTAL,
        label=label or _("Total"),
        values={c: sum(r.values.get(c) or 0 for r in rows) for c in cols},
        is_total=True,
    )


def _country(code: str) -> str:
    return str(countries.name(code)) if code else _("Not recorded")


def _iso3(code: str) -> str:
    return countries.alpha3(code) or code if code else ""


def _age_band_expr(field: str, bands) -> When_:
    whens = [
        When(**{f"{field}__lte": high}, then=Value(i))
        for i, (_low, high) in enumerate(bands)
        if high is not None
    ]
    return When_(
        When(**{f"{field}__isnull": True}, then=Value(-1)),
        *whens,
        default=Value(len(bands) - 1),
    )


def _band_q(field: str, bands, key: str) -> Q:
    index = int(key)
    if index < 0:
        return Q(**{f"{field}__isnull": True})
    low, high = bands[index]
    q = Q(**{f"{field}__gte": low})
    if high is not None:
        q &= Q(**{f"{field}__lte": high})
    return q


# One GROUP BY per date basis: persons by (dimensions, sex, age band, children), which
# every table of that basis sums up. Within one report build the result is shared (the
# context variable is set by report_build), so the returns slice is scanned once for the
# sex/age, age-band and country tables instead of three times.
_memo: ContextVar[dict | None] = ContextVar("awda_report_memo", default=None)


def _shared(key: tuple, compute: Callable[[], list]) -> list:
    """`compute()` once per report build for `key` (every time outside a build)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _groups(p: ReportParams, name: str, qs: QuerySet, age: str, dims: tuple[str, ...]) -> list:
    return _shared(
        (name, p),
        lambda: list(
            qs.annotate(band=_age_band_expr(age, p.bands))
            .values(*dims, "sex", "band")
            .annotate(n=Count("pk"), children=Count("pk", filter=Q(**{f"{age}__lt": 18})))
            .order_by()
        ),
    )


def _sex_sums(groups: list, key: Callable[[dict], Any]) -> dict[Any, dict[str, int]]:
    out: dict[Any, dict[str, int]] = {}
    for g in groups:
        sums = out.setdefault(key(g), {"f": 0, "m": 0, "total": 0})
        if g["sex"] == "F":
            sums["f"] += g["n"]
        elif g["sex"] == "M":
            sums["m"] += g["n"]
        sums["total"] += g["n"]
    return out


def _sex_rows(sums: dict, label: Callable[[str], Any]) -> list[Row]:
    rows = [
        Row(key=str(k or ""), code=str(k or ""), label=label(k or ""), values=v)
        for k, v in sums.items()
    ]
    rows.sort(key=lambda r: (-r.values["total"], str(r.label)))
    return rows


def _band_rows(groups: list, p: ReportParams, hxl: str) -> TableData:
    found = _sex_sums(groups, lambda g: g["band"])
    rows = []
    for i, band in enumerate(p.bands):
        rows.append(
            Row(
                key=str(i),
                label=band_label(band),
                code=band_label(band).strip("\u2066\u2069").replace(" ", ""),
                values=found.get(i, {"f": 0, "m": 0, "total": 0}),
            )
        )
    if -1 in found:
        rows.append(Row(key="-1", label=_("Age unknown"), code="unknown", values=found[-1]))
    rows.append(_total_row(rows, ["f", "m", "total"]))
    return TableData(columns=_sex_columns(hxl), rows=rows, components=["f", "m"], total_col="total")


def _mwbg(groups: list) -> dict[str, int]:
    out = {"men": 0, "women": 0, "boys": 0, "girls": 0}
    for g in groups:
        adults, children = g["n"] - g["children"], g["children"]
        if g["sex"] == "M":
            out["men"] += adults
            out["boys"] += children
        elif g["sex"] == "F":
            out["women"] += adults
            out["girls"] += children
    out["total"] = sum(g["n"] for g in groups)
    return out


def _row_q(field: str, key: str) -> Q:
    return Q() if key == TOTAL else Q(**{field: key})


# ---------------------------------------------------------------------------------------
# Outbound returns


def _applicants(p: ReportParams) -> QuerySet:
    return _facts(p, "outbound", "application_date")


def _returns(p: ReportParams) -> QuerySet:
    return _facts(p, "outbound", "departure_date")


def _return_groups(p: ReportParams) -> list:
    # By programme too: the programme dashboard sums the same slice.
    return _groups(p, "returns", _returns(p), "age_at_departure", ("nationality", "programme_id"))


def _applicant_groups(p: ReportParams) -> list:
    return _groups(p, "applicants", _applicants(p), "age_at_application", ())


def _adult(field: str) -> Q:
    # Unknown age counts as adult (footnote says so).
    return Q(**{f"{field}__gte": 18}) | Q(**{f"{field}__isnull": True})


def _child(field: str) -> Q:
    return Q(**{f"{field}__lt": 18})


_MWBG = {
    "men": lambda f: SEX_M & _adult(f),
    "women": lambda f: SEX_F & _adult(f),
    "boys": lambda f: SEX_M & _child(f),
    "girls": lambda f: SEX_F & _child(f),
    "total": lambda f: Q(),
}
_APPLICANTS_ROWS = {
    "applicants": (_applicants, "age_at_application"),
    "returns": (_returns, "age_at_departure"),
}


def applicants_returns(p: ReportParams) -> TableData:
    cols = [
        Column("men", _("Men"), "#affected+m+adults"),
        Column("women", _("Women"), "#affected+f+adults"),
        Column("boys", _("Boys"), "#affected+m+children"),
        Column("girls", _("Girls"), "#affected+f+children"),
        Column("total", _("Total"), "#affected+total"),
    ]
    rows = [
        Row(
            key="applicants",
            code="applicants",
            label=_("Applicants"),
            values=_mwbg(_applicant_groups(p)),
        ),
        Row(key="returns", code="returns", label=_("Returns"), values=_mwbg(_return_groups(p))),
    ]
    return TableData(
        columns=cols, rows=rows, components=["men", "women", "boys", "girls"], total_col="total"
    )


def applicants_returns_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    source, age = _APPLICANTS_ROWS[row]
    return source(p).filter(_MWBG[col](age))


def returns_age_sex(p: ReportParams) -> TableData:
    return _band_rows(_return_groups(p), p, "#affected+returned")


def returns_age_sex_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    qs = _returns(p).filter(_sex_q(col))
    return qs if row == TOTAL else qs.filter(_band_q("age_at_departure", p.bands, row))


def applicants_age_sex(p: ReportParams) -> TableData:
    return _band_rows(_applicant_groups(p), p, "#affected+applicants")


def applicants_age_sex_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    qs = _applicants(p).filter(_sex_q(col))
    return qs if row == TOTAL else qs.filter(_band_q("age_at_application", p.bands, row))


def _by_sex_with_share(groups, column: str, label) -> TableData:
    """Persons per value of `column` (a country, a region), women / men / total and the
    share of the total, with a total row."""
    rows = _sex_rows(_sex_sums(groups, lambda g: g[column]), label)
    rows.append(_total_row(rows, ["f", "m", "total"]))
    return TableData(
        columns=[*_sex_columns("#affected+returned"), _share_column("#affected+returned")],
        rows=rows,
        components=["f", "m"],
        total_col="total",
        share_of="total",
    )


def returns_by_country(p: ReportParams) -> TableData:
    return _by_sex_with_share(_return_groups(p), "nationality", _country)


def returns_by_country_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    return _returns(p).filter(_row_q("nationality", row), _sex_q(col))


def _history(p: ReportParams) -> QuerySet:
    return _facts(p, "outbound", "departure_date", dated=False).filter(
        departure_date__isnull=False, departure_date__lte=p.end
    )


def returns_by_year(p: ReportParams) -> TableData:
    # Whole years come from the yearly summary; a last year cut short by the period's end
    # is counted from the fact table.
    full_until = p.end.year if (p.end.month, p.end.day) == (12, 31) else p.end.year - 1
    summary = ReturnYearFact.objects.filter(year__lte=full_until, persons__gt=0)
    if p.office_id:
        summary = summary.filter(office_id=p.office_id)
    if p.programme_id:
        summary = summary.filter(programme_id=p.programme_id)
    data = list(summary.values("nationality", "year").annotate(n=Sum("persons")).order_by())
    if full_until < p.end.year:
        data += list(
            _history(p)
            .filter(departure_date__year=p.end.year)
            .annotate(year=ExtractYear("departure_date"))
            .values("nationality", "year")
            .annotate(n=Count("pk"))
            .order_by()
        )
    cells: dict[str, dict[str, int]] = {}
    years: set[int] = set()
    for r in data:
        if not r["n"]:
            continue
        years.add(r["year"])
        cells.setdefault(r["nationality"] or "", {})[str(r["year"])] = r["n"]
    # Every year from the first recorded one to the period's end, even years with none.
    year_cols = [str(y) for y in range(min(years), p.end.year + 1)] if years else []
    rows = []
    for code, values in cells.items():
        values = {y: values.get(y, 0) for y in year_cols}
        values["total"] = sum(values.values())
        rows.append(Row(key=code, code=code, label=_country(code), values=values))
    last = year_cols[-1] if year_cols else "total"
    rows.sort(key=lambda r: (-r.values.get(last, 0), -r.values["total"], str(r.label)))
    rows.append(_total_row(rows, [*year_cols, "total"]))
    columns = [Column(y, y, f"#affected+returned+y{y}") for y in year_cols]
    columns.append(Column("total", _("Total"), "#affected+returned+total"))
    return TableData(columns=columns, rows=rows, components=year_cols, total_col="total")


def returns_by_year_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    qs = _history(p).filter(_row_q("nationality", row))
    if col != "total":
        qs = qs.filter(departure_date__year=int(col))
    return qs


def _return_profiles(p: ReportParams) -> list:
    """Persons who left in the period by (principal or not, sex, reason bits, vulnerability
    bits): a few hundred groups from which the reasons and vulnerability tables are summed,
    in one scan of the returns slice (shared within a report build)."""
    return _shared(
        ("return_profiles", p),
        lambda: list(
            _returns(p)
            .values("is_principal", "sex", "reasons", "vulnerabilities")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    )


def return_reasons(p: ReportParams) -> TableData:
    # Unit: cases (their principal applicant), by every reason given (cumulative).
    principals = [g for g in _return_profiles(p) if g["is_principal"]]
    counts = {
        code: sum(g["n"] for g in principals if g["reasons"] & bit)
        for code, bit in REASON_BITS.items()
    }
    rows = [
        Row(key=code, code=code, label=ReturnReason(code).label, values={"cases": counts[code]})
        for code in REASON_BITS
    ]
    rows.sort(key=lambda r: -r.values["cases"])
    return TableData(
        columns=[
            Column("cases", _("Cases"), "#affected+returned+cases"),
            Column("share", _("Share of cases (%)"), "#affected+returned+pct", kind="share"),
        ],
        rows=rows,
        share_of="cases",
        note={"base": sum(g["n"] for g in principals)},
    )


def return_reasons_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    return _returns(p).filter(
        GreaterThan(F("reasons").bitand(REASON_BITS[row]), 0), is_principal=True
    )


def vulnerability_factors(p: ReportParams) -> TableData:
    # Unit: persons, by every factor recorded (cumulative), from the shared returns slice.
    vulnerable = [g for g in _return_profiles(p) if g["vulnerabilities"]]
    data: dict[str, Any] = {}
    for sex, suffix in (("F", "f"), ("M", "m")):
        of_sex = [g for g in vulnerable if g["sex"] == sex]
        for code, bit in VULNERABILITY_BITS.items():
            data[f"{code}__{suffix}"] = sum(g["n"] for g in of_sex if g["vulnerabilities"] & bit)
        data[f"any__{suffix}"] = sum(g["n"] for g in of_sex)
    data["base"] = sum(g["n"] for g in _return_profiles(p))
    rows = []
    for code in VULNERABILITY_BITS:
        f, m = data[f"{code}__f"], data[f"{code}__m"]
        if f or m:
            rows.append(
                Row(
                    key=code,
                    code=code,
                    label=VulnerabilityCategory(code).label,
                    values={"f": f, "m": m, "total": f + m},
                )
            )
    rows.sort(key=lambda r: -r.values["total"])
    f, m = data["any__f"], data["any__m"]
    rows.append(
        Row(
            key="any",
            code="any",
            label=_("At least one factor"),
            values={"f": f, "m": m, "total": f + m},
        )
    )
    return TableData(
        columns=[
            *_sex_columns("#affected+returned+vulnerable"),
            Column(
                "share",
                _("Share of returnees (%)"),
                "#affected+returned+vulnerable+pct",
                kind="share",
            ),
        ],
        rows=rows,
        components=["f", "m"],
        total_col="total",
        share_of="total",
        note={"base": data["base"]},
    )


def vulnerability_factors_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    qs = _returns(p).filter(_sex_q(col))
    if row == "any":
        return qs.filter(vulnerabilities__gt=0)
    return qs.filter(GreaterThan(F("vulnerabilities").bitand(VULNERABILITY_BITS[row]), 0))


# ---------------------------------------------------------------------------------------
# Inbound: Moroccans returning home


def _inbound(p: ReportParams) -> QuerySet:
    return _facts(p, "inbound", "arrival_date")


def _inbound_assisted(p: ReportParams) -> QuerySet:
    return _inbound(p).filter(reintegration_assisted=True)


def _inbound_groups(p: ReportParams) -> list:
    return _groups(
        p,
        "inbound",
        _inbound(p),
        "age_at_arrival",
        ("host_country", "settlement_region", "reintegration_assisted"),
    )


def _host_table(groups: list) -> TableData:
    return _by_sex_with_share(groups, "host_country", _country)


def inbound_by_host(p: ReportParams) -> TableData:
    return _host_table(_inbound_groups(p))


def inbound_by_host_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    return _inbound(p).filter(_row_q("host_country", row), _sex_q(col))


def inbound_assisted_by_host(p: ReportParams) -> TableData:
    return _host_table([g for g in _inbound_groups(p) if g["reintegration_assisted"]])


def inbound_assisted_by_host_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    return _inbound_assisted(p).filter(_row_q("host_country", row), _sex_q(col))


def _region(code: str) -> Any:
    return MoroccanRegion(code).label if code in MoroccanRegion.values else _("Not recorded")


def inbound_by_region(p: ReportParams) -> TableData:
    return _by_sex_with_share(_inbound_groups(p), "settlement_region", _region)


def inbound_by_region_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    return _inbound(p).filter(_row_q("settlement_region", row), _sex_q(col))


def inbound_age_sex(p: ReportParams) -> TableData:
    return _band_rows(_inbound_groups(p), p, "#affected+returned")


def inbound_age_sex_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    qs = _inbound(p).filter(_sex_q(col))
    return qs if row == TOTAL else qs.filter(_band_q("age_at_arrival", p.bands, row))


# ---------------------------------------------------------------------------------------
# Resettlement


def _resettled(p: ReportParams) -> QuerySet:
    return _facts(p, "resettlement", "departure_date")


def resettlement_by_country(p: ReportParams) -> TableData:
    rows = _by_sex_rows(_resettled(p), "destination_country", _country)
    rows.append(_total_row(rows, ["f", "m", "total"]))
    return TableData(
        columns=[*_sex_columns("#affected+resettled"), _share_column("#affected+resettled")],
        rows=rows,
        components=["f", "m"],
        total_col="total",
        share_of="total",
    )


def resettlement_by_country_drill(p: ReportParams, row: str, col: str) -> QuerySet:
    return _resettled(p).filter(_row_q("destination_country", row), _sex_q(col))


# ---------------------------------------------------------------------------------------
# Tables whose counting rules live in other apps


def programme_dashboard(p: ReportParams) -> TableData:
    programmes = Programme.objects.all()
    if p.programme_id:
        programmes = programmes.filter(pk=p.programme_id)
    if p.programme_id is None:
        sums = _sex_sums(_return_groups(p), lambda g: g["programme_id"])
        returns = {pk: v["total"] for pk, v in sums.items()}
    else:
        returns = dict(
            _returns(p.with_(programme_id=None))
            .values_list("programme_id")
            .annotate(n=Count("pk"))
            .values_list("programme_id", "n")
        )
    assisted = dict(
        _inbound_assisted(p.with_(programme_id=None))
        .values_list("programme_id")
        .annotate(n=Count("pk"))
        .values_list("programme_id", "n")
    )
    extra = external.programme_extras(p)
    columns = [
        Column("target_returns", _("Target: returns"), "#targeted+returns", kind="number"),
        Column("returns", _("Returns in the period"), "#reached+returns"),
        Column(
            "returns_pct", _("Returns: share of target (%)"), "#reached+returns+pct", kind="share"
        ),
        Column(
            "target_reintegration",
            _("Target: reintegration"),
            "#targeted+reintegration",
            kind="number",
        ),
        Column("reintegration", _("Reintegration assisted (inbound)"), "#reached+reintegration"),
        *extra.columns,
    ]
    rows = []
    for prog in programmes:
        r = returns.get(prog.pk, 0)
        values = {
            "target_returns": prog.target_returns,
            "returns": r,
            "returns_pct": round(100 * r / prog.target_returns, 1) if prog.target_returns else None,
            "target_reintegration": prog.target_reintegration,
            "reintegration": assisted.get(prog.pk, 0),
            **extra.values.get(prog.pk, {}),
        }
        rows.append(Row(key=str(prog.pk), code=prog.code, label=prog.name, values=values))
    return TableData(columns=columns, rows=rows, note=extra.note)


def programme_dashboard_drill(p: ReportParams, row: str, col: str) -> QuerySet | None:
    if col == "returns":
        return _returns(p.with_(programme_id=int(row)))
    if col == "reintegration":
        return _inbound_assisted(p.with_(programme_id=int(row)))
    return None


# ---------------------------------------------------------------------------------------
# The report

S_OUT = _("Returns from Morocco")
S_ASSIST = _("Assistance")
S_IN = _("Moroccans returning home")
S_TRAIN = _("Orientation, trainings and satisfaction")
S_RES = _("Resettlement")
S_PROG = _("Programmes")

_RETURNS_RULE = _(
    "Unit: persons (every member of an outbound case). Counted by departure date within the period."
)
_SEX_RULE = _("Female and male include girls and boys.")


def _join(*parts):
    """Sentences joined lazily, so each is translated in the reader's language."""
    return format_lazy(" ".join(["{}"] * len(parts)), *parts)


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "applicants_returns",
        S_OUT,
        _("Applicants and returns by sex and age group"),
        _(
            "Unit: persons (members of outbound cases). Applicants are counted by application "
            "date, returns by departure date, both within the period. Boys and girls are under "
            "18 on that date, men and women 18 or over; a person whose date of birth is unknown "
            "is counted as an adult."
        ),
        applicants_returns,
        applicants_returns_drill,
        label_header=_("Population"),
    ),
    TableSpec(
        "returns_age_sex",
        S_OUT,
        _("Returns by age band and sex"),
        _(
            "Unit: persons. Counted by departure date within the period; age in whole years on "
            "the departure date."
        ),
        returns_age_sex,
        returns_age_sex_drill,
        chart="pyramid",
        label_hxl="#age+range",
        label_header=_("Age band"),
    ),
    TableSpec(
        "applicants_age_sex",
        S_OUT,
        _("Applicants by age band and sex"),
        _(
            "Unit: persons. Counted by application date within the period; age in whole years "
            "on the application date."
        ),
        applicants_age_sex,
        applicants_age_sex_drill,
        label_hxl="#age+range",
        label_header=_("Age band"),
    ),
    TableSpec(
        "returns_by_country",
        S_OUT,
        _("Returns by country of origin and sex"),
        _join(_RETURNS_RULE, _("Country of origin: the person's nationality."), _SEX_RULE),
        returns_by_country,
        returns_by_country_drill,
        chart="hbars",
        code_hxl="#country+code",
        label_hxl="#country+name",
        label_header=_("Country of origin"),
    ),
    TableSpec(
        "returns_by_year",
        S_OUT,
        _("Returns by nationality and year"),
        _(
            "Unit: persons. Counted by year of departure, from the first year recorded to the end "
            "of the period (the start of the period is not applied)."
        ),
        returns_by_year,
        returns_by_year_drill,
        chart="evolution",
        code_hxl="#country+code",
        label_hxl="#country+name",
        label_header=_("Nationality"),
    ),
    TableSpec(
        "return_mode",
        S_OUT,
        _("Return mode"),
        _("Unit and date basis as stated by the travel records: see the note."),
        lambda p: external.return_mode(p),
        None,
        label_hxl="#indicator+mode",
        label_header=_("Mode"),
    ),
    TableSpec(
        "return_reasons",
        S_OUT,
        _("Reasons for return"),
        _(
            "Unit: cases (groups returning together) that departed within the period. Reasons "
            "are cumulative: a case can give several, so shares add up to more than 100 %."
        ),
        return_reasons,
        return_reasons_drill,
        label_header=_("Reason"),
    ),
    TableSpec(
        "vulnerabilities",
        S_OUT,
        _("Vulnerability factors among returnees"),
        _(
            "Unit: persons who departed within the period with a vulnerability recorded in "
            "their case. Factors are cumulative; shares are of all persons who departed."
        ),
        vulnerability_factors,
        vulnerability_factors_drill,
        label_header=_("Factor"),
    ),
    TableSpec(
        "direct_assistance",
        S_ASSIST,
        _("Direct assistance by type"),
        _("Unit: assistances (records) given within the period, by assistance date."),
        lambda p: external.direct_assistance(p),
        None,
        chart="hbars",
        label_hxl="#sector+assistance",
        label_header=_("Type of assistance"),
    ),
    TableSpec(
        "reintegration_by_type",
        S_ASSIST,
        _("Reintegration assistance by type"),
        _("As counted by the reintegration records: see the note."),
        lambda p: external.reintegration_by_type(p),
        None,
        chart="hbars",
        label_hxl="#sector+assistance",
        label_header=_("Type"),
    ),
    TableSpec(
        "reintegration_persons",
        S_ASSIST,
        _("Returnees assisted for reintegration by sex and age group"),
        _(
            "Unit: persons, beneficiaries of reintegration plans approved within the period; "
            "age on the date of return. Returns from Morocco: outside the EU-IOM Joint "
            "Initiative, as in the published report."
        ),
        lambda p: external.reintegration_persons(p),
        None,
        label_header=_("Population"),
    ),
    TableSpec(
        "micro_projects",
        S_ASSIST,
        _("Micro-projects by sector"),
        _("As counted by the reintegration records: see the note."),
        lambda p: external.micro_projects(p),
        None,
        label_hxl="#sector+name",
        label_header=_("Sector"),
    ),
    TableSpec(
        "inbound_by_host",
        S_IN,
        _("Moroccans returned by host country and sex"),
        _join(
            _(
                "Unit: persons (members of inbound cases), counted by date of arrival in Morocco "
                "within the period."
            ),
            _SEX_RULE,
        ),
        inbound_by_host,
        inbound_by_host_drill,
        chart="hbars",
        code_hxl="#country+code",
        label_hxl="#country+name",
        label_header=_("Host country"),
    ),
    TableSpec(
        "inbound_assisted_by_host",
        S_IN,
        _("Moroccans assisted for reintegration by host country and sex"),
        _join(
            _(
                "Unit: persons of inbound cases that arrived within the period and whose case reached "
                "the reintegration project step (now or before closure)."
            ),
            _SEX_RULE,
        ),
        inbound_assisted_by_host,
        inbound_assisted_by_host_drill,
        code_hxl="#country+code",
        label_hxl="#country+name",
        label_header=_("Host country"),
    ),
    TableSpec(
        "inbound_by_region",
        S_IN,
        _("Moroccans returned by region of settlement"),
        _(
            "Unit: persons of inbound cases, counted by date of arrival within the period; "
            "region of settlement recorded on the case."
        ),
        inbound_by_region,
        inbound_by_region_drill,
        code_hxl="#adm1+code",
        label_hxl="#adm1+name",
        label_header=_("Region"),
    ),
    TableSpec(
        "inbound_age_sex",
        S_IN,
        _("Moroccans returned by age band and sex"),
        _(
            "Unit: persons of inbound cases, counted by date of arrival within the period; age "
            "in whole years on the arrival date."
        ),
        inbound_age_sex,
        inbound_age_sex_drill,
        label_hxl="#age+range",
        label_header=_("Age band"),
    ),
    TableSpec(
        "inbound_assistance",
        S_IN,
        _("Assistance to Moroccans returned, by type"),
        _("As counted by the reintegration records: see the note."),
        lambda p: external.inbound_assistance(p),
        None,
        label_hxl="#sector+assistance",
        label_header=_("Type"),
    ),
    TableSpec(
        "trainings",
        S_TRAIN,
        _("Orientation sessions and trainings"),
        _("As counted by the training records: see the note."),
        lambda p: external.trainings(p),
        None,
        label_hxl="#indicator+name",
        label_header=_("Indicator"),
    ),
    TableSpec(
        "satisfaction",
        S_TRAIN,
        _("Satisfaction after return"),
        _(
            "Unit: surveys (one per returnee interviewed), by survey date within the period; "
            "shares are of those who answered the question."
        ),
        lambda p: external.satisfaction(p),
        None,
        label_header=_("Question"),
    ),
    TableSpec(
        "resettlement_by_country",
        S_RES,
        _("Refugees resettled by destination country"),
        _join(
            _(
                "Unit: persons of resettlement cases, counted by departure date within the period "
                "(choose a period from 2011 for the cumulative figure)."
            ),
            _SEX_RULE,
        ),
        resettlement_by_country,
        resettlement_by_country_drill,
        chart="hbars",
        code_hxl="#country+code",
        label_hxl="#country+name",
        label_header=_("Destination country"),
    ),
    TableSpec(
        "programme_dashboard",
        S_PROG,
        _("Programme dashboard: targets and achievements"),
        _(
            "Targets are the programme's (whole programme period). Returns: persons departed "
            "within the period on cases charged to the programme; reintegration: persons of "
            "inbound cases assisted for reintegration, arrived within the period. Quotas and "
            "budget as counted by the funding records."
        ),
        programme_dashboard,
        programme_dashboard_drill,
        code_hxl="#activity+code",
        label_hxl="#activity+name",
        label_header=_("Programme"),
    ),
)

TABLES_BY_CODE = {t.code: t for t in TABLES}


# ---------------------------------------------------------------------------------------
# Assembling, suppressing, linking


def _finalise(spec: TableSpec, data: TableData, p: ReportParams, drill_base: str | None) -> Table:
    count_cols = [c.key for c in data.columns if c.is_count]
    values: dict[tuple[str, str], int | None] = {}
    for row in data.rows:
        for col in count_cols:
            v = row.values.get(col)
            values[(row.key, col)] = v if isinstance(v, int) else None
    hidden: set = set()
    if p.suppress and data.status == "ok":
        total_row = TOTAL if any(r.is_total for r in data.rows) else None
        rels = suppression.relations(
            [r.key for r in data.rows], data.components, data.total_col, total_row
        )
        hidden = suppression.suppress(values, rels)
    if data.share_of:
        base = (data.note or {}).get("base") if isinstance(data.note, dict) else None
        if base is None:
            totals = [r for r in data.rows if r.is_total]
            base = totals[0].values.get(data.share_of) if totals else None
        for row in data.rows:
            n = row.values.get(data.share_of)
            share = None
            if base and n is not None and (row.key, data.share_of) not in hidden:
                share = round(100.0 * n / base, 1)
            row.values["share"] = share
    cells = []
    for row in data.rows:
        line = []
        for col in data.columns:
            v = row.values.get(col.key)
            hide = (row.key, col.key) in hidden
            url = ""
            if drill_base and col.is_count and isinstance(v, int) and v > 0 and not hide:
                url = (
                    drill_base
                    + "&"
                    + urlencode({"table": spec.code, "row": row.key, "col": col.key})
                )
            line.append(Cell(value=None if hide else v, hidden=hide, drill_url=url, kind=col.kind))
        cells.append(line)
    return Table(spec=spec, data=data, cells=cells, suppressed=p.suppress)


def build_table(spec: TableSpec, p: ReportParams, drill_base: str | None = None) -> Table:
    try:
        data = spec.build(p)
    except Exception:
        if spec.drill is not None:
            raise
        # Another app's selector failed: the rest of the report is still worth reading.
        logger.exception("Report table %s could not be computed", spec.code)
        data = TableData(
            columns=[],
            rows=[],
            status="error",
            note=_("This table could not be computed; the error has been logged."),
        )
    return _finalise(spec, data, p, drill_base if spec.drill else None)


def report_build(
    user: User,
    params: ReportParams,
    codes: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    links: bool = True,
) -> Report:
    """The report as `user` may see it (scope, suppression, drill-down links)."""
    scope = report_scope(user)
    p = report_params_for(user, params)
    drill_base = None
    if scope.can_drill and links:
        drill_base = reverse("reports:drill") + "?" + urlencode(p.query())
    specs = [TABLES_BY_CODE[c] for c in codes] if codes else list(TABLES)
    tables = []
    token = _memo.set({})
    try:
        for i, spec in enumerate(specs):
            tables.append(build_table(spec, p, drill_base))
            if progress:
                progress(i + 1, len(specs))
    finally:
        _memo.reset(token)
    state = FactsState.objects.filter(key="facts").first()
    return Report(
        params=p,
        tables=tables,
        scope_label=scope_label(p),
        facts_rebuilt_at=state.rebuilt_at if state else None,
    )


def scope_label(p: ReportParams) -> str:
    office = _office(p)
    programme = _programme(p)
    parts = [office.name if office else _("All offices (national)")]
    parts.append(programme.name if programme else _("all programmes"))
    return " · ".join(str(x) for x in parts)


def report_build_anonymous(params: ReportParams, codes: list[str] | None = None) -> Report:
    """For commands and benchmarks: the national report without access checks or links."""
    specs = [TABLES_BY_CODE[c] for c in codes] if codes else list(TABLES)
    token = _memo.set({})
    try:
        tables = [build_table(spec, params) for spec in specs]
    finally:
        _memo.reset(token)
    return Report(params=params, tables=tables, scope_label=scope_label(params))


def drill_cases(
    user: User, params: ReportParams, table: str, row: str, col: str
) -> tuple[TableSpec, QuerySet[Case], int]:
    """The cases behind one figure, within the user's case scope.

    Returns (table, cases, persons counted in the figure). Http404 when the user may not
    drill down (donors, roles without the capability) or the figure does not exist.
    """
    scope = report_scope(user)
    if not scope.can_drill:
        raise Http404("No drill-down")
    spec = TABLES_BY_CODE.get(table)
    if spec is None or spec.drill is None:
        raise Http404("No such figure")
    p = report_params_for(user, params)
    try:
        facts = spec.drill(p, row, col)
    except (KeyError, ValueError, IndexError):
        raise Http404("No such figure")
    if facts is None:
        raise Http404("No such figure")
    visible = cases_visible_to(user)
    facts = facts.filter(case_id__in=visible.values("pk"))
    cases = (
        visible.filter(pk__in=facts.values("case_id"))
        .select_related("office", "programme")
        .order_by("-departure_date", "-application_date", "-id")
    )
    return spec, cases, facts.count()
