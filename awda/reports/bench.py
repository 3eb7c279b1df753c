"""Benchmark of the annual report: the same tables on this database and on DuckDB.

Data: N cases from the demo engineer's generator, plus assistance records and movements
added here in bulk (INSERT … SELECT, so a million cases take seconds, not hours). DuckDB
reads the same tables the report reads here, exported to Parquet (the person and travel
fact tables, the yearly summary, the assistance and funding records) and runs the same
queries, joins included: the reference for how fast a columnar engine does the report's
work.
"""

from __future__ import annotations

import csv
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from awda.cases.models import Case, CaseMember
from awda.reports.models import PersonFact
from awda.reports.params import ReportParams, parse_bands
from awda.reports.services import REASON_BITS, TRAVEL_FACT_COLUMNS, VULNERABILITY_BITS

# The tables DuckDB computes too (the report's own tables, assistance and return mode).
COMPARED = (
    "applicants_returns",
    "returns_age_sex",
    "applicants_age_sex",
    "returns_by_country",
    "returns_by_year",
    "return_mode",
    "return_reasons",
    "vulnerabilities",
    "direct_assistance",
    "inbound_by_host",
    "inbound_assisted_by_host",
    "inbound_by_region",
    "inbound_age_sex",
    "resettlement_by_country",
    "programme_dashboard",
)

ASSISTANCE_TYPES = (
    "food_kit",
    "non_food_kit",
    "hygiene_kit",
    "voucher",
    "medical_consultation",
    "shelter_nights",
)


def _table(model) -> str:
    return model._meta.db_table


def _pct(sql: str) -> str:
    """Escape the modulo operator for a statement with parameters (%s stays a placeholder)."""
    return sql.replace("%", "%%").replace("%%s", "%s")


def add_assistance() -> int:
    """Two assistance records per outbound case that has none (one SQL statement each)."""
    from awda.accounts.models import Organisation
    from awda.assistance.models import AssistanceRecord

    provider = Organisation.objects.filter(kind="iom_office").order_by("id").first()
    record = _table(AssistanceRecord)
    case = _table(Case)
    whens = " ".join(f"WHEN {i} THEN '{t}'" for i, t in enumerate(ASSISTANCE_TYPES))
    n = len(ASSISTANCE_TYPES)
    now = timezone.now()
    total = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # The cases to fill are listed first: a NOT EXISTS on the table being filled would
        # be re-checked against a growing table row by row (quadratic on PostgreSQL when
        # the planner, with statistics of an empty table, picks a sequential scan).
        cursor.execute("DROP TABLE IF EXISTS bench_todo")
        cursor.execute(
            f"""CREATE TEMP TABLE bench_todo AS SELECT c.id FROM {case} c
            WHERE c.case_type = 'outbound' AND NOT EXISTS (
                SELECT 1 FROM {record} r WHERE r.case_id = c.id AND r.description = 'bench')"""
        )
        for k in (0, 3):
            cursor.execute(
                _pct(f"""
                INSERT INTO {record} (case_id, person_id, type, quantity, unit_value, currency,
                    date, provider_id, programme_id, distribution_id, description,
                    recorded_by_id, request_key, created_at)
                SELECT c.id, NULL, CASE ((c.id + {k}) % {n}) {whens} END, 1, NULL, 'MAD',
                    c.application_date, %s, c.programme_id, NULL, 'bench', NULL, NULL, %s
                FROM {case} c JOIN bench_todo t ON t.id = c.id
                """),
                [provider.pk, now],
            )
            total += cursor.rowcount
        cursor.execute("DROP TABLE bench_todo")
    return total


