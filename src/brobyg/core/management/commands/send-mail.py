"""Send the e-mails waiting in the outbox (core.notify). One pass by default (``brobyg daily`` runs it);
``--watch`` keeps running as a worker, one pass every ``--interval`` seconds. Prints counts only."""
import time

from django.core.management.base import BaseCommand

from brobyg.core.notify import send_digests, send_pending


class Command(BaseCommand):
    help = "Send the e-mails waiting in the outbox (retries failed sends); --digests sends the daily digests."

    def add_arguments(self, parser):
        parser.add_argument("--watch", action="store_true", help="keep running as a worker")
        parser.add_argument("--interval", type=int, default=30, help="seconds between passes with --watch")
        parser.add_argument("--digests", action="store_true", help="also send the daily digests")

    def handle(self, *args, watch=False, interval=30, digests=False, **options):
        while True:
            sent, failed = send_pending()
            self.stdout.write(f"  e-mails sent: {sent}, failed (retried later): {failed}")
            if digests:
                d_sent, d_failed = send_digests()
                self.stdout.write(f"  digests sent: {d_sent}, failed: {d_failed}")
            if not watch:
                return
            time.sleep(max(1, interval))
