"""brobyg export-hsds DIR: published activities as HSDS 3.0 services (services.json), validated first."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from brobyg.directory.hsds import export


class Command(BaseCommand):
    help = "Export published activities as HSDS 3.0 services into DIR/services.json (validated)."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, directory, **options):
        count, errors = export(Path(directory))
        if errors:
            raise CommandError("The export does not validate against HSDS 3.0:\n" + "\n".join(errors[:50]))
        self.stdout.write(f"{count} services written to {Path(directory) / 'services.json'} (valid HSDS 3.0).")
