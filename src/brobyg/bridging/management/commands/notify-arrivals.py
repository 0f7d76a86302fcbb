"""`brobyg notify-arrivals`: e-mail arrival notices that have not been sent yet (part of `brobyg daily`).

A notice is normally e-mailed the moment the citizen's choice is saved; this catches the ones whose sending failed
or that could not be sent then (no association contact with an e-mail yet, consent to share given later). Only
notices whose first time lies ahead are sent. Idempotent: each notice is e-mailed once."""
from django.core.management.base import BaseCommand

from brobyg.bridging.bridge import notify_arrival, pending_arrival_notices


class Command(BaseCommand):
    help = "E-mail the association contacts about newcomers on their way (each arrival notice once)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count; send nothing, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        pending = list(pending_arrival_notices().values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"{len(pending)} arrival notice(s) pending.")
            return
        sent = sum(1 for pk in pending if notify_arrival(pk))
        self.stdout.write(f"{len(pending)} arrival notice(s) pending; {sent} sent.")
