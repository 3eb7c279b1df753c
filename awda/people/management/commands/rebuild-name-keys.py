"""Recompute people's name keys after the spelling rules changed: `awda rebuild-name-keys`."""

from django.core.management.base import BaseCommand

from awda.people.services import person_keys_rebuild


class Command(BaseCommand):
    help = "Recompute the derived name and document-number keys used by search and duplicates."

    def handle(self, *args, **options):
        people, documents = person_keys_rebuild()
        self.stdout.write(f"Keys updated for {people} people and {documents} documents.")
