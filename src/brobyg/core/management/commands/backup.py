from pathlib import Path

from django.core.management.base import BaseCommand

from brobyg.core.backup import backup


class Command(BaseCommand):
    help = ("Write one backup file (rows of every table, uploaded files, a manifest of row counts and checksums): "
            "brobyg backup FILE.tar.gz")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        manifest = backup(path)
        rows = manifest["rows"]
        self.stdout.write(f"Backup written to {path}: {sum(rows.values()):,} rows in {len(rows)} tables and "
                          f"{len(manifest['files']) - 1:,} uploaded files.")
