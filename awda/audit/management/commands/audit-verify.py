from django.core.management.base import BaseCommand, CommandError

from awda.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log."

    def handle(self, *args, **options):
        count, broken = audit_verify()
        if broken is not None:
            raise CommandError(f"Audit chain broken at event {broken} after {count} good events.")
        self.stdout.write(f"Audit chain intact: {count} events.")
