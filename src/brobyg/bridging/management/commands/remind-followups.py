"""`brobyg remind-followups`: e-mail each bridge-builder a list of their due and overdue follow-ups.

The e-mail holds no personal data about citizens (only counts and a link); the details are behind the login.
Run it daily (cron / systemd timer). A follow-up is reminded at most once a day."""
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brobyg.audit.services import record
from brobyg.bridging.models import FollowUp


class Command(BaseCommand):
    help = "E-mail reminders about due and overdue follow-ups to the bridge-builders they are assigned to."

    def add_arguments(self, parser):
        parser.add_argument("--days-ahead", type=int, default=0, help="also remind follow-ups due within N days")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days_ahead=0, dry_run=False, **options):
        today = timezone.localdate()
        now = timezone.now()
        due = (FollowUp.objects.filter(done_at__isnull=True, due__lte=today + timedelta(days=days_ahead),
                                       assigned_to__isnull=False)
               .exclude(reminded_at__gte=now - timedelta(hours=20))
               .select_related("assigned_to"))
        per_user = defaultdict(list)
        for follow_up in due:
            per_user[follow_up.assigned_to].append(follow_up)
        sent = 0
        url = settings.BROBYG_BASE_URL.rstrip("/") + reverse("bridging:follow_ups")
        with translation.override(settings.LANGUAGE_CODE):
            for user, items in per_user.items():
                if not user.email:
                    continue
                overdue = sum(1 for f in items if f.due < today)
                subject = ngettext("Brobyg: %(n)d follow-up is due", "Brobyg: %(n)d follow-ups are due",
                                   len(items)) % {"n": len(items)}
                body = "\n".join([
                    _("Hello %(name)s,") % {"name": user.first_name or user.username}, "",
                    ngettext("You have %(n)d follow-up due", "You have %(n)d follow-ups due", len(items))
                    % {"n": len(items)}
                    + (" " + ngettext("(%(o)d overdue).", "(%(o)d overdue).", overdue) % {"o": overdue}
                       if overdue else "."),
                    _("See them here: %(url)s") % {"url": url}, "",
                    _("This message holds no information about the citizens; log in to see who."),
                ])
                if not dry_run:
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
                    FollowUp.objects.filter(pk__in=[f.pk for f in items]).update(reminded_at=now)
                    record(None, "followup.remind", None, detail=f"user #{user.pk}: {len(items)}")
                sent += 1
        self.stdout.write(f"Reminders sent to {sent} bridge-builder(s).")
