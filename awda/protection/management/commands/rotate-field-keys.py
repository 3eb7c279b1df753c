"""Re-encrypt every encrypted column under the first key of AWDA_FIELD_KEYS.

Rotation: put the new key first (AWDA_FIELD_KEYS=new,old), restart, run this command, check
that it reports nothing unreadable, then remove the old key.
"""

from django.core.management.base import BaseCommand, CommandError

from awda.audit.services import audit_record
from awda.lib.crypto import rotate_all


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column under the first key of AWDA_FIELD_KEYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        results = rotate_all(dry_run=dry_run)
        unreadable = 0
        for r in results:
            self.stdout.write(
                f"{r.column}: {r.rows} values, {r.rotated} re-encrypted, "
                f"{r.already_current} already under the first key, "
                f"{r.encrypted_plaintext} plaintext encrypted, {len(r.unreadable)} unreadable"
            )
            if r.unreadable:
                unreadable += len(r.unreadable)
                shown = ", ".join(str(pk) for pk in r.unreadable[:20])
                self.stderr.write(f"  unreadable rows (no configured key opens them): {shown}")
        if not dry_run:
            audit_record(
                actor=None,
                verb="crypto.rotate_keys",
                object_type="crypto",
                object_id="field-keys",
                data={
                    r.column: {"rotated": r.rotated, "plaintext": r.encrypted_plaintext}
                    for r in results
                },
            )
        if unreadable:
            raise CommandError(
                f"{unreadable} values could not be decrypted with any configured key: "
                "keep the old keys in AWDA_FIELD_KEYS until they are dealt with."
            )
        self.stdout.write(self.style.SUCCESS("Dry run: nothing written." if dry_run else "Done."))
