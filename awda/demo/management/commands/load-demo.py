"""Load the demo dataset (once: running it again changes nothing)."""

from django.core.management.base import BaseCommand, CommandError

from awda.accounts.models import User
from awda.demo.loader import calibration_summary, load_demo_data
from awda.demo.orgs import DEMO_PASSWORD, USERS


class Command(BaseCommand):
    help = (
        "Load the demo dataset: organisations, one user per role, programmes, and case "
        "histories calibrated to the published AVRR figures. Idempotent."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]

        def log(line: str) -> None:
            if verbosity >= 1:
                self.stdout.write(line)

        result = load_demo_data(log=log)
        if verbosity >= 1:
            if not result.skipped:
                self.stdout.write(f"Loaded in {result.seconds:.1f} s. Counted from the database:")
                for line in calibration_summary():
                    self.stdout.write(f"  {line}")
            self.stdout.write("")
            self.stdout.write("Open http://127.0.0.1:8000/ (`make demo` starts the server there).")
            self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
            users = {
                u.username: u
                for u in User.objects.select_related("organisation").filter(
                    username__in=[row[0] for row in USERS] + ["admin"]
                )
            }
            for username in [row[0] for row in USERS] + ["admin"]:
                user = users.get(username)
                if user is None:
                    continue
                role = user.get_role_display() if user.role else "superuser"
                organisation = user.organisation.name if user.organisation else ""
                self.stdout.write(f"  {username:<18} {role:<40} {organisation}")
        if result.failed_extensions:
            raise CommandError(
                "The demo data is loaded, but these apps' demo records failed (see above); "
                "run `awda load-demo` again once they are fixed: "
                + ", ".join(result.failed_extensions)
            )
