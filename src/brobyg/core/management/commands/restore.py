from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from brobyg.core.backup import RestoreError, restore


class Command(BaseCommand):
    help = ("Restore a backup into a freshly migrated database (checks the whole file first; all or nothing): "
            "brobyg restore FILE.tar.gz")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            rows = restore(path)
        except RestoreError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {sum(rows.values()):,} rows in {len(rows)} tables; row counts and file "
                          "checksums match the manifest.")
