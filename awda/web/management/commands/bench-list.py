"""Benchmark of the case list: server time of the pages case workers open most.

    awda bench-list                 # 100,000 cases (generated if there are fewer), 30 runs
    awda bench-list --cases 20000 --runs 50

It is a measurement, not a test: it prints p50/p95 of the server time of each request
(Django's test client calls the full stack — middleware, views, queries, templates — in
process, without a network), for a case worker of the busiest office and for the M&E
officer who sees every office. The database is whichever DATABASE_URL selects; run it on
a database of its own (it adds cases and two users).
"""

from __future__ import annotations

import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from awda.accounts.models import Organisation, OrganisationKind, User
from awda.cases.models import Case


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


class Command(BaseCommand):
    help = "Measure p50/p95 server time of the case list and of a name search."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000, help="cases to have (at least)")
        parser.add_argument("--runs", type=int, default=30, help="measured requests per scenario")
        parser.add_argument("--warmup", type=int, default=3)

    def handle(self, *args, cases: int, runs: int, warmup: int, **options):
        existing = Case.objects.count()
        if existing < cases:
            self.stdout.write(f"{existing} cases: generating {cases - existing} more …")
            self._generate(cases - existing)
        total = Case.objects.count()
        office = (
            Organisation.objects.filter(kind=OrganisationKind.IOM_OFFICE)
            .annotate(n=Count("cases"))
            .order_by("-n")
            .first()
        )
        worker = self._user("bench.caseworker", office, "case_worker")
        national, _created = Organisation.objects.get_or_create(
            code="IOM-MA",
            defaults={"name": "OIM Maroc", "kind": OrganisationKind.IOM_OFFICE, "country": "MA"},
        )
        me = self._user("bench.me", national, "me_officer")
        frequent = self._frequent_family_name()
        url = reverse("web:case_list")
        scenarios = [
            ("case list, first page", {}),
            ("case list, open cases of one status", {"status": "monitoring", "open": "1"}),
            ("case list, women aged 19-35", {"sex": "F", "age_band": "19-35"}),
            ("case list, sorted by name", {"sort": "name"}),
            (f"name search “{frequent}”", {"q": frequent}),
            ("name search, spelling variant “Ibrahima Djalo”", {"q": "Ibrahima Djalo"}),
        ]
        vendor = connection.vendor
        self.stdout.write(
            f"\n{vendor}: {total} cases; {runs} runs per line (after {warmup} warm-up); "
            f"case worker of {office.code} ({office.n} cases) and M&E (all offices)\n"
        )
        self.stdout.write(f"{'scenario':<52} {'user':<12} {'p50 ms':>8} {'p95 ms':>8} {'rows':>8}")
        worst = 0.0
        for label, params in scenarios:
            for who, user in (("case worker", worker), ("M&E", me)):
                client = Client()
                client.force_login(user)
                timings = []
                for i in range(warmup + runs):
                    start = time.perf_counter()
                    response = client.get(url, params)
                    elapsed = (time.perf_counter() - start) * 1000
                    if response.status_code != 200:
                        raise CommandError(f"{label}: HTTP {response.status_code}")
                    if i >= warmup:
                        timings.append(elapsed)
                rows = self._rows(user, params)
                p50, p95 = percentile(timings, 50), percentile(timings, 95)
                worst = max(worst, p95)
                self.stdout.write(f"{label:<52} {who:<12} {p50:>8.1f} {p95:>8.1f} {rows:>8}")
        self.stdout.write(f"\nWorst p95: {worst:.1f} ms")

    def _generate(self, n: int) -> None:
        try:
            from awda.demo.generate import generate_cases  # noqa: F401
        except ImportError:
            raise CommandError(
                "Generating cases needs awda.demo.generate (`awda generate --cases N`)."
            )
        call_command("generate", cases=n, verbosity=1)

    def _rows(self, user: User, params: dict) -> int:
        from django.http import QueryDict

        from awda.cases.selectors import case_list
        from awda.web.forms import CaseFilterForm

        query = QueryDict(mutable=True)
        query.update(params)
        form = CaseFilterForm(query, user=user)
        form.is_valid()
        return case_list(user, form.to_filters()).count()

    def _user(self, username: str, organisation: Organisation, role: str) -> User:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={"organisation": organisation, "role": role, "is_active": True},
        )
        return user

    def _frequent_family_name(self) -> str:
        from awda.people.models import Person

        row = (
            Person.objects.exclude(family_name="")
            .values("family_name")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        return row["family_name"] if row else "Diallo"
