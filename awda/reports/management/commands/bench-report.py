"""`awda bench-report --cases N`: time the annual report on this database and on DuckDB."""

import shutil
import time

from django.core.management.base import BaseCommand
from django.db import connection

from awda.cases.models import Case, CaseMember
from awda.reports import bench
from awda.reports.selectors import TABLES_BY_CODE, build_table, report_build_anonymous
from awda.reports.services import facts_rebuild


class Command(BaseCommand):
    help = (
        "Generate N cases (if the database has fewer) with assistance and movements, then "
        "time the full annual report here and the same tables on DuckDB over Parquet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--keep-files", action="store_true", help="Keep the Parquet files.")
        parser.add_argument(
            "--no-rebuild", action="store_true", help="Time the fact table as it is (no rebuild)."
        )
        parser.add_argument(
            "--generator",
            choices=["demo", "sql"],
            default="demo",
            help="demo: awda.demo.generate (full case histories, ~250 cases/s on PostgreSQL); "
            "sql: INSERT … SELECT over a series (cases, persons, members, reasons only; "
            "a million cases in about a minute).",
        )

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def handle(
        self, *args, cases, repeat, year, seed, keep_files, generator, no_rebuild, **options
    ):
        vendor = connection.vendor
        existing = Case.objects.count()
        self.say(f"Database: {vendor}; cases present: {existing:,}")
        if existing < cases:
            started = time.monotonic()
            try:
                from awda.demo.generate import generate_cases
            except ImportError:
                generator = "sql"
            if generator == "sql":
                bench.generate_sql(cases - existing, seed=seed, log=self.say)
            else:
                generate_cases(cases - existing, seed=seed, log=self.say)
            self.say(
                f"Generated {cases - existing:,} cases ({generator} generator) in "
                f"{time.monotonic() - started:.0f} s"
            )
        started = time.monotonic()
        added = bench.add_assistance()
        moved = bench.add_movements()
        self.say(
            f"Added {added:,} assistance records and {moved:,} movements in "
            f"{time.monotonic() - started:.0f} s"
        )
        # Statistics as a running database would have them (autovacuum lags bulk loads).
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
        self.say(f"Statistics refreshed in {time.monotonic() - started:.0f} s")
        if not no_rebuild:
            started = time.monotonic()
            rows = facts_rebuild()
            self.say(f"Fact table rebuilt: {rows:,} rows in {time.monotonic() - started:.1f} s")
        n_cases, n_persons = Case.objects.count(), CaseMember.objects.count()
        year = year or bench.busiest_year()
        params = bench.default_params(year)
        self.say(f"Report: {year}, national, {n_cases:,} cases, {n_persons:,} persons")

        full = bench.time_report(lambda: report_build_anonymous(params), repeat)
        compared = bench.time_report(
            lambda: report_build_anonymous(params, codes=list(bench.COMPARED)), repeat
        )
        own = tuple(c for c in bench.COMPARED if c not in bench.FROM_OTHER_APPS)
        own_time = bench.time_report(
            lambda: report_build_anonymous(params, codes=list(own)), repeat
        )
        per_table = {}
        for code in TABLES_BY_CODE:
            per_table[code] = bench.time_report(
                lambda code=code: build_table(TABLES_BY_CODE[code], params), 1
            )
        self.say(
            "Slowest tables here: "
            + ", ".join(
                f"{code} {seconds * 1000:.0f} ms"
                for code, seconds in sorted(per_table.items(), key=lambda kv: -kv[1])[:5]
            )
        )

        folder = bench.workdir()
        started = time.monotonic()
        files = bench.export_parquet(folder)
        self.say(f"Exported to Parquet in {time.monotonic() - started:.0f} s ({folder})")
        duck, results = bench.time_duckdb(files, params, repeat)
        duck_own, _results = bench.time_duckdb(files, params, repeat, codes=own)

        # The two engines must agree, or the timing compares different work.
        mine = build_table(TABLES_BY_CODE["returns_by_country"], params).data.rows
        total_here = next(r.values["total"] for r in mine if r.is_total)
        total_duck = sum(r[3] for r in results["returns_by_country"][0])
        agree = "yes" if total_here == total_duck else f"NO ({total_here} vs {total_duck})"

        label = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)
        self.say("")
        self.say(f"Cases: {n_cases:,}  persons: {n_persons:,}  year: {year}  (median of {repeat})")
        self.say(f"{label}: full report ({len(TABLES_BY_CODE)} tables): {full:.3f} s")
        self.say(f"{label}: compared tables ({len(bench.COMPARED)}): {compared:.3f} s")
        self.say(f"DuckDB (Parquet): compared tables ({len(bench.COMPARED)}): {duck:.3f} s")
        self.say(f"{label}/DuckDB ratio: {compared / duck:.2f}")
        self.say(
            f"Of which the tables read from the fact tables only ({len(own)}): {label} "
            f"{own_time:.3f} s, DuckDB {duck_own:.3f} s, ratio {own_time / duck_own:.2f}"
        )
        self.say(f"Same returns total on both engines: {agree}")
        if not keep_files:
            shutil.rmtree(folder, ignore_errors=True)
