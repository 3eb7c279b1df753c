"""Rebuild the report's fact table from the case records (after imports or bulk loads)."""

import time

from django.core.management.base import BaseCommand

from awda.reports.services import facts_rebuild


class Command(BaseCommand):
    help = "Rebuild the fact table the annual report reads (one row per person per case)."

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = facts_rebuild()
        self.stdout.write(f"{rows} rows in {time.monotonic() - started:.1f} s")
