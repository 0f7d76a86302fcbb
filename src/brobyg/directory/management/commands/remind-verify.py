"""brobyg remind-verify: e-mail the owners of activities whose information is older than
BROBYG_VERIFY_AFTER_MONTHS. Idempotent: an activity is reminded once per stale period (until it is verified)."""
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brobyg.directory.models import Activity
from brobyg.partnerships.models import Membership, Role


def recipients_for(activity, contacts_by_org) -> set[str]:
    """Association contacts of the owning organisation who may edit the activity (those of the partnership that owns
    it, see directory.services.editable_q); else the activity's or organisation's e-mail."""
    by_partnership = contacts_by_org.get(activity.organisation_id, {})
    if activity.partnership_id is None:
        found = set().union(*by_partnership.values())
    else:
        found = set(by_partnership.get(activity.partnership_id, ()))
    if not found:
        found = {e for e in (activity.contact_email, activity.organisation.email) if e}
    return found


class Command(BaseCommand):
    help = "E-mail owners of activities whose information needs checking (once per stale period)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count; send nothing, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        translation.activate(settings.LANGUAGE_CODE)
        today = timezone.localdate()
        candidates = list(Activity.objects.filter(
            status__in=[Activity.Status.PUBLISHED, Activity.Status.PAUSED], verify_reminded_at__isnull=True,
        ).stale(today).select_related("organisation"))
        org_ids = {a.organisation_id for a in candidates}
        contacts_by_org = defaultdict(lambda: defaultdict(set))
        for org_id, partnership_id, email in Membership.objects.filter(
                organisation_id__in=org_ids, role=Role.ASSOCIATION_CONTACT).exclude(user__email="") \
                .values_list("organisation_id", "partnership_id", "user__email"):
            contacts_by_org[org_id][partnership_id].add(email)
        by_recipient = defaultdict(list)
        for activity in candidates:
            for email in recipients_for(activity, contacts_by_org):
                by_recipient[email].append(activity)
        base = settings.BROBYG_BASE_URL.rstrip("/")
        sent = 0
        for email, activities in sorted(by_recipient.items()):
            lines = [f"- {a.title} ({_('last checked')} {a.last_verified:%d.%m.%Y}): "
                     f"{base}{reverse('directory:detail', args=[a.pk])}" for a in activities]
            body = "\n".join([
                _("Hello,"), "",
                _("The information about these activities has not been checked for a while. Referrers and "
                  "citizens rely on it – please open each activity and confirm or correct it:"), "",
                *lines, "",
                _("All your activities: %(url)s") % {"url": base + reverse("directory:mine")}, "",
                _("Thank you – Brobyg"),
            ])
            if not dry_run:
                send_mail(_("Please check your activities in Brobyg"), body, None, [email])
            sent += 1
        reminded = [a.pk for a in candidates if any(a in acts for acts in by_recipient.values())]
        if not dry_run:
            Activity.objects.filter(pk__in=reminded).update(verify_reminded_at=timezone.now())
        self.stdout.write(f"{len(reminded)} activities need checking; {sent} e-mails "
                          f"{'would be ' if dry_run else ''}sent.")
