from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from brobyg.core import navigation
from brobyg.core import sources as sources_module
from brobyg.core.notify import recent_notices
from brobyg.core.permissions import partnership_ids, roles_of
from brobyg.partnerships.models import Partnership, Role


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "core/home_public.html")
    roles = roles_of(user)
    sections = []
    for role in Role:
        if role in roles or user.is_superuser:
            cards = navigation.entries([c for c in navigation.HOME_CARDS if role in c.roles], user, {role})
            sections.append({"role": role, "label": role.label, "cards": cards,
                             "waiting": navigation.waiting(user, role)})
    mine = Partnership.objects.all() if user.is_superuser else Partnership.objects.filter(pk__in=partnership_ids(user))
    return render(request, "core/home.html", {
        "sections": sections, "no_roles": not roles and not user.is_superuser,
        "my_partnerships": mine.order_by("name") if mine.count() > 1 else None,
        "notices": recent_notices(user),
    })


def choose_partnership(request):
    """POST: work in another of one's partnerships. GET (a typed or old address): the partnership's overview for
    a member, the home page for others — never an empty page."""
    if request.method != "POST":
        has_partnership = request.user.is_authenticated and bool(partnership_ids(request.user))
        return redirect("partnerships:workspace" if has_partnership else "core:home")
    pid = request.POST.get("partnership")
    if request.user.is_authenticated and pid and pid.isdigit():
        if request.user.is_superuser or int(pid) in partnership_ids(request.user):
            if Partnership.objects.filter(pk=pid).exists():
                request.session["partnership_id"] = int(pid)
    return redirect("core:home")


def sources(request):
    """The research reports the guidance on the screens builds on; ``?ref=000 §7.2`` (a page's "Source" link)
    names the report and section that page cited."""
    cited = sources_module.parse(request.GET.get("ref", "")[:200])
    return render(request, "core/sources.html", {"reports": sources_module.REPORTS, "cited": cited})


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


class MailSettingsForm(forms.Form):
    kinds = forms.MultipleChoiceField(label=gettext_lazy("E-mail me when"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    digest = forms.BooleanField(label=gettext_lazy("Send them as one daily digest instead of single e-mails"),
                                required=False)

    def __init__(self, *args, **kwargs):
        from .models import MailKind

        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = MailKind.choices


@login_required
def mail_settings(request):
    """Each user chooses which e-mails they get, and a daily digest instead of single mails. The notices on their
    own pages stay whatever they choose."""
    from .models import MailKind, MailPreference, OutboxMail
    from .notify import preference

    pref = preference(request.user)
    form = MailSettingsForm(request.POST or None, initial={
        "kinds": [k for k in MailKind.values if k not in pref.off_kinds()], "digest": pref.digest})
    if request.method == "POST" and form.is_valid():
        on = set(form.cleaned_data["kinds"])
        pref.off = ",".join(k for k in MailKind.values if k not in on)
        pref.digest = form.cleaned_data["digest"]
        MailPreference.objects.update_or_create(user=request.user, defaults={"off": pref.off, "digest": pref.digest})
        # What waits unsent follows the new choice.
        waiting = OutboxMail.objects.filter(user=request.user, sent_at__isnull=True, failed_at__isnull=True)
        waiting.filter(kind__in=pref.off_kinds()).delete()
        waiting.update(digest=pref.digest)
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("core:mail_settings")
    return render(request, "core/mail_settings.html", {"form": form, "has_email": bool(request.user.email)})
