from pathlib import Path

from django.core.management.base import BaseCommand

from brobyg.core.backup import backup


class Command(BaseCommand):
    help = "Write a database-agnostic backup (gzip JSON + manifest of row counts): brobyg backup FILE.json.gz"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        rows = backup(path)
        self.stdout.write(f"Backup written to {path}: {sum(rows.values()):,} rows in {len(rows)} tables.")
