"""`brobyg remind-survey`: e-mail a reminder with a new personal link to every actor of an open network-survey round
who has not answered, at most once per BROBYG_SURVEY_REMIND_DAYS days per invitation (part of `brobyg daily`).

The rule lives in :func:`brobyg.evaluation.services.reminders_due`, which the round page's reminder button uses too.
Idempotent: a second run the same day finds nothing due. Prints counts only, never names or addresses."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from brobyg.evaluation import services
from brobyg.evaluation.models import SurveyRound


class Command(BaseCommand):
    help = ("E-mail network-survey reminders with a new personal link to actors who have not answered "
            "(at most once per BROBYG_SURVEY_REMIND_DAYS days per invitation).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count; send nothing, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        due = services.reminders_due(now=now, scheduled=True)
        rounds = SurveyRound.objects.filter(pk__in=due.values("round")).select_related("partnership").order_by("pk")
        if dry_run:
            self.stdout.write(f"Survey reminders: {due.count()} would be sent in {rounds.count()} round(s).")
            return
        emailed = failed = 0
        with translation.override(settings.LANGUAGE_CODE):
            for rnd in rounds:
                result = services.send_reminders(None, rnd, now=now, scheduled=True)
                emailed += result.emailed
                failed += result.failed
        self.stdout.write(f"Survey reminders: {emailed} e-mails sent in {len(rounds)} round(s).")
        if failed:
            raise CommandError(f"{failed} survey reminders could not be sent; they are tried again on the next run.")
