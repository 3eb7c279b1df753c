"""Writes of the reports app: the fact tables the report reads, and report exports.

The fact table is rebuilt with one INSERT … SELECT (no Python loop over rows) and
refreshed per case after each committed change (see `awda.reports.signals`). Bulk loaders
that bypass signals (demo loader, generator, imports) call `facts_rebuild()` afterwards.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from awda.accounts.models import User
from awda.audit.services import audit_record
from awda.cases.models import Case, CaseMember, CaseReturnReason, ReturnReason, TimelineEvent
from awda.people.models import Person
from awda.protection.models import Vulnerability, VulnerabilityCategory
from awda.reports.models import (
    ExportFormat,
    ExportStatus,
    FactsState,
    PersonFact,
    ReportExport,
    ReturnYearFact,
    TravelFact,
)

TRAVEL_FACT_COLUMNS = (
    "passenger_id",
    "case_id",
    "case_type",
    "office_id",
    "programme_id",
    "departure_date",
    "mode",
    "returned",
    "ticket",
    "on_quota",
)

REASON_BITS: dict[str, int] = {code: 1 << i for i, code in enumerate(ReturnReason.values)}
VULNERABILITY_BITS: dict[str, int] = {
    code: 1 << i for i, code in enumerate(VulnerabilityCategory.values)
}

# Inbound returnees "assisted for reintegration" (the rule stated in awda.demo.counts): the
# case has a start_reintegration transition in its timeline, whatever its status now
# (reintegration, monitoring, or closed after it).
ASSISTED_ACTIONS = ("start_reintegration",)


def facts_layout() -> str:
    """A digest of the bit layout; a change (new category) requires a full rebuild."""
    text = "|".join(REASON_BITS) + "#" + "|".join(VULNERABILITY_BITS)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _age_sql(on: str, dob: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM AGE({on}, {dob})) AS INTEGER)"
    # SQLite: year difference, minus one if the birthday is not reached yet that year.
    return (
        f"(CAST(strftime('%Y', {on}) AS INTEGER) - CAST(strftime('%Y', {dob}) AS INTEGER)"
        f" - (strftime('%m-%d', {on}) < strftime('%m-%d', {dob})))"
    )


def _bits_case(column: str, bits: dict[str, int]) -> str:
    whens = " ".join(f"WHEN '{code}' THEN {bit}" for code, bit in bits.items())
    return f"CASE {column} {whens} ELSE 0 END"


def _insert_sql(where: str = "", order: str = "") -> str:
    fact = PersonFact._meta.db_table
    member = CaseMember._meta.db_table
    case = Case._meta.db_table
    person = Person._meta.db_table
    reason = CaseReturnReason._meta.db_table
    vulnerability = Vulnerability._meta.db_table
    timeline = TimelineEvent._meta.db_table
    actions = ", ".join(f"'{a}'" for a in ASSISTED_ACTIONS)
    # Sums of distinct bits equal their OR: (case, reason) and (case, person, category) are
    # unique, and SQLite has no bit-or aggregate.
    return f"""
        INSERT INTO {fact} (
            member_id, case_id, person_id, is_principal, case_type, status, office_id,
            programme_id, sex, nationality, country_of_origin, host_country,
            destination_country, settlement_region, application_date, departure_date,
            arrival_date, age_at_application, age_at_departure, age_at_arrival,
            reintegration_assisted, reasons, vulnerabilities)
        SELECT m.id, c.id, p.id, (m.relationship = 'principal'), c.case_type, c.status,
            c.office_id, c.programme_id, p.sex, p.nationality, c.country_of_origin,
            c.host_country, c.destination_country, c.settlement_region, c.application_date,
            c.departure_date, c.arrival_date,
            {_age_sql("c.application_date", "p.date_of_birth")},
            {_age_sql("c.departure_date", "p.date_of_birth")},
            {_age_sql("c.arrival_date", "p.date_of_birth")},
            (c.case_type = 'inbound' AND ra.case_id IS NOT NULL),
            COALESCE(rr.bits, 0), COALESCE(vv.bits, 0)
        FROM {member} m
        JOIN {case} c ON c.id = m.case_id
        JOIN {person} p ON p.id = m.person_id
        LEFT JOIN (
            SELECT case_id, SUM({_bits_case("reason", REASON_BITS)}) AS bits
            FROM {reason} GROUP BY case_id
        ) rr ON rr.case_id = c.id
        LEFT JOIN (
            SELECT case_id, person_id, SUM({_bits_case("category", VULNERABILITY_BITS)}) AS bits
            FROM {vulnerability} GROUP BY case_id, person_id
        ) vv ON vv.case_id = c.id AND vv.person_id = p.id
        LEFT JOIN (
            SELECT DISTINCT case_id FROM {timeline}
            WHERE kind = 'transition' AND action IN ({actions})
        ) ra ON ra.case_id = c.id
        {where}
        {order}
    """


def _year_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%Y', {column}) AS INTEGER)"


def _year_delta_sql(sign: str, where: str) -> str:
    """Add (sign '+') or take away (sign '-') the returns of some fact rows per year."""
    summary = ReturnYearFact._meta.db_table
    fact = PersonFact._meta.db_table
    year = _year_sql("departure_date")
    return f"""
        INSERT INTO {summary} (year, office_id, programme_id, nationality, persons)
        SELECT {year}, COALESCE(office_id, 0), COALESCE(programme_id, 0), nationality,
               {sign}COUNT(*)
        FROM {fact}
        WHERE case_type = 'outbound' AND departure_date IS NOT NULL {where}
        GROUP BY {year}, COALESCE(office_id, 0), COALESCE(programme_id, 0), nationality
        ON CONFLICT (year, office_id, programme_id, nationality)
        DO UPDATE SET persons = {summary}.persons + excluded.persons
    """


def _travel_insert(cursor, case_ids: list[int] | None = None) -> None:
    """Copy the travel app's passenger rows (`travel_fact_source`) into the travel fact."""
    from awda.travel.selectors import travel_fact_source

    # In date order: a period's rows sit together on disk.
    source = travel_fact_source(case_ids).order_by("departure_date")
    sql, params = source.query.sql_with_params()
    columns = ", ".join(TRAVEL_FACT_COLUMNS)
    cursor.execute(
        f"INSERT INTO {TravelFact._meta.db_table} ({columns}) "
        f"SELECT {columns} FROM ({sql}) AS source",
        params,
    )