def add_movements() -> int:
    """A departed movement (90 % air, 10 % land) per departed case without one."""
    from awda.funding.models import Programme
    from awda.travel.models import Departure, Movement, Passenger

    departure, movement, passenger = _table(Departure), _table(Movement), _table(Passenger)
    case, member = _table(Case), _table(CaseMember)
    programme = Programme.objects.order_by("id").first()
    now = timezone.now()
    mode = "CASE WHEN c.id % 10 = 0 THEN 'land' ELSE 'air' END"
    # Listed first, as in add_assistance: no NOT EXISTS against the table being filled.
    todo = f"FROM {case} c JOIN bench_move_todo t ON t.id = c.id WHERE 1 = 1"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_move_todo")
        cursor.execute(
            f"""CREATE TEMP TABLE bench_move_todo AS SELECT c.id FROM {case} c
            WHERE c.departure_date IS NOT NULL AND c.case_type IN ('outbound', 'resettlement')
            AND NOT EXISTS (SELECT 1 FROM {movement} m WHERE m.case_id = c.id)"""
        )
        cursor.execute(
            _pct(f"""INSERT INTO {departure} (date, post, mode, carrier, flight_number, destination,
                    is_charter, created_at)
                SELECT DISTINCT c.departure_date, 'CMN', {mode}, 'Bench Air', {mode}, '', FALSE, %s
                {todo}
                AND NOT EXISTS (SELECT 1 FROM {departure} d WHERE d.date = c.departure_date
                                AND d.flight_number = {mode} AND d.carrier = 'Bench Air')"""),
            [now],
        )
        joined = (
            f"FROM {case} c JOIN {departure} d ON d.date = c.departure_date "
            f"AND d.carrier = 'Bench Air' AND d.flight_number = {mode}"
        )
        source = todo.replace(f"FROM {case} c", joined)
        cursor.execute(
            _pct(f"""INSERT INTO {movement} (case_id, departure_id, mode, status, programme_id,
                    booking_reference, destination_country, final_destination, escort_name,
                    booked_on, status_reason, created_at)
                SELECT c.id, d.id, d.mode, 'departed', COALESCE(c.programme_id, %s), '',
                    c.country_of_origin, '', '', c.departure_date, '', %s
                {source}"""),
            [programme.pk, now],
        )
        created = cursor.rowcount
        cursor.execute(
            f"""INSERT INTO {passenger} (movement_id, person_id, ticket_number, status,
                    per_diem_currency, per_diem_receipt_signed)
                SELECT m.id, cm.person_id, '', 'boarded', 'USD', TRUE
                FROM {movement} m JOIN {member} cm ON cm.case_id = m.case_id
                WHERE m.created_at = %s""",
            [now],
        )
        cursor.execute("DROP TABLE bench_move_todo")
    return created


# ------------------------------------------------------------------------------------
# DuckDB: the same tables from Parquet


FACT_COLUMNS = (
    "case_id",
    "is_principal",
    "case_type",
    "office_id",
    "programme_id",
    "sex",
    "nationality",
    "host_country",
    "destination_country",
    "settlement_region",
    "application_date",
    "departure_date",
    "arrival_date",
    "age_at_application",
    "age_at_departure",
    "age_at_arrival",
    "reintegration_assisted",
    "reasons",
    "vulnerabilities",
)


