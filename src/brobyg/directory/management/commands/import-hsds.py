"""brobyg import-hsds PATH: import HSDS 3.0 services in the shapes publishers produce.

PATH is a JSON file (a service, a list or paginated page of services, an organisation with services, a service at a
location), a zip, or a folder with datapackage.json and CSV files (or services.json). Every record is checked first
with the activity form's rules and each problem reported with its path; all or nothing is written; re-importing
updates the activities with the same service id instead of duplicating them."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from brobyg.directory.hsds import ImportFailed
from brobyg.directory.hsds_import import run
from brobyg.directory.hsds_read import ReadFailed, read_path


class Command(BaseCommand):
    help = "Import HSDS 3.0 services from PATH (JSON file, zip, or folder with datapackage.json); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--partnership", type=int, help="id of the partnership that new activities belong to")

    def handle(self, path, partnership=None, **options):
        from brobyg.partnerships.models import Partnership

        owner = None
        if partnership is not None:
            owner = Partnership.objects.filter(pk=partnership).first()
            if owner is None:
                raise CommandError(f"No partnership with id {partnership}.")
        try:
            result = run(read_path(Path(path)), partnership=owner)
        except (ReadFailed, ImportFailed) as failed:
            raise CommandError("Nothing was imported. Problems:\n" + "\n".join(failed.errors)) from None
        for warning in result.warnings:
            self.stdout.write(f"Note: {warning}")
        self.stdout.write(f"Imported: {result.counts['created']} new, {result.counts['updated']} updated.")
