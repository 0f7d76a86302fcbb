"""Run the scheduled work once: reminders, stale-data and retention checks. Schedule it daily (cron/systemd timer).

Every job is idempotent — running `brobyg daily` twice the same day sends nothing twice — and one failing job does
not stop the others.
"""
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

# Commands provided by the domain apps; those not (yet) present are skipped.
DAILY_COMMANDS = [
    "remind-verify",        # directory: activities whose data is older than BROBYG_VERIFY_AFTER_MONTHS
    "remind-followups",     # bridging: follow-ups that are due or overdue
    "notify-arrivals",      # bridging: arrival notices not yet e-mailed to the association
    "flag-inactive",        # bridging: citizen records inactive for BROBYG_INACTIVE_CITIZEN_MONTHS
    "remind-volunteers",    # volunteers: volunteers not followed up for N weeks
    "remind-survey",        # evaluation: network-survey reminders, at most once per BROBYG_SURVEY_REMIND_DAYS
    "send-mail",            # core: the e-mail outbox (retries failed sends) and, below, the daily digests
]
OPTIONS = {"send-mail": {"digests": True}}


class Command(BaseCommand):
    help = "Run all scheduled jobs once (idempotent)."

    def handle(self, *args, **options):
        available = get_commands()
        failed = []
        for name in DAILY_COMMANDS:
            if name not in available:
                continue
            self.stdout.write(f"- {name}")
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr, **OPTIONS.get(name, {}))
            except Exception as exc:  # noqa: BLE001 - report and go on with the other jobs
                failed.append(name)
                self.stderr.write(f"  {name} failed: {exc.__class__.__name__}")
        if failed:
            raise CommandError(f"Jobs failed: {', '.join(failed)}")