def _dump(sql: str, path: Path, header: list[str]) -> None:
    """Write a query's rows to CSV (COPY on PostgreSQL, a cursor loop on SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)"
            with open(path, "wb") as out, cursor.cursor.copy(copy_sql) as copy:
                for block in copy:
                    out.write(block)
            return
        cursor.execute(sql)
        with open(path, "w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            while rows := cursor.fetchmany(50_000):
                writer.writerows(rows)


def export_parquet(workdir: Path) -> dict[str, Path]:
    """The report's source data as Parquet files, via CSV and DuckDB's COPY."""
    import duckdb

    from awda.assistance.models import AssistanceRecord

    fact = _table(PersonFact)
    # Column types are given, not guessed: a sample of the first rows can be all empty.
    types = {
        "facts": {
            "application_date": "DATE",
            "departure_date": "DATE",
            "arrival_date": "DATE",
            "age_at_application": "INTEGER",
            "age_at_departure": "INTEGER",
            "age_at_arrival": "INTEGER",
            "office_id": "BIGINT",
            "programme_id": "BIGINT",
            "reasons": "INTEGER",
            "vulnerabilities": "INTEGER",
            "nationality": "VARCHAR",
            "host_country": "VARCHAR",
            "destination_country": "VARCHAR",
            "settlement_region": "VARCHAR",
        },
        "assistance": {
            "date": "DATE",
            "programme_id": "BIGINT",
            "case_id": "BIGINT",
            "quantity": "INTEGER",
            "unit_value": "DECIMAL(12,2)",
        },
        "cases": {"id": "BIGINT", "office_id": "BIGINT"},
        "travel": {
            "case_id": "BIGINT",
            "office_id": "BIGINT",
            "programme_id": "BIGINT",
            "departure_date": "DATE",
            "returned": "BOOLEAN",
            "ticket": "BOOLEAN",
            "on_quota": "BOOLEAN",
        },
        "return_years": {
            "year": "INTEGER",
            "office_id": "BIGINT",
            "programme_id": "BIGINT",
            "nationality": "VARCHAR",
            "persons": "INTEGER",
        },
        "programmes": {"id": "BIGINT"},
        "quotas": {
            "programme_id": "BIGINT",
            "tickets": "INTEGER",
            "tickets_used_before": "INTEGER",
            "tickets_charged": "INTEGER",
        },
    }
    # The same tables the report reads here (only the columns it uses): the fact tables and
    # the assistance and funding records; DuckDB does the same joins, so the comparison is
    # of engines, not of schemas.
    from awda.funding.models import Programme, QuotaAgreement
    from awda.reports.models import ReturnYearFact, TravelFact

    def table(model, columns: list[str]) -> tuple[str, list[str]]:
        return f"SELECT {', '.join(columns)} FROM {_table(model)}", columns

    sources = {
        "facts": (f"SELECT {', '.join(FACT_COLUMNS)} FROM {fact}", list(FACT_COLUMNS)),
        "assistance": table(
            AssistanceRecord,
            ["type", "currency", "quantity", "unit_value", "date", "programme_id", "case_id"],
        ),
        "cases": table(Case, ["id", "case_type", "office_id"]),
        "travel": table(TravelFact, [c for c in TRAVEL_FACT_COLUMNS if c != "passenger_id"]),
        "return_years": table(
            ReturnYearFact, ["year", "office_id", "programme_id", "nationality", "persons"]
        ),
        "programmes": table(Programme, ["id", "code", "name"]),
        "quotas": table(
            QuotaAgreement,
            ["programme_id", "tickets", "tickets_used_before", "tickets_charged"],
        ),
    }
    out = {}
    db = duckdb.connect()
    for name, (sql, header) in sources.items():
        csv_path = workdir / f"{name}.csv"
        _dump(sql, csv_path, header)
        parquet = workdir / f"{name}.parquet"
        db.execute(
            f"COPY (SELECT * FROM read_csv('{csv_path}', header=true, auto_detect=true, "
            f"types={types[name]!r})) "
            f"TO '{parquet}' (FORMAT parquet)"
        )
        csv_path.unlink()
        out[name] = parquet
    db.close()
    return out


def _band_sql(column: str, bands) -> str:
    whens = " ".join(
        f"WHEN {column} <= {hi} THEN {i}" for i, (_lo, hi) in enumerate(bands) if hi is not None
    )
    return f"CASE WHEN {column} IS NULL THEN -1 {whens} ELSE {len(bands) - 1} END"


def duckdb_queries(p: ReportParams) -> dict[str, list[str]]:
    """DuckDB SQL for each compared table (same filters and counting rules as the ORM)."""
    s, e = f"DATE '{p.start}'", f"DATE '{p.end}'"
    scope = ""
    if p.office_id:
        scope += f" AND office_id = {p.office_id}"
    if p.programme_id:
        scope += f" AND programme_id = {p.programme_id}"
    full_until = p.end.year if (p.end.month, p.end.day) == (12, 31) else p.end.year - 1
    ret = f"case_type = 'outbound' AND departure_date BETWEEN {s} AND {e}{scope}"
    app = f"case_type = 'outbound' AND application_date BETWEEN {s} AND {e}{scope}"
    inb = f"case_type = 'inbound' AND arrival_date BETWEEN {s} AND {e}{scope}"
    res = f"case_type = 'resettlement' AND departure_date BETWEEN {s} AND {e}{scope}"

    def mwbg(age: str) -> str:
        adult = f"({age} >= 18 OR {age} IS NULL)"
        return (
            f"count(*) FILTER (WHERE sex = 'M' AND {adult}), count(*) FILTER (WHERE sex = 'F' AND {adult}), "
            f"count(*) FILTER (WHERE sex = 'M' AND {age} < 18), count(*) FILTER (WHERE sex = 'F' AND {age} < 18), count(*)"
        )

    sexes = "count(*) FILTER (WHERE sex = 'F'), count(*) FILTER (WHERE sex = 'M'), count(*)"

    def by(column: str, where: str) -> str:
        return f"SELECT {column}, {sexes} FROM facts WHERE {where} GROUP BY {column}"

    def bands(age: str, where: str) -> str:
        return f"SELECT {_band_sql(age, p.bands)} AS band, {sexes} FROM facts WHERE {where} GROUP BY band"

    reasons = ", ".join(
        f"sum(CASE WHEN reasons & {b} > 0 THEN 1 ELSE 0 END)" for b in REASON_BITS.values()
    )
    vulns = ", ".join(
        f"sum(CASE WHEN vulnerabilities & {b} > 0 AND sex = '{x}' THEN 1 ELSE 0 END)"
        for b in VULNERABILITY_BITS.values()
        for x in ("F", "M")
    )
    return {
        "applicants_returns": [
            f"SELECT {mwbg('age_at_application')} FROM facts WHERE {app}",
            f"SELECT {mwbg('age_at_departure')} FROM facts WHERE {ret}",
        ],
        "returns_age_sex": [bands("age_at_departure", ret)],
        "applicants_age_sex": [bands("age_at_application", app)],
        "returns_by_country": [by("nationality", ret)],
        "returns_by_year": [
            # Whole years from the yearly summary, a year cut short from the fact table.
            f"SELECT nationality, year, sum(persons) FROM return_years WHERE year <= {full_until} "
            f"AND persons > 0{scope} GROUP BY nationality, year"
            + (
                f" UNION ALL SELECT nationality, year(departure_date) AS y, count(*) FROM facts "
                f"WHERE case_type = 'outbound' AND departure_date BETWEEN DATE '{p.end.year}-01-01' "
                f"AND {e}{scope} GROUP BY nationality, y"
                if full_until < p.end.year
                else ""
            )
        ],
        "return_mode": [
            f"SELECT mode, count(*) FROM travel WHERE case_type = 'outbound' AND returned "
            f"AND departure_date BETWEEN {s} AND {e}"
            + (f" AND office_id = {p.office_id}" if p.office_id else "")
            + " GROUP BY mode"
        ],
        "return_reasons": [f"SELECT count(*), {reasons} FROM facts WHERE {ret} AND is_principal"],
        "vulnerabilities": [
            f"SELECT count(*), {vulns}, count(*) FILTER (WHERE sex = 'F' AND vulnerabilities > 0), "
            f"count(*) FILTER (WHERE sex = 'M' AND vulnerabilities > 0) FROM facts WHERE {ret}"
        ],
        "direct_assistance": [
            "SELECT r.type, r.currency, count(*), sum(r.quantity), sum(r.quantity * r.unit_value) "
            "FROM assistance r"
            + (" JOIN cases c ON c.id = r.case_id" if p.office_id else "")
            + f" WHERE r.date BETWEEN {s} AND {e}"
            + (f" AND c.office_id = {p.office_id}" if p.office_id else "")
            + (f" AND r.programme_id = {p.programme_id}" if p.programme_id else "")
            + " GROUP BY r.type, r.currency"
        ],
        "inbound_by_host": [by("host_country", inb)],
        "inbound_assisted_by_host": [by("host_country", inb + " AND reintegration_assisted")],
        "inbound_by_region": [by("settlement_region", inb)],
        "inbound_age_sex": [bands("age_at_arrival", inb)],
        "resettlement_by_country": [by("destination_country", res)],
        "programme_dashboard": [
            f"SELECT programme_id, count(*) FROM facts WHERE {ret.replace(scope, '')}"
            + (f" AND office_id = {p.office_id}" if p.office_id else "")
            + " GROUP BY programme_id",
            f"SELECT programme_id, count(*) FROM facts WHERE {inb.replace(scope, '')} AND reintegration_assisted"
            + (f" AND office_id = {p.office_id}" if p.office_id else "")
            + " GROUP BY programme_id",
            # Ticket quotas and tickets booked in the period (funding and travel selectors).
            "SELECT q.programme_id, pr.code, sum(q.tickets), "
            "sum(q.tickets_used_before + q.tickets_charged) FROM quotas q "
            "JOIN programmes pr ON pr.id = q.programme_id GROUP BY q.programme_id, pr.code",
            "SELECT pr.code, pr.name, count(*) FILTER (WHERE t.ticket), "
            "count(*) FILTER (WHERE t.returned), count(*) FILTER (WHERE t.on_quota) "
            "FROM travel t JOIN programmes pr ON pr.id = t.programme_id "
            f"WHERE t.departure_date BETWEEN {s} AND {e} GROUP BY pr.code, pr.name",
        ],
    }


# Compared tables that read other apps' records (assistance records; quotas and budgets),
# not only the report's fact tables.
FROM_OTHER_APPS = ("direct_assistance", "programme_dashboard")


def time_duckdb(
    files: dict[str, Path], p: ReportParams, repeat: int, codes: tuple[str, ...] | None = None
) -> tuple[float, dict]:
    import duckdb

    db = duckdb.connect()
    for name, path in files.items():
        # Views over the Parquet files: every run reads Parquet, as a columnar engine would.
        db.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    queries = duckdb_queries(p)
    if codes is not None:
        queries = {code: sql for code, sql in queries.items() if code in codes}
    results: dict = {}

    def run() -> None:
        for code, sqls in queries.items():
            results[code] = [db.execute(sql).fetchall() for sql in sqls]

    run()  # warm-up (file metadata, plans)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    db.close()
    return statistics.median(times), results


def time_report(build: Callable[[], object], repeat: int) -> float:
    build()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        build()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def busiest_year() -> int:
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    row = (
        PersonFact.objects.filter(case_type="outbound", departure_date__isnull=False)
        .annotate(y=ExtractYear("departure_date"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return row["y"] if row else timezone.localdate().year


def workdir() -> Path:
    path = Path(os.environ.get("AWDA_BENCH_DIR") or tempfile.mkdtemp(prefix="awda-bench-"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_params(year: int) -> ReportParams:
    return ReportParams.for_year(year, bands=parse_bands("0-10,11-18,19-35,36-65,66+"))


# ------------------------------------------------------------------------------------
# Fast SQL generator: INSERT … SELECT over a number series, for millions of cases


def _series(n: int) -> str:
    if connection.vendor == "postgresql":
        return f"(SELECT generate_series(1::bigint, {n}) AS i) s"
    return f"(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < {n}) SELECT i FROM r) s"


def _plus_days(date_sql: str, days_sql: str) -> str:
    if connection.vendor == "postgresql":
        return f"(({date_sql}) + ({days_sql})::int)"
    return f"date({date_sql}, '+' || ({days_sql}) || ' days')"


def _minus_years(date_sql: str, years_sql: str) -> str:
    if connection.vendor == "postgresql":
        return f"(({date_sql}) - make_interval(years => ({years_sql})::int))::date"
    return f"date({date_sql}, '-' || ({years_sql}) || ' years')"


def _pick(key_sql: str, values: list) -> str:
    whens = " ".join(f"WHEN {i} THEN {v}" for i, v in enumerate(values))
    return f"(CASE ({key_sql}) % {len(values)} {whens} END)"


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _insert(model, expressions: dict[str, str], source: str) -> int:
    """INSERT INTO model (...) SELECT ... FROM source: columns not given take the field's
    default (passed as parameters), so the statement follows schema changes."""
    columns, selects, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.column in expressions:
            columns.append(field.column)
            selects.append(expressions[field.column])
        elif not field.null:
            value = (
                timezone.now()
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
                else field.get_default()
            )
            columns.append(field.column)
            selects.append("%s")
            params.append(field.get_db_prep_save(value, connection))
    sql = f"INSERT INTO {_table(model)} ({', '.join(columns)}) SELECT {', '.join(selects)} FROM {source}"
    with connection.cursor() as cursor:
        if params:
            cursor.execute(_pct(sql), params)
        else:
            cursor.execute(sql)
        return cursor.rowcount


def generate_sql(n: int, seed: int = 7, log=print) -> int:
    """N cases with 1–3 persons each, members and return reasons, in a few SQL statements."""
    from awda.accounts.models import Organisation
    from awda.cases.models import CaseReturnReason, ReturnReason, TimelineEvent
    from awda.funding.models import Programme
    from awda.people.models import Person

    offices = list(Organisation.objects.filter(kind="iom_office").values_list("pk", flat=True)[:4])
    if not offices:
        offices = [
            Organisation.objects.get_or_create(
                code=f"B{c}", defaults={"name": f"Bench {c}", "kind": "iom_office", "country": "MA"}
            )[0].pk
            for c in ("RBA", "CAS", "OUJ")
        ]
    programmes = list(Programme.objects.values_list("pk", flat=True)[:5]) or [
        Programme.objects.create(code="BENCH", name="Bench programme", target_returns=100_000).pk
    ]
    prefix = f"BQ{seed:02d}{timezone.now():%H%M%S}-"
    nationalities = [
        _q(c)
        for c in ("GN", "CI", "SN", "CM", "ML", "NG", "CG", "CD", "SD", "GM", "BF", "PH", "GH")
    ]
    hosts = [_q(c) for c in ("TR", "TN", "DE", "BE", "GR", "ES", "IT")]
    k = "(s.i * 7919 + " + str(seed) + ")"
    case_type = "(CASE WHEN s.i % 20 < 17 THEN 'outbound' WHEN s.i % 20 < 19 THEN 'inbound' ELSE 'resettlement' END)"
    applied = _plus_days(
        "DATE '2015-01-01'" if connection.vendor == "postgresql" else "'2015-01-01'", f"{k} % 3650"
    )
    departs = f"(s.i % 20 >= 17 AND s.i % 20 < 19) = FALSE AND ({k} % 10) < 7"
    started = time.monotonic()
    with transaction.atomic():
        created = _insert(
            Case,
            {
                "reference": ("'" + prefix + "' || s.i")
                if connection.vendor == "sqlite"
                else f"'{prefix}' || s.i::text",
                "case_type": case_type,
                "status": f"(CASE WHEN s.i % 20 >= 17 AND s.i % 20 < 19 THEN {_pick('s.i', [_q('arrived'), _q('counselling'), _q('reintegration')])} WHEN {departs} THEN 'arrived' ELSE 'counselling' END)",
                "office_id": _pick("s.i", offices),
                "programme_id": _pick("s.i", programmes),
                "country_of_origin": f"(CASE WHEN s.i % 20 < 17 THEN {_pick(k, nationalities)} ELSE '' END)",
                "host_country": f"(CASE WHEN s.i % 20 >= 17 AND s.i % 20 < 19 THEN {_pick(k, hosts)} ELSE '' END)",
                "destination_country": f"(CASE WHEN s.i % 20 = 19 THEN {_pick('s.i', [_q('CA'), _q('FR'), _q('SE')])} ELSE '' END)",
                "settlement_region": f"(CASE WHEN s.i % 20 >= 17 AND s.i % 20 < 19 THEN {_pick('s.i', [_q('04'), _q('06'), _q('05'), _q('03')])} ELSE '' END)",
                "application_date": applied,
                "departure_date": f"(CASE WHEN {departs} THEN {_plus_days(applied, f'30 + {k} % 170')} END)",
                "arrival_date": f"(CASE WHEN {departs} THEN {_plus_days(applied, f'31 + {k} % 170')} WHEN s.i % 20 >= 17 THEN {_plus_days(applied, f'10 + {k} % 80')} END)",
            },
            _series(n),
        )
        log(f"  {created:,} cases in {time.monotonic() - started:.0f} s")
        mine = f"{_table(Case)} c WHERE c.reference LIKE '{prefix}%'"
        persons = 0
        for j, (condition, age) in enumerate(
            (
                ("1 = 1", "19 + c.id % 40"),
                ("c.id % 5 = 0", "1 + c.id % 16"),
                ("c.id % 10 = 0", "1 + c.id % 9"),
            ),
            start=1,
        ):
            key = f"c.reference || '-{j}'"
            persons += _insert(
                Person,
                {
                    "given_name": _pick(
                        "c.id",
                        [_q(x) for x in ("Mamadou", "Aïssatou", "Yao", "Fatou", "Moussa", "Awa")],
                    ),
                    "family_name": _pick(
                        "c.id / 7",
                        [
                            _q(x)
                            for x in ("Diallo", "Kouassi", "Ndiaye", "Traoré", "Okafor", "Mbemba")
                        ],
                    ),
                    "name_key": "'bench'",
                    "sex": "(CASE WHEN c.id % 4 = 0 THEN 'F' ELSE 'M' END)"
                    if j == 1
                    else f"(CASE WHEN c.id % 2 = {j % 2} THEN 'F' ELSE 'M' END)",
                    "date_of_birth": _minus_years("c.application_date", age),
                    "nationality": "(CASE WHEN c.case_type = 'inbound' THEN 'MA' WHEN c.country_of_origin = '' THEN 'SY' ELSE c.country_of_origin END)",
                    "creation_key": key,
                },
                f"{mine} AND {condition}",
            )
            _insert(
                CaseMember,
                {
                    "case_id": "c.id",
                    "person_id": "p.id",
                    "relationship": "'principal'" if j == 1 else "'child'",
                },
                f"{_table(Case)} c JOIN {_table(Person)} p ON p.creation_key = c.reference || '-{j}' "
                f"WHERE c.reference LIKE '{prefix}%'",
            )
        log(f"  {persons:,} persons in {time.monotonic() - started:.0f} s")
        reasons = [_q(r) for r in ReturnReason.values]
        _insert(
            CaseReturnReason,
            {"case_id": "c.id", "reason": _pick("c.id", reasons)},
            f"{mine} AND c.case_type = 'outbound'",
        )
        _insert(
            CaseReturnReason,
            {"case_id": "c.id", "reason": _pick("c.id + 3", reasons)},
            f"{mine} AND c.case_type = 'outbound' AND c.id % 3 = 0",
        )
        _insert(
            TimelineEvent,
            {
                "case_id": "c.id",
                "at": "c.created_at",
                "kind": "'transition'",
                "action": "'start_reintegration'",
                "from_status": "'counselling'",
                "to_status": "'reintegration'",
            },
            f"{mine} AND c.status = 'reintegration'",
        )
    log(f"  done in {time.monotonic() - started:.0f} s")
    return created
