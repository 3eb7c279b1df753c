"""Time duplicate detection: `awda bench-duplicates [--generate 100000] [--queries 500]`."""

from django.core.management.base import BaseCommand, CommandError

from awda.people.bench import generate_persons, run_bench


class Command(BaseCommand):
    help = (
        "Time find_duplicates on the registry (p50/p95) and check the re-typed person is "
        "found. --generate adds synthetic people first: use a throwaway database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate",
            type=int,
            default=0,
            metavar="N",
            help="add N synthetic people (60%% with a passport) before timing",
        )
        parser.add_argument("--queries", type=int, default=500)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, generate, queries, seed, **options):
        if generate:
            self.stdout.write(f"Adding {generate} synthetic people …")
            people, passports = generate_persons(generate, seed=seed, log=self.stdout.write)
            self.stdout.write(f"Added {people} people and {passports} passports.")
        try:
            result = run_bench(queries=queries, seed=seed)
        except ValueError as e:
            raise CommandError(str(e))
        for line in result.lines():
            self.stdout.write(line)
