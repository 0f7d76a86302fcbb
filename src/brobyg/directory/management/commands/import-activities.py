"""brobyg import-activities FILE --user USERNAME: import activities from an Excel (.xlsx) or CSV file.

The same checks and messages as the import screen (/activities/import/); all rows are imported or none. The user
decides which organisations the rows may belong to (their own as association contact, their partnership's as
facilitator, any as site administrator)."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from brobyg.directory import spreadsheet


class Command(BaseCommand):
    help = "Import activities from an .xlsx or .csv file (all or nothing), on behalf of --user."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", required=True, help="username the activities are imported for")

    def handle(self, path, user, **options):
        try:
            account = get_user_model().objects.get(username=user, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user {user!r}.") from None
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        try:
            count = spreadsheet.import_rows(account, spreadsheet.read_rows(path.name, data))
        except spreadsheet.ImportProblem as failed:
            raise CommandError("Nothing was imported. Problems:\n" + "\n".join(failed.problems)) from None
        self.stdout.write(f"Imported {count} activities.")
