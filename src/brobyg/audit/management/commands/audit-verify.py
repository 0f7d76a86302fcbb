"""brobyg audit-verify: check the audit log's hash chain and name the first entry that does not fit."""
from django.core.management.base import BaseCommand, CommandError

from brobyg.audit.chain import verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain; exits with status 1 at the first broken entry."

    def handle(self, *args, **options):
        verdict = verify()
        if not verdict.ok:
            where = f"entry {verdict.broken_seq}" + (f" (id {verdict.broken_id})" if verdict.broken_id else "")
            raise CommandError(f"Audit chain broken at {where}: {verdict.reason}. "
                               f"{verdict.entries} entries before it are intact.")
        self.stdout.write(f"Audit chain intact: {verdict.entries} entries, head {verdict.head}")
