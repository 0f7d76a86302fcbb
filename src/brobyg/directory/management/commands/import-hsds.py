"""brobyg import-hsds PATH: import HSDS 3.0 services (a services.json list, or a directory holding one).

Validates every record first and reports each problem with its path; writes all or nothing; re-importing
updates the activities with the same service id instead of duplicating them."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from brobyg.directory.hsds import ImportFailed, import_services


class Command(BaseCommand):
    help = "Import HSDS 3.0 services from PATH (file or directory with services.json); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        path = Path(path)
        if path.is_dir():
            path = path / "services.json"
        try:
            docs = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from None
        try:
            result = import_services(docs)
        except ImportFailed as failed:
            raise CommandError("Nothing was imported. Problems:\n" + "\n".join(failed.errors)) from None
        self.stdout.write(f"Imported: {result['created']} new, {result['updated']} updated.")
