"""Your personal tokens: API tokens (made, named, scoped to a partnership and read or read/write, revoked, last use
shown) and the volunteer's calendar address (made, renewed). A token's secret is shown once, when it is made."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from brobyg.audit.services import record
from brobyg.core import permissions
from brobyg.partnerships.models import Partnership

from . import services
from .models import Token


class TokenForm(forms.ModelForm):
    class Meta:
        model = Token
        fields = ["name", "partnership", "can_write"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["partnership"].required = True
        self.fields["partnership"].queryset = Partnership.objects.filter(
            pk__in=permissions.partnership_ids(user)).order_by("name")
        self.fields["partnership"].help_text = gettext_lazy(
            "The token can do only what you may do in this partnership.")
        self.fields["can_write"].help_text = gettext_lazy("Without this, the token can only read.")


@login_required
def token_list(request):
    form = TokenForm(request.POST or None, user=request.user)
    secret = None
    if request.method == "POST" and form.is_valid():
        token, secret = services.issue(request.user, Token.Kind.API, form.cleaned_data["name"],
                                       form.cleaned_data["partnership"], form.cleaned_data["can_write"])
        record(request, "token.create", token, partnership=token.partnership)
        form = TokenForm(user=request.user)
    tokens = Token.objects.filter(user=request.user, kind=Token.Kind.API).select_related("partnership")
    return render(request, "tokens/list.html", {"form": form, "tokens": tokens, "secret": secret,
                                                "openapi": request.build_absolute_uri("/api/v1/openapi.json")})


@login_required
@require_POST
def token_revoke(request, pk):
    mine = Token.objects.all() if permissions.is_site_admin(request.user) else request.user.tokens.all()
    token = get_object_or_404(mine, pk=pk, kind=Token.Kind.API)  # a site administrator may revoke any
    if services.revoke(Token.objects.filter(pk=token.pk)):
        record(request, "token.revoke", token, partnership=token.partnership)
        messages.success(request, _("The token was revoked. Calls with it are refused from now on."))
    return redirect("tokens:list")


@login_required
@require_POST
def calendar_renew(request):
    """Make (or renew) the volunteer's calendar address; the old one stops working."""
    _token, key = services.renew_calendar(request.user)
    record(request, "token.calendar_renew", None)
    request.session["tokens.calendar_url"] = request.build_absolute_uri(reverse("tokens:calendar_feed",
                                                                                args=[key]))
    return redirect("volunteers:me")


def calendar_feed(request, key):
    """The volunteer's calendar for calendar programs (no login: the address itself is the secret)."""
    from brobyg.volunteers.views import volunteer_calendar

    token = services.find(key, Token.Kind.CALENDAR)
    if token is None:
        raise Http404
    with permissions.unscoped():  # the address is the capability: it shows only the token user's own calendar
        calendar = volunteer_calendar(token.user)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="frivillig.ics"'
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
