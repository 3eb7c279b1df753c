"""Adapters from other apps' report selectors to report tables.

The counting rules stay with the app that owns the records (assistance, travel,
reintegration, trainings, funding); these functions only call its selector and reshape
the answer. Travel is read from the report's travel fact, whose flags the travel app
derives (`awda.travel.selectors.travel_fact_source`). When an app has no such selector in this installation the table says so
("no data source yet") instead of showing zeros.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awda.accounts.models import Organisation
from awda.funding.models import Programme
from awda.reports.definition import TOTAL, Column, Row, TableData
from awda.reports.models import TravelFact
from awda.reports.params import ReportParams


def _optional(path: str) -> Callable | None:
    module_name, _dot, name = path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, name, None)


def _no_source(columns: list[Column], source: str) -> TableData:
    return TableData(
        columns=columns,
        rows=[],
        status="no_source",
        note=_("No data source yet: %(source)s is not available in this installation.")
        % {"source": source},
    )


def _office(p: ReportParams) -> Organisation | None:
    return Organisation.objects.filter(pk=p.office_id).first() if p.office_id else None


def _programme(p: ReportParams) -> Programme | None:
    return Programme.objects.filter(pk=p.programme_id).first() if p.programme_id else None


def _label(choices_path: str, code: str) -> Any:
    """The display label of `code` in a TextChoices class, or the code itself."""
    choices = _optional(choices_path)
    if choices is not None:
        try:
            return choices(code).label
        except ValueError:
            pass
    return code


def _call(path: str, **kwargs):
    fn = _optional(path)
    if fn is None:
        return None
    return fn(**kwargs)


def direct_assistance(p: ReportParams) -> TableData:
    columns = [
        Column("n", _("Assistances"), "#reached+assistances"),
        Column("quantity", _("Quantity"), "#reached+quantity", kind="number"),
        Column("share", _("Share (%)"), "#reached+assistances+pct", kind="share"),
    ]
    items = _call(
        "awda.assistance.selectors.assistance_counts_by_type",
        start=p.start,
        end=p.end,
        office=_office(p),
        programme=_programme(p),
    )
    if items is None:
        return _no_source(columns, "assistance_counts_by_type")
    rows = [
        Row(
            key=item["type"],
            code=item["type"],
            label=item.get("label") or item["type"],
            values={"n": item["count"], "quantity": item.get("quantity")},
        )
        for item in items
    ]
    rows.sort(key=lambda r: -r.values["n"])
    rows.append(
        Row(
            key=TOTAL,
            label=_("Total"),
            values={"n": sum(r.values["n"] for r in rows), "quantity": None},
            is_total=True,
        )
    )
    return TableData(columns=columns, rows=rows, share_of="n")


def return_mode(p: ReportParams) -> TableData:
    columns = [
        Column("n", _("Persons"), "#affected+returned"),
        Column("share", _("Share (%)"), "#affected+returned+pct", kind="share"),
    ]
    # The travel fact holds the travel app's rule (`returned`); counted by departure date.
    facts = TravelFact.objects.filter(
        case_type="outbound", returned=True, departure_date__gte=p.start, departure_date__lte=p.end
    )
    if p.office_id:
        facts = facts.filter(office_id=p.office_id)
    counts = dict(facts.values_list("mode").annotate(n=Count("*")).order_by())
    counts["total"] = counts.get("air", 0) + counts.get("land", 0)
    rows = [
        Row(
            key=mode,
            code=mode,
            label=_label("awda.travel.models.MovementMode", mode),
            values={"n": counts.get(mode, 0)},
        )
        for mode in ("air", "land")
    ]
    rows.append(
        Row(key=TOTAL, label=_("Total"), values={"n": counts.get("total", 0)}, is_total=True)
    )
    note = _(
        "Counted by the travel records: persons who boarded a movement that departed within "
        "the period, by its departure date."
    )
    if p.programme_id:
        note = str(note) + " " + str(_("Not broken down by programme."))
    return TableData(columns=columns, rows=rows, share_of="n", note=note)


# The published reintegration table ("Répartition des assistances par type") covers the
# returnees whose reintegration IOM Morocco runs: those outside the EU-IOM Joint Initiative.
JOINT_INITIATIVE = ("EU-IOM-JI",)


def _reintegration_note(p: ReportParams) -> str:
    note = str(
        _(
            "Counted by the reintegration records: plans approved within the period "
            "(a returnee can cumulate several components)."
        )
    )
    if p.programme_id:
        note += " " + str(_("Not broken down by programme."))
    return note


def reintegration_by_type(p: ReportParams) -> TableData:
    columns = [
        Column("components", _("Assistances (components)"), "#reached+assistances"),
        Column("persons", _("Returnees"), "#reached+persons"),
    ]
    figures = _call(
        "awda.reintegration.selectors.reintegration_assistance_by_type",
        start=p.start,
        end=p.end,
        office=_office(p),
        exclude_programmes=JOINT_INITIATIVE,
    )
    if figures is None:
        return _no_source(columns, "reintegration_assistance_by_type")
    rows = [
        Row(
            key=group,
            code=group,
            label=_label("awda.reintegration.taxonomy.ReportGroup", group),
            values={"components": v["components"], "persons": v["persons"]},
        )
        for group, v in figures["by_group"].items()
        if v["components"]
    ]
    rows.sort(key=lambda r: -r.values["components"])
    return TableData(columns=columns, rows=rows, note=_reintegration_note(p))


def _persons_row(key: str, label, persons: dict) -> Row:
    return Row(
        key=key,
        code=key,
        label=label,
        values={c: persons.get(c, 0) for c in ("men", "women", "boys", "girls", "total")},
    )


def reintegration_persons(p: ReportParams) -> TableData:
    columns = [
        Column("men", _("Men"), "#reached+m+adults"),
        Column("women", _("Women"), "#reached+f+adults"),
        Column("boys", _("Boys"), "#reached+m+children"),
        Column("girls", _("Girls"), "#reached+f+children"),
        Column("total", _("Total"), "#reached+total"),
    ]
    fn = _optional("awda.reintegration.selectors.reintegration_persons_assisted")
    if fn is None:
        return _no_source(columns, "reintegration_persons_assisted")
    office = _office(p)
    outbound = fn(
        start=p.start,
        end=p.end,
        case_type="outbound",
        office=office,
        exclude_programmes=JOINT_INITIATIVE,
    )
    inbound = fn(start=p.start, end=p.end, case_type="inbound", office=office)
    rows = [
        _persons_row(
            "outbound", _("Returned from Morocco (outside the EU-IOM Joint Initiative)"), outbound
        ),
        _persons_row("inbound", _("Moroccans returned home"), inbound),
    ]
    return TableData(
        columns=columns,
        rows=rows,
        components=["men", "women", "boys", "girls"],
        total_col="total",
        note=_reintegration_note(p),
    )


def micro_projects(p: ReportParams) -> TableData:
    columns = [
        Column("projects", _("Projects"), "#activity+projects"),
        Column("individual", _("Individual"), "#activity+individual"),
        Column("collective", _("Collective"), "#activity+collective"),
        Column("community", _("Community"), "#activity+community"),
        Column("budget", _("Budget"), "#value+budget", kind="number"),
    ]
    figures = _call(
        "awda.reintegration.selectors.micro_projects_by_sector",
        start=p.start,
        end=p.end,
        office=_office(p),
        exclude_programmes=JOINT_INITIATIVE,
    )
    if figures is None:
        return _no_source(columns, "micro_projects_by_sector")
    rows = [
        Row(
            key=sector,
            code=sector,
            label=_label("awda.reintegration.taxonomy.ComponentKind", sector),
            values={**v, "budget": int(v.get("budget") or 0)},
        )
        for sector, v in figures.items()
        if v["projects"]
    ]
    rows.sort(key=lambda r: -r.values["projects"])
    rows.append(
        Row(
            key=TOTAL,
            label=_("Total"),
            is_total=True,
            values={
                c: sum(r.values[c] for r in rows)
                for c in ("projects", "individual", "collective", "community", "budget")
            },
        )
    )
    return TableData(
        columns=columns,
        rows=rows,
        components=["individual", "collective", "community"],
        total_col="projects",
        note=_reintegration_note(p),
    )


def inbound_assistance(p: ReportParams) -> TableData:
    columns = [
        Column("components", _("Assistances (components)"), "#reached+assistances"),
        Column("persons", _("Persons"), "#reached+persons"),
        Column("sessions", _("Sessions"), "#activity+sessions", kind="number"),
    ]
    figures = _call(
        "awda.reintegration.selectors.inbound_assistance_by_type",
        start=p.start,
        end=p.end,
        office=_office(p),
    )
    if figures is None:
        return _no_source(columns, "inbound_assistance_by_type")
    sessions = figures.get("sessions", {})
    rows = [
        Row(
            key=kind,
            code=kind,
            label=_label("awda.reintegration.taxonomy.ComponentKind", kind),
            values={
                "components": v["components"],
                "persons": v["persons"],
                "sessions": sessions.get(kind),
            },
        )
        for kind, v in figures["by_kind"].items()
        if v["components"]
    ]
    rows.sort(key=lambda r: -r.values["persons"])
    note = (
        _reintegration_note(p)
        + " "
        + str(_("Collective projects: %(n)s.") % {"n": figures.get("collective_projects", 0)})
    )
    return TableData(columns=columns, rows=rows, note=note)


def satisfaction(p: ReportParams) -> TableData:
    columns = [
        Column("answers", _("Answers"), "#indicator+answers"),
        Column("yes", _("Yes"), "#indicator+yes"),
        Column("share", _("Share (%)"), "#indicator+pct", kind="share"),
    ]
    fn = _optional("awda.reintegration.selectors.satisfaction_figures")
    if fn is None:
        return _no_source(columns, "satisfaction_figures")
    office = _office(p)
    out = fn(start=p.start, end=p.end, case_type="outbound", office=office)
    inn = fn(start=p.start, end=p.end, case_type="inbound", office=office)
    rows = [
        Row(
            "return",
            _("Returnees satisfied with their return"),
            {
                "answers": out["surveys"],
                "yes": out["satisfied_with_return"],
                "share": out["satisfied_with_return_pct"],
            },
            code="return",
        ),
        Row(
            "needs",
            _("Returnees whose specific needs were taken into account during travel"),
            {
                "answers": out["surveys"],
                "yes": out["needs_taken_into_account"],
                "share": out["needs_taken_into_account_pct"],
            },
            code="needs",
        ),
        Row(
            "inbound_assistance",
            _("Moroccans returned satisfied with the assistance"),
            {
                "answers": inn["assistance_answered"],
                "yes": inn["satisfied_with_assistance"],
                "share": inn["satisfied_with_assistance_pct"],
            },
            code="inbound_assistance",
        ),
        Row(
            "inbound_entourage",
            _("Moroccans returned for whom their entourage's support was crucial"),
            {
                "answers": inn["entourage_answered"],
                "yes": inn["entourage_support_crucial"],
                "share": inn["entourage_support_crucial_pct"],
            },
            code="inbound_entourage",
        ),
    ]
    return TableData(
        columns=columns,
        rows=rows,
        note=_("Counted by the satisfaction surveys taken within the period."),
    )


def trainings(p: ReportParams) -> TableData:
    columns = [
        Column("f", pgettext_lazy("sex, report column", "Female"), "#affected+f"),
        Column("m", pgettext_lazy("sex, report column", "Male"), "#affected+m"),
        Column("total", _("Total"), "#affected+total"),
    ]
    figures = _call(
        "awda.trainings.selectors.training_figures", start=p.start, end=p.end, office=_office(p)
    )
    if figures is None:
        return _no_source(columns, "training_figures")
    rows = []
    for key, label in (
        ("orientation", _("Participants in orientation sessions")),
        ("trained", _("Persons trained (at least one training)")),
    ):
        item = figures.get(key) or {}
        f, m = int(item.get("women") or 0), int(item.get("men") or 0)
        rows.append(Row(key=key, code=key, label=label, values={"f": f, "m": m, "total": f + m}))
    sessions = figures.get("sessions") or {}
    satisfaction = figures.get("satisfaction") or {}
    note = str(
        _(
            "Counted by the training records: distinct persons, by session date within the "
            "period. Awareness sessions: %(awareness)s; training sessions: %(training)s; "
            "cycles started: %(cycles)s; enrolments completed: %(completed)s."
        )
        % {
            "awareness": sessions.get("awareness", 0),
            "training": sessions.get("training", 0),
            "cycles": sessions.get("cycles", 0),
            "completed": figures.get("completed", 0),
        }
    )
    if satisfaction.get("pct") is not None:
        note += " " + str(
            _("Satisfied with the orientation received: %(pct)s %% (%(yes)s of %(n)s answers).")
            % {
                "pct": satisfaction["pct"],
                "yes": satisfaction["satisfied"],
                "n": satisfaction["answered"],
            }
        )
    return TableData(
        columns=columns, rows=rows, components=["f", "m"], total_col="total", note=note
    )


@dataclass
class ProgrammeExtras:
    columns: list[Column] = field(default_factory=list)
    values: dict[int, dict] = field(default_factory=dict)
    note: Any = ""


def programme_extras(p: ReportParams) -> ProgrammeExtras:
    """Ticket quotas and budget per programme, from the funding app."""
    from awda.funding.models import Programme

    extras = ProgrammeExtras()
    consumption = _optional("awda.funding.selectors.quota_consumption")
    if consumption is not None:
        extras.columns += [
            Column(
                "quota_tickets", _("Tickets granted (quotas)"), "#capacity+tickets", kind="number"
            ),
            Column("quota_used", _("Tickets used"), "#reached+tickets", kind="number"),
            Column(
                "quota_remaining",
                _("Tickets remaining"),
                "#capacity+tickets+remaining",
                kind="number",
            ),
        ]
        ids = dict(Programme.objects.values_list("code", "pk"))
        for item in consumption():
            pk = ids.get(item["programme_code"])
            v = extras.values.setdefault(
                pk, {"quota_tickets": 0, "quota_used": 0, "quota_remaining": 0}
            )
            v["quota_tickets"] += item["tickets"]
            v["quota_used"] += item["used"]
            v["quota_remaining"] += item["remaining"]
    # Tickets of movements departing in the period, per programme charged: the travel
    # fact's `ticket` flag (the travel app's rule, see travel.selectors.tickets_by_programme).
    extras.columns.append(
        Column(
            "tickets_period",
            _("Tickets booked in the period"),
            "#reached+tickets+period",
            kind="number",
        )
    )
    tickets = (
        TravelFact.objects.filter(
            ticket=True, departure_date__gte=p.start, departure_date__lte=p.end
        )
        .values_list("programme_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    for pk, n in tickets:
        if pk is not None:
            extras.values.setdefault(pk, {})["tickets_period"] = n
    budget = _optional("awda.funding.selectors.budget_by_programme")
    if budget is not None:
        extras.columns += [
            Column("budget", _("Budget"), "#value+budget", kind="number"),
            Column("spent", _("Spent"), "#value+spent", kind="number"),
        ]
        for item in budget(start=p.start, end=p.end):
            v = extras.values.setdefault(item["programme_id"], {})
            v["budget"] = item.get("budget")
            v["spent"] = item.get("spent")
    else:
        extras.note = _("Budget spent: no data source yet.")
    return extras
