"""Generate a large synthetic dataset for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from awda.demo.generate import generate_cases


class Command(BaseCommand):
    help = (
        "Generate N synthetic cases (about 1.3 persons each) with documents, reasons and "
        "timelines, for benchmarks. Not calibrated: use load-demo for the demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases to write.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--start-year", type=int, help="First year (default: 9 years ago).")
        parser.add_argument("--end-year", type=int, help="Last year (default: this year).")
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Cases written per transaction."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        log = self.stdout.write if options["verbosity"] >= 1 else None
        try:
            totals = generate_cases(
                options["cases"],
                seed=options["seed"],
                start_year=options["start_year"],
                end_year=options["end_year"],
                batch_size=options["batch_size"],
                log=log,
            )
        except ValueError as exc:
            raise CommandError(str(exc))
        if log:
            seconds = time.perf_counter() - started
            log(f"Generated in {seconds:.1f} s:")
            for name, count in totals.items():
                log(f"  {name}: {count:,}")
