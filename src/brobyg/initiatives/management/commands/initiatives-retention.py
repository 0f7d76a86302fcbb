"""Erase the initiators' personal data from ideas declined or parked more than BROBYG_IDEA_RETENTION_MONTHS ago
(default 12). Idempotent; meant for `brobyg daily`."""
from django.core.management.base import BaseCommand

from brobyg.initiatives.services import erase_old_initiators


class Command(BaseCommand):
    help = "Erase initiators' personal data from long-closed ideas (idempotent)."

    def handle(self, *args, **options):
        n = erase_old_initiators()
        self.stdout.write(f"  ideas erased: {n}")