def facts_rebuild() -> int:
    """Rebuild the whole fact table from the case tables; returns the number of rows."""
    started = time.monotonic()
    fact = PersonFact._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {fact}")
        else:
            cursor.execute(f"DELETE FROM {fact}")
        # Rows of one period sit together on disk (departures follow applications within
        # months), so a year's report reads a narrow slice of the table.
        cursor.execute(_insert_sql(order="ORDER BY c.case_type, c.application_date"))
        rows = cursor.rowcount
        cursor.execute(f"DELETE FROM {ReturnYearFact._meta.db_table}")
        cursor.execute(_year_delta_sql("", ""))
        cursor.execute(f"DELETE FROM {TravelFact._meta.db_table}")
        _travel_insert(cursor)
        FactsState.objects.update_or_create(
            key="facts",
            defaults={
                "rebuilt_at": timezone.now(),
                "rows": rows,
                "seconds": time.monotonic() - started,
                "layout": facts_layout(),
            },
        )
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # Fresh statistics and visibility map: plans and index-only scans need both.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {fact}, {TravelFact._meta.db_table}")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {fact}, {TravelFact._meta.db_table}")
    return rows


def facts_refresh_cases(case_ids: Iterable[int]) -> None:
    """Re-derive the fact rows of these cases (deleted cases simply lose theirs)."""
    ids = sorted({int(i) for i in case_ids if i is not None})
    fact = PersonFact._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(_year_delta_sql("-", f"AND case_id IN ({marks})"), chunk)
            cursor.execute(f"DELETE FROM {fact} WHERE case_id IN ({marks})", chunk)
            cursor.execute(_insert_sql(f"WHERE c.id IN ({marks})"), chunk)
            cursor.execute(_year_delta_sql("", f"AND case_id IN ({marks})"), chunk)
            cursor.execute(
                f"DELETE FROM {TravelFact._meta.db_table} WHERE case_id IN ({marks})", chunk
            )
            _travel_insert(cursor, chunk)


def export_request(
    *,
    user: User,
    fmt: str,
    params: dict,
    language: str,
    external: bool,
    idempotency_key: str,
) -> tuple[ReportExport, bool]:
    """Record an export request once per form submission; returns (export, created)."""
    if fmt not in ExportFormat.values:
        raise ValueError(f"Unknown export format {fmt!r}")
    with transaction.atomic():
        export, created = ReportExport.objects.get_or_create(
            idempotency_key=idempotency_key,
            defaults={
                "requested_by": user,
                "fmt": fmt,
                "params": params,
                "language": language,
                "external": external,
            },
        )
        if created:
            export.full_clean()
            audit_record(
                actor=user,
                verb="report.export_requested",
                obj=export,
                data={"format": fmt, "params": params, "external": external},
            )
    if export.requested_by_id != user.pk:
        # Somebody else's key: never hand out their export.
        raise PermissionError("Idempotency key belongs to another user")
    return export, created


def export_progress(*, export: ReportExport, progress: int, status: str | None = None) -> None:
    fields = {"progress": max(0, min(100, progress))}
    if status:
        fields["status"] = status
    ReportExport.objects.filter(pk=export.pk).update(**fields)


def export_finish(*, export: ReportExport, name: str, content: bytes) -> None:
    from django.core.files.base import ContentFile

    export.file.save(name, ContentFile(content), save=False)
    export.status = ExportStatus.DONE
    export.progress = 100
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "progress", "finished_at"])


def export_fail(*, export: ReportExport, error: str) -> None:
    ReportExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )
